"""One lesson, scrollable: Markdown text with its experiments, quizzes and figures in place."""

from __future__ import annotations

from rich.markdown import Heading as RichHeading
from rich.markdown import Markdown as RichMarkdown
from rich.markdown import TableElement
from rich.cells import cell_len
from rich.text import Text as RichText
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

from ..lessons import Experiment, Figure, Lesson, Quiz, Text
from ..safe_text import shown
from .cards import ExperimentCard, QuizCard
from .backprop_view import BackpropView
from .figure_view import FigureView
from .strings import t


class _Heading(RichHeading):
    """Headings flush left and in the accent colour: a narrow pane reads better that way."""

    LEVEL_ALIGN = {tag: "left" for tag in ("h1", "h2", "h3", "h4", "h5", "h6")}  # type: ignore[assignment]
    STYLES = {"h1": "bold underline #ffa62b", "h2": "bold #ffa62b", "h3": "bold"}

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        text = self.text.copy()
        text.justify = "left"
        text.stylize(self.STYLES.get(self.tag, "bold"))
        yield text


class _Table(TableElement):
    """A table wider than the pane, which Rich draws as an empty rule, is shown row by row."""

    def __rich_console__(self, console, options):  # type: ignore[no-untyped-def]
        rows = [self.header.row] if self.header is not None and self.header.row is not None else []
        rows += list(self.body.rows) if self.body is not None else []
        widest: dict[int, int] = {}  # per column, the longest word: Rich will not break a word
        for row in rows:
            for j, cell in enumerate(row.cells):
                words = cell.content.plain.split() or [""]
                widest[j] = max(widest.get(j, 1), *(cell_len(w) for w in words))
        if sum(widest.values()) + 2 * max(len(widest) - 1, 0) <= options.max_width:
            yield from super().__rich_console__(console, options)
            return
        for i, row in enumerate(rows):
            line = RichText(" │ ").join(cell.content for cell in row.cells)
            if i == 0 and self.header is not None:
                line.stylize("bold")
            yield line


class _Markdown(RichMarkdown):
    elements = {**RichMarkdown.elements, "heading_open": _Heading, "table_open": _Table}


class LessonText(Widget):
    """A run of lesson prose, rendered as one widget and kept as lines.

    Textual's Markdown widget makes a widget of every paragraph and list item; a lesson then
    has hundreds, and showing or hiding it costs a message to each. Here one widget holds a run
    of text rendered by Rich's Markdown (the same markdown-it parser), rendered once per width:
    the height and the lines come from the same cache, and ``prepare`` can fill it while the
    learner is still reading the previous lesson.
    """

    DEFAULT_CSS = "LessonText { height: auto; margin: 1 0 0 0; }"

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self._markdown = _Markdown(markdown, code_theme="ansi_dark", hyperlinks=False)
        self._width = -1
        self._strips: list[Strip] = []

    def prepare(self, width: int) -> None:
        if width != self._width and width > 0:
            console = self.app.console
            lines = console.render_lines(self._markdown, console.options.update_width(width), pad=False)
            base = self.rich_style  # the pane's colours under Rich's, as other widgets get them
            self._strips = [Strip(line).extend_cell_length(width).apply_style(base) for line in lines]
            self._width = width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        self.prepare(width)
        return len(self._strips)

    def render_line(self, y: int) -> Strip:
        self.prepare(self.size.width)
        return self._strips[y] if y < len(self._strips) else Strip.blank(self.size.width)


