"""One lesson, scrollable: Markdown text with its experiments, quizzes and figures in place."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static

from ..lessons import Experiment, Figure, Lesson, Quiz, Text
from .cards import ExperimentCard, QuizCard
from .figure_view import FigureView
from .strings import t


class LessonView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    LessonView { padding: 0 1 0 1; }
    LessonView > .lesson-heading { text-style: bold; color: $accent; padding: 1 0 0 0; }
    LessonView > .lesson-summary { color: $text-muted; text-style: italic; }
    LessonView Markdown { margin: 0; padding: 0; }
    """

    def __init__(self, lesson: Lesson, index: int, total: int, answers: dict[int, int], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lesson, self.index, self.total = lesson, index, total
        self._answers = answers
        self.experiment_cards: list[ExperimentCard] = []
        self.quiz_cards: list[QuizCard] = []

    def compose(self):  # type: ignore[no-untyped-def]
        lesson, lang = self.lesson, self.lesson.lang
        yield Static(f"{t(lang, 'lesson_of', i=self.index + 1, n=self.total)} · {lesson.title}",
                     classes="lesson-heading")
        yield Static(lesson.summary, classes="lesson-summary")
        experiments = lesson.experiments
        quiz_number = 0
        for block in lesson.blocks:
            widget: Widget
            if isinstance(block, Text):
                widget = Markdown(block.markdown)
            elif isinstance(block, Experiment):
                widget = ExperimentCard(block, experiments.index(block), len(experiments), lang)
                self.experiment_cards.append(widget)
            elif isinstance(block, Quiz):
                quiz_number += 1
                widget = QuizCard(block, quiz_number, lang, self._answers.get(quiz_number))
                self.quiz_cards.append(widget)
            elif isinstance(block, Figure):
                widget = FigureView(block)
            else:
                continue
            yield widget

    def on_mount(self) -> None:
        self.mark_current_quiz()

    def current_quiz(self) -> QuizCard | None:
        return next((card for card in self.quiz_cards if card.answer is None), None)

    def mark_current_quiz(self) -> None:
        current = self.current_quiz()
        for card in self.quiz_cards:
            card.set_current(card is current)

    def answer(self, choice: int) -> QuizCard | None:
        """Answer the first unanswered quiz; None when there is none or the choice does not exist."""
        card = self.current_quiz()
        if card is None or not 1 <= choice <= len(card.quiz.choices):
            return None
        card.set_answer(choice)
        self.mark_current_quiz()
        card.scroll_visible(animate=False)
        return card

    def set_running(self, index: int | None) -> None:
        for i, card in enumerate(self.experiment_cards):
            card.set_active(i == index)


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
        yield Static(f"{t(self._lang, 'broken')}: {self._name}", classes="broken-title")
        for p in self._problems:
            yield Static(f"• {p}")
        yield Static("\n" + t(self._lang, "broken_hint"))
