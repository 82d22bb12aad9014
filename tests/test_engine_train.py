"""The training loop: determinism, divergence, bounded history, datasets, the import boundary."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from tui_tutor.engine import (DATASETS, MLP, Adam, History, RunConfig, Series, Trainer,
                              dataset_info, make_dataset)


def test_same_seed_gives_bit_identical_history() -> None:
    def losses(seed: int) -> list[float]:
        t = RunConfig("moons", (8, 8), "tanh", batch_size=32, steps=200, seed=seed).build()
        return [t.step() for _ in range(200)]

    assert losses(3) == losses(3)
    assert losses(3) != losses(4)


def test_step_returns_loss_before_the_update() -> None:
    data = make_dataset("xor", n=100, seed=0)
    model = MLP([2, 4, 1], activation="tanh", seed=0)
    trainer = Trainer(model, "bce", Adam(lr=0.05), data)
    before = trainer.loss.value(model.forward(data.X_train), data.y_train)
    assert trainer.step() == before
    assert trainer.loss.value(model.forward(data.X_train), data.y_train) != before


def test_minibatches_cover_an_epoch_without_repeats() -> None:
    t = RunConfig("gauss", (4,), n=100, batch_size=20).build()
    seen = [tuple(map(tuple, t._batch()[0])) for _ in range(4)]  # 80 train points, 4 batches
    rows = [r for batch in seen for r in batch]
    assert len(rows) == len(set(rows)) == 80


def test_relu_solves_xor_and_a_linear_net_cannot() -> None:
    relu = RunConfig("xor", (8,), "relu", lr=0.03).build().run(2000)
    linear = RunConfig("xor", (8, 8), "identity", lr=0.03).build().run(2000)
    assert relu.val_accuracy is not None and relu.val_accuracy >= 0.95
    assert linear.val_accuracy is not None and linear.val_accuracy <= 0.7


def test_divergence_is_an_outcome_with_advice() -> None:
    t = RunConfig("xor", (8,), lr=1e6).build()
    metrics = t.run(1000)
    assert t.diverged is not None
    assert "diverged at step" in t.diverged and "smaller learning rate" in t.diverged
    assert t.step_count < 1000
    assert metrics is not None
    with pytest.raises(RuntimeError):
        t.step()
    t.reset()
    assert t.diverged is None and t.step_count == 0


def test_sgd_with_a_huge_step_on_regression_diverges() -> None:
    t = RunConfig("linear", (), optimizer="sgd", lr=5.0).build()
    t.run(500)
    assert t.diverged is not None


def test_history_stays_bounded_after_100k_steps() -> None:
    h = History(capacity=256)
    for step in range(1, 100_001):
        h["train_loss"].append(step, 1.0 / step)
    s = h["train_loss"]
    assert len(s) <= 256
    view = s.view()
    assert view.steps[-1] == 100_000
    assert np.all(np.diff(view.steps) > 0)
    # the first bucket's max is the very first value: min/max survive downsampling
    assert view.high[0] == 1.0
    assert view.low[-1] == pytest.approx(1e-5)
    assert s.nbytes == Series(256).nbytes


def test_trainer_history_after_many_steps_is_bounded() -> None:
    t = RunConfig("linear", (), optimizer="sgd", lr=0.05).build(eval_every=1)
    t.history_capacity = 64
    t.reset()
    t.run(5000)
    assert all(len(series) <= 64 for series in t.history.series.values())


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_dataset_shapes_labels_and_seeds(name: str) -> None:
    info = dataset_info(name)
    d = make_dataset(name, n=200, noise=0.1, seed=7, val_fraction=0.25)
    assert d.X_train.shape == (150, info.n_inputs) and d.X_val.shape == (50, info.n_inputs)
    assert d.X_train.dtype == np.float64
    assert np.abs(np.concatenate([d.X_train, d.X_val])).max() < 3  # a comparable scale
    if info.task == "binary":
        assert d.y_train.shape == (150, 1)
        assert set(np.unique(d.y_train)) == {0.0, 1.0}
    elif info.task == "multiclass":
        assert d.y_train.shape == (150,) and d.y_train.dtype.kind == "i"
        assert set(np.unique(d.y_train)) == set(range(info.n_outputs))
    else:
        assert d.y_train.shape == (150, 1)
    again = make_dataset(name, n=200, noise=0.1, seed=7, val_fraction=0.25)
    other = make_dataset(name, n=200, noise=0.1, seed=8, val_fraction=0.25)
    assert all(np.array_equal(a, b) for a, b in zip(d, again))
    assert not np.array_equal(d.X_train, other.X_train)


def test_unknown_names_and_absurd_sizes_are_refused_with_sentences() -> None:
    with pytest.raises(ValueError, match="unknown dataset 'nope'; choose one of"):
        make_dataset("nope")
    assert any("too much memory" in p or "between 1 and" in p
               for p in RunConfig(hidden=(10**6,)).problems())
    assert any("number of points" in p for p in RunConfig(n=10**6).problems())
    assert any("does not fit" in p for p in RunConfig("spiral", loss="bce").problems())
    with pytest.raises(ValueError, match="parameters"):
        MLP([2, 5000, 5000, 1])


def test_initialisation_is_scaled_to_the_activation() -> None:
    relu = MLP([400, 400, 1], activation="relu", seed=0).layers[0].W
    tanh = MLP([400, 400, 1], activation="tanh", seed=0).layers[0].W
    assert relu.var() == pytest.approx(2 / 400, rel=0.05)  # He
    assert tanh.var() == pytest.approx(2 / 800, rel=0.05)  # Glorot


def test_engine_imports_no_user_interface() -> None:
    code = ("import sys, tui_tutor.engine; "
            "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'plotext', 'textual_plotext', 'rich')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
