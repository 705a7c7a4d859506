"""The command palette's desk commands: the same actions as the screen's key bindings.

The commands are read from the bindings that are active on the screen the palette was opened
from, so the palette offers exactly what the footer offers (plus the hidden one-key commands),
and a rebound key never leaves the palette out of step.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import ActiveBinding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from inspect_tui.core.translation import _
from inspect_tui.ui.widgets.desk_footer import key_words


class DeskCommands(Provider):
    """Offers every enabled action of the current screen, named as in the footer."""

    def _commands(self) -> Iterator[tuple[str, str, ActiveBinding]]:
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if not active.enabled or binding.system or binding.action in ("command_palette",):
                continue
            description = key_words(binding.description) if binding.description else binding.action
            if binding.group is not None and binding.group.description:
                description = f"{_(binding.group.description)} {description}"
            if description in seen:
                continue
            seen.add(description)
            yield description, self.app.get_key_display(binding), active

    async def _run(self, active: ActiveBinding) -> None:
        await self.app.run_action(active.binding.action, active.node)

    async def discover(self) -> Hits:
        """All desk commands, when nothing is typed yet."""
        for description, key, active in self._commands():
            yield DiscoveryHit(
                description, partial(self._run, active), help=_("key: {key}").format(key=key)
            )

    async def search(self, query: str) -> Hits:
        """Desk commands matching what was typed."""
        matcher = self.matcher(query)
        for description, key, active in self._commands():
            score = matcher.match(description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(description),
                    partial(self._run, active),
                    help=_("key: {key}").format(key=key),
                )
