"""Bounded loss history: memory and the cost of a plot do not grow with the number of steps.

A ``Series`` keeps at most ``capacity`` buckets. Each bucket summarises ``stride`` consecutive
points by their mean, minimum and maximum. When the buckets fill up, neighbours merge pairwise
and the stride doubles, so a million steps cost the same to keep and to plot as a thousand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class SeriesView:
    """A plot-ready copy: x (the step at each bucket's end), mean, min and max per bucket."""

    steps: Array
    mean: Array
    low: Array
    high: Array

    def __len__(self) -> int:
        return len(self.steps)

    @property
    def last(self) -> float | None:
        return float(self.mean[-1]) if len(self.mean) else None


class Series:
    def __init__(self, capacity: int = 512) -> None:
        if capacity < 2 or capacity % 2:
            raise ValueError("capacity must be an even number >= 2")
        self.capacity = capacity
        self.stride = 1
        self._n = 0  # complete buckets
        self._steps = np.zeros(capacity)
        self._sum = np.zeros(capacity)
        self._count = np.zeros(capacity)
        self._low = np.zeros(capacity)
        self._high = np.zeros(capacity)
        # The open bucket, kept in Python floats: appending is the hot path.
        self._open_sum = 0.0
        self._open_count = 0
        self._open_low = np.inf
        self._open_high = -np.inf
        self._open_step = 0

    def append(self, step: int, value: float) -> None:
        self._open_sum += value
        self._open_count += 1
        if value < self._open_low:
            self._open_low = value
        if value > self._open_high:
            self._open_high = value
        self._open_step = step
        if self._open_count >= self.stride:
            self._close()

    def _close(self) -> None:
        if self._n == self.capacity:
            self._merge()
        i = self._n
        self._steps[i] = self._open_step
        self._sum[i] = self._open_sum
        self._count[i] = self._open_count
        self._low[i] = self._open_low
        self._high[i] = self._open_high
        self._n += 1
        self._open_sum, self._open_count = 0.0, 0
        self._open_low, self._open_high = np.inf, -np.inf

    def _merge(self) -> None:
        """Halve the buckets: pair i absorbs i+1. The stride doubles for what comes next."""
        half = self.capacity // 2
        self._steps[:half] = self._steps[1::2]
        self._sum[:half] = self._sum[0::2] + self._sum[1::2]
        self._count[:half] = self._count[0::2] + self._count[1::2]
        self._low[:half] = np.minimum(self._low[0::2], self._low[1::2])
        self._high[:half] = np.maximum(self._high[0::2], self._high[1::2])
        self._n = half
        self.stride *= 2

    def view(self) -> SeriesView:
        n = self._n
        steps, total, count = self._steps[:n], self._sum[:n], self._count[:n]
        low, high = self._low[:n], self._high[:n]
        if self._open_count:
            steps = np.append(steps, self._open_step)
            total = np.append(total, self._open_sum)
            count = np.append(count, self._open_count)
            low = np.append(low, self._open_low)
            high = np.append(high, self._open_high)
        return SeriesView(steps.copy(), total / np.maximum(count, 1), low.copy(), high.copy())

    def __len__(self) -> int:
        return self._n + (1 if self._open_count else 0)

    @property
    def nbytes(self) -> int:
        return sum(a.nbytes for a in (self._steps, self._sum, self._count, self._low, self._high))


class History:
    """Train and validation loss, and accuracy for classification, each a bounded ``Series``."""

    NAMES = ("train_loss", "val_loss", "train_accuracy", "val_accuracy")

    def __init__(self, capacity: int = 512) -> None:
        self.capacity = capacity
        self.series = {name: Series(capacity) for name in self.NAMES}

    def __getitem__(self, name: str) -> Series:
        return self.series[name]

    def views(self) -> dict[str, SeriesView]:
        return {name: series.view() for name, series in self.series.items()}

    def to_dict(self) -> dict[str, dict[str, list[float]]]:
        """JSON-ready: for each series, the steps and the per-bucket mean."""
        out = {}
        for name, view in self.views().items():
            if len(view):
                out[name] = {"step": view.steps.astype(int).tolist(), "value": view.mean.tolist()}
        return out
