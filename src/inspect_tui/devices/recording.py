"""The bench camera's recording: time-stamped segments in a folder, and clips cut from them.

A bench camera or NVR writes its footage as a run of files (segments) of a few minutes each.
A segment's start time is read from its name, the first date and time in it, in any of these
forms (``Z`` right after the time means UTC, otherwise the time is the station's local time,
as recorders write it)::

    20261118T095950.mp4          20261118_095950.mp4        cam1_20261118-095950.mkv
    2026-11-18_09-59-50.ts       RecM01_20261118_095950_100500_6E3A.mp4

A segment whose name carries no time is placed by its container's ``creation_time`` (which
MP4 and MOV store in UTC), read with ffprobe. Its length is always the container's duration.

A clip is cut with ffmpeg's concat demuxer and stream copy: the frames are never re-encoded,
so cutting a few minutes out of hours of footage takes a moment and the pictures are the
camera's own, bit for bit. Stream copy starts on a keyframe, so a clip begins at the last
keyframe at or before the asked start (cameras put one every 1–4 s); the start reported is that
keyframe's time. The stamp (what the clip shows, when, and the weight) goes into the clip as
container metadata and as a subtitle track every player shows over the picture, without
re-encoding.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

SEGMENT_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".mkv", ".ts", ".m2ts"})
"""The recording formats a segment may have."""
GAP_S = 1.0
"""Footage missing for longer than this between segments is reported as a gap."""
_NAME_TIME = re.compile(
    r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})[T_ .-]?(\d{2})[-:.]?(\d{2})[-:.]?(\d{2})(Z)?(?!\d)"
)
_OUTPUTS = ((".mp4", "mov_text"), (".mkv", "srt"))


class RecordingError(Exception):
    """No clip can be cut; the message says why in a clerk's words."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One file of the recording.

    Attributes:
        path: The file.
        start: When its first frame was recorded (UTC).
        duration: Its length in seconds.
        first_pts: The container's own time of its first frame (seconds); the concat
            demuxer's cut points are in this time base.
    """

    path: Path
    start: datetime
    duration: float
    first_pts: float = 0.0

    @property
    def end(self) -> datetime:
        """When its last frame ends (UTC)."""
        return self.start + timedelta(seconds=self.duration)


@dataclass(frozen=True, slots=True)
class Caption:
    """A line shown over the clip from ``start`` to ``end`` seconds into it."""

    start: float
    end: float
    text: str


Stamp = Callable[[datetime], str]
"""The line shown over the clip during the second recorded at the given time (UTC)."""


@dataclass(frozen=True, slots=True)
class Clip:
    """A clip cut from the recording.

    Attributes:
        path: The clip's file (in the folder given to :func:`cut_clip`).
        start: When its first frame was recorded (UTC): the keyframe at or before the start
            asked for.
        duration: Its length in seconds, as the finished file says.
        segments: The names of the segments it was cut from.
        gaps: Stretches of the asked time the recording does not hold (UTC start, end).
    """

    path: Path
    start: datetime
    duration: float
    segments: tuple[str, ...]
    gaps: tuple[tuple[datetime, datetime], ...]


def name_time(name: str, tz: tzinfo) -> datetime | None:
    """The start time in a segment's file name (UTC), or None when it names none."""
    match = _NAME_TIME.search(name)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    try:
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = UTC if match.group(7) else tz
    return moment.replace(tzinfo=zone).astimezone(UTC)


def find_segments(
    folder: Path, start: datetime, end: datetime, *, tz: tzinfo, ffprobe: str = "ffprobe"
) -> list[Segment]:
    """The segments in ``folder`` that hold footage between ``start`` and ``end``, in order.

    Only segments whose names place them near the time asked for are probed, so a folder of
    months of footage costs a directory listing and a few ffprobe runs. A segment ffprobe cannot
    read (a file still being written, a broken file) is left out.

    Raises:
        RecordingError: The folder cannot be read, or ffprobe is not installed.
    """
    if shutil.which(ffprobe) is None:
        raise RecordingError(
            f"{ffprobe} is not installed, so the bench video cannot be read (install ffmpeg)."
        )
    if not folder.is_dir():
        raise RecordingError(
            f"The recording folder {folder} is not there: check the station's recording folder "
            "and that the camera's drive is connected."
        )
    try:
        entries = [
            entry
            for entry in folder.iterdir()
            if entry.suffix.lower() in SEGMENT_SUFFIXES and not entry.name.startswith(".")
        ]
    except OSError as error:
        raise RecordingError(
            f"The recording folder {folder} cannot be read ({error.strerror or error})."
        ) from None
    named: list[tuple[datetime, Path]] = []
    unnamed: list[Path] = []
    for entry in entries:
        moment = name_time(entry.name, tz)
        if moment is None:
            unnamed.append(entry)
        else:
            named.append((moment, entry))
    named.sort()
    candidates: list[Path] = []
    for index, (moment, entry) in enumerate(named):
        following = named[index + 1][0] if index + 1 < len(named) else None
        if moment < end and (following is None or following > start):
            candidates.append(entry)
    candidates += [entry for entry in unnamed if _modified_after(entry, start)]
    found: list[Segment] = []
    for entry in candidates:
        segment = _probe_segment(entry, name_time(entry.name, tz), ffprobe)
        if segment is not None and segment.start < end and segment.end > start:
            found.append(segment)
    found.sort(key=lambda segment: segment.start)
    return found


