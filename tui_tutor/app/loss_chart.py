"""The live loss chart: plotext draws it, and only the lines that changed are repainted.

Textual repaints a refreshed region whole, so a chart that is refreshed as one widget resends
every cell at every update. Here each line of plotext's output is kept as a Strip and compared
with the last frame; only changed lines are refreshed. With fixed axis limits (x to the run's
target, y to a rounded maximum) most of the chart stays still while the curves grow, which is what
keeps the chart cheap over SSH.
"""

from __future__ import annotations

import math
import time

import numpy as np
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual_plotext import PlotextPlot

from ..engine import SeriesView

TRAIN, VAL, PREV = "blue", "orange", "gray"


def nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least x."""
    if not math.isfinite(x) or x <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= x * (1 - 1e-9):
            return m * power
    return 10 * power


def thin(view: SeriesView, points: int) -> tuple[list[float], list[float]]:
    """At most ``points`` finite (step, loss) pairs: NaN never reaches the chart."""
    ok = np.isfinite(view.mean)
    steps, mean = view.steps[ok], view.mean[ok]
    if len(steps) > points:
        idx = np.linspace(0, len(steps) - 1, points).round().astype(int)
        steps, mean = steps[idx], mean[idx]
    return steps.tolist(), mean.tolist()


class LossChart(PlotextPlot):
    DEFAULT_CSS = """
    LossChart { height: 3fr; min-height: 5; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.theme = "clear"
        self._strips: list[Strip] = []
        self._keys: list[str] = []
        self._series: dict[str, SeriesView] = {}
        self._previous: dict[str, SeriesView] = {}
        self._x_max = 1.0
        self._y_max = 1.0
        self._run = -1
        self.frames = 0  # how many times the chart was rebuilt (for tests and the benchmark)
        self.build_seconds: list[float] = []  # the first and the latest builds, for the benchmark

    def show(self, run: int, series: dict[str, SeriesView], target: int,
             previous: dict[str, SeriesView] | None = None) -> None:
        """Plot a snapshot's series; ``previous`` (another run) is drawn under it, grey."""
        if run != self._run:
            self._run, self._y_max = run, 0.0
        self._series, self._previous = series, previous or {}
        self._x_max = max(float(target), 1.0)
        peak = max((float(np.nanmax(v.mean[np.isfinite(v.mean)]))
                    for v in [*series.values(), *self._previous.values()]
                    if len(v) and np.isfinite(v.mean).any()), default=1.0)
        if peak > self._y_max or self._y_max == 0.0:
            self._y_max = nice_ceiling(peak * 1.05)
        self.replot()

    def replot(self) -> None:
        width, height = self.size.width, self.size.height
        if width < 10 or height < 4:
            return
        start = time.perf_counter()
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.theme("clear")
        plt.plotsize(width, height)
        plt.xlim(0, self._x_max)
        plt.ylim(0, self._y_max)
        plt.xfrequency(3)
        plt.yfrequency(3)
        points = 2 * width
        legend = height >= 12  # a small chart has no room; the caption beside it names the colours
        # NO_COLOR: the curves differ by glyph (dots, crosses, faint dots), as the caption says.
        plain = self.is_attached and self.app.no_color
        markers = {"train_loss": "braille", "val_loss": "x" if plain else "braille", "before": "." if plain else "braille"}
        for name, color in (("train_loss", PREV), ("val_loss", PREV)):
            if name in self._previous and len(self._previous[name]):
                xs, ys = thin(self._previous[name], points)
                plt.plot(xs, ys, color=color, marker=markers["before"],
                         label="before" if name == "train_loss" and legend else None)
        for name, label, color in (("train_loss", "train", TRAIN), ("val_loss", "val", VAL)):
            if name in self._series and len(self._series[name]):
                xs, ys = thin(self._series[name], points)
                if xs:
                    plt.plot(xs, ys, color=color, marker=markers[name], label=label if legend else None)
        self._set_lines(plt.build(), width)
        self.frames += 1
        if len(self.build_seconds) >= 200:
            del self.build_seconds[100:150]  # keep the first 100 and a recent window
        self.build_seconds.append(time.perf_counter() - start)

    def _set_lines(self, ansi: str, width: int) -> None:
        lines = ansi.split("\n")
        changed = len(lines) != len(self._keys)
        strips, keys = [], []
        for y, line in enumerate(lines):
            if not changed and self._keys[y] == line:
                strips.append(self._strips[y])
                keys.append(line)
                continue
            text = Text.from_ansi(line, no_wrap=True, end="")
            segments = list(text.render(self.app.console)) if self.is_attached else [Segment(text.plain)]
            strips.append(Strip(segments).extend_cell_length(width).crop(0, width).apply_style(self.rich_style))
            keys.append(line)
            if not changed:
                self.refresh(Region(0, y, width, 1))
        self._strips, self._keys = strips, keys
        if changed:
            self.refresh()

    def render_line(self, y: int) -> Strip:
        if y < len(self._strips):
            return self._strips[y]
        return Strip([Segment(" " * self.size.width, Style())])

    def on_resize(self) -> None:
        self._keys = []
        self.replot()
