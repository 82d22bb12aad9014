"""The training loop: one ``step()`` is forward, loss, backward and one optimizer update."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .activations import sigmoid
from .data import Dataset
from .fused import Fused
from .history import History
from .losses import Loss, get_loss
from .model import MLP
from .optim import Optimizer

Array = np.ndarray

#: A loss this many times its starting value (or 1, if larger) counts as divergence: the run is
#: lost long before the numbers overflow, and some losses (BCE on huge logits) never do.
EXPLOSION_FACTOR = 1e4


@dataclass(frozen=True)
class Metrics:
    """Losses over the whole train and validation sets; accuracies None for regression."""

    train_loss: float
    val_loss: float
    train_accuracy: float | None
    val_accuracy: float | None


class Trainer:
    """Trains ``model`` on ``data``; full batch when ``batch_size`` is None.

    ``step()`` returns the training loss on its batch computed before that step's update.
    Every ``eval_every`` steps (0: never) the whole train and validation sets are evaluated into
    ``history``. Divergence is an outcome: ``diverged`` then holds a sentence saying what happened
    and what to try, and the trainer refuses further steps until ``reset()``.
    """

    def __init__(
        self,
        model: MLP,
        loss: str | Loss,
        optimizer: Optimizer,
        data: Dataset,
        batch_size: int | None = None,
        seed: int = 0,
        eval_every: int = 10,
        history_capacity: int = 512,
    ) -> None:
        if batch_size is not None and batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.model = model
        self.loss = get_loss(loss) if isinstance(loss, str) else loss
        self.optimizer = optimizer
        self.data = data
        self.batch_size = batch_size
        self.seed = seed
        self.eval_every = eval_every
        self.history_capacity = history_capacity
        self.classification = self.loss.name in ("bce", "ce")
        self._check_shapes()
        # What forward and backward run on: the engine's own MLP through engine/fused.py (the
        # same math, computed in place); any other model, such as a learner's, as it is.
        self.net = Fused.wrap(model)
        self._X_all = np.concatenate([data.X_train, data.X_val])
        self.reset(reinit=False)

    def _check_shapes(self) -> None:
        X, y = self.data.X_train, self.data.y_train
        sizes = self.model.sizes
        if X.shape[1] != sizes[0]:
            raise ValueError(f"the data has {X.shape[1]} inputs but the model takes {sizes[0]}")
        if self.loss.name == "ce":
            if y.ndim != 1:
                raise ValueError("the ce loss needs integer class labels of shape (n,)")
            if int(y.max()) >= sizes[-1]:
                raise ValueError(f"the data has {int(y.max()) + 1} classes but the model has {sizes[-1]} outputs")
        elif y.ndim != 2 or y.shape[1] != sizes[-1]:
            raise ValueError(f"targets of shape {y.shape} do not fit a model with {sizes[-1]} outputs; "
                             f"use the ce loss for class labels")

    def reset(self, reinit: bool = True) -> None:
        """Back to step 0: fresh weights (when ``reinit``), optimizer state, shuffling and history."""
        if reinit:
            self.model.reset()
        self.optimizer.reset()
        self.rng = np.random.default_rng(self.seed)
        self.step_count = 0
        self.history = History(self.history_capacity)
        self.diverged: str | None = None
        self.last_loss: float | None = None
        self._first_loss: float | None = None
        self._order: Array | None = None
        self._cursor = 0

    def _batch(self) -> tuple[Array, Array]:
        X, y = self.data.X_train, self.data.y_train
        n = len(X)
        if self.batch_size is None or self.batch_size >= n:
            return X, y
        # Shuffle once per epoch; an incomplete last batch of an epoch is dropped.
        if self._order is None or self._cursor + self.batch_size > n:
            self._order = self.rng.permutation(n)
            self._cursor = 0
        idx = self._order[self._cursor : self._cursor + self.batch_size]
        self._cursor += self.batch_size
        return X[idx], y[idx]

    def step(self) -> float:
        if self.diverged:
            raise RuntimeError("this run diverged; call reset() before stepping again")
        X, y = self._batch()
        with np.errstate(all="ignore"):  # overflow is detected below and reported as divergence
            logits = self.net.forward(X)
            loss, dlogits = self.loss(logits, y)
            if self._diverging(loss):
                return loss
            self.net.backward(dlogits)
            self.optimizer.step(self.model.params, self.model.grads)
        self.step_count += 1
        self.last_loss = loss
        self.history["train_loss"].append(self.step_count, loss)
        if self.eval_every and self.step_count % self.eval_every == 0:
            self.record()
        return loss

    def _diverging(self, loss: float) -> bool:
        step = self.step_count + 1
        if self._first_loss is None:
            self._first_loss = loss
        if not math.isfinite(loss):
            what = f"loss became {loss}"
        elif loss > EXPLOSION_FACTOR * max(self._first_loss, 1.0):
            what = f"loss grew from {self._first_loss:.3g} to {loss:.3g}"
        else:
            return False
        # The step that saw the loss blow up counts, so the status, the message and the curve agree.
        self.step_count = step
        if math.isfinite(loss):
            self.history["train_loss"].append(step, loss)
        self.diverged = f"diverged at step {step}: {what}; try a smaller learning rate"
        self.last_loss = loss
        return True

    def run(self, steps: int) -> Metrics:
        """Take up to ``steps`` steps, stopping early on divergence."""
        for _ in range(steps):
            self.step()
            if self.diverged:
                break
        return self.evaluate()

    def evaluate(self) -> Metrics:
        d = self.data
        with np.errstate(all="ignore"):
            logits = self.net.forward(self._X_all)  # train and validation points in one pass
            train_logits, val_logits = logits[: len(d.X_train)], logits[len(d.X_train) :]
            train_loss = self.loss.value(train_logits, d.y_train)
            val_loss = self.loss.value(val_logits, d.y_val)
        if not self.diverged and not np.isfinite(self.model.params).all():
            self.diverged = (f"diverged at step {self.step_count}: a parameter became infinite; "
                             "try a smaller learning rate")
        if not self.classification:
            return Metrics(train_loss, val_loss, None, None)
        return Metrics(train_loss, val_loss,
                       accuracy(train_logits, d.y_train), accuracy(val_logits, d.y_val))

    def record(self) -> Metrics:
        """Evaluate now and add the result to the history."""
        m = self.evaluate()
        h, step = self.history, self.step_count
        if math.isfinite(m.val_loss):
            h["val_loss"].append(step, m.val_loss)
        if m.train_accuracy is not None and m.val_accuracy is not None:
            h["train_accuracy"].append(step, m.train_accuracy)
            h["val_accuracy"].append(step, m.val_accuracy)
        return m

    def predict(self, X: Array) -> Array:
        """What the model says at X, for drawing: P(class 1) for binary, class ids for
        multi-class, the prediction itself for regression. Shape (n,)."""
        with np.errstate(all="ignore"):
            logits = self.model.forward(X)
        if self.loss.name == "bce":
            return sigmoid(logits[:, 0])
        if self.loss.name == "ce":
            return logits.argmax(axis=1).astype(np.float64)
        return logits[:, 0]


def finite_or_none(x: float | None) -> float | None:
    """The number, or None where it is missing, NaN or infinite (for JSON and for display)."""
    return x if x is not None and math.isfinite(x) else None


def accuracy(logits: Array, y: Array) -> float:
    """Fraction correct: logit > 0 means class 1 for one output; argmax for several."""
    if logits.shape[1] == 1:
        return float(np.mean((logits[:, 0] > 0.0) == (y.reshape(-1) > 0.5)))
    return float(np.mean(logits.argmax(axis=1) == y))
