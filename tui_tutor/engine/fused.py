"""The model's forward and backward as the Trainer runs them: Dense's math, laid out for speed.

``Dense.forward`` and ``Dense.backward`` (layers.py) are the readable version, and the one the
lessons show. Training runs this one, which computes the same numbers with fewer, larger array
calls. For the small networks learners train, a step costs what its array calls cost (about a
microsecond each), not what its arithmetic costs. Three differences, none in the math:

1. **Examples are columns.** A layer's input is ``(fan_in + 1, n)``, not ``(n, fan_in)``, so
   an activation and its derivative run over rows as long as the batch, not as short as the layer.
2. **The bias rides in the weights.** The last row of every input is ones, and the flat
   parameter array already stores a layer's ``b`` right after its ``W``, so
   ``W_aug = [W; b]`` : (fan_in + 1, fan_out) is a view of it. Then z = W_augᵀ·x_aug is one
   matrix product, and ``[dW; db] = x_aug·dzᵀ`` is another: x·W + b and 1ᵀ·dz, both at once.
3. **Nothing is allocated per step.** Every array is made once per batch size and reused with
   ``out=``. Fresh large arrays cost page faults, step after step.

A test holds both versions to the same losses and gradients. Like the Trainer, this is not
thread-safe: one thread steps a model.
"""

from __future__ import annotations

import numpy as np

from .activations import Activation, Identity, ReLU, Sigmoid, Tanh, sigmoid
from .layers import Dense
from .model import MLP

Array = np.ndarray


class _Buffers:
    """Every array one forward and backward pass over n examples needs, made once."""

    def __init__(self, sizes: list[int], n: int) -> None:
        # xs[i]: layer i's input with a row of ones under it; xs[i + 1][:-1] is layer i's output h.
        self.xs = [np.ones((width + 1, n)) for width in sizes[:-1]]
        self.zs = [np.empty((width, n)) for width in sizes[1:]]  # the logits; z where h cannot take it
        self.ds = [np.empty((width, n)) for width in sizes[1:-1]]  # ∂L/∂z of each hidden layer
        self.tmp = [np.empty((width, n)) for width in sizes[1:-1]]
        self.hs = [x[:-1] for x in self.xs]  # views without the row of ones: hs[i + 1] is h of layer i


class Fused:
    """``forward(X)`` and ``backward(dlogits)`` for ``model``, as ``MLP.forward`` and
    ``MLP.backward`` compute them, filling ``model.grads``."""

    @staticmethod
    def wrap(model: MLP) -> Fused | MLP:
        """What to train ``model`` through: this fused pass when the model runs the engine's own
        math, else the model itself (say, a subclass running a learner's forward and backward)."""
        own = (type(model).forward is MLP.forward and type(model).backward is MLP.backward
               and all(type(layer) is Dense for layer in model.layers))
        return Fused(model) if own else model

    def __init__(self, model: MLP) -> None:
        self.model = model
        self.W_aug: list[Array] = []
        self.dW_aug: list[Array] = []
        offset = 0
        for fan_in, fan_out in zip(model.sizes, model.sizes[1:]):
            size = (fan_in + 1) * fan_out
            self.W_aug.append(model.params[offset : offset + size].reshape(fan_in + 1, fan_out))
            self.dW_aug.append(model.grads[offset : offset + size].reshape(fan_in + 1, fan_out))
            offset += size
        self.W_aug_T = [W_aug.T for W_aug in self.W_aug]
        self.W = [W_aug[:-1] for W_aug in self.W_aug]  # W without its bias row, for dh = dz·Wᵀ
        self._buffers: dict[int, _Buffers] = {}
        self._last: _Buffers | None = None

    def forward(self, X: Array) -> Array:
        """X : (n, sizes[0]) -> logits : (n, sizes[-1]), a view valid until the next forward."""
        n = len(X)
        buf = self._buffers.get(n)
        if buf is None:
            buf = self._buffers[n] = _Buffers(self.model.sizes, n)
        self._last = buf
        np.copyto(buf.hs[0], X.T)
        last = len(self.W_aug) - 1
        for i, (W_aug_T, layer) in enumerate(zip(self.W_aug_T, self.model.layers)):
            act = layer.activation
            if i < last and type(act) in _IN_PLACE:
                # z is written where h goes, then turned into h in place: backward needs only h.
                h = buf.hs[i + 1]
                np.matmul(W_aug_T, buf.xs[i], out=h)  # W_augᵀ·[x; 1] = (x·W + b)ᵀ
                _activate(act, h, h)
            else:
                np.matmul(W_aug_T, buf.xs[i], out=buf.zs[i])
                if i < last:
                    _activate(act, buf.zs[i], buf.hs[i + 1])
        return buf.zs[last].T

    def backward(self, dlogits: Array) -> None:
        """dlogits = ∂L/∂logits : (n, sizes[-1]); fills the model's gradients (dW and db)."""
        buf = self._last
        assert buf is not None, "forward first"
        dz = dlogits.T
        for i in range(len(self.W_aug) - 1, -1, -1):
            np.matmul(buf.xs[i], dz.T, out=self.dW_aug[i])  # [x; 1]ᵀ·dz = [dW; db]
            if i == 0:
                break  # the first layer's dx would be a gradient for the data: skip it
            d, W = buf.ds[i - 1], self.W[i]
            if len(dz) == 1:  # one output: dh is an outer product, cheaper as a broadcast
                np.multiply(W, dz, out=d)
            else:
                np.matmul(W, dz, out=d)  # dh = dz·Wᵀ, transposed
            act = self.model.layers[i - 1].activation
            _times_derivative(act, d, buf.zs[i - 1], buf.hs[i], buf.tmp[i - 1])
            dz = d


#: Activations computed in place, whose derivative needs only h (not z).
_IN_PLACE = (Tanh, ReLU, Sigmoid, Identity)


def _activate(act: Activation, z: Array, h: Array) -> None:
    """h = act(z), written into h (which may be z itself)."""
    if type(act) is Tanh:
        np.tanh(z, out=h)
    elif type(act) is ReLU:
        np.maximum(z, 0.0, out=h)
    elif type(act) is Sigmoid:
        np.copyto(h, sigmoid(z))
    elif type(act) is Identity:
        if h is not z:
            np.copyto(h, z)
    else:  # an activation this module does not know (or a subclass): its own forward
        np.copyto(h, act.forward(z))


def _times_derivative(act: Activation, d: Array, z: Array, h: Array, tmp: Array) -> None:
    """d ← d ⊙ act′(z), in place, as ``Activation.grad`` defines act′ (z is only read for an
    activation outside ``_IN_PLACE``)."""
    if type(act) is Tanh:  # 1 − h²
        np.multiply(h, h, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        d *= tmp
    elif type(act) is ReLU:  # 1 where z > 0, that is where h = max(z, 0) > 0
        np.greater(h, 0.0, out=tmp)
        d *= tmp
    elif type(act) is Sigmoid:  # h·(1 − h)
        np.subtract(1.0, h, out=tmp)
        np.multiply(h, tmp, out=tmp)
        d *= tmp
    elif not type(act) is Identity:
        d *= act.grad(z, h)
