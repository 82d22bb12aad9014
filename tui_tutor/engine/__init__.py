"""The numpy training engine: layers, activations, losses, optimizers, data and the loop.

Imports numpy and nothing of the user interface, so it can be read, tested and used alone::

    from tui_tutor.engine import MLP, Trainer, Adam, make_dataset

    data = make_dataset("xor", n=400, noise=0.1, seed=0)
    model = MLP([2, 8, 1], activation="relu", seed=0)
    trainer = Trainer(model, loss="bce", optimizer=Adam(lr=0.03), data=data)
    for _ in range(2000):
        trainer.step()
    print(trainer.evaluate())

Each name is loaded on first use (PEP 562), so that ``RunConfig`` and the names in ``catalog``
cost no numpy import: the app and ``lessons check`` start without it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Where each public name lives.
_HOME = {
    **dict.fromkeys(("ACTIVATIONS", "Activation", "Identity", "ReLU", "Sigmoid", "Tanh", "get_activation"),
                    "activations"),
    "RunConfig": "config",
    **dict.fromkeys(("DATASETS", "Dataset", "make_dataset"), "data"),
    **dict.fromkeys(("DatasetInfo", "dataset_info"), "catalog"),
    **dict.fromkeys(("History", "Series", "SeriesView"), "history"),
    "Dense": "layers",
    **dict.fromkeys(("BCE", "LOSSES", "MSE", "CrossEntropy", "Loss", "get_loss"), "losses"),
    "MLP": "model",
    **dict.fromkeys(("OPTIMIZERS", "SGD", "Adam", "Momentum", "Optimizer", "make_optimizer"), "optim"),
    **dict.fromkeys(("Metrics", "Trainer", "accuracy"), "train"),
}

__all__ = list(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{home}", __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))


if TYPE_CHECKING:
    from .activations import ACTIVATIONS, Activation, Identity, ReLU, Sigmoid, Tanh, get_activation
    from .catalog import DatasetInfo, dataset_info
    from .config import RunConfig
    from .data import DATASETS, Dataset, make_dataset
    from .history import History, Series, SeriesView
    from .layers import Dense
    from .losses import BCE, LOSSES, MSE, CrossEntropy, Loss, get_loss
    from .model import MLP
    from .optim import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, make_optimizer
    from .train import Metrics, Trainer, accuracy
