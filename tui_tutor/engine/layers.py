"""The dense layer: an affine map followed by a nonlinearity, with its backward pass beside it."""

from __future__ import annotations

import numpy as np

from .activations import Activation, Identity

Array = np.ndarray


class Dense:
    """h = act(x·W + b).

    W : (fan_in, fan_out)   b : (fan_out,)   x : (n, fan_in)   h : (n, fan_out)

    ``W``, ``b`` and their gradients ``dW``, ``db`` are views into the model's flat parameter
    and gradient buffers, so an optimizer can update every parameter in one array operation.
    ``forward`` keeps the last ``x``, ``z`` and ``h`` for ``backward``; nothing else accumulates.
    """

    def __init__(
        self,
        fan_in: int,
        fan_out: int,
        activation: Activation,
        W: Array,
        b: Array,
        dW: Array,
        db: Array,
    ) -> None:
        self.fan_in = fan_in
        self.fan_out = fan_out
        self.activation = activation
        self.W, self.b, self.dW, self.db = W, b, dW, db
        self._linear = isinstance(activation, Identity)
        self.x: Array | None = None
        self.z: Array | None = None
        self.h: Array | None = None
        self._ones = np.ones(0)

    def init(self, rng: np.random.Generator) -> None:
        """He (ReLU) or Glorot (tanh, sigmoid, identity) uniform weights; zero biases.

        Both keep the variance of the signal roughly constant from layer to layer at the start:
        He uses Var(W) = 2/fan_in because ReLU zeroes half its inputs; Glorot uses
        Var(W) = 2/(fan_in + fan_out). A uniform on [−a, a] has variance a²/3.
        """
        if self.activation.init == "he":
            limit = np.sqrt(6.0 / self.fan_in)
        else:
            limit = np.sqrt(6.0 / (self.fan_in + self.fan_out))
        self.W[...] = rng.uniform(-limit, limit, size=self.W.shape)
        self.b[...] = 0.0

    def forward(self, x: Array) -> Array:
        """x : (n, fan_in) -> h : (n, fan_out).

        Training runs this same math from engine/fused.py, with examples as columns and every
        array reused, which is faster but harder to read.
        """
        z = x @ self.W
        z += self.b
        h = self.activation.forward(z)
        self.x, self.z, self.h = x, z, h
        return h

    def backward(self, dh: Array, need_dx: bool = True) -> Array | None:
        """dh = ∂L/∂h : (n, fan_out) -> ∂L/∂x : (n, fan_in); fills dW and db.

        Chain rule through h = act(z), z = x·W + b:
            dz = dh ⊙ act′(z)
            dW = xᵀ · dz        db = Σ over the batch of dz = 1ᵀ · dz
            dx = dz · Wᵀ
        The first layer's dx would be a gradient for the data, which nothing uses: skip it.
        Training runs this same math from engine/fused.py (examples as columns, buffers reused).
        """
        assert self.x is not None and self.z is not None and self.h is not None, "forward first"
        dz = dh if self._linear else dh * self.activation.grad(self.z, self.h)
        np.matmul(self.x.T, dz, out=self.dW)
        if len(self._ones) != len(dz):
            self._ones = np.ones(len(dz))
        np.matmul(self._ones, dz, out=self.db)  # as a product, BLAS sums faster than np.sum
        return dz @ self.W.T if need_dx else None

    @property
    def n_params(self) -> int:
        return self.W.size + self.b.size

    def __repr__(self) -> str:
        return f"Dense({self.fan_in} -> {self.fan_out}, {self.activation})"
