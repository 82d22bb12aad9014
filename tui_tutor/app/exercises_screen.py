"""The Exercises list: each exercise with its status; Enter opens one beside the panel.

A chooser, like the contents: it checks every file once when it opens (one child process for
all), shows the highlighted exercise's check on the right and dismisses with the chosen name.
The app then shows that exercise in the lesson pane and its check in the panel (``exercise_view``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ..exercises import Result, check, ensure_workspace, exercises
from ..exercises.text import status_mark, strings
from ..safe_text import shown
from .exercise_results import STYLE, Checked, exercise_title, result_text
from .strings import t
from .your_code import toggle_your_code

if TYPE_CHECKING:
    from .app import TutorApp


class ExercisesScreen(Screen[str | None]):
    DEFAULT_CSS = """
    ExercisesScreen { layout: vertical; }
    ExercisesScreen #ex-title { height: 1; background: $primary-background; padding: 0 1; text-style: bold; }
    ExercisesScreen #ex-main { height: 1fr; }
    ExercisesScreen #ex-list { width: 1fr; min-width: 24; height: auto; max-height: 100%; }
    ExercisesScreen #ex-right { width: 46%; border-left: vkey $surface-lighten-2; padding: 0 1; }
    ExercisesScreen #ex-keys { height: auto; color: $text-muted; padding: 0 1; }
    /* narrow: the check below the list, so that each exercise keeps one line */
    ExercisesScreen.-narrow #ex-main { layout: vertical; }
    ExercisesScreen.-narrow #ex-list { width: 1fr; }
    ExercisesScreen.-narrow #ex-right { width: 1fr; height: 1fr; border-left: none;
                                        border-top: hkey $surface-lighten-2; }
    """
    NARROW = 100  # columns below which the check goes under the list, as the app stacks its panes
    BINDINGS = [
        Binding("escape,q,t", "back", "back"),
        Binding("r", "recheck", "check"),
        Binding("y", "your_code", "your code"),
    ]

    def __init__(self, workspace: Path, lang: str, current: str | None = None) -> None:
        super().__init__()
        self.workspace, self.lang, self.current = workspace, lang, current
        self.results: dict[str, Result] = {}
        self.checks_done = 0  # for tests and for the curious: how many check rounds came back
        self._dismissed = False  # dismissed: the screen stays current until popped, keys still arrive

    def compose(self) -> ComposeResult:
        yield Static(t(self.lang, "ex_title"), id="ex-title", markup=False)
        with Horizontal(id="ex-main"):
            yield OptionList(*[Option(self._label(ex.name), id=ex.name) for ex in exercises()], id="ex-list")
            with VerticalScroll(id="ex-right"):
                yield Static(id="ex-result")
        yield Static(t(self.lang, "ex_list_keys"), id="ex-keys", markup=False)

    def on_mount(self) -> None:
        option_list = self.query_one("#ex-list", OptionList)
        option_list.focus()
        try:
            ensure_workspace(self.workspace, self.lang)
        except OSError as e:
            self.query_one("#ex-result", Static).update(Text(f"{shown(self.workspace)}: {e.strerror}", style="red"))
            return
        if self.current is not None:
            option_list.highlighted = [ex.name for ex in exercises()].index(self.current)
        self.run_check()

    def on_resize(self) -> None:
        self.set_class(self.size.width < self.NARROW, "-narrow")

    # -- showing ---------------------------------------------------------------------------------
    def _label(self, name: str) -> Text:
        r = self.results.get(name)
        status = r.status if r else "unchecked"
        label = Text(f"{status_mark(status) if r else ' '} {name:<15} ", style=STYLE.get(status, ""))
        label.append(exercise_title(name, self.lang), style="")
        return label

    def _highlighted(self) -> str | None:
        option_list = self.query_one("#ex-list", OptionList)
        index = option_list.highlighted
        return exercises()[index].name if index is not None else None

    def _show_detail(self) -> None:
        """The highlighted exercise's check; before any is highlighted, the first that fails."""
        name = self._highlighted() or next((r.name for r in self.results.values() if not r.passed), None)
        if name is None:
            detail = Text(strings(self.lang)["all_pass"], style="bold green")
        else:
            detail = result_text(name, self.results.get(name), self.lang)
        self.query_one("#ex-result", Static).update(detail)

    def on_option_list_option_highlighted(self) -> None:
        self._show_detail()

    # -- checking --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="exercise-list-check")
    def run_check(self) -> None:
        try:
            results = check(self.workspace, None, lang=self.lang)
        except OSError as e:
            results = [Result(ex.name, "error", f"{shown(self.workspace)}: {e.strerror}") for ex in exercises()]
        if not get_current_worker().is_cancelled:
            self.post_message(Checked(results))

    def on_checked(self, message: Checked) -> None:
        results = message.results
        if not self.is_attached:
            return
        self.checks_done += 1
        option_list = self.query_one("#ex-list", OptionList)
        order = [ex.name for ex in exercises()]
        for r in results:
            self.results[r.name] = r
            option_list.replace_option_prompt_at_index(order.index(r.name), self._label(r.name))
        self._show_detail()

    # -- keys ------------------------------------------------------------------------------------
    def close(self, name: str | None) -> None:
        """Dismiss once: two quick Enters (or Enter then Esc) arrive before the screen is popped."""
        if not self.is_current:
            return
        if self._dismissed:  # dismissed, yet still on top: take it down without a second result
            self.app.pop_screen()
            return
        self._dismissed = True
        self.dismiss(name)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.close(str(event.option.id))

    def action_back(self) -> None:
        self.close(None)

    def action_recheck(self) -> None:
        self.run_check()

    def action_your_code(self) -> None:
        """Back to the lesson; the panel switches once the exercises the setup needs pass."""
        app = cast("TutorApp", self.app)
        self.close(None)
        toggle_your_code(app, then_run=True)  # the run gives an open exercise's pane and chart back
