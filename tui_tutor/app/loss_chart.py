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
from ..ticks import label, nice_ticks
from .colours import SERIES


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


#: Each series' colour (Okabe–Ito, see colours.py) and its plotext marker with and without
#: colour: under NO_COLOR the curves differ by glyph, and the caption above says which is which.
TRAIN, VAL, PREV = (_rgb(SERIES[name][1]) for name in ("train", "val", "before"))
MARKER = {colour: (SERIES[name][2], SERIES[name][3])
          for colour, name in ((TRAIN, "train"), (VAL, "val"), (PREV, "before"))}
BLOWN = TRAIN  # the training loss, climbing off the chart where the run blew up
#: A loss this many times the run's first loss is off the chart: the axis stays where the
#: learning happened, and what blew up is drawn climbing into a top band, marked with its value.
CLIP_FACTOR = 20.0


def nice_ceiling(x: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that is at least x."""
    if not math.isfinite(x) or x <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(x))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= x * (1 - 1e-9):
            return m * power
    return 10 * power


def first_value(views: list[SeriesView]) -> float | None:
    """The first finite value among the series: the loss the run started from."""
    for v in views:
        ok = np.isfinite(v.mean)
        if ok.any():
            return float(v.mean[ok][0])
    return None


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
        self._y_min = 1.0  # the log axis's floor (a power of ten)
        self._peak = 0.0  # the largest loss plotted, drawn as a number when it is off the chart
        self._diverged: int | None = None
        self.log_scale = False  # g: a log-scale loss axis
        self._run = -1
        self.frames = 0  # how many times the chart was rebuilt (for tests and the benchmark)
        self.build_seconds: list[float] = []  # the first and the latest builds, for the benchmark

    def show(self, run: int, series: dict[str, SeriesView], target: int,
             previous: dict[str, SeriesView] | None = None, diverged: int | None = None) -> None:
        """Plot a snapshot's series; ``previous`` (another run) is drawn under it, grey.

        ``diverged`` is the step at which the run blew up: the x axis then ends a little after
        it, so the climb is seen across the chart, not squeezed into its first column.
        """
        if run != self._run:
            self._run, self._y_max, self._y_min = run, 0.0, 1.0
        self._series, self._previous, self._diverged = series, previous or {}, diverged
        self._x_max = max(float(target), 1.0) if diverged is None else max(nice_ceiling(diverged * 1.25), 5.0)
        views = [v for v in (*series.values(), *self._previous.values()) if len(v) and np.isfinite(v.mean).any()]
        peak = max((float(np.max(v.mean[np.isfinite(v.mean)])) for v in views), default=1.0)
        low = min((float(np.min(v.mean[np.isfinite(v.mean) & (v.mean > 0)], initial=np.inf)) for v in views),
                  default=1.0)
        self._peak = peak
        start = first_value([series[k] for k in ("train_loss", "val_loss") if k in series])
        if start is not None and peak > CLIP_FACTOR * max(start, 1e-12):
            peak = CLIP_FACTOR * start  # the rest goes into the top band
        if peak > self._y_max or self._y_max == 0.0:
            self._y_max = nice_ceiling(peak * 1.05)
        if math.isfinite(low) and low < self._y_min:
            self._y_min = 10.0 ** math.floor(math.log10(low))
        self.replot()

    def toggle_log(self) -> None:
        self.log_scale = not self.log_scale
        self.replot()

    def _y(self, values: list[float]) -> list[float]:
        """Where each loss is drawn: clipped into the chart, and log10 on the log axis."""
        top, floor = self._y_max, self._y_min
        if self.log_scale:
            return [math.log10(min(max(v, floor), top)) for v in values]
        return [min(v, top) for v in values]

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
        self._axes(plt)
        points = 2 * width
        legend = False  # the caption above names the series, in the learner's language
        for name, color in (("train_loss", PREV), ("val_loss", PREV)):
            if name in self._previous and len(self._previous[name]):
                xs, ys = thin(self._previous[name], points)
                plt.plot(xs, self._y(ys), color=color, marker=self._marker(color),
                         label="before" if name == "train_loss" and legend else None)
        last: tuple[float, float] | None = None
        for name, name_label, color in (("train_loss", "train", TRAIN), ("val_loss", "val", VAL)):
            if name in self._series and len(self._series[name]):
                xs, ys = thin(self._series[name], points)
                if xs:
                    plt.plot(xs, self._y(ys), color=color, marker=self._marker(color), label=name_label if legend else None)
                    if name == "train_loss":
                        last = (xs[-1], ys[-1])
        self._mark_blow_up(plt, last)
        self._set_lines(plt.build(), width)
        self.frames += 1
        if len(self.build_seconds) >= 200:
            del self.build_seconds[100:150]  # keep the first 100 and a recent window
        self.build_seconds.append(time.perf_counter() - start)

    def _marker(self, colour: tuple[int, int, int]) -> str:
        return MARKER[colour][1 if self.is_attached and self.app.no_color else 0]

    def _axes(self, plt) -> None:  # type: ignore[no-untyped-def]
        """Fixed limits with round ticks: the frame stays still while the curves grow."""
        plt.xlim(0, self._x_max)
        xticks = nice_ticks(0, self._x_max, 3)
        plt.xticks(xticks, [label(x) for x in xticks])
        if self.log_scale:
            lo, hi = math.log10(self._y_min), math.log10(self._y_max)
            plt.ylim(lo, hi)
            powers = list(range(math.ceil(lo), math.floor(hi) + 1)) or [round(lo)]
            stride = max(1, len(powers) // 3)
            plt.yticks(powers[::stride], [label(10.0 ** p) if -4 <= p <= 5 else f"1e{p}" for p in powers[::stride]])
        else:
            plt.ylim(0, self._y_max)
            yticks = nice_ticks(0, self._y_max, 3)
            plt.yticks(yticks, [label(y) for y in yticks])

    def _mark_blow_up(self, plt, last: tuple[float, float] | None) -> None:  # type: ignore[no-untyped-def]
        """Where the run diverged, or a loss went off the top: a red climb to the top edge and
        the real value beside it (ASCII: plotext measures wide characters wrong)."""
        off = self._peak > self._y_max
        if self._diverged is None and not off:
            return
        top = self._y([self._y_max])[0]
        x = float(self._diverged if self._diverged is not None else (last[0] if last else 0))
        start = self._y([last[1]])[0] if last is not None else top
        plt.plot([x, x], [start, top], color=BLOWN, marker="braille")
        text = f"^ {self._peak:,.0f}" if off else "^ diverged"
        plt.text(text, x, top, color=BLOWN, alignment="right" if x > self._x_max / 2 else "left")

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
