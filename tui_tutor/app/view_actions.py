"""How the app is laid out (`z`, a narrow terminal), how the lesson scrolls, and what its footer
says, in the learner's language.

A mixin of ``TutorApp``, beside ``TrainingActions``: the app module stays about lessons.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import BindingsMap
from textual.screen import Screen

from .strings import key_label, t

if TYPE_CHECKING:
    from .lesson_view import LessonView
    from .training_panel import TrainingPanel

NARROW = 100  # below this many columns the panes stack
#: What `z` cycles through: both panes, the panel alone (room for the boundary on a small
#: terminal), the lesson alone.
LAYOUTS = ("both", "panel", "lesson")

#: The panes, and what a narrow terminal and `z` do to them: ``apply_layout`` sets the classes.
LAYOUT_CSS = """
Screen { layout: vertical; }
#titlebar { height: 1; background: $primary-background; color: $text; padding: 0 1; }
#main { height: 1fr; layout: horizontal; }
/* the lesson keeps a readable measure (about 72-90 columns of text); the panel gets the rest */
#lesson-pane { width: 54%; max-width: 92; height: 1fr; }
#panel { width: 1fr; min-width: 44; border-left: vkey $surface-lighten-2; }
Screen.-narrow #main { layout: vertical; }
Screen.-narrow #lesson-pane { width: 1fr; max-width: 100%; }
Screen.-narrow #panel { width: 1fr; height: 12; min-width: 0; border-left: none;
                        border-top: hkey $surface-lighten-2; }
Screen.-narrow #field-box, Screen.-narrow #field, Screen.-narrow #chart-caption { display: none; }
Screen.-narrow #network { display: none; }
Screen.-narrow #setup { padding: 0; }
/* z: the panel alone (the boundary fits even at 80x24), or the lesson alone */
Screen.-panel-only #lesson-pane { display: none; }
Screen.-panel-only #panel { width: 1fr; height: 1fr; min-width: 0; border-left: none; border-top: none; }
Screen.-panel-only #field-box, Screen.-panel-only #field,
Screen.-panel-only #chart-caption { display: block; }
Screen.-panel-only TrainingPanel.-network #field { display: none; }
Screen.-panel-only TrainingPanel.-network #network { display: block; }
Screen.-lesson-only #panel { display: none; }
Screen.-lesson-only #main { align-horizontal: center; }
Screen.-lesson-only #lesson-pane { width: 1fr; max-width: 100; }
"""


class ViewActions:
    # provided by TutorApp
    lang: str
    screen: Screen[object]
    panel: TrainingPanel
    lesson_view: LessonView | None
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

    def action_scroll(self, lines: int) -> None:
        if self.lesson_view is not None:
            self.lesson_view.scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        view = self.lesson_view
        if view is not None:
            view.scroll_relative(y=pages * max(1, view.size.height - 2), animate=False)

    def action_scroll_home(self) -> None:
        if self.lesson_view is not None:
            self.lesson_view.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        if self.lesson_view is not None:
            self.lesson_view.scroll_end(animate=False)

    def action_layout(self) -> None:
        self.layout_mode = LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)]
        self._layout_for(self.size.width)
        self.call_after_refresh(self._send_view)  # the field's new size is known after layout
        self.notify(t(self.lang, f"layout_{self.layout_mode}"), timeout=2)

    def on_field_view_resized(self) -> None:
        """The boundary's size changed without the terminal's (a caption wrapped, `z`, the
        side-by-side panel): predict on the new grid, or the picture would stay blank."""
        self._send_view()

    def on_network_view_resized(self) -> None:
        """Likewise for the network view: mounted after `w` was pressed (the panel goes live
        just after the first frame), it had no size when the app first asked for its grid."""
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
