"""The tutor: a lesson on the left, live training on the right, everything on the keyboard."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.text import Text as RichText
from textual import on
from textual.app import App, ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.widgets import Footer, Static

from .. import progress as progress_store
from . import textual_fixes  # noqa: F401  (applies its guards on import)
from ..engine import RunConfig
from ..lessons import BrokenLesson, Course, Lesson
from ..safe_text import shown
from .backprop_view import on_screen
from .field_view import grid_for
from .inside_actions import InsideActions
from .lesson_view import BrokenLessonView, LessonView
from .palette import LessonCommands
from .screens import EXERCISES, ContentsScreen, HelpScreen, SourceScreen
from .session import Session, Snapshot
from .strings import t
from .lifecycle import Lifecycle
from .training_actions import TrainingActions
from .training_panel import TrainingPanel
from .view_actions import LAYOUT_CSS, ViewActions


class Workspace(Horizontal):
    """The lesson and the panel; tells the app when the terminal's size changes the layout."""

    class Resized(Message):
        pass

    def on_resize(self) -> None:
        self.post_message(self.Resized())


class TutorApp(TrainingActions, InsideActions, ViewActions, Lifecycle, App[None]):
    TITLE = "tui-tutor"
    COMMANDS = {LessonCommands}  # lessons and experiments only: no "quit" to type by accident
    CSS = LAYOUT_CSS  # the panes and what z and a narrow terminal do to them (view_actions)
    BINDINGS = [
        Binding("n", "next", "next", priority=True),
        Binding("p", "previous", "prev", show=False, priority=True),  # n next implies it; room for e, z
        Binding("j", "scroll(1)", show=False),
        Binding("k", "scroll(-1)", show=False),
        # arrows turn pages and scroll, or move the network view's focus while it is on
        *[Binding(key, f"arrow('{key}')", show=False, priority=key in ("left", "right"))
          for key in ("left", "right", "up", "down")],
        Binding("w", "network", "net", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("home", "scroll_home", show=False),
        Binding("end", "scroll_end", show=False),
        Binding("t", "contents", "toc"),
        Binding("x", "run", "run"),
        Binding("space", "pause", "pause", priority=True),
        Binding("s", "step", "step", show=False),
        Binding("b", "step_back", show=False),
        Binding("r", "rerun", "again", show=False),
        Binding("f", "pace", "pace", show=False),
        Binding("g", "log_scale", "log", show=False),
        Binding("tab", "next_quiz", show=False, priority=True),
        Binding("left_square_bracket", "lr(0.5)", "lr-", show=False),
        Binding("right_square_bracket", "lr(2)", "lr+", show=False),
        Binding("a", "cycle('activation')", "act", show=False),
        Binding("o", "cycle('optimizer')", "opt", show=False),
        Binding("d", "cycle('dataset')", "data", show=False),
        Binding("c", "compare", "compare"),
        Binding("m", "explained_lesson", "why", show=False),
        Binding("P", "toggle_predictions", show=False),
        Binding("e", "edit_setup", "setup"),
        Binding("z", "layout", "layout"),
        Binding("v", "source", "code"),
        Binding("l", "language", "한/en"),
        *[Binding(str(i), f"answer({i})", show=False) for i in range(1, 10)],
        Binding("question_mark", "help", "help"),
        Binding("q", "quit", "quit"),
        Binding("ctrl+z", "suspend_process", show=False),  # Textual ignores it where it cannot suspend
    ]

    def __init__(self, course: Course, lang: str, progress_path: Path, fps: float,
                 start_lesson: str | None = None, notice: str | None = None,
                 progress: progress_store.Progress | None = None, paced: bool = True,
                 predict: bool = True, on_first_frame: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.ask_predictions = predict
        self.course = course
        self.lang = lang if course.has_lessons(lang) else (course.languages or ["en"])[0]
        self.progress = progress or progress_store.Progress()
        self.progress_path = progress_path
        self.fps = fps
        self._notice = notice
        # Read as they are asked for (a lazily loaded course): a first launch reads one file here.
        self.lessons: Sequence[Lesson | BrokenLesson] = course.entries(self.lang)
        wanted = start_lesson or self.progress.last_lesson
        ids = [lesson.id for lesson in self.lessons] if wanted else []
        self.index = ids.index(wanted) if wanted in ids else 0
        self.views: dict[tuple[str, str], LessonView | BrokenLessonView] = {}
        self.config = RunConfig()
        self.snapshot: Snapshot | None = None
        self.previous: Snapshot | None = None
        self.compare = False
        # Runs are paced to be watched; tests and benchmarks of throughput pass paced=False.
        self.session = Session(self._publish, fps=fps, grid=grid_for, paced=paced)
        self._shut_down = False
        self._on_first_frame = on_first_frame

    # -- layout ---------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(id="titlebar")
        with Workspace(id="main"):
            yield Container(id="lesson-pane")
            yield TrainingPanel(self.lang, id="panel")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.call_after_refresh(self.session.start_thread)  # a run loads numpy: after the first frame
        self.call_after_refresh(self._read_lessons)
        if self._on_first_frame is not None:
            self.call_after_refresh(self._on_first_frame)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):  # SIGINT: exit 130, saved
            loop.add_signal_handler(sig, self._on_signal, sig)
        self.panel.set_config(self.config)
        self._layout_for(self.size.width)
        self.label_keys()
        self.show_lesson()
        self.lesson_opened()
        if self._notice:
            self.notify(shown(self._notice), severity="warning", timeout=10, markup=False)

    def _read_lessons(self) -> None:
        """After the first frame, which needed one lesson: every file of the language read, the
        panel given their titles, and each broken file named."""
        if not self.query(TrainingPanel):
            return  # the app is taking its screen down
        self._send_titles()
        for path in self.course.broken.get(self.lang, []):
            self.notify(f"{t(self.lang, 'broken')}: {shown(path.name)}", severity="error", timeout=8,
                        markup=False)

    def _send_titles(self) -> None:
        self.panel.set_titles({entry.id: shown(entry.title) for entry in self.lessons})  # lesson text: one safe line

    @on(Workspace.Resized)
    def _on_workspace_resized(self) -> None:
        if not self.query(TrainingPanel):
            return  # a resize queued as the app takes its screen down
        self._layout_for(self.size.width)
        self.call_after_refresh(self._send_view)  # the field's new size is known after layout

    @on(TrainingPanel.Live)
    def _on_panel_live(self) -> None:
        self._send_view()  # the field has its data now: the session can predict on its grid

    def _layout_for(self, width: int) -> None:
        self.apply_layout(width)
        self._send_view()

    @property
    def panel(self) -> TrainingPanel:
        return self.query_one(TrainingPanel)

    @property
    def lesson(self) -> Lesson | BrokenLesson | None:
        return self.lessons[self.index] if self.lessons else None

    @property
    def lesson_view(self) -> LessonView | None:
        lesson = self.lesson
        view = self.views.get((lesson.lang, lesson.id)) if lesson else None
        return view if isinstance(view, LessonView) else None

    # -- lessons --------------------------------------------------------------------------------
    def show_lesson(self) -> None:
        if self.exercise is not None:  # an exercise open in the pane gives it back to the lesson
            from .exercise_view import close_exercise  # loads the checker: never before the first frame

            close_exercise(self)
        pane = self.query_one("#lesson-pane", Container)
        lesson = self.lesson
        if lesson is None:
            broken = [str(p) for p in self.course.problems] or [str(self.course.root)]
            pane.mount(BrokenLessonView(str(self.course.root), broken[:20], self.lang))
            self._title()
            return
        key = (lesson.lang, lesson.id)
        for k, view in self.views.items():
            if view.display != (k == key):
                view.display = k == key
        self._view_for(self.index, visible=True)
        self.mark_cards()
        self.panel.set_hint("no_run" if lesson.experiments else "no_experiment")
        self.progress.visit(lesson.id, self.lang)
        self._title()
        self.call_after_refresh(self.save_progress)  # the fsync waits until the lesson is on screen
        self.set_timer(0.5, self._premount_next)

    def _view_for(self, index: int, visible: bool) -> LessonView | BrokenLessonView:
        """The lesson's view, mounted on first use and kept: coming back to it is instant."""
        lesson = self.lessons[index]
        key = (lesson.lang, lesson.id)
        if key not in self.views:
            view: LessonView | BrokenLessonView
            if isinstance(lesson, BrokenLesson):
                view = BrokenLessonView(str(lesson.path), list(lesson.problems), self.lang)
            else:
                view = LessonView(lesson, index, len(self.lessons), self.progress.answers.get(lesson.id, {}))
            view.display = visible
            self.views[key] = view
            self.query_one("#lesson-pane", Container).mount(view)
        return self.views[key]

    def _premount_next(self) -> None:
        """While the learner reads, build the next lesson so that `n` finds it ready."""
        panes = self.query("#lesson-pane")
        if not panes or not panes.first().is_attached:
            return  # the app is taking its screen down (quit inside the half second)
        if self.index + 1 < len(self.lessons):
            view = self._view_for(self.index + 1, visible=False)
            shown = self.lesson_view
            if isinstance(view, LessonView) and shown is not None:
                self.call_after_refresh(view.prepare, shown.scrollable_content_region.width)

    def _title(self) -> None:
        lesson = self.lesson
        where = f"{lesson.order}/{len(self.lessons)} {lesson.title}" if lesson else ""
        self.query_one("#titlebar", Static).update(RichText(f"tui-tutor · {where}"))

    def open_lesson(self, lesson_id: str) -> None:
        if lesson_id == EXERCISES:
            self.open_exercises()
            return
        ids = [lesson.id for lesson in self.lessons]
        if lesson_id in ids:
            self.session.hold(0.1)
            changed = ids.index(lesson_id) != self.index
            self.index = ids.index(lesson_id)
            self.show_lesson()
            if changed:
                self.lesson_opened()

    def action_next(self) -> None:
        if self.index + 1 < len(self.lessons):
            self.open_lesson(self.lessons[self.index + 1].id)

    def action_previous(self) -> None:
        if self.index > 0:
            self.open_lesson(self.lessons[self.index - 1].id)

    def action_contents(self) -> None:
        done = {lesson.id for lesson in self.lessons if self.is_done(lesson)}
        right, total = self.progress.first_try_score(
            {lesson.id: [q.answer for q in lesson.quizzes] for lesson in self.lessons})
        screen = ContentsScreen(self.lessons, self.lesson.id if self.lesson else None, done,
                                self.progress.visited, self.lang,
                                t(self.lang, "quiz_score", right=right, total=total))
        self.push_screen(screen, lambda chosen: self.open_lesson(chosen) if chosen else None)

    def is_done(self, lesson: Lesson | BrokenLesson) -> bool:
        answers = self.progress.answers.get(lesson.id, {})
        return lesson.id in self.progress.visited and all(
            answers.get(i) == q.answer for i, q in enumerate(lesson.quizzes, 1))

    def action_language(self) -> None:
        langs = self.course.languages
        if len(langs) < 2:
            return
        current = self.lesson.id if self.lesson else None
        self.lang = langs[(langs.index(self.lang) + 1) % len(langs)] if self.lang in langs else langs[0]
        self.lessons = self.course.entries(self.lang)
        ids = [lesson.id for lesson in self.lessons]
        self.index = ids.index(current) if current in ids else min(self.index, len(ids) - 1)
        self._show(self.snapshot)  # a judged guess is told again in the new language
        self.panel.set_lang(self.lang)
        self._send_titles()
        self.label_keys()
        self.show_lesson()

    def open_exercises(self) -> None:
        from .exercise_view import choose_exercise

        choose_exercise(self)  # the list; the one chosen opens in the lesson pane

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.lang))

    def action_source(self) -> None:
        from ..lessons.source import DEFAULT_CODE

        names = (self.lesson.code if self.lesson else ()) or DEFAULT_CODE
        self.push_screen(SourceScreen(names, self.lang))

    def action_answer(self, choice: int) -> None:
        """A digit answers the quiz on screen (see LessonView.current_quiz), never one scrolled away."""
        view, lesson = self.lesson_view, self.lesson
        if view is None or lesson is None:
            return
        card = view.current_quiz()
        if card is None:
            self.notify(t(self.lang, "quiz_off_screen" if lesson.quizzes else "no_quiz"), timeout=3)
            return
        if card.right:
            self.notify(t(self.lang, "already_right"), timeout=3)
            return
        if view.answer(card, choice):
            self.progress.answer(lesson.id, card.number, choice, right=card.right)
            self.save_progress()

    def action_next_quiz(self) -> None:
        view = self.lesson_view
        if view is not None and view.choose_next() is None:
            self.notify(t(self.lang, "quiz_off_screen"), timeout=3)

    def action_log_scale(self) -> None:
        self.panel.chart.toggle_log()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show in the footer only the keys that do something now."""
        if action in ("next", "previous", "pause", "next_quiz", "arrow") and len(self.screen_stack) > 1:
            return False  # these keys belong to the screen on top (the editor's inputs, the contents list)
        if action == "step" and self.lesson_view is not None and on_screen(self.lesson_view):
            return True  # the backprop step-through takes `s`, run or no run
        return True

    def pop_screen(self) -> AwaitComplete:
        """Ignore a pop with only the lesson screen left. Textual's command palette and modal
        screens can each be dismissed twice by two keys in the same instant (Enter, Esc); the
        second dismissal would otherwise crash the app."""
        if len(self.screen_stack) <= 1:
            return AwaitComplete(asyncio.sleep(0))
        return super().pop_screen()
