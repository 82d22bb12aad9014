"""Small synthetic datasets, the same bits for the same seed.

Inputs sit on a comparable scale (roughly [−1, 1]), so one learning rate suits them all.
Labels: binary sets give y : (n, 1) of 0./1.; ``spiral`` gives y : (n,) integer class ids;
regression sets give y : (n, 1) floats.
"""

from __future__ import annotations

from typing import Callable, Final, NamedTuple

import numpy as np

from .catalog import (DATASET_INFO, LINEAR_INTERCEPT, LINEAR_SLOPE, MAX_POINTS, DatasetInfo,
                      dataset_info)

Array = np.ndarray


class Dataset(NamedTuple):
    X_train: Array
    y_train: Array
    X_val: Array
    y_val: Array


def _xor(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    # Uniform in the square, kept 0.1 away from the axes so that a clean boundary exists.
    u = rng.uniform(-1.0, 1.0, size=(n, 2))
    X = np.sign(u) * (0.1 + 0.9 * np.abs(u))
    y = (X[:, 0] * X[:, 1] > 0).astype(np.float64)
    return X + noise * rng.standard_normal((n, 2)), y[:, None]


def _circle(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    inner = np.arange(n) % 2 == 0
    r = np.where(inner, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
    t = rng.uniform(0.0, 2.0 * np.pi, n)
    X = np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    return X + noise * rng.standard_normal((n, 2)), inner.astype(np.float64)[:, None]


def _gauss(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    y = (np.arange(n) % 2).astype(np.float64)
    centres = np.where(y[:, None] == 1.0, 0.5, -0.5)
    X = centres + (0.25 + noise) * rng.standard_normal((n, 2))
    return X, y[:, None]


def _spiral(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    # Three arms, as in the CS231n notes: radius grows with the angle, each arm 4 radians long.
    k = 3
    y = np.arange(n) % k
    r = rng.uniform(0.05, 1.0, n)
    t = 4.0 * (y + r) + 2.0 * noise * rng.standard_normal(n)
    X = np.stack([r * np.sin(t), r * np.cos(t)], axis=1)
    return X, y.astype(np.int64)


def _moons(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    lower = np.arange(n) % 2 == 1
    t = rng.uniform(0.0, np.pi, n)
    x0 = np.where(lower, 1.0 - np.cos(t), np.cos(t))
    x1 = np.where(lower, 0.5 - np.sin(t), np.sin(t))
    X = (np.stack([x0, x1], axis=1) - [0.5, 0.25]) * (2.0 / 3.0)
    return X + noise * rng.standard_normal((n, 2)), lower.astype(np.float64)[:, None]


def _sine(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    x = rng.uniform(-1.0, 1.0, n)
    y = np.sin(2.0 * np.pi * x) + noise * rng.standard_normal(n)
    return x[:, None], y[:, None]


def _linear(rng: np.random.Generator, n: int, noise: float) -> tuple[Array, Array]:
    x = rng.uniform(-1.0, 1.0, n)
    y = LINEAR_SLOPE * x + LINEAR_INTERCEPT + noise * rng.standard_normal(n)
    return x[:, None], y[:, None]


_Maker = Callable[[np.random.Generator, int, float], tuple[Array, Array]]

_MAKERS: Final[dict[str, _Maker]] = {
    "xor": _xor, "circle": _circle, "gauss": _gauss, "spiral": _spiral, "moons": _moons, "sine": _sine,
    "linear": _linear,
}
DATASETS: Final[dict[str, tuple[DatasetInfo, _Maker]]] = {
    name: (info, _MAKERS[name]) for name, info in DATASET_INFO.items()
}


def make_dataset(
    name: str,
    n: int = 400,
    noise: float = 0.1,
    seed: int = 0,
    val_fraction: float = 0.2,
) -> Dataset:
    """``n`` points of dataset ``name``, shuffled, the last ``val_fraction`` held out."""
    info = dataset_info(name)
    if not 4 <= n <= MAX_POINTS:
        raise ValueError(f"n must be between 4 and {MAX_POINTS:,} points, got {n:,}")
    if not 0.0 <= noise <= 10.0:
        raise ValueError(f"noise must be between 0 and 10, got {noise}")
    if not 0.0 < val_fraction < 1.0:
        raise ValueError(f"val_fraction must be between 0 and 1, got {val_fraction}")
    rng = np.random.default_rng(seed)
    X, y = DATASETS[info.name][1](rng, n, noise)
    order = rng.permutation(n)
    X, y = np.ascontiguousarray(X[order]), np.ascontiguousarray(y[order])
    n_val = max(1, round(n * val_fraction))
    return Dataset(X[:-n_val], y[:-n_val], X[-n_val:], y[-n_val:])
