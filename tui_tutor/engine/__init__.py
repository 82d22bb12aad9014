"""The numpy training engine: layers, activations, losses, optimizers, data and the loop.

Imports numpy and nothing of the user interface, so it can be read, tested and used alone::

    from tui_tutor.engine import MLP, Trainer, Adam, make_dataset

    data = make_dataset("xor", n=400, noise=0.1, seed=0)
    model = MLP([2, 8, 1], activation="relu", seed=0)
    trainer = Trainer(model, loss="bce", optimizer=Adam(lr=0.03), data=data)
    for _ in range(2000):
        trainer.step()
    print(trainer.evaluate())
"""

from __future__ import annotations

from .activations import ACTIVATIONS, Activation, Identity, ReLU, Sigmoid, Tanh, get_activation
from .config import RunConfig
from .data import DATASETS, Dataset, DatasetInfo, dataset_info, make_dataset
from .history import History, Series, SeriesView
from .layers import Dense
from .losses import BCE, LOSSES, MSE, CrossEntropy, Loss, get_loss
from .model import MLP
from .optim import OPTIMIZERS, SGD, Adam, Momentum, Optimizer, make_optimizer
from .train import Metrics, Trainer, accuracy

__all__ = [
    "ACTIVATIONS", "Activation", "Identity", "ReLU", "Sigmoid", "Tanh", "get_activation", "RunConfig", "DATASETS", "Dataset",
    "DatasetInfo", "dataset_info", "make_dataset", "History", "Series", "SeriesView", "Dense",
    "BCE", "LOSSES", "MSE", "CrossEntropy", "Loss", "get_loss", "MLP", "OPTIMIZERS", "SGD", "Adam", "Momentum", "Optimizer",
    "make_optimizer", "Metrics", "Trainer", "accuracy",
]
