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
        self.state = "ready"  # what the run of this experiment is doing, while it is the loaded one
        self.update(self._content())

    def set_active(self, active: bool, state: str = "ready") -> None:
        if (active, state) == (self.active, self.state):
            return
        self.active, self.state = active, state
        self.set_class(active, "-active")
        self.update(self._content())

    def _content(self) -> Text:
        e = self.experiment
        number = f" {self.index + 1}/{self.count}" if self.count > 1 else ""
        out = Text()
        out.append(f"▶ {t(self.lang, 'experiment')}{number}: ", style="bold")
        out.append(e.label, style="bold")
        out.append("\n" + describe(e), style="dim")
        if not self.active:
            out.append("\n" + t(self.lang, "run_hint"), style="italic")
            return out
        style = {"training": "bold green", "paused": "bold yellow", "diverged": "bold red",
                 "error": "bold red", "done": "bold cyan"}.get(self.state, "bold")
        out.append("\n" + t(self.lang, f"card_{self.state}"), style=style)
        if self.count > 1 and self.state in ("done", "diverged"):
            out.append(" · " + t(self.lang, "next_hint"), style="italic")
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

    @property
    def right(self) -> bool:
        return self.answer == self.quiz.answer

    def set_current(self, current: bool) -> None:
        if current == self.current:
            return
        self.current = current
        self.set_class(current and not self.right, "-current")
        self.update(self._content())

    def set_answer(self, answer: int | None) -> None:
        self.answer = answer
        self.set_class(answer is not None and answer == self.quiz.answer, "-right")
        self.set_class(answer is not None and answer != self.quiz.answer, "-wrong")
        self.set_class(self.current and not self.right, "-current")
        self.update(self._content())

    def _content(self) -> Text:
        q, lang = self.quiz, self.lang
        out = Text()
        out.append(f"? {t(lang, 'quiz')}: ", style="bold")
        out.append(q.question, style="bold")
        for i, choice in enumerate(q.choices, 1):
            mark = "  "
            style = ""
            if self.right and i == q.answer:
                mark, style = "✓ ", "bold green"
            elif self.answer is not None and i == self.answer:
                mark, style = "✗ ", "red"
            out.append(f"\n{mark}{i}. {choice}", style=style)
        if self.right:
            out.append(f"\n\n{t(lang, 'correct')} ", style="bold green")
            out.append(q.explanation)
            return out
        if self.answer is not None:  # wrong: say so, keep the answer and the reason for a retry
            out.append("\n" + t(lang, "wrong_retry"), style="bold red")
        if self.current:
            out.append("\n" + t(lang, "quiz_hint", n=len(q.choices)), style="italic")
        return out
