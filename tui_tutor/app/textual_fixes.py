"""Guards around Textual behaviour that would otherwise put a traceback on a learner's screen.

Each fix names the version it was seen in; drop it once Textual fixes the cause upstream.
"""

from __future__ import annotations

import functools

from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList

_move_page = OptionList._move_page


def _guarded_move_page(self: OptionList, direction: int) -> None:  # type: ignore[type-arg]
    """PageUp/PageDown in an option list that has options but no laid-out lines yet (the
    command palette opened in a tiny terminal) raised KeyError in Textual 8.2.8; do nothing."""
    if (self.highlighted or 0) not in self._index_to_line:
        return
    _move_page(self, direction)  # type: ignore[arg-type]


OptionList._move_page = _guarded_move_page  # type: ignore[method-assign]


def _unless_closed(method):  # type: ignore[no-untyped-def]
    """A palette search that finishes after its palette closed (keys typed fast while lessons
    load) updated the palette's list, which is gone: NoMatches in Textual 8.2.8. Skip it."""

    @functools.wraps(method)
    def guarded(self: CommandPalette, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not self.query(CommandList):
            return None
        return method(self, *args, **kwargs)

    return guarded


for _name in ("_refresh_command_list", "_watch__list_visible"):
    setattr(CommandPalette, _name, _unless_closed(getattr(CommandPalette, _name)))

_watch_busy = CommandPalette._watch__show_busy


async def _guarded_watch_busy(self: CommandPalette) -> None:
    if self.query(CommandList):
        await _watch_busy(self)


CommandPalette._watch__show_busy = _guarded_watch_busy  # type: ignore[method-assign]
