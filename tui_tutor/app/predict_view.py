"""Predict, then run: the experiment's question asked before its run plays.

Committing to a guess before seeing the answer is one of the best-tested habits in science
teaching. A small modal shows the lesson's ``Prediction`` (question, numbered choices); a digit
commits and the run starts; `esc` skips this one. When the run ends, ``outcome_text`` sets the
guess beside what really happened: the choices whose claims (``Prediction.holds``) the run bore
out, checked by ``came_true`` on the training thread, not the answer key the lesson expected.
Lesson text is shown as text through ``shown``, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..lessons import Prediction
from ..safe_text import clean, shown

WORDS = {
    "en": {"title": "Predict first", "hint": "Press 1–{n} to commit to a guess; the run then plays. "
                                              "esc: run without guessing · P: stop asking",
           "guess": "You predicted {k}. {choice}", "happened": "What happened: {k}. {choice}",
           "none": "What happened matches none of the choices (was the setup changed during the run?).",
           "right": "✓ Right.", "wrong": "✗ Not this time."},
    "ko": {"title": "먼저 예측하기", "hint": "1–{n} 키로 예측을 정하면 실행이 시작됩니다. "
                                          "esc: 예측 없이 실행 · P: 더 묻지 않기",
           "guess": "예측: {k}. {choice}", "happened": "실제 결과: {k}. {choice}",
           "none": "실제 결과는 어느 선택지와도 맞지 않습니다(실행 중에 설정을 바꾸었나요?).",
           "right": "✓ 맞았습니다.", "wrong": "✗ 이번에는 빗나갔습니다."},
}


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def outcome_text(prediction: Prediction, guess: int, came_true: Sequence[int], lang: str) -> Text:
    """The guess, what the run did (each choice's claim checked against it), the explanation."""
    w = words(lang)
    choices = [shown(c) for c in prediction.choices]

    def choice(k: int) -> str:
        return choices[k - 1] if 0 < k <= len(choices) else ""

    out = Text(w["guess"].format(k=guess, choice=choice(guess)))
    out.append("\n")
    if came_true:
        out.append("\n".join(w["happened"].format(k=k, choice=choice(k)) for k in came_true))
    else:
        out.append(w["none"])
    out.append("\n")
    if guess in came_true:
        out.append(w["right"], style="bold green")
    else:
        out.append(w["wrong"], style="bold red")
    out.append(" " + clean(prediction.explanation))
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

    def __init__(self, prediction: Prediction, lang: str) -> None:
        super().__init__()
        self.prediction = prediction
        self.lang = lang
        self.stop_asking = False

    def compose(self) -> ComposeResult:
        w, p = words(self.lang), self.prediction
        with Vertical():
            yield Static(w["title"], classes="predict-title")
            yield Static(Text(clean(p.question)))
            yield Static(Text("\n".join(f"{i}. {shown(c)}" for i, c in enumerate(p.choices, 1))))
            yield Static(w["hint"].format(n=len(p.choices)), classes="predict-hint", markup=False)

    def action_choose(self, choice: int) -> None:
        if 1 <= choice <= len(self.prediction.choices):
            self.dismiss(choice)

    def action_skip(self) -> None:
        self.dismiss(None)

    def action_stop_asking(self) -> None:
        self.stop_asking = True
        self.dismiss(None)
