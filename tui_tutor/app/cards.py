"""The directive blocks as they appear in a lesson: experiment cards and quizzes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..lessons import Experiment, Quiz
from .strings import t


def describe(e: Experiment) -> str:
    c = e.config
    widths = "-".join(str(w) for w in c.sizes)
    return (f"{c.dataset} · {widths} {c.activation} · {c.resolved_loss} · "
            f"{c.optimizer} lr {c.lr:g} · {c.steps} steps")


class ExperimentCard(Static):
    DEFAULT_CSS = """
    ExperimentCard {
        border: round $accent; padding: 0 1; margin: 1 0; height: auto;
    }
    ExperimentCard.-active { border: heavy $success; }
    """

    def __init__(self, experiment: Experiment, index: int, count: int, lang: str) -> None:
        super().__init__()
        self.experiment, self.index, self.count, self.lang = experiment, index, count, lang
        self.active = False
        self.update(self._content())

    def set_active(self, active: bool) -> None:
        self.active = active
        self.set_class(active, "-active")
        self.update(self._content())

    def _content(self) -> Text:
        e = self.experiment
        number = f" {self.index + 1}/{self.count}" if self.count > 1 else ""
        out = Text()
        out.append(f"▶ {t(self.lang, 'experiment')}{number}: ", style="bold")
        out.append(e.label, style="bold")
        out.append("\n" + describe(e), style="dim")
        hint = t(self.lang, "running") if self.active else t(self.lang, "run_hint")
        if self.active and self.count > 1:
            hint += " · " + t(self.lang, "next_hint")
        out.append(f"\n{hint}", style="italic")
        return out


class QuizCard(Static):
    DEFAULT_CSS = """
    QuizCard { border: round $primary; padding: 0 1; margin: 1 0; height: auto; }
    QuizCard.-current { border: heavy $warning; }
    QuizCard.-right { border: round $success; }
    QuizCard.-wrong { border: round $error; }
    """

    def __init__(self, quiz: Quiz, number: int, lang: str, answer: int | None = None) -> None:
        super().__init__()
        self.quiz, self.number, self.lang = quiz, number, lang
        self.answer: int | None = None
        self.current = False
        self.set_answer(answer)

    def set_current(self, current: bool) -> None:
        self.current = current
        self.set_class(current and self.answer is None, "-current")
        self.update(self._content())

    def set_answer(self, answer: int | None) -> None:
        self.answer = answer
        self.set_class(answer is not None and answer == self.quiz.answer, "-right")
        self.set_class(answer is not None and answer != self.quiz.answer, "-wrong")
        self.set_class(self.current and answer is None, "-current")
        self.update(self._content())

    def _content(self) -> Text:
        q, lang = self.quiz, self.lang
        out = Text()
        out.append(f"? {t(lang, 'quiz')}: ", style="bold")
        out.append(q.question, style="bold")
        for i, choice in enumerate(q.choices, 1):
            mark = "  "
            style = ""
            if self.answer is not None:
                if i == q.answer:
                    mark, style = "✓ ", "bold green"
                elif i == self.answer:
                    mark, style = "✗ ", "red"
            out.append(f"\n{mark}{i}. {choice}", style=style)
        if self.answer is None:
            if self.current:
                out.append("\n" + t(lang, "quiz_hint", n=len(q.choices)), style="italic")
        else:
            verdict = t(lang, "correct") if self.answer == q.answer else t(lang, "wrong", k=q.answer)
            out.append(f"\n\n{verdict} ", style="bold green" if self.answer == q.answer else "bold red")
            out.append(q.explanation)
        return out
