"""Optimizers: each updates the flat parameter array ``p`` in place from its gradient ``g``.

They work on the whole network at once (see ``MLP``), so one step is a handful of array
operations however many layers there are. ``weight_decay`` adds the L2 penalty's gradient
λ·p to g before the update, as the common frameworks do.
"""

from __future__ import annotations

import math

import numpy as np

Array = np.ndarray


class Optimizer:
    name: str = "optimizer"

    def __init__(self, lr: float, weight_decay: float = 0.0) -> None:
        if not (lr > 0.0 and math.isfinite(lr)):
            raise ValueError(f"the learning rate must be a positive number, got {lr}")
        if not weight_decay >= 0.0:
            raise ValueError(f"weight decay must be >= 0, got {weight_decay}")
        self.lr = float(lr)
        self.weight_decay = float(weight_decay)

    def step(self, p: Array, g: Array) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget any running state (velocity, moments), as at the start of training."""

    def _decayed(self, p: Array, g: Array) -> Array:
        return g + self.weight_decay * p if self.weight_decay else g

    def __repr__(self) -> str:
        extra = f", weight_decay={self.weight_decay:g}" if self.weight_decay else ""
        return f"{type(self).__name__}(lr={self.lr:g}{extra})"


class SGD(Optimizer):
    """p ← p − η·g"""

    name = "sgd"

    def step(self, p: Array, g: Array) -> None:
        g = self._decayed(p, g)
        p -= self.lr * g


class Momentum(Optimizer):
    """v ← β·v + g;  p ← p − η·v

    The velocity v is a running sum of past gradients, so steps grow along directions where the
    gradient keeps its sign and cancel where it oscillates.
    """

    name = "momentum"

    def __init__(self, lr: float, beta: float = 0.9, weight_decay: float = 0.0) -> None:
        super().__init__(lr, weight_decay)
        self.beta = beta
        self.v: Array | None = None

    def reset(self) -> None:
        self.v = None

    def step(self, p: Array, g: Array) -> None:
        g = self._decayed(p, g)
        if self.v is None:
            self.v = np.zeros_like(p)
        self.v *= self.beta
        self.v += g
        p -= self.lr * self.v


class Adam(Optimizer):
    """Adam (Kingma & Ba, 2014), Algorithm 1 of the paper:

        m ← β₁·m + (1 − β₁)·g          first moment: a running mean of g
        v ← β₂·v + (1 − β₂)·g²         second moment: a running mean of g²
        m̂ = m / (1 − β₁ᵗ)              bias correction: m and v start at 0
        v̂ = v / (1 − β₂ᵗ)
        p ← p − η·m̂ / (√v̂ + ε)

    Each parameter gets its own step size, about η, whatever the scale of its gradient.
    """

    name = "adam"

    def __init__(
        self,
        lr: float = 0.001,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__(lr, weight_decay)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.t = 0
        self.m: Array | None = None
        self.v: Array | None = None
        self._buf: Array | None = None

    def reset(self) -> None:
        self.t = 0
        self.m = self.v = self._buf = None

    def step(self, p: Array, g: Array) -> None:
        g = self._decayed(p, g)
        if self.m is None or self.v is None or self._buf is None:
            self.m, self.v, self._buf = np.zeros_like(p), np.zeros_like(p), np.empty_like(p)
        m, v, buf = self.m, self.v, self._buf
        b1, b2 = self.beta1, self.beta2
        self.t += 1
        m *= b1
        m += (1.0 - b1) * g
        v *= b2
        np.multiply(g, g, out=buf)
        buf *= 1.0 - b2
        v += buf
        # η·m̂/(√v̂ + ε) = (η·r/c)·m/(√v + ε·r) with c = 1 − β₁ᵗ and r = √(1 − β₂ᵗ): the bias
        # corrections become two scalars, so no m̂ or v̂ array is ever made.
        c, r = 1.0 - b1**self.t, math.sqrt(1.0 - b2**self.t)
        np.sqrt(v, out=buf)
        buf += self.eps * r
        np.divide(m, buf, out=buf)
        buf *= self.lr * r / c
        p -= buf


OPTIMIZERS: dict[str, type[Optimizer]] = {cls.name: cls for cls in (SGD, Momentum, Adam)}


def make_optimizer(name: str, lr: float, weight_decay: float = 0.0) -> Optimizer:
    """The optimizer called ``name`` (sgd, momentum, adam) with learning rate ``lr``."""
    try:
        cls = OPTIMIZERS[name]
    except KeyError:
        known = ", ".join(OPTIMIZERS)
        raise ValueError(f"unknown optimizer {name!r}; choose one of {known}") from None
    return cls(lr=lr, weight_decay=weight_decay)
