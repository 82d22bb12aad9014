"""An open exercise: its text in the lesson pane, its check in the panel, re-checked when saved.

Opening an exercise (from the Exercises list) hides the lesson and mounts this view in the lesson
pane: the task in the learner's language, the lesson to reread, the hints earned so far and the
learner's file as saved. Its check goes to ``ExerciseResults`` in the panel. ``esc`` gives the
lesson back; so do ``n``, ``p`` and choosing a lesson in the contents (``t``), because the app
closes the exercise whenever it shows a lesson.

Saving the file re-checks it within about a second. We poll the file's modification time and
size every 0.4 s rather than use a watcher library: it needs no new dependency, behaves the same on
every filesystem (network mounts, containers, a classroom server's home directories) and costs one
``stat`` per tick. Checks run in a thread worker, the learner's code in a child process beyond it.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import SuspendNotSupported
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Static
from textual.worker import get_current_worker

from ..exercises import Result, check, get, names
from ..exercises.text import clean
from ..safe_text import shown
from .exercise_results import Checked, ExerciseResults, exercise_title
from .exercise_text import code_after_docstring, doc_text
from .strings import key_label, t

if TYPE_CHECKING:
    from .app import TutorApp

POLL_SECONDS = 0.4


class ExerciseView(VerticalScroll):
    """Focused while open: its keys come before the app's (``e`` edits the file here)."""

    DEFAULT_CSS = """
    ExerciseView { padding: 0 1; height: 1fr; }
    ExerciseView > Static { height: auto; }
    ExerciseView > #ex-heading { text-style: bold; color: $accent; padding: 1 0 0 0; }
    ExerciseView > #ex-meta { color: $text-muted; }
    ExerciseView > #ex-doc { padding: 1 0 0 0; }
    ExerciseView > #ex-hints { color: $text-accent; }
    ExerciseView > #ex-keys { color: $text-muted; text-style: italic; padding: 1 0 0 0; }
    ExerciseView > #ex-file-title { text-style: bold; padding: 1 0 0 0; }
    """
    BINDINGS = [
        Binding("escape", "back", "back"),
        Binding("e", "edit", "edit"),
        Binding("r", "recheck", "check"),
        Binding("h", "hint", "hint"),
        Binding("y", "your_code", "your code"),
        Binding("l", "language", show=False),
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
    ]

    def __init__(self, name: str, workspace: Path, lang: str, reread: str) -> None:
        super().__init__()  # no id: a view being removed and its successor may meet (l)
        self.exercise, self.workspace, self.lang, self.reread = name, workspace, lang, reread
        self.path = workspace / f"{name}.py"
        self.result: Result | None = None
        self.results = ExerciseResults(name, lang)
        self.checks_done = 0  # for tests and for the curious: how many checks came back
        self.code = ""  # the learner's code as shown (after the docstring)
        self._stamp: tuple[int, int] | None = None
        self._leaving = False

    def compose(self):  # type: ignore[no-untyped-def]
        ex, lang = get(self.exercise), self.lang
        yield Static(Text(t(lang, "ex_heading", i=names().index(ex.name) + 1, n=len(names()),
                            title=exercise_title(ex.name, lang))), id="ex-heading")
        meta = Text(f"{t(lang, 'ex_file')}: {shown(self.path)}\n{t(lang, 'ex_reread')}: ")
        meta.append(self.reread)  # a lesson title: text, never markup
        yield Static(meta, id="ex-meta")
        yield Static(doc_text(ex.doc.get(lang, ex.doc["en"])), id="ex-doc")
        yield Static(id="ex-hints")
        yield Static(t(lang, "ex_keys"), id="ex-keys", markup=False)
        yield Static(t(lang, "ex_your_file"), id="ex-file-title", markup=False)
        yield Static(id="ex-code")

    def on_mount(self) -> None:
        if self._leaving:
            return  # esc came before the view had mounted: it is on its way out
        self._label_keys()
        panel = self.app.query_one("#panel")
        panel.mount(self.results, after=panel.query_one("#views"))
        panel.add_class("-exercise")
        self.focus()
        self._stamp = self._file_stamp()
        self.show_file()
        self.run_check()
        self.set_interval(POLL_SECONDS, self._poll)

    def on_show(self) -> None:
        """Back in sight after `z` hid the lesson pane (which took the focus away): keys are ours again."""
        if not self._leaving:
            self.focus()

    def _label_keys(self) -> None:
        """Footer labels in the learner's language, as the app does for its own keys."""
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [replace(b, description=key_label(self.lang, b.description)) for b in bindings]

    def close(self) -> None:
        """Take this view and its results away; the panel shows the chart again."""
        self._leaving = True
        # Focus is given later (call_later): one still on its way must not land on a view that is
        # gone, or the keys would go on reaching it (r would check instead of running again).
        self.can_focus = False
        if self.app.focused is self:
            self.screen.set_focus(None)
        try:
            panel = self.app.query_one("#panel")
        except NoMatches:
            panel = None  # the app is taking its screen down
        if self.results.is_attached:
            self.results.remove()
        if panel is not None:
            panel.remove_class("-exercise")
        self.remove()

    # -- showing ---------------------------------------------------------------------------------
    def show_file(self) -> None:
        try:
            text = clean(self.path.read_text("utf-8", errors="replace"))
        except OSError as e:
            self.query_one("#ex-code", Static).update(Text(f"{shown(self.path)}: {e.strerror}", style="red"))
            return
        line = self.result.line if self.result is not None else None
        code, start = code_after_docstring(text)
        if line is not None and line < start:
            code, start = text, 1  # the problem is in the docstring's lines: show them
        self.code = code
        self.query_one("#ex-code", Static).update(Syntax(
            code, "python", line_numbers=True, start_line=start, theme="ansi_dark", word_wrap=True,
            highlight_lines={line} if line else None))

    def show_result(self, result: Result) -> None:
        self.result = result
        self.checks_done += 1
        total = len(get(self.exercise).hints.get(self.lang, get(self.exercise).hints["en"]))
        hints = Text()
        for i, hint in enumerate(result.hints, 1):
            hints.append(("\n" if i == 1 else "\n\n") + t(self.lang, "ex_hints") + f" {i}/{total}: ",
                         style="bold")
            hints.append(hint)
        self.query_one("#ex-hints", Static).update(hints)
        self.results.show(result)
        self.show_file()

    # -- checking --------------------------------------------------------------------------------
    def run_check(self, ask_hint: bool = False) -> None:
        self.results.show(self.result, checking=True)
        self._check(ask_hint)

    @work(thread=True, exclusive=True, group="exercise-check")
    def _check(self, ask_hint: bool) -> None:
        try:
            [result] = check(self.workspace, [self.exercise], lang=self.lang, ask_hint=ask_hint)
        except OSError as e:
            result = Result(self.exercise, "error", f"{shown(self.workspace)}: {e.strerror}")
        if not get_current_worker().is_cancelled:
            self.post_message(Checked([result]))  # never call_from_thread: it blocks if the app is leaving

    def on_checked(self, message: Checked) -> None:
        message.stop()
        if self.is_attached and not self._leaving:
            self.show_result(message.results[0])

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return st.st_mtime_ns, st.st_size

    def _poll(self) -> None:
        """Saved since we last looked? Then show the new text and check it again."""
        stamp = self._file_stamp()
        if stamp != self._stamp:
            self._stamp = stamp
            self.show_file()
            self.run_check()

    # -- keys ------------------------------------------------------------------------------------
    def action_back(self) -> None:
        self.app.show_lesson()  # type: ignore[attr-defined]  # which closes this view

    def action_recheck(self) -> None:
        self.run_check()

    def action_hint(self) -> None:
        self.run_check(ask_hint=True)

    def action_edit(self) -> None:
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        try:
            with self.app.suspend():
                subprocess.run([*shlex.split(editor), str(self.path)], check=False)
        except (SuspendNotSupported, OSError, ValueError):
            self.notify(t(self.lang, "ex_no_editor", path=shown(self.path)), timeout=8, markup=False)
        self._stamp = self._file_stamp()
        self.show_file()
        self.run_check()  # at once on return, whether or not the poll saw the save

    def action_your_code(self) -> None:
        """Train with your code: on success the lesson and its chart come back, and the run starts."""
        from .your_code import toggle_your_code  # the engine and numpy, on first use only

        app: TutorApp = self.app  # type: ignore[assignment]
        toggle_your_code(app, then_run=True)

    def action_language(self) -> None:
        app: TutorApp = self.app  # type: ignore[assignment]
        name = self.exercise
        app.action_language()  # shows the lesson, which closes this view
        open_exercise(app, name)


