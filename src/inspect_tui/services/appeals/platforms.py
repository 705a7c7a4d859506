"""What each platform's appeal accepts: photo count, pixels and size, video size, statement length.

The figures are data, shipped in ``platforms.toml`` beside this module, and a seller
overrides them key by key with a TOML file of their own (``--limits FILE`` or
``INSPECT_TUI_APPEAL_LIMITS``): platform centres change their limits, and a shop may have others.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from inspect_tui.core.translation import _
from inspect_tui.core.vocabulary import Outcome
from inspect_tui.services.shared.errors import DeskError

APPEALABLE: tuple[str, ...] = (Outcome.REJECT, Outcome.PARTIAL, Outcome.REFUSED, Outcome.ESCALATE)
"""Outcomes a buyer disputes and a platform may step into."""

__all__ = [
    "LIMITS_ENV",
    "PLATFORMS",
    "AppealLimits",
    "LimitsError",
    "UnknownPlatform",
    "limits_for",
    "load_limits",
]

LIMITS_ENV = "INSPECT_TUI_APPEAL_LIMITS"
"""Names the seller's TOML file of appeal limits (overriding the shipped ones key by key)."""
PLATFORMS = ("taobao", "tmall", "douyin", "kuaishou", "1688", "tiktok", "shopify")
"""The platforms an appeal kit can be made for."""

_BOUNDS: dict[str, tuple[int, int]] = {
    "max_photos": (1, 100),
    "max_pixels": (200, 20000),
    "max_photo_kb": (20, 1024 * 1024),
    "max_video_mb": (0, 10 * 1024),
    "statement_chars": (100, 100000),
    "response_hours": (1, 24 * 365),
}
"""Values a limit may take; a figure outside them is a typing mistake in the file."""


class LimitsError(DeskError, ValueError):
    """The seller's limits file cannot be used; the message names the key."""


class UnknownPlatform(DeskError, ValueError):
    """An appeal kit was asked for a platform the limits do not know."""

    def __init__(self, platform: str, known: tuple[str, ...]) -> None:
        super().__init__(
            _("There is no platform {platform!r} for an appeal: use one of {items}.").format(
                platform=platform, items=", ".join(known)
            )
        )


@dataclass(frozen=True, slots=True)
class AppealLimits:
    """One platform's upload limits and response window."""

    platform: str
    """The platform's code, e.g. ``taobao``."""
    name: str
    """Its name in the statement, e.g. 淘宝."""
    max_photos: int
    """Photos one submission takes."""
    max_pixels: int
    """The longer side of a photo, in pixels."""
    max_photo_kb: int
    """One photo's size, in KiB."""
    max_video_mb: int
    """The clip's size, in MiB; 0 when the platform takes no video."""
    statement_chars: int
    """The statement box, in characters."""
    response_hours: int
    """How long the seller has to answer once the platform steps in."""

    @property
    def max_photo_bytes(self) -> int:
        """One photo's size limit in bytes."""
        return self.max_photo_kb * 1024

    @property
    def max_video_bytes(self) -> int:
        """The clip's size limit in bytes (0: no video)."""
        return self.max_video_mb * 1024 * 1024


def load_limits(path: Path | None = None) -> dict[str, AppealLimits]:
    """The limits of every platform: the shipped ones, overridden by the file ``path``.

    Raises:
        LimitsError: The file cannot be read, is not TOML, or holds an unknown platform or key,
            or a value out of range; the message names it.
    """
    shipped = resources.files(__package__).joinpath("platforms.toml").read_text("utf-8")
    limits = {key: _limits(key, table, "") for key, table in tomllib.loads(shipped).items()}
    if path is None:
        return limits
    try:
        document = tomllib.loads(Path(path).read_text("utf-8"))
    except OSError as error:
        raise LimitsError(
            _("Cannot read the appeal limits {path}: {strerror}.").format(
                path=path, strerror=error.strerror
            )
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LimitsError(
            _("The appeal limits {path} are not valid TOML: {error}.").format(
                path=path, error=error
            )
        ) from None
    for key, table in document.items():
        if key not in limits:
            raise LimitsError(
                _("{path}: [{key}] is not a platform; use one of {items}.").format(
                    path=path, key=key, items=", ".join(PLATFORMS)
                )
            )
        if not isinstance(table, dict):
            raise LimitsError(
                _("{path}: {key} must be a table ([{key}]).").format(path=path, key=key)
            )
        limits[key] = _limits(key, table, str(path), limits[key])
    return limits


def limits_for(platform: str, path: Path | None = None) -> AppealLimits:
    """One platform's limits (name in any case, surrounding spaces ignored).

    Raises:
        UnknownPlatform: No such platform.
        LimitsError: The override file cannot be used.
    """
    limits = load_limits(path)
    wanted = platform.strip().casefold()
    if wanted not in limits:
        raise UnknownPlatform(platform, tuple(limits))
    return limits[wanted]


def _limits(
    platform: str, table: dict[str, Any], where: str, base: AppealLimits | None = None
) -> AppealLimits:
    names = {field.name for field in fields(AppealLimits)} - {"platform"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in names:
            raise LimitsError(
                _("{where}: [{platform}] {key} is not a limit; use {items}.").format(
                    where=where or "platforms.toml",
                    platform=platform,
                    key=key,
                    items=", ".join(sorted(names)),
                )
            )
        values[key] = _checked(platform, key, value, where)
    if base is not None:
        return replace(base, **values)
    return AppealLimits(platform=platform, **values)


def _checked(platform: str, key: str, value: Any, where: str) -> Any:
    if key == "name":
        if not isinstance(value, str) or not value.strip():
            raise LimitsError(
                _("{where}: [{platform}] name must be a non-empty text.").format(
                    where=where, platform=platform
                )
            )
        return value.strip()
    low, high = _BOUNDS[key]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise LimitsError(
            _(
                "{where}: [{platform}] {key} = {value!r} is not a whole number from {low} to "
                "{high}."
            ).format(where=where, platform=platform, key=key, value=value, low=low, high=high)
        )
    return value
