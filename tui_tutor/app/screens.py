"""Modal screens: contents, help, and the engine source behind a lesson."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..lessons import BrokenLesson, Lesson
from .lesson_view import LessonText
from .strings import HELP, t


#: The contents entry that opens the Exercises screen instead of a lesson.
EXERCISES = "exercises:"


class Modal(ModalScreen[None]):
    DEFAULT_CSS = """
    Modal { align: center middle; }
    Modal > Vertical {
        width: 90%; max-width: 100; height: 90%; border: round $accent; background: $surface;
        padding: 0 1;
    }
    Modal .modal-title { text-style: bold; color: $accent; height: 1; }
    Modal .modal-hint { color: $text-muted; height: 1; }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "close")]

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        if self.is_current:  # a second Esc in the same instant must not pop the lesson screen
            self.dismiss(result)


class ContentsScreen(ModalScreen[str | None]):
    """The lessons, with done and visited marks; Enter opens one."""

    DEFAULT_CSS = Modal.DEFAULT_CSS.replace("Modal", "ContentsScreen")
    BINDINGS = [Binding("escape,q,t", "close", "close")]

    def __init__(self, lessons: list[Lesson | BrokenLesson], current: str | None, done: set[str],
                 visited: set[str], lang: str, score: str = "") -> None:
        super().__init__()
        self.lessons, self.current, self.done, self.visited, self.lang = lessons, current, done, visited, lang
        self.score = score  # "quizzes: 14/25 right first time"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t(self.lang, "contents"), classes="modal-title")
            yield Static(self.score, id="quiz-score", classes="modal-hint")
            options = []
            for lesson in self.lessons:
                mark = "✓" if lesson.id in self.done else ("·" if lesson.id in self.visited else " ")
                if isinstance(lesson, BrokenLesson):
                    mark = "!"
                label = Text(f"{mark} {lesson.order:>2}. {lesson.title}")
                label.append(f"\n     {lesson.summary}", style="dim")
                options.append(Option(label, id=lesson.id))
            options.append(Option(Text(f"✎    {t(self.lang, 'exercises')}"), id=EXERCISES))
            yield OptionList(*options)
            yield Static(f"✓ {t(self.lang, 'done_mark')}  · {t(self.lang, 'visited_mark')}  "
                         f"{t(self.lang, 'contents_hint')}", classes="modal-hint")

    def on_mount(self) -> None:
        option_list = self.query_one(OptionList)
        ids = [lesson.id for lesson in self.lessons]
        if self.current in ids:
            option_list.highlighted = ids.index(self.current)
        option_list.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.is_current:  # two quick Enters select twice
            self.dismiss(event.option.id)

    def action_close(self) -> None:
        if self.is_current:
            self.dismiss(None)


class HelpScreen(Modal):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            with VerticalScroll():
                yield LessonText(HELP.get(self.lang, HELP["en"]))
            yield Static("esc", classes="modal-hint")


class SourceScreen(Modal):
    """The engine's own code for what the lesson teaches, read from the running modules."""

    BINDINGS = [*Modal.BINDINGS, Binding("j", "scroll(1)", show=False), Binding("k", "scroll(-1)", show=False)]

    def __init__(self, names: tuple[str, ...], lang: str) -> None:
        super().__init__()
        self.names, self.lang = names, lang

    def compose(self) -> ComposeResult:
        # Imported here, where `v` first needs them: Pygments (for Syntax) and the engine's
        # modules are not needed before the first frame.
        from rich.syntax import Syntax

        from ..lessons.source import source_of

        with Vertical():
            yield Static(Text(f"{t(self.lang, 'source')}: {', '.join(self.names)}"), classes="modal-title")
            with VerticalScroll(id="source-scroll"):
                for name in self.names:
                    try:
                        src = source_of(name)
                    except (LookupError, OSError, TypeError) as e:  # the loader checks; this is a last guard
                        yield Static(Text(str(e) if isinstance(e, LookupError) else f"{name}: {e}"))
                        continue
                    yield Static(Text(f"{src.path}:{src.first_line}  {name}", style="bold"))
                    yield Static(Syntax(src.text, "python", line_numbers=True, start_line=src.first_line,
                                        theme="ansi_dark", word_wrap=False, dedent=True))
            yield Static(t(self.lang, "source_hint"), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one("#source-scroll").focus()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#source-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)
