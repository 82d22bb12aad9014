"""Checks for the forward pieces: affine layer, activations, losses, collapse, MLP forward.

Each check takes the learner's module and raises ``Failure`` at the first thing wrong. Inputs are
random but seeded, so a learner sees the same numbers on every try; expected values come from the
engine, and every derivative is also checked against the slope of the learner's own forward.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import numpy as np

from ..engine import BCE, MLP, MSE, Dense, Identity, ReLU, Sigmoid, Tanh
from .compare import Failure, as_float, call, close, fmt, gradcheck, numeric_grad, unpack
from .messages import Both

Array = np.ndarray

NO_OVERFLOW = Both("compute with e^−|z| (or np.logaddexp), which never exceeds 1.",
                   "절대 1을 넘지 않는 e^−|z| (또는 np.logaddexp)로 계산하세요.")


def function(mod: ModuleType, name: str) -> Any:
    f = getattr(mod, name, None)
    if not callable(f):
        raise Failure("missing_func", file=f"{mod.__name__}.py", func=name)
    return f


def dense(W: Array, b: Array) -> Dense:
    """An engine layer holding copies of W and b, for reference values."""
    return Dense(W.shape[0], W.shape[1], Identity(), W.copy(), b.copy(), np.zeros_like(W), np.zeros_like(b))


def check_affine_forward(mod: ModuleType) -> None:
    f = function(mod, "affine_forward")
    rng = np.random.default_rng(1)
    formula = "z = x·W + b"
    for n, fan_in, fan_out in ((4, 3, 3), (5, 3, 2)):  # square first: a stray .T shows in the values
        x, W, b = rng.normal(size=(n, fan_in)), rng.normal(size=(fan_in, fan_out)), rng.normal(size=fan_out)
        z = call(f, "affine_forward", x=x, W=W, b=b)
        mistakes = {"no_bias": x @ W}
        if fan_in == fan_out:
            mistakes["transposed_values"] = x @ W.T + b
        close("z", z, dense(W, b).forward(x), mistakes=mistakes, formula=formula)
    x = np.zeros((2, 3))
    close("z for x = 0", call(f, "affine_forward", x=x, W=W, b=b), np.tile(b, (2, 1)))


ACTS = (("relu", ReLU()), ("sigmoid", Sigmoid()), ("tanh", Tanh()))


def check_activations(mod: ModuleType) -> None:
    rng = np.random.default_rng(2)
    z = rng.normal(scale=3.0, size=(4, 3))
    z = np.where(np.abs(z) < 0.1, 0.5, z)  # keep off relu's kink, where the slope is undefined
    for name, ref in ACTS:
        f, g = function(mod, name), function(mod, f"{name}_grad")
        close(f"{name}(z)", call(f, name, z=z), ref.forward(z))
        d = call(g, f"{name}_grad", z=z)
        eps = 1e-6
        slope = (np.asarray(f(z + eps), dtype=np.float64) - np.asarray(f(z - eps), dtype=np.float64)) / (2 * eps)
        close(f"{name}_grad(z)", d, ref.grad(z, ref.forward(z)))
        gradcheck(f"{name}_grad(z)", name, d, slope)
        zero = np.zeros((2, 3))
        if name != "relu":  # relu's slope at 0 may be taken as 0 or 1
            close(f"{name}_grad(0)", call(g, f"{name}_grad", z=zero), ref.grad(zero, ref.forward(zero)))
        close(f"{name}(0)", call(f, name, z=zero), ref.forward(zero))
        big = np.array([[-1000.0, -50.0, 0.5, 50.0, 1000.0]])
        for fn, fname, expected in ((f, name, ref.forward(big)), (g, f"{name}_grad", ref.grad(big, ref.forward(big)))):
            with np.errstate(over="raise", invalid="raise"):
                try:
                    out = call(fn, fname, z=big)
                except FloatingPointError as e:
                    raise Failure("overflow", what=f"{fname}(z)", case="z = −1000 and 1000", msg=str(e),
                                  expected=f"{fmt(expected[0, 0])} and {fmt(expected[0, -1])}",
                                  advice=NO_OVERFLOW) from None
            close(f"{fname}(z) for z = ±1000", out, expected)


def _loss(mod: ModuleType, name: str, args: dict[str, Array]) -> tuple[float, Any]:
    loss, grad = unpack(name, call(function(mod, name), name, **args), ("loss", "grad"))
    return as_float("the loss", loss), grad


def check_mse(mod: ModuleType) -> None:
    rng = np.random.default_rng(3)
    y_hat, y = rng.normal(size=(6, 2)), rng.normal(size=(6, 2))
    loss, grad = _loss(mod, "mse", {"y_hat": y_hat, "y": y})
    want, want_grad = MSE()(y_hat, y)
    close("the loss", loss, np.float64(want))
    extra = Both(": the square brings a 2 and the mean a 1/N, N = 12 elements here",
                 ": 제곱에서 2, 평균에서 1/N이 나옵니다 (여기서 N = 12개 원소)")
    close("the gradient", grad, want_grad, factor_extra=extra)
    f = function(mod, "mse")
    gradcheck("the gradient", "mse", grad, numeric_grad(lambda v: as_float("the loss", f(v, y)[0]), y_hat.copy()))
    zero, _ = _loss(mod, "mse", {"y_hat": y.copy(), "y": y})
    close("the loss when y_hat = y", zero, np.float64(0.0))


def check_bce(mod: ModuleType) -> None:
    rng = np.random.default_rng(4)
    z, y = rng.normal(scale=2.0, size=(8, 1)), rng.integers(0, 2, size=(8, 1)).astype(np.float64)
    loss, grad = _loss(mod, "bce", {"z": z, "y": y})
    want, want_grad = BCE()(z, y)
    close("the loss", loss, np.float64(want))
    extra = Both(": the mean divides by N = 8 elements", ": 평균은 N = 8개 원소로 나눕니다")
    close("the gradient", grad, want_grad, factor_extra=extra)
    f = function(mod, "bce")
    gradcheck("the gradient", "bce", grad, numeric_grad(lambda v: as_float("the loss", f(v, y)[0]), z.copy()))
    big_z, big_y = np.array([[1000.0], [-1000.0], [0.0]]), np.array([[0.0], [1.0], [1.0]])
    case = "z = 1000 with y = 0 and z = −1000 with y = 1"
    want, want_grad = BCE()(big_z, big_y)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        try:
            loss, grad = _loss(mod, "bce", {"z": big_z, "y": big_y})
        except FloatingPointError as e:
            raise Failure("overflow", what="the loss", case=case, msg=str(e), expected=fmt(want),
                          advice=BCE_ADVICE) from None
    if not np.isfinite(loss):
        raise Failure("nonfinite", what="the loss", case=case, actual=loss, expected=f"{want:.6g}", advice=BCE_ADVICE)
    close(f"the loss for {case}", loss, np.float64(want))
    close(f"the gradient for {case}", grad, want_grad)


BCE_ADVICE = Both("write the loss as mean(softplus(z) − y·z) with softplus = np.logaddexp(0, z).",
                  "손실을 softplus = np.logaddexp(0, z) 로 mean(softplus(z) − y·z) 꼴로 쓰세요.")


def check_collapse(mod: ModuleType) -> None:
    rng = np.random.default_rng(5)
    W1, b1, W2, b2 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=(4, 2)), rng.normal(size=2)
    W, b = unpack("collapse", call(function(mod, "collapse"), "collapse", W1=W1, b1=b1, W2=W2, b2=b2), ("W", "b"))
    close("W", W, W1 @ W2, formula="W = W1·W2")
    close("b", b, b1 @ W2 + b2, mistakes={"collapse_bias": b2})
    x = rng.normal(size=(5, 3))
    two_layers = dense(W2, b2).forward(dense(W1, b1).forward(x))
    close("x·W + b", x @ np.asarray(W) + np.asarray(b), two_layers)


def check_mlp_forward(mod: ModuleType) -> None:
    f = function(mod, "mlp_forward")
    rng = np.random.default_rng(6)
    model = MLP([3, 5, 4, 2], activation="tanh", seed=6)
    model.params[...] = rng.normal(size=model.params.size)
    params = [(layer.W.copy(), layer.b.copy()) for layer in model.layers]
    x = rng.normal(size=(7, 3))
    out = f(x.copy(), [(W.copy(), b.copy()) for W, b in params], np.tanh)
    all_act, no_act = x, x
    for W, b in params:
        all_act, no_act = np.tanh(all_act @ W + b), no_act @ W + b
    close("the logits", out, model.forward(x), mistakes={"act_on_last": all_act, "no_act": no_act})