def cut_clip(
    segments: Sequence[Segment],
    start: datetime,
    end: datetime,
    folder: Path,
    *,
    name: str,
    metadata: Mapping[str, str],
    stamp: Stamp | None = None,
    ffmpeg: str = "ffmpeg",
    ffprobe: str = "ffprobe",
    timeout: float = 600.0,
) -> Clip:
    """Cut the footage from ``start`` to ``end`` out of ``segments`` into ``folder/name.mp4``.

    The frames are copied, not re-encoded; ``metadata`` (title, comment, …) is written into
    the container and ``stamp``'s line for every second of footage into a subtitle track.
    MP4 is tried first; footage MP4 cannot hold (some NVRs' audio) goes into Matroska
    (``.mkv``) instead.

    Raises:
        RecordingError: No segment covers the time, ffmpeg is missing, or it failed.
    """
    used = [segment for segment in segments if segment.start < end and segment.end > start]
    if not used:
        raise RecordingError("The recording holds no footage of that time.")
    if shutil.which(ffmpeg) is None:
        raise RecordingError(
            f"{ffmpeg} is not installed, so no clip can be cut from the bench video "
            "(install ffmpeg)."
        )
    keyframe = _keyframe_before(used[0], max(start, used[0].start), ffprobe)
    clip_start = used[0].start + timedelta(seconds=keyframe - used[0].first_pts)
    with tempfile.TemporaryDirectory(prefix="clip-") as work:
        listing = Path(work) / "segments.ffconcat"
        listing.write_text(_concat_list(used, start, end), encoding="utf-8")
        subtitles = Path(work) / "stamp.srt"
        captions = _captions(used, clip_start, end, stamp) if stamp else []
        subtitles.write_text(_srt(captions), encoding="utf-8")
        failure = ""
        for suffix, subtitle_codec in _OUTPUTS:
            target = folder / f"{name}{suffix}"
            command = [ffmpeg, "-nostdin", "-v", "error", "-y"]
            command += ["-f", "concat", "-safe", "0", "-i", str(listing)]
            command += ["-i", str(subtitles)] if captions else []
            command += ["-map", "0:v", "-map", "0:a?"]
            command += ["-map", "1:s", "-c", "copy", "-c:s", subtitle_codec] if captions else []
            command += [] if captions else ["-c", "copy"]
            for key, value in metadata.items():
                command += ["-metadata", f"{key}={value}"]
            command += ["-metadata", f"creation_time={clip_start.isoformat()}"]
            command += ["-movflags", "+faststart"] if suffix == ".mp4" else []
            command.append(str(target))
            try:
                run = subprocess.run(
                    command, capture_output=True, text=True, errors="replace", timeout=timeout
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                raise RecordingError(f"ffmpeg could not cut the clip ({error}).") from None
            if run.returncode == 0:
                duration = _probe(target, ffprobe).get("duration")
                return Clip(
                    path=target,
                    start=clip_start,
                    duration=float(duration) if duration else 0.0,
                    segments=tuple(segment.path.name for segment in used),
                    gaps=_gaps(used, start, end),
                )
            target.unlink(missing_ok=True)
            failure = (run.stderr.strip().splitlines() or ["no message"])[-1]
    raise RecordingError(f"ffmpeg could not cut the clip: {failure}.")


def _modified_after(path: Path, moment: datetime) -> bool:
    try:
        return path.stat().st_mtime >= moment.timestamp()
    except OSError:
        return False


def _probe(path: Path, ffprobe: str) -> dict[str, str]:
    """The container's duration, start_time and creation_time; empty when unreadable."""
    command = [ffprobe, "-v", "error", "-of", "json"]
    command += ["-show_entries", "format=duration,start_time:format_tags=creation_time", str(path)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=60)
        found = json.loads(run.stdout or "{}").get("format", {})
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return {}
    result = {key: str(found[key]) for key in ("duration", "start_time") if key in found}
    created = found.get("tags", {}).get("creation_time")
    if created:
        result["creation_time"] = str(created)
    return result


def _probe_segment(path: Path, named: datetime | None, ffprobe: str) -> Segment | None:
    found = _probe(path, ffprobe)
    try:
        duration = float(found["duration"])
        first_pts = float(found.get("start_time", "0"))
    except (KeyError, ValueError):
        return None
    start = named
    if start is None and "creation_time" in found:
        try:
            start = datetime.fromisoformat(found["creation_time"].replace("Z", "+00:00"))
        except ValueError:
            start = None
        if start is not None and start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
    if start is None or duration <= 0:
        return None
    return Segment(path=path, start=start.astimezone(UTC), duration=duration, first_pts=first_pts)


def _keyframe_before(segment: Segment, moment: datetime, ffprobe: str) -> float:
    """The container time of the last video keyframe at or before ``moment`` in ``segment``."""
    wanted = segment.first_pts + (moment - segment.start).total_seconds()
    command = [ffprobe, "-v", "error", "-select_streams", "v:0", "-of", "csv=p=0"]
    command += ["-show_entries", "packet=pts_time,flags"]
    command += ["-read_intervals", f"{max(0.0, wanted - 30):.3f}%{wanted + 0.001:.3f}"]
    try:
        run = subprocess.run(
            [*command, str(segment.path)],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return wanted
    best: float | None = None
    for line in run.stdout.splitlines():
        parts = line.strip().split(",")
        if len(parts) < 2 or "K" not in parts[1]:
            continue
        try:
            pts = float(parts[0])
        except ValueError:
            continue
        if pts <= wanted + 0.001 and (best is None or pts > best):
            best = pts
    return best if best is not None else wanted


def _concat_list(used: Sequence[Segment], start: datetime, end: datetime) -> str:
    lines = ["ffconcat version 1.0"]
    for segment in used:
        lines.append("file " + _quoted(str(segment.path.resolve())))
        if start > segment.start:
            inpoint = segment.first_pts + (start - segment.start).total_seconds()
            lines.append(f"inpoint {inpoint:.3f}")
        if end < segment.end:
            outpoint = segment.first_pts + (end - segment.start).total_seconds()
            lines.append(f"outpoint {outpoint:.3f}")
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _captions(
    used: Sequence[Segment], clip_start: datetime, end: datetime, stamp: Stamp
) -> list[Caption]:
    """One caption a second, placed where that second's footage is in the clip.

    The clip runs through its segments back to back, so where footage is missing between
    segments the clip's time jumps; each caption names the time its footage was recorded.
    """
    captions: list[Caption] = []
    offset = 0.0
    for index, segment in enumerate(used):
        begin = clip_start if index == 0 else segment.start
        length = (min(segment.end, end) - begin).total_seconds()
        second = 0
        while second < length:
            captions.append(
                Caption(
                    start=offset + second,
                    end=offset + min(second + 1.0, length),
                    text=stamp(begin + timedelta(seconds=second)),
                )
            )
            second += 1
        offset += max(0.0, length)
    return captions


def _srt(captions: Sequence[Caption]) -> str:
    blocks = []
    for number, caption in enumerate(captions, start=1):
        times = f"{_srt_time(caption.start)} --> {_srt_time(caption.end)}"
        blocks.append(f"{number}\n{times}\n{caption.text}\n")
    return "\n".join(blocks)


def _srt_time(seconds: float) -> str:
    millis = max(0, round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d},{millis:03d}"


def _gaps(
    used: Sequence[Segment], start: datetime, end: datetime
) -> tuple[tuple[datetime, datetime], ...]:
    gaps: list[tuple[datetime, datetime]] = []
    covered = start
    for segment in used:
        if (segment.start - covered).total_seconds() > GAP_S:
            gaps.append((covered, segment.start))
        covered = max(covered, segment.end)
    if (end - covered).total_seconds() > GAP_S:
        gaps.append((covered, end))
    return tuple(gaps)
