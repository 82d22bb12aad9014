"""The multi-layer perceptron: Dense layers stacked, the last one linear (losses take logits)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .activations import Identity, get_activation
from .catalog import MAX_PARAMS
from .layers import Dense

Array = np.ndarray



class MLP:
    """MLP([2, 8, 8, 1], activation="tanh", seed=0): 2 inputs, two hidden layers of 8, 1 output.

    All weights and biases live in one flat float64 array, ``params``, and their gradients in
    another, ``grads``; each layer's ``W``, ``b``, ``dW``, ``db`` are views into them. The optimizer
    then updates the whole network with a few array operations instead of a loop over parameters,
    which is most of the cost of a step for the small networks learners train.
    """

    def __init__(self, sizes: Sequence[int], activation: str = "relu", seed: int = 0) -> None:
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or any(s < 1 for s in sizes):
            raise ValueError(f"sizes must list at least an input and an output width >= 1, got {sizes}")
        n_params = sum(a * b + b for a, b in zip(sizes, sizes[1:]))
        if n_params > MAX_PARAMS:
            raise ValueError(
                f"a network of sizes {sizes} has {n_params:,} parameters; "
                f"the limit is {MAX_PARAMS:,}: use narrower layers"
            )
        self.sizes = sizes
        self.activation = activation
        self.seed = seed
        self.params = np.zeros(n_params)
        self.grads = np.zeros(n_params)
        self.layers: list[Dense] = []
        offset = 0
        for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
            last = i == len(sizes) - 2
            act = Identity() if last else get_activation(activation)
            views = []
            for shape in ((fan_in, fan_out), (fan_out,)):
                size = int(np.prod(shape))
                views.append((self.params[offset : offset + size].reshape(shape),
                              self.grads[offset : offset + size].reshape(shape)))
                offset += size
            (W, dW), (b, db) = views
            self.layers.append(Dense(fan_in, fan_out, act, W, b, dW, db))
        self.reset(seed)

    def reset(self, seed: int | None = None) -> None:
        """Draw fresh weights from ``seed`` (the constructor's seed when None)."""
        rng = np.random.default_rng(self.seed if seed is None else seed)
        for layer in self.layers:
            layer.init(rng)
        self.grads[...] = 0.0

    def forward(self, X: Array) -> Array:
        """X : (n, sizes[0]) -> logits : (n, sizes[-1])."""
        h = X
        for layer in self.layers:
            h = layer.forward(h)
        return h

    __call__ = forward

    def backward(self, dlogits: Array) -> None:
        """Backpropagate ∂L/∂logits through every layer, filling ``grads``."""
        d = dlogits
        for i in range(len(self.layers) - 1, -1, -1):
            d = self.layers[i].backward(d, need_dx=i > 0)

    def parameters(self) -> list[Array]:
        return [p for layer in self.layers for p in (layer.W, layer.b)]

    @property
    def n_params(self) -> int:
        return self.params.size

    def __repr__(self) -> str:
        widths = "-".join(str(s) for s in self.sizes)
        return f"MLP({widths}, {self.activation}, {self.n_params} parameters)"
