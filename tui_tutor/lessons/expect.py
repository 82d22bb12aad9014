"""Holding an experiment to the claim its lesson makes."""

from __future__ import annotations

import numpy as np

from ..engine import Metrics, Trainer
from .model import Expect, Experiment, Prediction

#: overfits: the final validation loss is this much above its best...
OVERFIT_RISE = 1.10


def run_experiment(experiment: Experiment) -> tuple[Trainer, Metrics]:
    trainer = experiment.config.build(eval_every=max(1, experiment.config.steps // 200))
    metrics = trainer.run(experiment.config.steps)
    return trainer, metrics


def unmet(expect: Expect, trainer: Trainer, m: Metrics) -> list[str]:
    """Each part of the claim the run did not meet, as a sentence; empty when it holds."""
    out: list[str] = []
    diverged = trainer.diverged is not None
    if expect.diverges is not None and expect.diverges != diverged:
        out.append("expected the run to diverge, but it did not" if expect.diverges
                   else f"the run diverged: {trainer.diverged}")
    bounds = [
        ("val_accuracy", m.val_accuracy, expect.val_accuracy_min, expect.val_accuracy_max),
        ("train_accuracy", m.train_accuracy, expect.train_accuracy_min, expect.train_accuracy_max),
        ("val_loss", m.val_loss, expect.val_loss_min, expect.val_loss_max),
        ("train_loss", m.train_loss, None, expect.train_loss_max),
    ]
    for name, value, lo, hi in bounds:
        if lo is not None and not (value is not None and value >= lo):
            out.append(f"{name} = {value:.4g}, expected at least {lo:g}" if value is not None else f"no {name}")
        if hi is not None and not (value is not None and value <= hi):
            out.append(f"{name} = {value:.4g}, expected at most {hi:g}" if value is not None else f"no {name}")
    if expect.overfits is not None and expect.overfits != overfits(trainer):
        out.append("expected training loss to fall while validation loss rises" if expect.overfits
                   else "the run overfits")
    return out


def overfits(trainer: Trainer) -> bool:
    """Validation loss ends ≥10% above its best while training loss ends below its value then."""
    val = trainer.history["val_loss"].view()
    train = trainer.history["train_loss"].view()
    if len(val) < 3 or len(train) < 2:
        return False
    best = int(np.argmin(val.mean))
    train_at_best = float(np.interp(val.steps[best], train.steps, train.mean))
    return bool(val.mean[-1] >= OVERFIT_RISE * val.mean[best] and train.mean[-1] < train_at_best)


def came_true(prediction: Prediction, trainer: Trainer, m: Metrics) -> list[int]:
    """The 1-based choices whose claims hold for this run: what really happened."""
    return [i for i, claim in enumerate(prediction.holds, 1) if not unmet(claim, trainer, m)]


def prediction_problems(prediction: Prediction, trainer: Trainer, m: Metrics) -> list[str]:
    """Empty when the run bears out the answer key: its claim holds and no other choice's does."""
    true = came_true(prediction, trainer, m)
    out = []
    if prediction.answer not in true:
        misses = "; ".join(unmet(prediction.holds[prediction.answer - 1], trainer, m))
        out.append(f"the prediction's answer {prediction.answer} did not happen: {misses}")
    for other in true:
        if other != prediction.answer:
            out.append(f"choice {other} of the prediction also came true, so it cannot be the wrong one")
    return out
