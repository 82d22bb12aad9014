"""What a run's curves show, said in a sentence: the curve explained.

``explain`` is a pure function over the loss history, so the app (when a run ends or is paused)
and headless ``train`` say exactly the same thing, and tests can feed it constructed curves.
It returns a ``Verdict``: a kind, the numbers behind it, the lesson that teaches it, and a
sentence in English or Korean. The checks run in the order a teacher would look:

1. diverged      the run stopped on a blown-up loss: where, and that the learning rate is the usual cause
2. overfitting   validation loss bottomed out at step k, then rose while training loss kept falling
3. flat          training loss hardly moved from the start: lr too small, or a model that cannot fit
4. still-falling training loss was still going down at the end: train longer
5. underfitting  training loss settled, but high compared with guessing
6. healthy       everything fell and settled
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .history import SeriesView
from .train import Trainer

#: Overfitting: the final validation loss is at least this much above its minimum (as in lessons).
OVERFIT_RISE = 1.10
#: Flat: training loss ended above this fraction of where it started.
FLAT_RATIO = 0.90
#: Still falling: over the last ``TAIL`` of the run, the loss fell by more than this fraction...
STILL_FALLING_DROP = 0.05
TAIL = 0.2
#: ... or, where the loss is still high (see ``UNDERFIT_RATIO``), by more than this.
CREEPING_DROP = 0.15
#: ... and it is still worth falling: above this fraction of the guessing baseline.
WORTH_FALLING = 0.05
#: Underfitting: the training loss settled above this fraction of the guessing baseline.
UNDERFIT_RATIO = 0.5
#: Fewer training points than this: too early to say anything.
MIN_POINTS = 10

#: The lesson (by id) that teaches each case.
LESSONS = {
    "diverged": "linear-networks",
    "overfitting": "four-components",
    "flat": "linear-networks",
    "flat-linear": "stacking-linear-layers",
    "still-falling": "multilayer-perceptron",
    "underfitting": "universal-approximation",
    "healthy": "four-components",
}

SENTENCES: dict[str, dict[str, str]] = {
    "en": {
        "diverged": "The loss blew up at step {step} (to {loss:.3g}); a learning rate that is too "
                    "large is the usual cause: lower it and run again.",
        "overfitting": "Overfitting: the validation loss was lowest at step {k} ({val_min:.3g}), then "
                       "rose {rise:.0%} while the training loss kept falling.",
        "flat": "The training loss hardly moved ({start:.3g} → {end:.3g}): the learning rate may be "
                "too small, or the model cannot represent the data, as a linear model on XOR cannot.",
        "flat-linear": "The training loss hardly moved ({start:.3g} → {end:.3g}): this model is "
                       "linear, and a linear model cannot separate these classes however long it trains.",
        "still-falling": "The training loss was still falling at the end ({drop:.0%} lower over the "
                         "last {tail} steps): train longer.",
        "underfitting": "Underfitting: the training loss stays high ({end:.3g}, {ratio:.0%} of what "
                        "guessing scores); the model is too small or too simple for this data.",
        "healthy": "Healthy: the training loss fell from {start:.3g} to {end:.3g} and settled, and "
                   "the validation loss followed ({val_end:.3g}).",
    },
    "ko": {
        "diverged": "손실이 {step}단계에서 폭발했습니다({loss:.3g}). 보통 학습률이 너무 큰 것이 원인입니다. "
                    "낮추고 다시 실행해 보세요.",
        "overfitting": "과적합: 검증 손실은 {k}단계에서 가장 낮았고({val_min:.3g}), 그 뒤 학습 손실이 계속 "
                       "내려가는 동안 {rise:.0%} 올라갔습니다.",
        "flat": "학습 손실이 거의 움직이지 않았습니다({start:.3g} → {end:.3g}). 학습률이 너무 작거나, "
                "XOR 위의 선형 모델처럼 모델이 데이터를 표현하지 못하는 것입니다.",
        "flat-linear": "학습 손실이 거의 움직이지 않았습니다({start:.3g} → {end:.3g}). 이 모델은 선형이고, "
                       "선형 모델은 아무리 오래 학습해도 이 클래스들을 나누지 못합니다.",
        "still-falling": "끝에서도 학습 손실이 내려가고 있었습니다(마지막 {tail}단계 동안 {drop:.0%} "
                         "감소). 더 오래 학습시켜 보세요.",
        "underfitting": "과소적합: 학습 손실이 높게 머뭅니다({end:.3g}, 찍기 수준의 {ratio:.0%}). 이 "
                        "데이터에 비해 모델이 너무 작거나 단순합니다.",
        "healthy": "건강한 학습: 학습 손실이 {start:.3g}에서 {end:.3g}로 내려가 자리를 잡았고, 검증 "
                   "손실도 따라왔습니다({val_end:.3g}).",
    },
}


@dataclass(frozen=True)
class Verdict:
    """What the curves show: ``kind`` (a key of ``LESSONS``), its numbers, the lesson to read."""

    kind: str
    numbers: dict[str, float] = field(default_factory=dict)

    @property
    def lesson(self) -> str:
        return LESSONS[self.kind]

    def sentence(self, lang: str = "en") -> str:
        table = SENTENCES.get(lang, SENTENCES["en"])
        return table[self.kind].format(**self.numbers)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: numbers that are not finite (a loss of inf) become None."""
        numbers = {k: v if math.isfinite(v) else None for k, v in self.numbers.items()}
        return {"kind": self.kind, "numbers": numbers, "lesson": self.lesson,
                "sentence": self.sentence("en")}


