"""Activation functions, each with its derivative beside it.

``forward(z)`` returns ``h = act(z)``; ``grad(z, h)`` returns ``∂h/∂z`` elementwise. The derivative
gets both ``z`` and ``h`` because for tanh and sigmoid it is cheapest written in terms of the
output: tanh′ = 1 − h², σ′ = h·(1 − h).
"""

from __future__ import annotations

from typing import Final

import numpy as np

Array = np.ndarray


class Activation:
    """A nonlinearity applied elementwise after an affine map."""

    name: str = "activation"
    #: He initialisation suits ReLU (it zeroes half its inputs); Glorot suits the rest.
    init: str = "glorot"

    def forward(self, z: Array) -> Array:
        raise NotImplementedError

    def grad(self, z: Array, h: Array) -> Array:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


class Identity(Activation):
    """h = z: a layer with it is purely linear (affine)."""

    name = "identity"

    def forward(self, z: Array) -> Array:
        return z

    def grad(self, z: Array, h: Array) -> Array:
        return np.ones_like(z)


class ReLU(Activation):
    """h = max(0, z); h′ = 1 where z > 0, else 0."""

    name = "relu"
    init = "he"

    def forward(self, z: Array) -> Array:
        return np.maximum(z, 0.0)

    def grad(self, z: Array, h: Array) -> Array:
        return (z > 0.0).astype(z.dtype)


class Tanh(Activation):
    """h = tanh(z); h′ = 1 − h²."""

    name = "tanh"

    def forward(self, z: Array) -> Array:
        return np.tanh(z)

    def grad(self, z: Array, h: Array) -> Array:
        return 1.0 - h * h


class Sigmoid(Activation):
    """h = σ(z) = 1 / (1 + e^−z); h′ = h·(1 − h)."""

    name = "sigmoid"

    def forward(self, z: Array) -> Array:
        return sigmoid(z)

    def grad(self, z: Array, h: Array) -> Array:
        return h * (1.0 - h)


def sigmoid(z: Array) -> Array:
    """σ(z) without overflow: e^−|z| never exceeds 1, so neither branch can blow up."""
    e = np.exp(-np.abs(z))
    return np.where(z >= 0.0, 1.0, e) / (1.0 + e)


ACTIVATIONS: Final[dict[str, type[Activation]]] = {
    cls.name: cls for cls in (Identity, ReLU, Tanh, Sigmoid)
}


def get_activation(name: str) -> Activation:
    """The activation called ``name``; ValueError lists the known names otherwise."""
    try:
        return ACTIVATIONS[name]()
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose one of {known}") from None
