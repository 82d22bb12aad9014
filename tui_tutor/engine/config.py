"""One training run described as data: what a lesson's experiment, the CLI and the app share."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .activations import ACTIVATIONS
from .data import MAX_POINTS, dataset_info, make_dataset
from .losses import LOSSES
from .model import MAX_PARAMS, MLP
from .optim import OPTIMIZERS, make_optimizer
from .train import Trainer

#: Limits that keep one step well under a second on a laptop; past them the app would seem hung.
MAX_WIDTH = 2048
MAX_DEPTH = 16
MAX_ACTIVATIONS = 20_000_000  # points × widest layer: one float64 activation array ≤ 160 MB
#: The cost of training, counted as parameters × points (one pass over the data) and that times the
#: steps. This engine does about 4–8 × 10⁹ of these a second on a laptop core, so one step stays
#: under about a quarter of a second and a whole run under about two minutes at full speed.
MAX_STEP_COST = 1_000_000_000
MAX_RUN_COST = 500_000_000_000
MAX_STEPS = 1_000_000  # even a tiny net pays ~50 µs of Python per step


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

    @property
    def parameter_count(self) -> int:
        """Weights and biases of the network these sizes describe."""
        s = self.sizes
        return sum((a + 1) * b for a, b in zip(s, s[1:]))

    def cost(self) -> int:
        """parameters × points × steps: what a whole run asks of the machine (see MAX_RUN_COST)."""
        return self.parameter_count * self.n * self.steps

    def check_limits(self) -> str | None:
        """The one sentence saying why this run is too big to wait for, or None when it is not.

        The app's setup editor, lesson validation and ``train`` all ask this, so one bound holds
        everywhere. Assumes the dataset name is known.
        """
        if self.parameter_count > MAX_PARAMS:
            return (f"{self.parameter_count:,} parameters would not fit in memory (the limit is "
                    f"{MAX_PARAMS:,}): use narrower or fewer layers")
        if self.steps > MAX_STEPS:
            return f"at most {MAX_STEPS:,} steps, got {self.steps:,}: train in rounds instead"
        per_step = self.parameter_count * self.n
        if per_step > MAX_STEP_COST:
            return (f"{self.parameter_count:,} parameters × {self.n:,} points is too much work for one "
                    "step (it would take seconds): use fewer points or narrower layers")
        if per_step * self.steps > MAX_RUN_COST:
            most = max(1, MAX_RUN_COST // per_step)
            return (f"{self.parameter_count:,} parameters × {self.n:,} points × {self.steps:,} steps "
                    f"would take minutes: use at most {most:,} steps, fewer points or a smaller net")
        return None

    def problems(self) -> list[str]:
        """Every reason this configuration cannot run, as sentences; empty when it can."""
        out: list[str] = []
        try:
            info = dataset_info(self.dataset)
        except ValueError as e:
            return [str(e)]
        if self.activation not in ACTIVATIONS:
            out.append(f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATIONS)}")
        if self.loss is not None and self.loss not in LOSSES:
            out.append(f"unknown loss {self.loss!r}; choose one of {', '.join(LOSSES)}")
        elif self.loss is not None:
            fits = {"binary": ("bce", "mse"), "multiclass": ("ce",), "regression": ("mse",)}[info.task]
            if self.loss not in fits:
                out.append(f"the {self.loss} loss does not fit the {self.dataset} dataset ({info.task}); "
                           f"use {' or '.join(fits)}")
        if self.optimizer not in OPTIMIZERS:
            out.append(f"unknown optimizer {self.optimizer!r}; choose one of {', '.join(OPTIMIZERS)}")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            out.append(f"the learning rate must be a positive number (the size of each step downhill), "
                       f"got {self.lr}")
        if self.steps < 1:
            out.append(f"steps must be at least 1, got {self.steps}")
        if len(self.hidden) > MAX_DEPTH:
            out.append(f"at most {MAX_DEPTH} hidden layers, got {len(self.hidden)}")
        if any(w < 1 or w > MAX_WIDTH for w in self.hidden):
            out.append(f"hidden widths must be between 1 and {MAX_WIDTH:,} (wider layers make every step too slow "
                       f"to watch), got {list(self.hidden)}")
        if not 4 <= self.n <= MAX_POINTS:
            out.append(f"the number of points must be between 4 and {MAX_POINTS:,} (more make every step slow "
                       f"and teach nothing new), got {self.n:,}")
        elif max(self.hidden, default=1) <= MAX_WIDTH and self.n * max(self.hidden, default=1) > MAX_ACTIVATIONS:
            out.append(f"{self.n:,} points through a layer {max(self.hidden):,} wide would need "
                       "too much memory: use fewer points or a narrower layer")
        if self.batch_size is not None and self.batch_size < 1:
            out.append(f"batch size must be at least 1, got {self.batch_size}")
        if not 0 <= self.noise <= 10:
            out.append(f"noise must be between 0 and 10, got {self.noise}")
        if not (self.weight_decay >= 0 and math.isfinite(self.weight_decay)):
            out.append(f"weight decay must be a number >= 0, got {self.weight_decay}")
        if self.seed < 0:
            out.append(f"the seed must be a whole number >= 0, got {self.seed}")
        if not out and (limit := self.check_limits()):
            out.append(limit)
        return out

    def build(self, eval_every: int = 10) -> Trainer:
        """A fresh Trainer for this configuration; ValueError with every problem otherwise."""
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
