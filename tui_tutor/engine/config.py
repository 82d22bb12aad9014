"""One training run described as data: what a lesson's experiment, the CLI and the app share."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

# Names only: checking a configuration (as every lesson file does) needs no numpy.
from .catalog import ACTIVATION_NAMES, LOSS_NAMES, MAX_POINTS, OPTIMIZER_NAMES, dataset_info

if TYPE_CHECKING:
    from .train import Trainer

#: Limits that keep one step well under a second on a laptop; past them the app would seem hung.
MAX_WIDTH = 2048
MAX_DEPTH = 16
MAX_ACTIVATIONS = 20_000_000  # points × widest layer: one float64 activation array ≤ 160 MB


@dataclass(frozen=True)
class RunConfig:
    dataset: str = "xor"
    hidden: tuple[int, ...] = (8,)
    activation: str = "relu"
    loss: str | None = None  # None: the dataset's own (bce, ce or mse)
    optimizer: str = "adam"
    lr: float = 0.01
    steps: int = 1000
    batch_size: int | None = None
    noise: float = 0.1
    n: int = 400
    seed: int = 0
    weight_decay: float = 0.0
    val_fraction: float = field(default=0.2)

    @property
    def resolved_loss(self) -> str:
        return self.loss or dataset_info(self.dataset).loss

    @property
    def sizes(self) -> list[int]:
        info = dataset_info(self.dataset)
        return [info.n_inputs, *self.hidden, info.n_outputs]

    def with_(self, **changes: Any) -> RunConfig:
        return replace(self, **changes)

    def problems(self) -> list[str]:
        """Every reason this configuration cannot run, as sentences; empty when it can."""
        out: list[str] = []
        try:
            info = dataset_info(self.dataset)
        except ValueError as e:
            return [str(e)]
        if self.activation not in ACTIVATION_NAMES:
            out.append(f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATION_NAMES)}")
        if self.loss is not None and self.loss not in LOSS_NAMES:
            out.append(f"unknown loss {self.loss!r}; choose one of {', '.join(LOSS_NAMES)}")
        elif self.loss is not None:
            fits = {"binary": ("bce", "mse"), "multiclass": ("ce",), "regression": ("mse",)}[info.task]
            if self.loss not in fits:
                out.append(f"the {self.loss} loss does not fit the {self.dataset} dataset ({info.task}); "
                           f"use {' or '.join(fits)}")
        if self.optimizer not in OPTIMIZER_NAMES:
            out.append(f"unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZER_NAMES)}")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            out.append(f"the learning rate must be a positive number, got {self.lr}")
        if self.steps < 1:
            out.append(f"steps must be at least 1, got {self.steps}")
        if len(self.hidden) > MAX_DEPTH:
            out.append(f"at most {MAX_DEPTH} hidden layers, got {len(self.hidden)}")
        if any(w < 1 or w > MAX_WIDTH for w in self.hidden):
            out.append(f"hidden widths must be between 1 and {MAX_WIDTH:,}, got {list(self.hidden)}")
        if not 4 <= self.n <= MAX_POINTS:
            out.append(f"the number of points must be between 4 and {MAX_POINTS:,}, got {self.n:,}")
        elif max(self.hidden, default=1) <= MAX_WIDTH and self.n * max(self.hidden, default=1) > MAX_ACTIVATIONS:
            out.append(f"{self.n:,} points through a layer {max(self.hidden):,} wide would need "
                       "too much memory: use fewer points or a narrower layer")
        if self.batch_size is not None and self.batch_size < 1:
            out.append(f"batch size must be at least 1, got {self.batch_size}")
        if not 0 <= self.noise <= 10:
            out.append(f"noise must be between 0 and 10, got {self.noise}")
        if self.weight_decay < 0:
            out.append(f"weight decay must be >= 0, got {self.weight_decay}")
        return out

    def build(self, eval_every: int = 10) -> Trainer:
        """A fresh Trainer for this configuration; ValueError with every problem otherwise."""
        from .data import make_dataset
        from .model import MLP
        from .optim import make_optimizer
        from .train import Trainer

        problems = self.problems()
        if problems:
            raise ValueError("; ".join(problems))
        data = make_dataset(self.dataset, n=self.n, noise=self.noise, seed=self.seed,
                            val_fraction=self.val_fraction)
        model = MLP(self.sizes, activation=self.activation, seed=self.seed)
        optimizer = make_optimizer(self.optimizer, self.lr, self.weight_decay)
        return Trainer(model, self.resolved_loss, optimizer, data, batch_size=self.batch_size,
                       seed=self.seed, eval_every=eval_every)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["hidden"] = list(self.hidden)
        d["loss"] = self.resolved_loss
        return d