class LessonView(VerticalScroll, can_focus=False):
    """Not focusable: the app scrolls it, so moving between lessons never restyles a subtree."""

    DEFAULT_CSS = """
    LessonView { padding: 0 1 0 1; }
    LessonView > .lesson-heading { text-style: bold; color: $accent; padding: 1 0 0 0; }
    LessonView > .lesson-summary { color: $text-muted; text-style: italic; }
    """

    def __init__(self, lesson: Lesson, index: int, total: int, answers: dict[int, int], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lesson, self.index, self.total = lesson, index, total
        self._answers = answers
        self.experiment_cards: list[ExperimentCard] = []
        self.quiz_cards: list[QuizCard] = []
        self.chosen: QuizCard | None = None  # picked with tab among the quizzes on screen
        self._active_card: tuple[int | None, str] = (None, "ready")

    def compose(self):  # type: ignore[no-untyped-def]
        lesson, lang = self.lesson, self.lesson.lang
        # Lesson text is text, never markup: a summary of "[@click=...]" must not act.
        yield Static(RichText(f"{t(lang, 'lesson_of', i=self.index + 1, n=self.total)} · {lesson.title}"),
                     classes="lesson-heading")
        yield Static(RichText(lesson.summary), classes="lesson-summary")
        experiments = lesson.experiments
        quiz_number = 0
        for block in lesson.blocks:
            widget: Widget
            if isinstance(block, Text):
                widget = LessonText(block.markdown)
            elif isinstance(block, Experiment):
                widget = ExperimentCard(block, experiments.index(block), len(experiments), lang)
                self.experiment_cards.append(widget)
            elif isinstance(block, Quiz):
                quiz_number += 1
                widget = QuizCard(block, quiz_number, lang, self._answers.get(quiz_number))
                self.quiz_cards.append(widget)
            elif isinstance(block, Figure):
                widget = BackpropView(block, lesson.lang) if block.kind == "backprop" else FigureView(block)
            else:
                continue
            yield widget

    def on_mount(self) -> None:
        self.set_running(*self._active_card)
        self.call_after_refresh(self.mark_current_quiz)

    def on_resize(self) -> None:
        self.call_after_refresh(self.mark_current_quiz)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.quiz_cards and round(old_value) != round(new_value):
            self.call_after_refresh(self.mark_current_quiz)

    def prepare(self, width: int) -> None:
        """Render the prose for ``width`` columns now, before the view is shown."""
        for text in self.query(LessonText):
            text.prepare(width)

    # -- quizzes: a digit answers the quiz on screen ---------------------------------------------
    def on_screen(self) -> list[QuizCard]:
        """The quizzes the learner can see now: at least three rows of each (or all of a smaller
        one) inside the view. A quiz scrolled away is never answered by a digit."""
        if not self.display:
            return []
        view = self.scrollable_content_region
        out = []
        for card in self.quiz_cards:
            r = card.region
            seen = min(r.bottom, view.bottom) - max(r.y, view.y)
            if r.height and seen >= min(3, r.height):
                out.append(card)
        return out

    def current_quiz(self) -> QuizCard | None:
        """The quiz a digit answers: the one chosen with tab while it is on screen, else the one
        on screen nearest the middle that is not yet answered right."""
        seen = self.on_screen()
        if self.chosen in seen and not self.chosen.right:
            return self.chosen
        open_ = [card for card in seen if not card.right] or seen
        view = self.scrollable_content_region
        middle = view.y + view.height / 2
        return min(open_, key=lambda c: abs(c.region.y + c.region.height / 2 - middle), default=None)

    def choose_next(self) -> QuizCard | None:
        """tab: the next quiz on screen becomes the one a digit answers."""
        seen = self.on_screen()
        if not seen:
            return None
        current = self.current_quiz()
        self.chosen = seen[(seen.index(current) + 1) % len(seen)] if current in seen else seen[0]
        self.mark_current_quiz()
        return self.chosen

    def mark_current_quiz(self) -> None:
        current = self.current_quiz()
        for card in self.quiz_cards:
            card.set_current(card is current)

    def answer(self, card: QuizCard, choice: int) -> bool:
        """Answer ``card``; a wrong answer may be tried again. False if the choice does not exist."""
        if not 1 <= choice <= len(card.quiz.choices):
            return False
        card.set_answer(choice)
        self.mark_current_quiz()
        return True

    def set_running(self, index: int | None, state: str = "ready") -> None:
        self._active_card = (index, state)  # kept for cards not composed yet
        for i, card in enumerate(self.experiment_cards):
            card.set_active(i == index, state)


class BrokenLessonView(VerticalScroll):
    """Shown in place of a lesson whose file has problems, so the learner knows why."""

    DEFAULT_CSS = """
    BrokenLessonView { padding: 1 2; }
    BrokenLessonView > .broken-title { color: $error; text-style: bold; }
    """

    def __init__(self, name: str, problems: list[str], lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._name, self._problems, self._lang = name, problems, lang

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(RichText(f"{t(self._lang, 'broken')}: {shown(self._name)}"), classes="broken-title")
        for p in self._problems:
            yield Static(RichText(f"• {shown(p)}"))
        yield Static("\n" + t(self._lang, "broken_hint"))
