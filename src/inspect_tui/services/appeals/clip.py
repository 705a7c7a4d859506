"""The appeal kit's unboxing clip: copied as it is, or cut to the platform's size limit.

The clip starts with the weighing, the strongest proof against an empty-parcel or swap claim,
so a clip over the limit keeps its beginning: ffmpeg copies the first seconds (no re-encoding,
the frames stay as recorded) at a length the limit holds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

__all__ = ["KitClip", "fit_clip"]

_TRIES = 4
_TIMEOUT = 600.0


@dataclass(frozen=True, slots=True)
class KitClip:
    """What became of the clip: the file in the kit (None when left out) and why, in Chinese."""

    path: Path | None
    note: str


def fit_clip(
    source: Path, target: Path, max_bytes: int, *, ffmpeg: str = "ffmpeg", ffprobe: str = "ffprobe"
) -> KitClip:
    """Put the clip ``source`` at ``target`` (same suffix) within ``max_bytes``; never raises.

    Args:
        source: The unboxing clip in the evidence store.
        target: Where it goes in the kit, without regard to suffix (the source's is used).
        max_bytes: The platform's limit; 0 when it takes no video.
        ffmpeg: The ffmpeg program, used only for a clip over the limit.
        ffprobe: The ffprobe program.
    """
    target = target.with_suffix(source.suffix.lower() or ".mp4")
    if max_bytes <= 0:
        return KitClip(None, "该平台不接受视频上传，开箱视频未放入申诉材料（可另行提供）。")
    try:
        size = source.stat().st_size
    except OSError:
        return KitClip(None, "开箱视频文件缺失，未放入申诉材料。")
    if size <= max_bytes:
        shutil.copyfile(source, target)
        return KitClip(target, "开箱视频为完整原始录像。")
    if shutil.which(ffmpeg) is None or shutil.which(ffprobe) is None:
        return KitClip(None, "开箱视频超过平台大小限制，且未安装ffmpeg，无法截取，未放入。")
    total = _duration(source, ffprobe)
    if not total:
        return KitClip(None, "开箱视频无法读取时长，未放入申诉材料。")
    seconds = total * max_bytes / size * 0.9
    for _ in range(_TRIES):
        if _cut(source, target, seconds, ffmpeg) and target.stat().st_size <= max_bytes:
            return KitClip(
                target, f"开箱视频超过平台大小限制，已截取开头{seconds:.0f}秒（未重新编码）。"
            )
        target.unlink(missing_ok=True)
        seconds *= 0.7
    return KitClip(None, "开箱视频无法截取到平台大小限制以内，未放入申诉材料。")


def _duration(path: Path, ffprobe: str) -> float | None:
    command = [ffprobe, "-v", "error", "-of", "json", "-show_entries", "format=duration", str(path)]
    try:
        run = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        value = json.loads(run.stdout or "{}").get("format", {}).get("duration")
        return float(value) if value else None
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def _cut(source: Path, target: Path, seconds: float, ffmpeg: str) -> bool:
    command = [ffmpeg, "-nostdin", "-v", "error", "-y", "-i", str(source), "-t", f"{seconds:.2f}"]
    command += ["-map", "0", "-c", "copy", str(target)]
    try:
        run = subprocess.run(command, capture_output=True, timeout=_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return run.returncode == 0 and target.is_file()
