"""Checks for the backward pass and the optimizers: dense_backward, sgd, momentum, adam.

Optimizer results are compared as steps (new p − p), so a step in the wrong direction reads as a
wrong sign and a missing learning rate as a constant factor. Each optimizer runs a few steps
against the engine's own, fed the engine's state each time so one slip does not compound.
"""

from __future__ import annotations

from types import ModuleType

import numpy as np

from ..engine import SGD, Adam, Momentum
from .checks_math import dense, function
from .compare import Failure, as_array, call, close, fmt, gradcheck, numeric_grad, unpack


def check_dense_backward(mod: ModuleType) -> None:
    f = function(mod, "dense_backward")
    rng = np.random.default_rng(7)
    # Square first: a missing or extra .T keeps the shapes and shows in the values.
    for n, fan_in, fan_out in ((5, 3, 3), (6, 3, 4)):
        x, W, b = rng.normal(size=(n, fan_in)), rng.normal(size=(fan_in, fan_out)), rng.normal(size=fan_out)
        dz = rng.normal(size=(n, fan_out))
        layer = dense(W, b)
        layer.forward(x)
        want_dx = layer.backward(dz)
        dW, db, dx = unpack("dense_backward", call(f, "dense_backward", x=x, W=W, dz=dz), ("dW", "db", "dx"))
        close("dW", dW, layer.dW, formula="dW = xᵀ·dz", mistakes={"transposed_values": dz.T @ x if n == fan_in else x.T @ dz})
        db = as_array("db", db)
        if db.shape == dz.shape:
            raise Failure("bias_not_summed", actual=fmt(db.shape), expected=fmt(b.shape))
        close("db", db, layer.db, mistakes={"bias_mean": dz.mean(axis=0)})
        mistakes = {"transposed_values": dz @ W} if fan_in == fan_out else {}
        close("dx", dx, want_dx, formula="dx = dz·Wᵀ", mistakes=mistakes)

    # The numeric check: L = Σ dz ⊙ (x·W + b) has exactly these gradients.
    def loss(x_: np.ndarray, W_: np.ndarray, b_: np.ndarray) -> float:
        return float(np.sum(dz * (x_ @ W_ + b_)))

    gradcheck("dW", "z = x·W + b", dW, numeric_grad(lambda v: loss(x, v, b), W.copy()))
    gradcheck("db", "z = x·W + b", db, numeric_grad(lambda v: loss(x, W, v), b.copy()))
    gradcheck("dx", "z = x·W + b", dx, numeric_grad(lambda v: loss(v, W, b), x.copy()))


STEP = "the step (new p − p)"


def check_sgd(mod: ModuleType) -> None:
    f = function(mod, "sgd_step")
    rng = np.random.default_rng(8)
    p, g, lr = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), 0.1
    new = as_array("the new p", call(f, "sgd_step", p=p, g=g, lr=lr))
    want = p.copy()
    SGD(lr).step(want, g)
    close(STEP, new - p if new.shape == p.shape else new, want - p)


def check_momentum(mod: ModuleType) -> None:
    f = function(mod, "momentum_step")
    rng = np.random.default_rng(9)
    lr, beta = 0.1, 0.9
    engine = Momentum(lr, beta=beta)
    p = rng.normal(size=(3, 4))
    v = np.zeros_like(p)
    for _ in range(3):
        g = rng.normal(size=p.shape)
        out = call(f, "momentum_step", p=p, g=g, v=v, lr=lr, beta=beta)
        new_p, new_v = unpack("momentum_step", out, ("p", "v"))
        want = p.copy()
        engine.step(want, g)
        assert engine.v is not None
        close("v", new_v, engine.v, mistakes={"momentum_ema": beta * v + (1 - beta) * g})
        new_p = as_array("the new p", new_p)
        close(STEP, new_p - p if new_p.shape == p.shape else new_p, want - p,
              mistakes={"momentum_g": -lr * g})
        p, v = want, engine.v.copy()


def check_adam(mod: ModuleType) -> None:
    f = function(mod, "adam_step")
    rng = np.random.default_rng(10)
    lr, b1, b2, eps = 0.01, 0.9, 0.999, 1e-8
    engine = Adam(lr, beta1=b1, beta2=b2, eps=eps)
    p = rng.normal(size=(3, 4))
    m, v = np.zeros_like(p), np.zeros_like(p)
    for t in range(1, 4):
        g = rng.normal(size=p.shape)
        out = call(f, "adam_step", p=p, g=g, m=m, v=v, t=t, lr=lr, beta1=b1, beta2=b2, eps=eps)
        new_p, new_m, new_v = unpack("adam_step", out, ("p", "m", "v"))
        want = p.copy()
        engine.step(want, g)
        assert engine.m is not None and engine.v is not None
        em, ev = engine.m.copy(), engine.v.copy()
        close("m", new_m, em, mistakes={"corrected_state": em / (1 - b1**t)})
        close("v", new_v, ev, mistakes={"corrected_state": ev / (1 - b2**t)})
        new_p = as_array("the new p", new_p)
        step = new_p - p if new_p.shape == p.shape else new_p
        uncorrected = -lr * em / (np.sqrt(ev) + eps)
        try:
            close(STEP, step, want - p, mistakes={"no_bias_correction": uncorrected})
        except Failure as e:
            e.fields.setdefault("t", t)
            raise
        p, m, v = want, em, ev
