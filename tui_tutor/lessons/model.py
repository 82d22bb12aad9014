"""What a lesson is once loaded: plain, frozen dataclasses the app and the tests read."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from ..engine import RunConfig
from ..safe_text import shown


@dataclass(frozen=True)
class Problem:
    """Something wrong in a lesson file, said so a person can fix it."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return shown(f"{self.path}:{self.line}: {self.message}")


class LessonError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Text:
    markdown: str
    line: int


@dataclass(frozen=True)
class Expect:
    """The claim a lesson makes about an experiment's outcome; None where it claims nothing."""

    val_accuracy_min: float | None = None
    val_accuracy_max: float | None = None
    train_accuracy_min: float | None = None
    train_accuracy_max: float | None = None
    val_loss_max: float | None = None
    val_loss_min: float | None = None
    train_loss_max: float | None = None
    diverges: bool | None = None
    overfits: bool | None = None


@dataclass(frozen=True)
class Prediction:
    """A question ``x`` asks before an experiment plays, so the learner commits to a guess.

    ``holds`` has one claim per choice, in the same order: the claim that is true of the run
    exactly when that choice is what happens. Tests run the experiment and require the claim of
    ``answer`` to hold and every other claim to fail, so a wrong answer key cannot ship.
    """

    question: str
    choices: tuple[str, ...]
    answer: int  # 1-based: the key the learner presses
    explanation: str
    holds: tuple[Expect, ...]
    line: int  # the line of the question (the experiment block's own line is Experiment.line)


@dataclass(frozen=True)
class Experiment:
    label: str
    config: RunConfig
    expect: Expect
    line: int
    predict: Prediction | None = None
    seconds: float | None = None  # how long the app spreads the run over; None: its default


@dataclass(frozen=True)
class Quiz:
    question: str
    choices: tuple[str, ...]
    answer: int  # 1-based: the key the learner presses
    explanation: str
    line: int


@dataclass(frozen=True)
class Figure:
    kind: str
    params: dict[str, Any]
    caption: str
    line: int


Block = Union[Text, Experiment, Quiz, Figure]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    order: int
    summary: str
    lang: str
    path: Path
    blocks: tuple[Block, ...] = field(default=())
    code: tuple[str, ...] = ()  # engine names whose real source `v` shows

    @property
    def experiments(self) -> list[Experiment]:
        return [b for b in self.blocks if isinstance(b, Experiment)]

    @property
    def quizzes(self) -> list[Quiz]:
        return [b for b in self.blocks if isinstance(b, Quiz)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]


@dataclass(frozen=True)
class BrokenLesson:
    """A lesson file that failed to load, kept in the list so the learner sees which and why."""

    path: Path
    lang: str
    problems: tuple[str, ...]
    blocks: tuple[Block, ...] = ()
    code: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"broken:{self.path.name}"

    @property
    def order(self) -> int:
        digits = self.path.name[:2]
        return int(digits) if digits.isdigit() else 99

    @property
    def title(self) -> str:
        return shown(self.path.name)

    @property
    def summary(self) -> str:
        return self.problems[0] if self.problems else ""

    experiments: tuple[Experiment, ...] = ()
    quizzes: tuple[Quiz, ...] = ()
    figures: tuple[Figure, ...] = ()
