"""The Trainer's fused forward and backward against the readable Dense path the lessons show."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from tui_tutor.commands.bench_steps import engine_step, numpy_baseline_step
from tui_tutor.engine import ACTIVATIONS, MLP, Adam, RunConfig, Trainer, get_loss, make_dataset
from tui_tutor.engine.fused import Fused


@pytest.mark.parametrize("activation", list(ACTIVATIONS))
@pytest.mark.parametrize("loss", ["mse", "bce", "ce"])
@pytest.mark.parametrize("hidden", [(3,), (8, 5), (16, 1, 7)])
def test_fused_pass_gives_the_readable_loss_and_gradients(activation: str, loss: str,
                                                          hidden: tuple[int, ...]) -> None:
    rng = np.random.default_rng(7)
    k = 3 if loss == "ce" else 1
    n = 37
    X = rng.standard_normal((n, 2))
    y = rng.integers(0, 3, n) if loss == "ce" else (rng.random((n, 1)) > 0.5).astype(np.float64)
    model = MLP([2, *hidden, k], activation, seed=1)
    model.params[...] = 0.7 * rng.standard_normal(model.params.size)
    loss_fn = get_loss(loss)

    readable_loss, dlogits = loss_fn(model.forward(X), y)
    model.backward(dlogits)
    readable_grads = model.grads.copy()
    model.grads[...] = np.nan  # every gradient must be written again

    fused = Fused(model)
    fused_loss, dlogits = loss_fn(fused.forward(X), y)
    fused.backward(dlogits)

    assert fused_loss == pytest.approx(readable_loss, rel=1e-12)
    np.testing.assert_allclose(model.grads, readable_grads, rtol=1e-10, atol=1e-14)


def test_fused_forward_keeps_one_set_of_buffers_per_batch_size() -> None:
    model = MLP([2, 4, 1], "tanh", seed=0)
    fused = Fused(model)
    X = np.random.default_rng(0).standard_normal((10, 2))
    np.testing.assert_allclose(fused.forward(X), model.forward(X), rtol=1e-12)
    np.testing.assert_allclose(fused.forward(X[:3]), model.forward(X[:3]), rtol=1e-12)
    np.testing.assert_allclose(fused.forward(X), model.forward(X), rtol=1e-12)
    assert sorted(fused._buffers) == [3, 10]


def test_minibatch_training_matches_the_readable_path() -> None:
    """A whole minibatch run through Trainer.step against the same steps written with Dense."""
    config = RunConfig("spiral", (8, 8), "relu", batch_size=16, steps=30, n=120, lr=0.02, seed=2)
    trainer = config.build()
    fast = [trainer.step() for _ in range(30)]

    reference = config.build()
    slow = []
    for _ in range(30):
        X, y = reference._batch()
        loss, dlogits = reference.loss(reference.model.forward(X), y)
        reference.model.backward(dlogits)
        reference.optimizer.step(reference.model.params, reference.model.grads)
        slow.append(loss)
    np.testing.assert_allclose(fast, slow, rtol=1e-9)
    np.testing.assert_allclose(trainer.model.params, reference.model.params, rtol=1e-8, atol=1e-12)


def test_evaluate_in_one_pass_matches_separate_forwards() -> None:
    trainer = RunConfig("moons", (8,), "tanh", n=200).build()
    trainer.run(50)
    m = trainer.evaluate()
    d, model, loss = trainer.data, trainer.model, trainer.loss
    assert m.train_loss == pytest.approx(loss.value(model.forward(d.X_train), d.y_train), rel=1e-12)
    assert m.val_loss == pytest.approx(loss.value(model.forward(d.X_val), d.y_val), rel=1e-12)


def test_a_step_allocates_no_activation_sized_array() -> None:
    """Buffers are made once: after a warm-up, a step's peak allocation stays far below the size
    of one hidden layer's activations (64 x 1,600 x 8 bytes = 800 KB)."""
    data = make_dataset("circle", n=2000, seed=0)
    trainer = Trainer(MLP([2, 64, 64, 1], "tanh", seed=0), "bce", Adam(lr=0.001), data, eval_every=0)
    trainer.step()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        start, _ = tracemalloc.get_traced_memory()
        trainer.step()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - start < 200_000


def test_the_benchmark_baseline_trains_the_same_net_as_the_engine() -> None:
    """The numpy baseline is fair only if it does the same work: the same losses, step by step."""
    engine, baseline = engine_step([2, 8, 8, 1], 100), numpy_baseline_step([2, 8, 8, 1], 100)
    ours = [engine() for _ in range(25)]
    theirs = [baseline() for _ in range(25)]
    assert ours[-1] < ours[0]
    np.testing.assert_allclose(theirs, ours, rtol=1e-9)


