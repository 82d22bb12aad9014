"""Optimizer updates against values worked out by hand from the update rules in DESIGN.md."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor.engine import SGD, Adam, Momentum

GRADS = [np.array([0.5, -1.0]), np.array([0.25, 2.0]), np.array([-1.0, 0.5])]


def run(opt, p0=(1.0, -2.0)) -> list[np.ndarray]:
    p = np.array(p0)
    out = []
    for g in GRADS:
        opt.step(p, g.copy())
        out.append(p.copy())
    return out


def test_sgd_three_steps() -> None:
    # p ← p − 0.1·g
    steps = run(SGD(lr=0.1))
    assert steps[0] == pytest.approx([0.95, -1.9])
    assert steps[1] == pytest.approx([0.925, -2.1])
    assert steps[2] == pytest.approx([1.025, -2.15])


def test_momentum_three_steps() -> None:
    # v ← 0.9·v + g;  p ← p − 0.1·v
    # v1 = [0.5, -1.0]        p1 = [0.95, -1.9]
    # v2 = [0.7, 1.1]         p2 = [0.88, -2.01]
    # v3 = [-0.37, 1.49]      p3 = [0.917, -2.159]
    steps = run(Momentum(lr=0.1, beta=0.9))
    assert steps[0] == pytest.approx([0.95, -1.9])
    assert steps[1] == pytest.approx([0.88, -2.01])
    assert steps[2] == pytest.approx([0.917, -2.159])


def test_adam_three_steps() -> None:
    # Worked for the first coordinate, g = 0.5, 0.25, −1.0, lr = 0.1, β₁ = 0.9, β₂ = 0.999:
    #   t=1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25; step = 0.1·0.5/0.5 = 0.1 → p = 0.9
    #   t=2: m = 0.045 + 0.025 = 0.07; v = 0.00024975 + 0.0000625 = 0.00031225
    #        m̂ = 0.07/0.19 = 0.368421; v̂ = 0.00031225/0.001999 = 0.156203; √ = 0.395225
    #        step = 0.1·0.368421/0.395225 = 0.093218 → p = 0.806782
    #   t=3: m = 0.063 − 0.1 = −0.037; v = 0.000311938 + 0.001 = 0.001311938
    #        m̂ = −0.037/0.271 = −0.136531; v̂ = 0.001311938/0.002997001 = 0.437750; √ = 0.661627
    #        step = 0.1·(−0.136531)/0.661627 = −0.020636 → p = 0.827418
    steps = run(Adam(lr=0.1))
    assert steps[0][0] == pytest.approx(0.9, abs=1e-6)
    assert steps[1][0] == pytest.approx(0.806782, abs=1e-6)
    assert steps[2][0] == pytest.approx(0.827418, abs=1e-6)
    # Adam's first step is about lr in size whatever the gradient's scale.
    assert steps[0][1] == pytest.approx(-2.0 + 0.1, abs=1e-6)


def test_weight_decay_adds_l2_gradient() -> None:
    p = np.array([2.0])
    SGD(lr=0.1, weight_decay=0.5).step(p, np.array([0.0]))
    assert p[0] == pytest.approx(2.0 - 0.1 * 0.5 * 2.0)


@pytest.mark.parametrize("lr", [0.0, -1.0, math.inf, math.nan])
def test_learning_rate_must_be_positive(lr: float) -> None:
    with pytest.raises(ValueError, match="learning rate"):
        SGD(lr=lr)
