"""Guards around Textual behaviour that would otherwise put a traceback on a learner's screen.

Each fix names the version it was seen in; drop it once Textual fixes the cause upstream.
"""

from __future__ import annotations

from textual.widgets import OptionList

_move_page = OptionList._move_page


def _guarded_move_page(self: OptionList, direction: int) -> None:  # type: ignore[type-arg]
    """PageUp/PageDown in an option list that has options but no laid-out lines yet (the
    command palette opened in a tiny terminal) raised KeyError in Textual 8.2.8; do nothing."""
    if (self.highlighted or 0) not in self._index_to_line:
        return
    _move_page(self, direction)  # type: ignore[arg-type]


OptionList._move_page = _guarded_move_page  # type: ignore[method-assign]
