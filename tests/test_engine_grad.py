"""Backpropagation against finite differences, for every activation with every loss, depths 1-3."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tui_tutor.engine import ACTIVATIONS, MLP, get_loss


def _targets(loss: str, rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    if loss == "ce":
        return rng.integers(0, k, size=n)
    if loss == "bce":
        return rng.integers(0, 2, size=(n, k)).astype(np.float64)
    return rng.standard_normal((n, k))


@pytest.mark.parametrize(
    "activation, loss, depth",
    list(itertools.product(sorted(ACTIVATIONS), ["mse", "bce", "ce"], [1, 2, 3])),
)
def test_backprop_matches_finite_differences(activation: str, loss: str, depth: int) -> None:
    rng = np.random.default_rng(42)
    k = 3 if loss == "ce" else 2
    sizes = [3, *([5] * (depth - 1)), k]  # depth = number of Dense layers
    model = MLP(sizes, activation=activation, seed=1)
    # Larger weights than the initialisation, so sigmoid/tanh curvature and ReLU kinks matter.
    model.params[...] = rng.standard_normal(model.params.size)
    X = rng.standard_normal((7, 3))
    y = _targets(loss, rng, 7, k)
    loss_fn = get_loss(loss)

    _, dlogits = loss_fn(model.forward(X), y)
    model.backward(dlogits)
    analytic = model.grads.copy()

    eps = 1e-6
    numeric = np.empty_like(analytic)
    for i in range(model.params.size):
        saved = model.params[i]
        model.params[i] = saved + eps
        up = loss_fn.value(model.forward(X), y)
        model.params[i] = saved - eps
        down = loss_fn.value(model.forward(X), y)
        model.params[i] = saved
        numeric[i] = (up - down) / (2 * eps)

    rel = np.linalg.norm(analytic - numeric) / max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
    assert rel < 1e-6, f"relative error {rel:.2e}"


def test_losses_match_their_definitions() -> None:
    rng = np.random.default_rng(0)
    z = rng.standard_normal((6, 3))
    y_int = rng.integers(0, 3, 6)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    assert get_loss("ce").value(z, y_int) == pytest.approx(-np.mean(np.log(p[np.arange(6), y_int])))
    y01 = rng.integers(0, 2, (6, 3)).astype(float)
    s = 1 / (1 + np.exp(-z))
    assert get_loss("bce").value(z, y01) == pytest.approx(-np.mean(y01 * np.log(s) + (1 - y01) * np.log(1 - s)))
    assert get_loss("mse").value(z, y01) == pytest.approx(np.mean((z - y01) ** 2))


def test_bce_and_ce_stay_finite_for_huge_logits() -> None:
    z = np.array([[1000.0], [-1000.0]])
    loss, grad = get_loss("bce")(z, np.array([[0.0], [1.0]]))
    assert loss == pytest.approx(1000.0)
    assert np.all(np.isfinite(grad))
    loss, grad = get_loss("ce")(np.array([[1000.0, -1000.0, 0.0]]), np.array([1]))
    assert loss == pytest.approx(2000.0)
    assert np.all(np.isfinite(grad))
