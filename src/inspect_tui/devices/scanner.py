"""Scanner input: turning what a keyboard-wedge scanner types into whole codes.

A USB scanner types a code as fast key presses and ends it with a suffix (usually Enter; some
are set up for CR LF or Tab). Codes can arrive back to back with no gap at all, so the screen
must split them synchronously, key by key, in order: :class:`ScanBuffer` is that splitting,
free of any terminal library so it can be tested on its own and reused by any front end.

GS1 separators: the GS character (0x1d, FNC1) does not survive most terminals, so scanners are
configured to send ``|`` instead; a GS that does arrive is replaced by ``|`` here, and the scan
decoder reads ``|`` as the separator.
"""

from __future__ import annotations

GS = "\x1d"
"""The ASCII group separator a scanner sends for FNC1 in GS1 codes."""

FNC1_SUBSTITUTE = "|"
"""What a GS is replaced with; the scan decoder reads it as the GS1 separator."""

TERMINATORS = frozenset("\r\n\t")
"""Suffixes that end a code: CR (Enter), LF and Tab. CR LF ends one code, not two."""

HOTKEY_HOLD_SECONDS = 0.08
"""How long a lone hotkey character waits for a follower before it counts as a key press.

Scanners type a whole code within a few milliseconds per character; a person pressing one key
is followed by nothing for far longer than this.
"""

TYPING_PAUSE_SECONDS = 0.5
"""A gap this long between two keys is a person who stopped typing (scanners never pause)."""

BURST_GAP_SECONDS = 0.035
"""Keys this close together come from a scanner, not from fingers."""

BURST_START_KEYS = 3
"""Keys in a row at scanner speed that show a scan has started (a person's fingers may roll
two keys within the gap, hardly ever three)."""

MAX_CODE_LENGTH = 4000
"""Characters kept in the buffer; beyond this a runaway input is cut (the decoder rejects it)."""


class ScanBuffer:
    """Collects typed characters and hands back every code completed by a terminator.

    Characters are appended in the order fed; each terminator completes the code typed so far.
    Empty codes (a stray Enter, the LF of a CR LF suffix) are dropped. Other control characters
    (STX/ETX framing, EOT suffixes) are ignored, GS becomes ``|``.

    Typed noise: keys a person typed without Enter must not become the start of the next scan
    (``z9q`` typed, then ``GRADE-Q`` scanned, would read ``z9qGRADE-Q``). When characters are
    fed with their arrival times and a run of :data:`BURST_START_KEYS` keys at scanner speed
    follows a pause, what was typed before the pause at a person's pace (two keys or more) is
    dropped and kept in :attr:`dropped` for the screen to report. A single stray key is kept
    (it cannot be told from a scan's first key); the bench asks before recording a code
    nobody knows, so it does not become evidence either.

    Example:
        >>> buffer = ScanBuffer()
        >>> buffer.feed("RMA-1\\rRMA-2\\r0104")
        ['RMA-1', 'RMA-2']
        >>> buffer.text
        '0104'
    """

    def __init__(self, max_length: int = MAX_CODE_LENGTH) -> None:
        """Create an empty buffer.

        Args:
            max_length: The most characters one code may hold; further characters are dropped.
        """
        self._chars: list[str] = []
        self._times: list[float] = []
        self._max_length = max_length
        self.dropped: list[str] = []
        """Typed text dropped because a scan started after it (oldest first)."""

    @property
    def text(self) -> str:
        """What has been typed since the last completed code."""
        return "".join(self._chars)

    def __len__(self) -> int:
        return len(self._chars)

    def feed(self, text: str, at: float | None = None) -> list[str]:
        """Append typed text; return the codes it completed, in order.

        Args:
            text: One character from a key press, or a longer run (a paste, a test).
            at: When the key arrived (monotonic seconds); None for text without a time
                (a paste), which never counts as a scan burst.

        Returns:
            The completed codes, oldest first; empty when no terminator was fed.
        """
        completed: list[str] = []
        for char in text:
            if char in TERMINATORS:
                code = self.finish()
                if code is not None:
                    completed.append(code)
            elif char == GS:
                self._append(FNC1_SUBSTITUTE, at)
            elif char.isprintable():
                self._append(char, at)
        return completed

    def finish(self) -> str | None:
        """Complete the code typed so far (Enter was pressed).

        Returns:
            The code, or None when nothing but spaces had been typed.
        """
        code = "".join(self._chars).strip()
        self._chars.clear()
        self._times.clear()
        return code or None

    def backspace(self) -> None:
        """Remove the last typed character (the clerk correcting a typed code)."""
        if self._chars:
            self._chars.pop()
            self._times.pop()

    def clear(self) -> str:
        """Forget what was typed; return it."""
        text = self.text
        self._chars.clear()
        self._times.clear()
        return text

    def _append(self, char: str, at: float | None) -> None:
        if len(self._chars) >= self._max_length:
            return
        self._chars.append(char)
        self._times.append(at if at is not None else float("nan"))
        self._drop_typed_before_burst()

    def _drop_typed_before_burst(self) -> None:
        """A scan started after a pause: what a person typed before the pause is not part of it.

        Only text that was itself typed at a person's pace (two keys or more, every gap longer
        than a scanner's) is dropped: a scanner's code that merely stalled in the terminal
        (a busy machine reads the keys in chunks) is never cut.
        """
        times, keys = self._times, BURST_START_KEYS
        if len(times) < keys + 2:
            return
        burst, stale = times[-keys:], times[:-keys]
        fast = all(0 <= b - a <= BURST_GAP_SECONDS for a, b in zip(burst, burst[1:], strict=False))
        typed = all(b - a > BURST_GAP_SECONDS for a, b in zip(stale, stale[1:], strict=False))
        if fast and typed and burst[0] - stale[-1] > TYPING_PAUSE_SECONDS:
            text = "".join(self._chars[:-keys]).strip()
            del self._chars[:-keys]
            del self._times[:-keys]
            if text:
                self.dropped.append(text)
