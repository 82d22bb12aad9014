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
#: The cost bound: steps × (points per step × (parameters + PER_UNIT × units) + STEP_OVERHEAD),
#: units being the widths of all layers after the input. One unit of cost took about 0.13 ns
#: at full speed on the 2-core machine this was measured on (lessons/README.md says how), so the
#: largest run accepted takes about a minute there (evaluation included).
MAX_COST = 3.5e11
#: Elementwise work per activation (the nonlinearity, its gradient, the bias) in the same units:
#: about 8 ns per point and unit; it dominates for wide layers on 2-D inputs.
PER_UNIT = 64
#: Fixed work per step (Python, small arrays) in the same units: about 0.06 ms.
STEP_OVERHEAD = 500_000
#: Arrays one step keeps: activations and their gradients for the batch, the parameters with
#: their gradients and optimizer state. Past this a run would push the machine into swap.
MAX_MEMORY = 400 * 2**20


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
        return out

    @property
    def parameters(self) -> int:
        sizes = self.sizes
        return sum(a * b + b for a, b in zip(sizes, sizes[1:]))

    @property
    def batch_points(self) -> int:
        train = self.n - int(round(self.n * self.val_fraction))
        return min(self.batch_size or train, train)

    def cost(self) -> float:
        """Work for the whole run, in units of about 0.13 ns at full speed (see MAX_COST)."""
        units = sum(self.sizes[1:])
        return float(self.steps) * (self.batch_points * (self.parameters + PER_UNIT * units) + STEP_OVERHEAD)

    def memory(self) -> int:
        """Bytes of float64 arrays a step holds at once, roughly: the bound behind MAX_MEMORY."""
        units = sum(self.sizes[1:])
        return 8 * (3 * max(self.batch_points, self.n) * units + 4 * self.parameters)

    def limit_problem(self) -> str | None:
        """Why this run is too big to start (about a minute or a few hundred MB), else None.

        Separate from ``problems`` so that ``train --force`` can run a big job on purpose; the
        lesson loader, ``lessons check``, the setup editor and ``train`` all ask it.
        """
        if self.memory() > MAX_MEMORY:
            return (f"this network on {self.n:,} points would need about {self.memory() / 2**20:,.0f} MB "
                    f"(the limit is {MAX_MEMORY // 2**20} MB): use fewer points or narrower layers")
        if self.cost() > MAX_COST:
            seconds = self.cost() * 0.13e-9
            return (f"{self.steps:,} steps of {self.parameters:,} parameters over {self.batch_points:,} points "
                    f"would take about {_duration(seconds)} (the limit is about a minute): "
                    "use fewer steps, fewer points or a smaller network")
        return None

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


def _duration(seconds: float) -> str:
    for unit, size in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:,.0f} {unit}"
    return f"{seconds:,.0f} seconds"
