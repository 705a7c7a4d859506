"""What every screen of the desk shares: the status line and the app; the clerk's scan field."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import events, on
from textual.screen import Screen

from inspect_tui.core.translation import _
from inspect_tui.ui.compact import follow_width
from inspect_tui.ui.messages import DeskNotice, DeskProblem
from inspect_tui.ui.widgets.scan_field import ScanField
from inspect_tui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from inspect_tui.ui.app import InspectApp


class StatusScreen(Screen[Any]):
    """A screen with a status line that shows the app's problems and notices."""

    _styled_for: tuple[object, bool] | None = None
    """The stylesheet's rules and the app's focus when the screen's styles were last applied."""

    def note_styled(self) -> None:
        """The screen's styles were just applied (it was mounted, or came on top restyled)."""
        self._styled_for = (self.app.stylesheet.rules, self.app.app_focus)

    def restyle_if_changed(self, event: events.ScreenResume | None) -> None:
        """Let Textual restyle this screen as it comes on top only if its styles may differ.

        Textual restyles every widget of a screen that comes on top. When nothing the styles
        depend on has changed since they were applied (the same stylesheet, the same app
        focus), that restyle gives the same styles and is most of the cost of showing the
        screen; a theme or stylesheet change while it was hidden is still applied. Call from
        ``on_screen_resume``, which Textual runs before its own handler.
        """
        if event is not None and self._styled_for is not None:
            styled_rules, styled_focus = self._styled_for
            rules, focus = self.app.stylesheet.rules, self.app.app_focus
            event.refresh_styles = styled_rules is not rules or styled_focus != focus
        self.note_styled()

    def on_resize(self) -> None:
        """Compact layout below a width (see ``ui.compact``)."""
        follow_width(self)

    @property
    def desk(self) -> InspectApp:
        """The app, with its workstation and call runner."""
        return cast("InspectApp", self.app)

    @property
    def status(self) -> StatusLine:
        """The screen's status line."""
        return self.query_one(StatusLine)

    def tell(self, text: str, severity: str = "information") -> None:
        """Put ``text`` on the status line, after any message already on its way there."""
        self.post_message(DeskNotice(text, severity))

    @on(DeskProblem)
    def _show_problem(self, message: DeskProblem) -> None:
        self.status.show(message.text, message.severity)

    @on(DeskNotice)
    def _show_notice(self, message: DeskNotice) -> None:
        self.status.show(message.text, message.severity)


class DeskScreen(StatusScreen):
    """A clerk's screen: one scan field that keeps the focus, and a status line beside it.

    Every code scanned on it goes to the bench (``scanned``); keys that reach the screen while
    its scan field does not have the focus (the screen just came up) are typed into the field
    all the same, so no key of a scan is lost to a screen change.
    """

    AUTO_FOCUS = "ScanField"

    def on_scan_field_scanned(self, message: ScanField.Scanned) -> None:
        """A whole code arrived: hand it to the bench, in order."""
        self.scanned(message.code)

    def scanned(self, code: str) -> None:
        """What a scan does on this screen: the bench reads it at the parcel's step."""
        self.desk.bench_scan(code)

    def on_scan_field_dropped(self, message: ScanField.Dropped) -> None:
        """Keys typed without Enter were dropped when a scan started after them: say so."""
        self.status.show(
            _("Ignored {keys}: it was typed without Enter before a scan.").format(
                keys=repr(message.text)
            ),
            "warning",
        )

    async def on_key(self, event: events.Key) -> None:
        """A key meant for the scan field that arrived before the field had the focus."""
        field = self.scan_field
        if self.focused is not field and (event.is_printable or event.key == "enter"):
            await field.on_key(event)

    @property
    def scan_field(self) -> ScanField:
        """The screen's scan field."""
        return self.query_one(ScanField)

    def make_scan_field(self, prompt: str = "", hint: str = "") -> ScanField:
        """The screen's scan field, sharing the app's key buffer and hotkey hold."""
        field = ScanField(id="scan", hold_seconds=self.desk.hold_seconds, buffer=self.desk.keys)
        if prompt:
            field.prompt = prompt
        if hint:
            field.hint = hint
        return field

    def on_screen_resume(self) -> None:
        """Coming back from a dialog or another screen: the scan field has the focus again.

        Left alone when it kept the focus: focusing again repaints it, one more frame after
        the screen's first.
        """
        field = self.scan_field
        field.show_typed()
        if self.focused is not field:
            field.focus()
