"""The scan field: where every barcode (and every typed code or weight) arrives.

A USB scanner is a keyboard that types a whole code in a few milliseconds and presses Enter.
Codes can arrive back to back with no gap, so this is deliberately not an ``Input``: an
``Input`` whose submit handler clears its value loses or merges codes that land before the
handler has run. Here every key is handled synchronously, in order, with no ``await`` between
appending a character and splitting on Enter (the buffering itself is
:class:`inspect_tui.devices.scanner.ScanBuffer`), and one :class:`ScanField.Scanned` message is
posted per code, in the order the codes were typed.

Hotkeys and the short hold:
    Keys a scanner never sends first (function keys, ctrl+…, arrows) pass straight through to
    the screen's bindings. A printable key that the screen binds (a grade letter on the
    condition step, ``t`` to tick an accessory) is ambiguous: it may be the clerk's one-key
    command or the first character of a scan. When such a key arrives with the buffer empty it
    is held for :data:`~inspect_tui.devices.scanner.HOTKEY_HOLD_SECONDS` (80 ms). If another
    key follows within the hold, it was the start of a scan and is kept as typed; if nothing
    follows, the held key is the clerk's and its binding runs. A non-printable key arriving
    during the hold resolves it as a hotkey first, so the order of actions is kept. Because the
    bindings are ordinary ``Binding`` objects, they show in the footer and can be rebound.

Other keys: Backspace edits what was typed, Escape clears it (and passes through when there is
nothing to clear), Tab and Enter end a code, ctrl+] (GS) is taken as the FNC1 separator ``|``.
Any other key (a function key) drops what was typed without Enter, saying so, and goes on to
its binding: typed text never prefixes the next scan.
A paste is fed as typed text: each line break ends a code.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from inspect_tui.core.translation import N_, _
from inspect_tui.devices.scanner import GS, HOTKEY_HOLD_SECONDS, ScanBuffer

_ENDING_KEYS = frozenset({"enter", "tab", "ctrl+j", "ctrl+m"})
_GS_KEY = "ctrl+right_square_bracket"


class ScanField(Widget, can_focus=True):
    """A one-line field that turns typed keys into whole scanned codes."""

    DEFAULT_CSS = """
    ScanField {
        height: 3;
        border: tall $accent;
        background: $boost;
        padding: 0 1;
    }
    ScanField:focus {
        border: tall $accent;
        background-tint: $foreground 5%;
    }
    ScanField > .scan-field--prompt {
        color: $accent;
        text-style: bold;
    }
    ScanField > .scan-field--hint {
        color: $text-muted;
    }
    ScanField > .scan-field--cursor {
        background: $foreground;
        color: $background;
    }
    """

    COMPONENT_CLASSES = {"scan-field--prompt", "scan-field--hint", "scan-field--cursor"}

    @dataclass
    class Scanned(Message):
        """A whole code arrived (scanned, or typed and ended with Enter)."""

        scan_field: ScanField
        """The field it was typed into."""
        code: str
        """The code, trimmed; GS already replaced by ``|``."""

        @property
        def control(self) -> ScanField:
            """The scan field (lets handlers use ``@on(ScanField.Scanned, "#id")``)."""
            return self.scan_field

    @dataclass
    class Dropped(Message):
        """Keys typed without Enter were dropped because a scan started after them."""

        scan_field: ScanField
        text: str
        """What had been typed."""

    @dataclass
    class _HoldExpired(Message):
        """The hold on a lone hotkey ran out (posted by the timer, handled in key order)."""

        token: int

    prompt: reactive[str] = reactive(N_("Scan"))
    """Label in front of the typed text: says what the field expects now."""
    hint: reactive[str] = reactive("")
    """Shown dimmed while nothing is typed: what to scan or type."""
    typed: reactive[str] = reactive("", layout=False)
    """What has been typed of the code in progress (mirrors the buffer for display)."""

    def __init__(
        self,
        *,
        hold_seconds: float = HOTKEY_HOLD_SECONDS,
        buffer: ScanBuffer | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Create an empty scan field.

        Args:
            hold_seconds: How long a lone hotkey waits for a following key.
            buffer: The keys typed so far, shared by every scan field of the bench so a code
                whose keys arrive while one screen gives way to another is kept whole.
            name: Widget name.
            id: Widget id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.hold_seconds = hold_seconds
        self._buffer = buffer if buffer is not None else ScanBuffer()
        self._held_key: str | None = None
        self._hold_token = 0
        self._hold_timer: Timer | None = None

    def render(self) -> Text:
        """The prompt, then the typed text with a cursor, or the hint when nothing is typed."""
        prompt = self.get_component_rich_style("scan-field--prompt")
        text = Text.assemble((f"{_(self.prompt)} › ", prompt), no_wrap=True, overflow="ellipsis")
        if self.typed:
            text.append(self.typed)
        cursor = self.get_component_rich_style("scan-field--cursor")
        text.append(" ", cursor if self.has_focus else None)
        if not self.typed and self.hint:
            text.append(" " + self.hint, self.get_component_rich_style("scan-field--hint"))
        return text

    def clear(self) -> None:
        """Forget what is typed (and any held hotkey)."""
        self._cancel_hold()
        self._buffer.clear()
        self._sync()

    async def on_key(self, event: events.Key) -> None:
        """Buffer printable keys, end codes on Enter/Tab, let other keys reach the bindings."""
        key = event.key
        if self._held_key is not None and not (event.is_printable or key == _GS_KEY):
            # A real key press follows the held one: the held key was the clerk's command.
            await self._release_hold()
        if key in _ENDING_KEYS:
            self._stop(event)
            self._take_hold_as_typed()
            self._emit(self._buffer.feed("\r"))
        elif key == _GS_KEY:
            self._stop(event)
            self._take_hold_as_typed()
            self._buffer.feed(GS)
        elif key == "backspace":
            self._stop(event)
            self._take_hold_as_typed()
            self._buffer.backspace()
        elif key == "escape" and len(self._buffer):
            self._stop(event)
            self.clear()
        elif event.is_printable and event.character:
            self._stop(event)
            if self._held_key is not None:
                self._take_hold_as_typed()
            elif not len(self._buffer) and self._is_hotkey(key):
                self._start_hold(key)
            self._buffer.feed(event.character, event.time)
            self._report_dropped()
        elif len(self._buffer) and self._held_key is None:
            # A function key (F10 leave, F3 next…) is the clerk moving on: what was typed
            # without Enter is dropped, never glued to the next scan (scanners send no such key).
            self.post_message(self.Dropped(self, self._buffer.clear()))
        self._sync()

    def on_paste(self, event: events.Paste) -> None:
        """Pasted text is typed text: each line break ends a code."""
        event.stop()
        self._take_hold_as_typed()
        self._emit(self._buffer.feed(event.text))
        self._sync()

    async def _on_scan_field__hold_expired(self, message: ScanField._HoldExpired) -> None:
        message.stop()
        if message.token == self._hold_token and self._held_key is not None:
            await self._release_hold()
            self._sync()

    def _is_hotkey(self, key: str) -> bool:
        """Whether the screen binds this printable key to an action enabled right now."""
        active = self.screen.active_bindings.get(key)
        return active is not None and active.enabled

    def _start_hold(self, key: str) -> None:
        self._held_key = key
        self._hold_token += 1
        token = self._hold_token
        self._hold_timer = self.set_timer(
            self.hold_seconds, lambda: self.post_message(self._HoldExpired(token))
        )

    def _take_hold_as_typed(self) -> None:
        """Another key followed the held one: it is part of a code, keep it in the buffer."""
        self._cancel_hold()

    def _cancel_hold(self) -> None:
        self._held_key = None
        self._hold_token += 1
        if self._hold_timer is not None:
            self._hold_timer.stop()
            self._hold_timer = None

    async def _release_hold(self) -> None:
        """The held key stood alone: remove it from the buffer and run its binding."""
        key = self._held_key
        self._cancel_hold()
        if key is None:
            return
        self._buffer.clear()
        self._sync()
        active = self.screen.active_bindings.get(key)
        if active is not None and active.enabled:
            await self.app.run_action(active.binding.action, active.node)

    def _emit(self, codes: list[str]) -> None:
        for code in codes:
            self.post_message(self.Scanned(self, code))

    def show_typed(self) -> None:
        """Show what the shared buffer holds (keys typed while another screen was on top)."""
        self._sync()

    def _report_dropped(self) -> None:
        while self._buffer.dropped:
            self.post_message(self.Dropped(self, self._buffer.dropped.pop(0)))

    def _sync(self) -> None:
        self.typed = self._buffer.text

    @staticmethod
    def _stop(event: events.Key) -> None:
        event.stop()
        event.prevent_default()