def open_exercise(app: TutorApp, name: str) -> ExerciseView:
    """Show exercise ``name`` in the lesson pane and its check in the panel."""
    from .your_code import your_code  # the engine and numpy, on first use only

    close_exercise(app)
    lesson = get(name).lesson
    reread = next((f"{entry.title} ({t(app.lang, 'ex_lesson', order=entry.order)})"
                   for entry in app.lessons if entry.id == lesson), lesson)
    for lesson_view in app.views.values():
        lesson_view.display = False
    view = ExerciseView(name, your_code(app).workspace, app.lang, reread)
    app.exercise = view
    app.query_one("#lesson-pane").mount(view)
    heading = t(app.lang, "ex_heading", i=names().index(name) + 1, n=len(names()), title=exercise_title(name, app.lang))
    app.query_one("#titlebar", Static).update(Text(f"tui-tutor · {heading}"))
    return view


def open_exercise_view(app: TutorApp) -> ExerciseView | None:
    """The exercise open in the lesson pane, if any."""
    view = app.exercise
    return view if view is not None and view.is_attached else None


def close_exercise(app: TutorApp) -> None:
    """Called whenever the app shows a lesson: the exercise gives the pane and the panel back."""
    view, app.exercise = app.exercise, None
    if view is not None:
        view.close()


def choose_exercise(app: TutorApp) -> None:
    """The Exercises list (contents, palette); the one chosen opens beside the panel."""
    from .exercises_screen import ExercisesScreen
    from .your_code import your_code

    current = open_exercise_view(app)
    screen = ExercisesScreen(your_code(app).workspace, app.lang, current.exercise if current else None)
    app.push_screen(screen, lambda name: open_exercise(app, name) if name else None)
