"""Predict, then run: the experiment's question asked before its run plays.

Committing to a guess before seeing the answer is one of the best-tested habits in science
teaching. A small modal shows the question and its numbered choices; a digit commits and the run
starts; `esc` skips this one. After the run, ``outcome_text`` sets the guess beside what happened.

The prediction is read by duck typing (``question``, ``choices``, ``answer`` 1-based,
``explanation``), so any lesson model that carries those works. Lesson text is never markup.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

WORDS = {
    "en": {"title": "Predict first", "hint": "Press 1–{n} to commit to a guess; the run then plays. "
                                              "esc: run without guessing · P: stop asking",
           "guess": "You predicted {k}. {choice}", "right": "✓ Right.", "wrong": "✗ The answer is {k}. {choice}"},
    "ko": {"title": "먼저 예측하기", "hint": "1–{n} 키로 예측을 정하면 실행이 시작됩니다. "
                                          "esc: 예측 없이 실행 · P: 더 묻지 않기",
           "guess": "예측: {k}. {choice}", "right": "✓ 맞았습니다.", "wrong": "✗ 정답은 {k}번입니다. {choice}"},
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def outcome_text(prediction: Any, guess: int, lang: str) -> Text:
    """The guess next to the answer, then the explanation (shown in the panel once the run ends)."""
    w = words(lang)
    choices = list(prediction.choices)
    out = Text(w["guess"].format(k=guess, choice=choices[guess - 1] if 0 < guess <= len(choices) else ""))
    out.append("\n")
    if guess == prediction.answer:
        out.append(w["right"], style="bold green")
    else:
        out.append(w["wrong"].format(k=prediction.answer, choice=choices[prediction.answer - 1]), style="bold red")
    out.append(" " + str(prediction.explanation))
    return out


class PredictScreen(ModalScreen[int | None]):
    """Returns the choice pressed (1-based), or None when skipped."""

    DEFAULT_CSS = """
    PredictScreen { align: center middle; }
    PredictScreen > Vertical { width: 72; max-width: 95%; height: auto; max-height: 90%;
                               border: round $accent; padding: 0 1; background: $surface; }
    PredictScreen .predict-title { text-style: bold; color: $accent; }
    PredictScreen .predict-hint { color: $text-muted; text-style: italic; }
    """
    BINDINGS = [Binding("escape", "skip", show=False), Binding("P", "stop_asking", show=False),
                *[Binding(str(i), f"choose({i})", show=False) for i in range(1, 10)]]

    def __init__(self, prediction: Any, lang: str) -> None:
        super().__init__()
        self.prediction = prediction
        self.lang = lang
        self.stop_asking = False

    def compose(self) -> ComposeResult:
        w, p = words(self.lang), self.prediction
        with Vertical():
            yield Static(w["title"], classes="predict-title")
            yield Static(Text(str(p.question)))
            yield Static(Text("\n".join(f"{i}. {c}" for i, c in enumerate(p.choices, 1))))
            yield Static(w["hint"].format(n=len(p.choices)), classes="predict-hint", markup=False)

    def action_choose(self, choice: int) -> None:
        if 1 <= choice <= len(self.prediction.choices):
            self.dismiss(choice)

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_stop_asking(self) -> None:
        self.stop_asking = True
        self.dismiss(None)
