"""Backpropagation by hand: every intermediate of one forward and backward pass of a 2-2-1 net.

The numbers come from the engine itself: ``MLP.layers[i].forward`` and ``.backward`` run on one
example and we read what they computed. The lesson's step-through writes each gradient as its
chain-rule product with these numbers, so what the learner checks by hand is what the engine does.

Names follow the lesson: inputs x₁ x₂, hidden pre-activations z₁ z₂ and outputs h₁ h₂ (weights
W[i, j] from input i to hidden j, biases b), output logit z = v₁h₁ + v₂h₂ + c, prediction ŷ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation, sigmoid
from .losses import get_loss
from .model import MLP


@dataclass(frozen=True)
class BackpropTrace:
    """One example through a 2-2-1 MLP. Shapes: x (2,), W (2, 2), b z h (2,), v (2,), scalars else.

    Gradients are ∂L/∂(name): dz_out is ∂L/∂z, dh and dz ∂L/∂h and ∂L/∂z of the hidden layer,
    act_grad is act′(z) at the hidden layer, dyhat ∂L/∂ŷ (bce only; mse has ŷ = z).
    """

    activation: str
    loss_name: str
    x: np.ndarray
    y: float
    W: np.ndarray
    b: np.ndarray
    z: np.ndarray
    h: np.ndarray
    v: np.ndarray
    c: float
    z_out: float
    y_hat: float
    loss: float
    dz_out: float
    dv: np.ndarray
    dc: float
    dh: np.ndarray
    act_grad: np.ndarray
    dz: np.ndarray
    dW: np.ndarray
    db: np.ndarray

    def grads(self) -> np.ndarray:
        """Every parameter's gradient in the engine's order: W, b, v, c."""
        return np.concatenate([self.dW.ravel(), self.db, self.dv, [self.dc]])


def trace_backprop(x: tuple[float, float], y: float, activation: str = "tanh", seed: int = 0,
                   loss: str = "bce") -> BackpropTrace:
    """Run the engine's MLP([2, 2, 1]) forward and backward on the one example (x, y)."""
    model = MLP([2, 2, 1], activation=activation, seed=seed)
    hidden, out = model.layers
    X = np.asarray(x, dtype=np.float64).reshape(1, 2)
    Y = np.array([[float(y)]])
    logits = model.forward(X)
    L, dlogits = get_loss(loss)(logits, Y)
    dh = out.backward(dlogits)  # ∂L/∂h = ∂L/∂z · vᵀ
    assert dh is not None
    hidden.backward(dh, need_dx=False)
    assert hidden.z is not None and hidden.h is not None
    act = get_activation(activation)
    z_out = float(logits[0, 0])
    return BackpropTrace(
        activation=activation, loss_name=loss, x=X[0].copy(), y=float(y),
        W=hidden.W.copy(), b=hidden.b.copy(), z=hidden.z[0].copy(), h=hidden.h[0].copy(),
        v=out.W[:, 0].copy(), c=float(out.b[0]), z_out=z_out,
        y_hat=float(sigmoid(np.array(z_out))) if loss == "bce" else z_out, loss=float(L),
        dz_out=float(dlogits[0, 0]), dv=out.dW[:, 0].copy(), dc=float(out.db[0]),
        dh=dh[0].copy(), act_grad=act.grad(hidden.z, hidden.h)[0].copy(),
        dz=hidden.db.copy(),  # for one example, ∂L/∂b = ∂L/∂z
        dW=hidden.dW.copy(), db=hidden.db.copy(),
    )


def numeric_grads(x: tuple[float, float], y: float, activation: str = "tanh", seed: int = 0,
                  loss: str = "bce", eps: float = 1e-6) -> np.ndarray:
    """Central differences of the loss in every parameter: what the chain rule must agree with."""
    model = MLP([2, 2, 1], activation=activation, seed=seed)
    X = np.asarray(x, dtype=np.float64).reshape(1, 2)
    Y = np.array([[float(y)]])
    f = get_loss(loss)
    out = np.zeros(model.n_params)
    for i in range(model.n_params):
        keep = model.params[i]
        model.params[i] = keep + eps
        up = f.value(model.forward(X), Y)
        model.params[i] = keep - eps
        down = f.value(model.forward(X), Y)
        model.params[i] = keep
        out[i] = (up - down) / (2 * eps)
    return out
