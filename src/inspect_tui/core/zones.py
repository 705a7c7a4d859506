"""Time zones: the one place a zone name, an offset or the machine's own zone becomes a tzinfo.

Times are stored in UTC; a person reads them in a zone (an import file's, ``--tz``, the
machine's). Reading the machine's zone looks at ``TZ`` and ``/etc/localtime``, as the standard
library's own zone lookup reads its zone files.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["UnknownZone", "local_zone", "parse_zone"]

_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)


class UnknownZone(ValueError):
    """A text that names no time zone; the message says what is expected."""


def parse_zone(name: str) -> tzinfo:
    """A time zone from an IANA name ('Asia/Shanghai'), 'UTC' or an offset ('+08:00').

    Raises:
        UnknownZone: ``name`` is none of these.
    """
    if name.strip().upper() in ("UTC", "Z", "GMT"):
        return UTC
    match = _OFFSET.match(name.strip())
    if match:
        sign = -1 if match.group(1) == "-" else 1
        delta = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
        return timezone(sign * delta)
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZone(
            "is not a time zone; expected a name like Asia/Shanghai, UTC or an offset like +08:00"
        ) from None


def local_zone() -> tzinfo:
    """This machine's time zone, with its daylight-saving rules when they are known."""
    name = os.environ.get("TZ", "").lstrip(":")
    if name:
        try:
            return parse_zone(name)
        except UnknownZone:
            pass
    localtime = Path("/etc/localtime")
    if localtime.exists():
        try:
            with localtime.open("rb") as handle:
                return ZoneInfo.from_file(handle, key="localtime")
        except (OSError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or UTC
