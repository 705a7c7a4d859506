"""The wire to a scale: a serial port (pyserial) or a hidraw device read as a file.

Both raise :class:`ScaleLost` when the scale goes away (unplugged: EOF, EIO, ENODEV) or cannot
be opened, with a message a clerk can act on. pyserial is imported only when a serial scale is
opened, so programs that never open one do not load it.
"""

from __future__ import annotations

import contextlib
import os
import select
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import serial

    from inspect_tui.devices.scales.spec import ScaleSpec

READ_SIZE = 4096


class ScaleLost(OSError):
    """The scale cannot be reached (not plugged in, unplugged, busy); the message says so."""


class Transport(Protocol):
    """An open connection to a scale."""

    def read(self) -> bytes:
        """What arrived within the read timeout (possibly nothing); raises ScaleLost."""
        ...

    def write(self, data: bytes) -> None:
        """Send a request to the scale; raises ScaleLost."""
        ...

    def close(self) -> None:
        """Release the port."""
        ...


def open_transport(spec: ScaleSpec, timeout: float = 0.1) -> Transport:
    """Open the port ``spec`` names; raises ScaleLost with the reason."""
    if spec.kind == "hid":
        return HidrawTransport(spec.port, timeout)
    if spec.kind == "serial":
        return SerialTransport(spec, timeout)
    raise ScaleLost(f"A manual scale has no port: the clerk types the weight ({spec.source}).")


class SerialTransport:
    """A serial port opened with the spec's speed and framing."""

    def __init__(self, spec: ScaleSpec, timeout: float) -> None:
        # Deferred: pyserial loads only when a serial scale is opened.
        import serial

        self.port = spec.port
        try:
            self._serial: serial.Serial = serial.Serial(
                port=spec.port,
                baudrate=spec.baud,
                bytesize=spec.bits,
                parity=spec.parity,
                stopbits=spec.stop,
                timeout=timeout,
                write_timeout=1.0,
                exclusive=True,
            )
        except (serial.SerialException, OSError, ValueError) as error:
            raise ScaleLost(_why_not_open(spec.port, error)) from None

    def read(self) -> bytes:
        """Bytes that arrived within the timeout; raises ScaleLost when the port is gone."""
        # Deferred: pyserial loads only when a serial scale is opened.
        import serial

        try:
            data = bytes(self._serial.read(1))
            if data:
                data += bytes(self._serial.read(self._serial.in_waiting))
        except (serial.SerialException, OSError) as error:
            raise ScaleLost(f"The scale on {self.port} stopped answering ({error}).") from None
        return data

    def write(self, data: bytes) -> None:
        """Send a request; raises ScaleLost when the port is gone."""
        # Deferred: pyserial loads only when a serial scale is opened.
        import serial

        try:
            self._serial.write(data)
        except (serial.SerialException, OSError) as error:
            raise ScaleLost(f"Cannot send to the scale on {self.port} ({error}).") from None

    def close(self) -> None:
        """Close the port (never raises)."""
        with contextlib.suppress(OSError):
            self._serial.close()


class HidrawTransport:
    """A hidraw device (or any file or FIFO of 6-byte reports), read without blocking."""

    def __init__(self, path: str, timeout: float) -> None:
        self.port = path
        self._timeout = timeout
        try:
            self._fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError as error:
            raise ScaleLost(_why_not_open(path, error)) from None

    def read(self) -> bytes:
        """One report or more that arrived within the timeout; raises ScaleLost at EOF or EIO."""
        try:
            ready, _, _ = select.select([self._fd], [], [], self._timeout)
            if not ready:
                return b""
            data = os.read(self._fd, READ_SIZE)
        except BlockingIOError:
            return b""
        except OSError as error:
            raise ScaleLost(f"The scale on {self.port} stopped answering ({error}).") from None
        if not data:
            raise ScaleLost(f"The scale on {self.port} was unplugged.")
        return data

    def write(self, data: bytes) -> None:
        """HID scales take no requests; nothing is sent."""

    def close(self) -> None:
        """Close the device (never raises)."""
        with contextlib.suppress(OSError):
            os.close(self._fd)


def _why_not_open(port: str, error: BaseException) -> str:
    """Why ``port`` cannot be opened, in a clerk's words."""
    text = str(error)
    missing = isinstance(error, FileNotFoundError) or "No such file" in text
    if (missing or "could not open" in text) and not os.path.exists(port):
        return f"No scale is plugged in at {port}: check the cable and the port name."
    if isinstance(error, PermissionError) or "Permission denied" in text:
        return (
            f"Not allowed to open {port}: add this user to the port's group "
            "(dialout for serial ports) or ask for a udev rule."
        )
    if "lock" in text.lower() or "busy" in text.lower():
        return f"{port} is in use by another program: close it and try again."
    return f"Cannot open the scale on {port}: {text}"
