"""The engine's Trainer, with the learner's functions in place of the engine's math.

Runs in the child process only. ``YourMLP`` keeps the engine's parameter buffers and He/Glorot
initialisation (so the same seed starts from the same weights) but computes forward and backward
with the learner's ``affine_forward``, activations and ``dense_backward``; the loss and the
optimizer are theirs too. Batching, divergence and evaluation stay the engine's, so a run with
correct code matches the engine's run number for number, up to rounding.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import numpy as np

from ..engine import MLP, Optimizer, RunConfig, Trainer, make_dataset
from ..engine.losses import Loss

Array = np.ndarray
Load = Callable[[str], ModuleType]


class NotFinite(Exception):
    """The learner's function returned NaN or inf where the inputs were finite."""

    def __init__(self, func: str, what: str) -> None:
        super().__init__(f"{func} gave a non-finite {what}")
        self.func, self.what = func, what


def finite(value: Any, func: str, what: str, *inputs: Array) -> Array:
    """``value`` as an array; NotFinite if it holds NaN or inf although every input was finite
    (with non-finite inputs the run is diverging, which the Trainer reports in its own words)."""
    a = np.asarray(value, dtype=np.float64)
    if not np.isfinite(a).all() and all(np.isfinite(x).all() for x in inputs):
        raise NotFinite(func, what)
    return a


class YourMLP(MLP):
    def __init__(self, sizes: list[int], activation: str, seed: int, load: Load) -> None:
        super().__init__(sizes, activation=activation, seed=seed)
        self.affine = load("affine_forward").affine_forward
        self.backward_fn = load("dense_backward").dense_backward
        self.linear = activation == "identity"
        if not self.linear:
            acts = load("activations")
            self.act, self.act_grad = getattr(acts, activation), getattr(acts, f"{activation}_grad")
        self._cache: list[tuple[Array, Array]] = []

    def forward(self, X: Array) -> Array:
        h, last = X, len(self.layers) - 1
        self._cache = []
        for i, layer in enumerate(self.layers):
            z = np.asarray(self.affine(h, layer.W, layer.b), dtype=np.float64)
            self._cache.append((h, z))
            h = z if i == last or self.linear else np.asarray(self.act(z), dtype=np.float64)
        return h

    __call__ = forward

    def backward(self, dlogits: Array) -> None:
        d, last = dlogits, len(self.layers) - 1
        for i in range(last, -1, -1):
            layer, (x, z) = self.layers[i], self._cache[i]
            dz = d if i == last or self.linear else d * finite(self.act_grad(z), f"{self.activation}_grad", "slope", z)
            dW, db, dx = self.backward_fn(x, layer.W, dz)
            layer.dW[...] = finite(dW, "dense_backward", f"dW (layer {i + 1})", x, dz)
            layer.db[...] = finite(db, "dense_backward", f"db (layer {i + 1})", dz)
            d = np.asarray(dx, dtype=np.float64)


class YourLoss(Loss):
    def __init__(self, name: str, fn: Callable[[Array, Array], tuple[float, Array]]) -> None:
        self.name, self.fn = name, fn

    def __call__(self, logits: Array, y: Array) -> tuple[float, Array]:
        loss, grad = self.fn(logits, y.reshape(logits.shape))
        return float(loss), np.asarray(grad, dtype=np.float64)


class YourOptimizer(Optimizer):
    """Keeps the learner's optimizer state between steps: velocity, moments, step number."""

    def __init__(self, name: str, fn: Callable[..., Any], lr: float, weight_decay: float) -> None:
        super().__init__(lr, weight_decay)
        self.name, self.fn = name, fn
        self.reset()

    def reset(self) -> None:
        self.t, self.m, self.v = 0, None, None

    def step(self, p: Array, g: Array) -> None:
        g = self._decayed(p, g)
        func = f"{self.name}_step"
        if self.name == "sgd":
            p[...] = finite(self.fn(p, g, self.lr), func, "p", p, g)
            return
        if self.v is None:
            self.m, self.v = np.zeros_like(p), np.zeros_like(p)
        if self.name == "momentum":
            new_p, self.v = self.fn(p, g, self.v, self.lr, 0.9)
        else:
            self.t += 1
            new_p, self.m, self.v = self.fn(p, g, self.m, self.v, self.t, self.lr, 0.9, 0.999, 1e-8)
        p[...] = finite(new_p, func, "p", p, g)


OPTIMIZER_FUNCS = {"sgd": ("sgd", "sgd_step"), "momentum": ("momentum", "momentum_step"), "adam": ("adam", "adam_step")}


def needed(config: RunConfig) -> list[str]:
    """The exercises a run of ``config`` with your code calls."""
    names = ["affine_forward", "dense_backward"]
    if config.activation != "identity":
        names.append("activations")
    names.append(config.resolved_loss)
    names.append(OPTIMIZER_FUNCS.get(config.optimizer, (config.optimizer, ""))[0])
    return names


def build(config: RunConfig, load: Load, eval_every: int) -> Trainer:
    """A Trainer for ``config`` running your code; ValueError when the run cannot use it."""
    problems = config.problems()
    if problems:
        raise ValueError("; ".join(problems))
    loss_name = config.resolved_loss
    data = make_dataset(config.dataset, n=config.n, noise=config.noise, seed=config.seed,
                        val_fraction=config.val_fraction)
    model = YourMLP(config.sizes, config.activation, config.seed, load)
    module, func = OPTIMIZER_FUNCS[config.optimizer]
    optimizer = YourOptimizer(config.optimizer, getattr(load(module), func), config.lr, config.weight_decay)
    loss = YourLoss(loss_name, getattr(load(loss_name), loss_name))
    return Trainer(model, loss, optimizer, data, batch_size=config.batch_size, seed=config.seed,
                   eval_every=eval_every)