def explain(train: SeriesView, val: SeriesView | None = None, *, diverged_step: int | None = None,
            diverged_loss: float | None = None, baseline: float | None = None, linear: bool = False) -> Verdict | None:
    """The verdict on a run; None when there is too little of it to judge.

    train, val : the loss histories (bucketed, as ``History`` keeps them)
    diverged_step, diverged_loss : the step the run blew up at, when it did, and the loss there
    baseline : the loss of guessing (the class prior, or the mean target); defaults to the start
    linear : the model has no nonlinearity, so flat means it cannot represent curved boundaries
    """
    t_steps, t_loss = _finite(train)
    if diverged_step is not None:
        if diverged_loss is None:
            diverged_loss = float(train.high[-1]) if len(train) else math.inf
        return Verdict("diverged", {"step": diverged_step, "loss": diverged_loss})
    if len(t_loss) < MIN_POINTS:
        return None
    start = float(t_loss[0])
    tail_from = t_steps[-1] - TAIL * (t_steps[-1] - t_steps[0])
    tail = t_loss[t_steps >= tail_from]
    end = float(np.mean(t_loss[-max(1, len(t_loss) // 20):]))
    base = baseline if baseline and baseline > 0 else start

    if val is not None:
        v_steps, v_loss = _finite(val)
        if len(v_loss) >= 3:
            best = int(np.argmin(v_loss))
            train_at_best = float(np.interp(v_steps[best], t_steps, t_loss))
            if v_loss[-1] >= OVERFIT_RISE * v_loss[best] and t_loss[-1] < train_at_best:
                return Verdict("overfitting", {"k": int(v_steps[best]), "val_min": float(v_loss[best]),
                                               "val_end": float(v_loss[-1]),
                                               "rise": float(v_loss[-1] / v_loss[best] - 1.0)})
    val_end = float(_finite(val)[1][-1]) if val is not None and len(_finite(val)[1]) else end
    numbers = {"start": start, "end": end, "val_end": val_end, "ratio": end / base}
    if end > FLAT_RATIO * start:
        return Verdict("flat-linear" if linear else "flat", numbers)
    drop = 1.0 - float(np.mean(tail[-max(1, len(tail) // 5):])) / float(np.mean(tail[: max(1, len(tail) // 5)]))
    high = end > UNDERFIT_RATIO * base
    # A high loss creeping down a little is a model that cannot do better, not one cut short.
    if drop > (CREEPING_DROP if high else STILL_FALLING_DROP) and end > WORTH_FALLING * base:
        return Verdict("still-falling", {**numbers, "drop": drop,
                                         "tail": int(t_steps[-1] - tail_from)})
    if high:
        return Verdict("underfitting", numbers)
    return Verdict("healthy", numbers)


def explain_run(trainer: Trainer) -> Verdict | None:
    """``explain`` for a trainer: its history, where it diverged, its guessing baseline."""
    step = None
    if trainer.diverged:
        found = re.search(r"at step (\d+)", trainer.diverged)
        step = int(found.group(1)) if found else trainer.step_count + 1
    model = trainer.model
    linear = len(model.sizes) == 2 or model.activation == "identity"
    return explain(trainer.history["train_loss"].view(), trainer.history["val_loss"].view(),
                   diverged_step=step, diverged_loss=trainer.last_loss, baseline=guess_loss(trainer), linear=linear)


def guess_loss(trainer: Trainer) -> float:
    """The loss of the best constant guess on the training set: the bar a model must clear."""
    y = trainer.data.y_train
    if trainer.loss.name == "mse":
        return float(np.mean((y - y.mean(axis=0)) ** 2))
    if trainer.loss.name == "bce":
        p = float(np.clip(y.mean(), 1e-12, 1 - 1e-12))
        return -(p * math.log(p) + (1 - p) * math.log(1 - p))
    counts = np.bincount(y.astype(int))
    p = counts[counts > 0] / len(y)
    return float(-(p * np.log(p)).sum())


def _finite(view: SeriesView) -> tuple[np.ndarray, np.ndarray]:
    keep = np.isfinite(view.mean)
    return view.steps[keep], view.mean[keep]
