"""Losses on logits, each returning the mean loss and its gradient with respect to the logits.

Means follow the common frameworks: ``mse`` averages over every element, ``bce`` over every
element, ``ce`` over the examples. The last layer has no activation; sigmoid and softmax live here,
where they can be computed stably together with the logarithm.
"""

from __future__ import annotations

from typing import Final

import numpy as np


Array = np.ndarray


class Loss:
    name: str = "loss"

    def __call__(self, logits: Array, y: Array) -> tuple[float, Array]:
        """(L, ∂L/∂logits) for ``logits : (n, k)`` and targets ``y``."""
        raise NotImplementedError

    def value(self, logits: Array, y: Array) -> float:
        return self(logits, y)[0]

    def __repr__(self) -> str:
        return self.name


class MSE(Loss):
    """L = mean((ŷ − y)²);  ∂L/∂ŷ = 2(ŷ − y) / N, N the number of elements."""

    name = "mse"

    def __call__(self, logits: Array, y: Array) -> tuple[float, Array]:
        diff = logits - y.reshape(logits.shape)
        return float((diff * diff).sum()) / diff.size, (2.0 / diff.size) * diff


class BCE(Loss):
    """Binary cross-entropy on logits z with labels y ∈ {0, 1}.

    L = mean(−y·log σ(z) − (1 − y)·log(1 − σ(z))) = mean(softplus(z) − y·z),
    with softplus(z) = log(1 + e^z) computed by ``logaddexp(0, z)``, which never overflows.
    ∂L/∂z = (σ(z) − y) / N, and σ(z) = e^(z − softplus(z)) reuses the softplus.
    """

    name = "bce"

    def __call__(self, logits: Array, y: Array) -> tuple[float, Array]:
        z = logits
        y = y.reshape(z.shape)
        softplus = np.logaddexp(0.0, z)
        loss = float((softplus - y * z).sum()) / z.size
        return loss, (np.exp(z - softplus) - y) / z.size

    def value(self, logits: Array, y: Array) -> float:
        """L alone, as above, for evaluation: no gradient is computed."""
        z = logits
        return float((np.logaddexp(0.0, z) - y.reshape(z.shape) * z).sum()) / z.size


class CrossEntropy(Loss):
    """Softmax cross-entropy on logits ``(n, k)`` with integer labels ``(n,)``.

    L = mean(logsumexp(z) − z_y);  ∂L/∂z = (softmax(z) − onehot(y)) / n. Subtracting the row
    maximum first keeps exp ≤ 1.
    """

    name = "ce"

    def __call__(self, logits: Array, y: Array) -> tuple[float, Array]:
        n = logits.shape[0]
        rows = np.arange(n)
        labels = y.astype(np.intp, copy=False)
        shifted = logits - logits.max(axis=1, keepdims=True)
        exp = np.exp(shifted)
        total = exp.sum(axis=1, keepdims=True)
        loss = np.log(total[:, 0]) - shifted[rows, labels]
        grad = exp / total
        grad[rows, labels] -= 1.0
        return float(loss.sum()) / n, grad / n


LOSSES: Final[dict[str, type[Loss]]] = {cls.name: cls for cls in (MSE, BCE, CrossEntropy)}


def get_loss(name: str) -> Loss:
    try:
        return LOSSES[name]()
    except KeyError:
        known = ", ".join(LOSSES)
        raise ValueError(f"unknown loss {name!r}; choose one of {known}") from None
