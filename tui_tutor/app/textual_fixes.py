"""Guards around Textual behaviour that would otherwise put a traceback on a learner's screen.

Each fix names the version it was seen in; drop it once Textual fixes the cause upstream.
"""

from __future__ import annotations

import functools

from textual import work
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
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


_gather_commands = CommandPalette._gather_commands.__wrapped__  # type: ignore[attr-defined]


@work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
async def _guarded_gather_commands(self: CommandPalette, search_value: str) -> None:
    """A key typed into the command palette as it closes started (or was still running) a search
    after its list was removed, and the worker's NoMatches ended the app (Textual 8.2.8): a search
    for a palette that has gone no longer matters."""
    if not self.query(CommandList):
        return
    try:
        await _gather_commands(self, search_value)
    except NoMatches:
        if self.query(CommandList):
            raise


CommandPalette._gather_commands = _guarded_gather_commands  # type: ignore[method-assign]
