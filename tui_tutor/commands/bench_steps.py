"""What ``tui-tutor bench`` times: one training step of each implementation, and the loop that
serves a ``bench.Worker`` in its own process.

All three train the same net full batch (tanh hidden layers, BCE on logits, Adam at lr 0.001,
float64) on the same "circle" points.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

EVAL_EVERY = 10  # as the app's trainer does


def timed(step: Callable[[], object], seconds: float) -> float:
    """Steps per second over about ``seconds``, whole tens of steps."""
    n, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        for _ in range(10):
            step()
        n += 10
    return n / elapsed


def serve(name: str, sizes: list[int], n: int) -> None:
    """In a Worker's process: build the step, warm it up, then time it for each line read."""
    step = {"engine": engine_step, "numpy_baseline": numpy_baseline_step, "torch": torch_step}[name](sizes, n)
    assert step is not None
    for _ in range(20):  # buffers made, caches filled
        step()
    version = ""
    if name == "torch":
        import torch

        version = torch.__version__
    print("ready", version, flush=True)
    for line in sys.stdin:
        print(timed(step, float(line)), flush=True)


def _data(n: int) -> Any:
    from ..engine import make_dataset

    return make_dataset("circle", n=n, seed=0, val_fraction=0.2)


def engine_step(sizes: list[int], n: int) -> Callable[[], float]:
    from ..engine import MLP, Adam, Trainer

    trainer = Trainer(MLP(sizes, "tanh", seed=0), "bce", Adam(lr=0.001), _data(n), eval_every=EVAL_EVERY)
    return trainer.step


def numpy_baseline_step(sizes: list[int], n: int) -> Callable[[], float]:
    """A learner's best first try in numpy: lists of arrays, one ``@`` per layer, the activations
    kept for backward, Adam updating each array in place. It starts from the engine's weights, so
    it trains the same net (a test holds the two to the same losses)."""
    import numpy as np

    from ..engine import MLP

    data = _data(n)
    X, y = data.X_train, data.y_train
    model = MLP(sizes, "tanh", seed=0)
    Ws = [layer.W.copy() for layer in model.layers]
    bs = [layer.b.copy() for layer in model.layers]
    params = [p for W, b in zip(Ws, bs) for p in (W, b)]
    ms = [np.zeros_like(p) for p in params]
    vs = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 0.001, 0.9, 0.999, 1e-8
    t = 0

    def step() -> float:
        nonlocal t
        hs = [X]  # every layer's output, kept for backward
        for W, b in zip(Ws[:-1], bs[:-1]):
            hs.append(np.tanh(hs[-1] @ W + b))
        z = hs[-1] @ Ws[-1] + bs[-1]
        loss = np.mean(np.logaddexp(0.0, z) - y * z)  # BCE on logits
        dz = (1.0 / (1.0 + np.exp(-z)) - y) / len(z)
        grads = []
        for i in range(len(Ws) - 1, -1, -1):
            grads += [dz.sum(axis=0), hs[i].T @ dz]  # db, dW
            if i:
                dz = (dz @ Ws[i].T) * (1.0 - hs[i] ** 2)
        grads.reverse()
        t += 1
        for p, g, m, v in zip(params, grads, ms, vs):
            m *= b1
            m += (1.0 - b1) * g
            v *= b2
            v += (1.0 - b2) * (g * g)
            p -= lr * (m / (1.0 - b1**t)) / (np.sqrt(v / (1.0 - b2**t)) + eps)
        return float(loss)

    return step


def torch_step(sizes: list[int], n: int) -> Callable[[], float] | None:
    try:
        import torch
    except ImportError:
        return None
    from ..engine import make_dataset

    torch.set_num_threads(1)
    torch.manual_seed(0)
    data = make_dataset("circle", n=n, seed=0, val_fraction=0.2)
    X = torch.tensor(data.X_train, dtype=torch.float64)
    y = torch.tensor(data.y_train, dtype=torch.float64)
    layers: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        layers.append(torch.nn.Linear(a, b, dtype=torch.float64))
        if i < len(sizes) - 2:
            layers.append(torch.nn.Tanh())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(model.parameters(), lr=0.001)
    loss_fn = torch.nn.BCEWithLogitsLoss()

    def step() -> float:
        opt.zero_grad()
        loss = loss_fn(model(X), y)
        loss.backward()
        opt.step()
        return loss.item()

    return step