def test_the_catalog_names_what_the_registries_hold() -> None:
    """Names are checked without numpy (catalog.py); they must be exactly the engine's."""
    from tui_tutor.engine import catalog
    from tui_tutor.engine import ACTIVATIONS, DATASETS, LOSSES, OPTIMIZERS

    assert catalog.ACTIVATION_NAMES == tuple(ACTIVATIONS)
    assert catalog.LOSS_NAMES == tuple(LOSSES)
    assert catalog.OPTIMIZER_NAMES == tuple(OPTIMIZERS)
    assert catalog.DATASET_NAMES == tuple(DATASETS)
    assert all(DATASETS[name][0] is info for name, info in catalog.DATASET_INFO.items())


def test_run_configs_and_the_command_line_need_no_numpy() -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom tui_tutor.engine import RunConfig\nfrom tui_tutor.cli import build_parser\n"
            "build_parser()\nassert RunConfig('spiral', (8,), 'tanh').problems() == []\n"
            "assert RunConfig('nope').problems()\nprint('numpy' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("loss", ["mse", "bce", "ce"])
def test_a_loss_value_is_the_loss_its_call_returns(loss: str) -> None:
    rng = np.random.default_rng(3)
    logits = 30 * rng.standard_normal((50, 3 if loss == "ce" else 1))
    y = rng.integers(0, 3, 50) if loss == "ce" else (rng.random((50, 1)) > 0.5).astype(np.float64)
    fn = get_loss(loss)
    assert fn.value(logits, y) == fn(logits, y)[0]


def test_a_model_with_its_own_forward_and_backward_is_trained_through_them() -> None:
    """A learner's model (a subclass bringing its own math) must run, not the fused pass."""
    calls = {"forward": 0, "backward": 0}

    class Own(MLP):
        def forward(self, X: np.ndarray) -> np.ndarray:
            calls["forward"] += 1
            return super().forward(X)

        def backward(self, dlogits: np.ndarray) -> None:
            calls["backward"] += 1
            super().backward(dlogits)

    data = make_dataset("xor", n=60, seed=0)
    trainer = Trainer(Own([2, 4, 1], "tanh", seed=0), "bce", Adam(lr=0.05), data, eval_every=2)
    assert not isinstance(trainer.net, Fused)
    for _ in range(4):
        trainer.step()
    assert calls == {"forward": 4 + 2, "backward": 4}  # two evaluations, one forward each
    assert isinstance(Trainer(MLP([2, 4, 1], "tanh"), "bce", Adam(), data).net, Fused)


def test_an_activation_subclass_keeps_its_own_forward_in_the_fused_pass() -> None:
    from tui_tutor.engine import Tanh

    class Clipped(Tanh):
        def forward(self, z: np.ndarray) -> np.ndarray:
            return np.clip(z, -0.5, 0.5)

        def grad(self, z: np.ndarray, h: np.ndarray) -> np.ndarray:
            return (np.abs(z) < 0.5).astype(z.dtype)

    model = MLP([2, 6, 1], "tanh", seed=0)
    model.layers[0].activation = Clipped()
    X = np.random.default_rng(0).standard_normal((9, 2))
    loss_fn = get_loss("mse")
    readable_loss, d = loss_fn(model.forward(X), np.ones((9, 1)))
    model.backward(d)
    readable = model.grads.copy()
    fused = Fused(model)
    fused_loss, d = loss_fn(fused.forward(X), np.ones((9, 1)))
    fused.backward(d)
    assert fused_loss == pytest.approx(readable_loss, rel=1e-12)
    np.testing.assert_allclose(model.grads, readable, rtol=1e-10, atol=1e-14)


def test_bench_ratios_are_medians_of_per_round_ratios_and_workers_answer() -> None:
    from tui_tutor.commands.bench import Worker, compare

    speeds = {"engine": iter([100.0, 50.0, 100.0]), "other": iter([50.0, 50.0, 25.0])}
    result = compare({name: (lambda s, it=it: next(it)) for name, it in speeds.items()}, 3, 0.0)
    assert result["engine"] == 100.0 and result["ratios"] == {"other": 2.0}  # rounds: 2x, 1x, 4x
    worker = Worker("numpy_baseline", [2, 4, 1], 40)
    try:
        assert worker(0.05) > 0
    finally:
        worker.close()
    assert worker.proc.returncode == 0
