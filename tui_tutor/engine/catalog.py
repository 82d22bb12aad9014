"""What the engine offers, by name, without loading numpy.

Lesson files, the command line and the app's start-up check names ("tanh", "spiral") long
before anything trains; this module lets them do so in a few milliseconds. The registries that
hold the real classes (``ACTIVATIONS``, ``LOSSES``, ``OPTIMIZERS``, ``DATASETS``) are built from
the same names, and a test holds the two together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: More points than this would make a step slow enough to look like a hang, with nothing gained.
MAX_POINTS: Final = 100_000

#: Refuse networks whose parameters alone would take more memory than a laptop can spare.
MAX_PARAMS: Final = 20_000_000

#: y = LINEAR_SLOPE·x + LINEAR_INTERCEPT + noise, the line lesson 6 (linear networks) fits.
LINEAR_SLOPE: Final = 2.0
LINEAR_INTERCEPT: Final = 0.5

ACTIVATION_NAMES: Final = ("identity", "relu", "tanh", "sigmoid")
LOSS_NAMES: Final = ("mse", "bce", "ce")
OPTIMIZER_NAMES: Final = ("sgd", "momentum", "adam")


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    task: str  # "binary", "multiclass" or "regression"
    n_inputs: int
    n_outputs: int
    loss: str  # the loss that fits the task
    description: str

    @property
    def is_classification(self) -> bool:
        return self.task != "regression"


DATASET_INFO: Final[dict[str, DatasetInfo]] = {
    info.name: info
    for info in [
        DatasetInfo("xor", "binary", 2, 1, "bce", "four quadrants, opposite corners alike"),
        DatasetInfo("circle", "binary", 2, 1, "bce", "a disc inside a ring"),
        DatasetInfo("gauss", "binary", 2, 1, "bce", "two Gaussian blobs"),
        DatasetInfo("spiral", "multiclass", 2, 3, "ce", "three interleaved spiral arms"),
        DatasetInfo("moons", "binary", 2, 1, "bce", "two interleaved half-moons"),
        DatasetInfo("sine", "regression", 1, 1, "mse", "y = sin(2πx) + noise on [−1, 1]"),
        DatasetInfo("linear", "regression", 1, 1, "mse",
                    f"y = {LINEAR_SLOPE:g}x + {LINEAR_INTERCEPT:g} + noise on [−1, 1]"),
    ]
}
DATASET_NAMES: Final = tuple(DATASET_INFO)


def dataset_info(name: str) -> DatasetInfo:
    try:
        return DATASET_INFO[name]
    except KeyError:
        known = ", ".join(DATASET_INFO)
        raise ValueError(f"unknown dataset {name!r}; choose one of {known}") from None
