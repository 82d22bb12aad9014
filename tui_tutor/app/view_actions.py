"""How the app is laid out (`z`) and what its footer says, in the learner's language.

A mixin of ``TutorApp``, beside ``TrainingActions``: the app module stays about lessons.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import BindingsMap
from textual.screen import Screen

from .strings import key_label, t

if TYPE_CHECKING:
    from .training_panel import TrainingPanel

NARROW = 100  # below this many columns the panes stack
#: What `z` cycles through: both panes, the panel alone (room for the boundary on a small
#: terminal), the lesson alone.
LAYOUTS = ("both", "panel", "lesson")


class ViewActions:
    # provided by TutorApp
    lang: str
    screen: Screen[object]
    panel: TrainingPanel
    _bindings: BindingsMap
    layout_mode: str = "both"
    _key_english: dict[tuple[str, str], str] | None = None

    def apply_layout(self, width: int) -> None:
        """Set the screen's classes for the terminal's width and the chosen layout; the CSS in
        app.py does the rest."""
        narrow = width < NARROW
        self.screen.set_class(narrow, "-narrow")
        self.screen.set_class(self.layout_mode == "panel", "-panel-only")
        self.screen.set_class(self.layout_mode == "lesson", "-lesson-only")
        self.panel.set_compact(narrow and self.layout_mode == "both")

    def action_layout(self) -> None:
        self.layout_mode = LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)]
        self._layout_for(self.size.width)
        self.call_after_refresh(self._send_view)  # the field's new size is known after layout
        self.notify(t(self.lang, f"layout_{self.layout_mode}"), timeout=2)

    def on_field_view_resized(self) -> None:
        """The boundary's size changed without the terminal's (a caption wrapped, `z`, the
        side-by-side panel): predict on the new grid, or the picture would stay blank."""
        self._send_view()

    def label_keys(self) -> None:
        """Footer labels in the learner's language.

        Textual's bindings are fixed when the app is made, so the descriptions are swapped in
        place: each binding is replaced by a copy with the translated label, looked up by its
        English one (kept from the first call), and the footer is rebuilt.
        """
        table = self._bindings.key_to_bindings
        if self._key_english is None:
            self._key_english = {(key, b.action): b.description for key, bs in table.items() for b in bs}
        english = self._key_english
        for key, bindings in table.items():
            table[key] = [replace(b, description=key_label(self.lang, english.get((key, b.action),
                                                                                 b.description)))
                          for b in bindings]
        self.refresh_bindings()
