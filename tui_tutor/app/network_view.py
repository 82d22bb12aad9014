"""The network view (`w`): every neuron as a small picture of what it computes, live while training.

Each layer is a column of tiles: the inputs, every hidden unit, the output. A tile is a half-block
heatmap of the neuron's output over the input plane (orange positive, blue negative, grey zero),
or for 1-D data the neuron's output curve. Left of each tile, one glyph per incoming link shows
that weight: colour for its sign, glyph weight for its size. Arrow keys move a focus; the focused
neuron's formula is written out with its real numbers below the tiles.

Like the field view, it keeps its picture as lines and repaints only those that changed. Values
are quantized to a few shades, so once training settles the picture costs nothing to keep.
"""

from __future__ import annotations

import textwrap
import time
from itertools import accumulate

import numpy as np
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widget import Widget

from ..engine import DatasetInfo
from ..engine.config import MAX_DEPTH
from .canvas import Extent, _half_blocks, grid_points
from .line_block import Lines
from .network_layout import INFO_ROWS, Layout, formula, name, plan, shown_units

#: Diverging shades for a neuron's output: strong blue .. grey .. strong orange.
SHADES = ("color(33)", "color(60)", "color(239)", "color(95)", "color(208)")
LEVELS = len(SHADES) // 2  # shades on each side of zero
#: A pixel changes shade only once its value is this far (in shades) past the bin's edge, so a value
#: wavering on an edge does not repaint its cell at every update (each costs ~20 bytes over SSH).
HYSTERESIS = 0.5
INFO_EVERY = 1.0  # seconds between updates of the focused neuron's numbers while they change
CURVE_BG, CURVE_FG = "color(236)", "color(208)"
POSITIVE, NEGATIVE = "color(208)", "color(33)"
LINK_GLYPHS = ("·", "╌", "─", "━")


class NetworkView(Widget):
    DEFAULT_CSS = """
    NetworkView { height: 3fr; max-height: 24; min-height: 8; width: 1fr; layout: vertical; }
    NetworkView > #net-tiles { height: 1fr; }
    NetworkView > #net-info { height: 3; width: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.sizes: list[int] = [2, 1]
        self.lang = "en"
        self.activation = "relu"
        self.regression = False
        self.extent: Extent = (-1.0, 1.0, -1.0, 1.0)
        self.focus_at = (1, 0)  # (layer, position among the shown units)
        self._levels: dict[tuple[int, ...], np.ndarray] = {}  # each tile's shades as last drawn
        self._info: tuple[tuple[object, ...], float, list[Text]] | None = None
        self._scales: dict[tuple[int, int], float] = {}
        self._live = False
        self._last: tuple[tuple[np.ndarray, ...] | None, tuple[np.ndarray, ...] | None] = (None, None)

    def compose(self) -> ComposeResult:
        with Horizontal(id="net-tiles"):
            for _ in range(MAX_DEPTH + 2):
                yield Lines(classes="net-col")
        yield Lines(id="net-info")

    @property
    def info_lines(self) -> list[Text]:
        return self.query_one("#net-info", Lines)._lines

    def set_model(self, sizes: list[int], activation: str, info: DatasetInfo, extent: Extent) -> None:
        self.sizes, self.activation, self.extent = list(sizes), activation, extent
        self._levels.clear()
        self._scales.clear()
        self._info = None
        self.regression = info.task == "regression"
        layer = min(self.focus_at[0], len(sizes) - 1)
        self.focus_at = (layer, min(self.focus_at[1], sizes[layer] - 1))

    @property
    def tiles_plan(self) -> Layout:
        return plan(self.sizes, self.size.width, self.size.height, self.sizes[0] == 1)

    def grid(self) -> np.ndarray | None:
        """Where the session should evaluate every neuron: one point per tile pixel (or x position)."""
        if not self.display or self.size.width < 8 or self.size.height < 4:
            return None
        lay = self.tiles_plan
        if self.sizes[0] == 1:
            return np.linspace(self.extent[0], self.extent[1], lay.tile_w)[:, None]
        return grid_points(self.extent, lay.tile_w, lay.tile_h)

    def move(self, d_layer: int, d_unit: int) -> None:
        layer = max(0, min(len(self.sizes) - 1, self.focus_at[0] + d_layer))
        shown = min(self.sizes[layer], self.tiles_plan.shown)
        self.focus_at = (layer, max(0, min(shown - 1, self.focus_at[1] + d_unit)))
        self.show(*self._last)

    def show(self, neurons: tuple[np.ndarray, ...] | None, weights: tuple[np.ndarray, ...] | None,
             live: bool = False) -> None:
        """neurons: per layer (n_points, width) outputs on ``grid()``; weights: W₁, b₁, W₂, b₂, ...
        ``live``: training is under way, so the focused neuron's numbers may wait a moment."""
        self._live = live
        self._last = (neurons, weights)
        if self.size.width < 8 or self.size.height < 4:
            return
        lines, lay = self.draw(neurons, weights), self.tiles_plan
        tiles, info = (lines[:-INFO_ROWS], lines[-INFO_ROWS:]) if len(lines) > INFO_ROWS else ([], lines)
        widths = [lay.links[c] + (2 if c else 0) + lay.tile_w + 1 for c in range(len(self.sizes))]
        pieces = [line.divide(list(accumulate(widths))[:-1]) for line in tiles]
        for c, column in enumerate(self.query(".net-col").results(Lines)):
            column.display = c < len(widths)
            if c < len(widths):
                column.styles.width = widths[c]
                column.set_lines([p[c] if c < len(p) else Text() for p in pieces])
        self.query_one("#net-info", Lines).set_lines(info)

    def draw(self, neurons: tuple[np.ndarray, ...] | None, weights: tuple[np.ndarray, ...] | None) -> list[Text]:
        sizes, lay = self.sizes, self.tiles_plan
        width, height = self.size.width, self.size.height
        Ws = list(weights[0::2]) if weights else [np.zeros((a, b)) for a, b in zip(sizes, sizes[1:])]
        bs = list(weights[1::2]) if weights else [np.zeros(b) for b in sizes[1:]]
        if [W.shape for W in Ws] != [(a, b) for a, b in zip(sizes, sizes[1:])]:
            return [Text("…")]  # a snapshot of the previous net, before the new one arrives
        shown = shown_units(Ws, sizes, lay.shown)
        rows = height - INFO_ROWS
        lines = [Text(no_wrap=True, overflow="crop") for _ in range(rows)]
        grid_ok = neurons is not None and len(neurons) == len(sizes) and neurons[0].shape[0] == len(self.grid_like())
        for col, units in enumerate(shown):
            link_w = lay.links[col] + (2 if col else 0)
            top = max(0, (rows - (1 if sizes[col] > len(units) else 0) - (len(units) * lay.pitch - (lay.pitch - lay.tile_h))) // 2)
            used = set()
            for pos, unit in enumerate(units):
                y0 = top + pos * lay.pitch
                tile = self.tile(neurons[col][:, unit] if grid_ok else None, lay, (col, int(unit)))
                focused = self.focus_at == (col, pos)
                for r in range(lay.tile_h):
                    if y0 + r >= rows:
                        break
                    line = lines[y0 + r]
                    if col:
                        if r == 0:
                            line.append(" ")
                            self.links(line, Ws[col - 1][shown[col - 1], unit], lay.links[col], (col, int(unit)))
                            line.append(" ")
                        else:
                            line.append(" " * link_w)
                    line.append("›" if focused and r == 0 else " ", style="bold")
                    line.append_text(tile[r])
                    used.add(y0 + r)
            if sizes[col] > len(units) and top + len(units) * lay.pitch < rows:
                note = f"+{sizes[col] - len(units)}"
                y = top + len(units) * lay.pitch
                lines[y].append(" " * link_w + f"{note:<{lay.tile_w + 1}}"[: lay.tile_w + 1], style="dim")
                used.add(y)
            for y in range(rows):  # keep every line's columns aligned
                if y not in used:
                    lines[y].append(" " * (link_w + lay.tile_w + 1))
        layer, pos = self.focus_at
        unit = int(shown[layer][min(pos, len(shown[layer]) - 1)])
        # The formula's numbers change at every update while training: once a second is readable
        # and costs a third of the bytes over SSH.
        now = time.monotonic()
        key = (layer, unit, width, tuple(self.sizes), weights is None)
        if not self._live or self._info is None or self._info[0] != key or now - self._info[1] >= INFO_EVERY:
            self._info = (key, now, self.info(layer, unit, Ws, bs, width))
        return lines + self._info[2]

    def grid_like(self) -> np.ndarray:
        lay = self.tiles_plan
        return np.zeros(lay.tile_w if self.sizes[0] == 1 else 2 * lay.tile_h * lay.tile_w)

    def tile(self, values: np.ndarray | None, lay: Layout, key: tuple[int, int] = (0, 0)) -> list[Text]:
        w, h = lay.tile_w, lay.tile_h
        if values is None or not np.isfinite(values).all():
            return [Text(" " * w, style=f"on {CURVE_BG}") for _ in range(h)]
        if self.sizes[0] == 1:  # the output curve over x
            lo, hi = float(values.min()), float(values.max())
            span = hi - lo if hi - lo > 1e-9 else 1.0
            idx = np.zeros((2 * h, w), dtype=int)
            row = np.clip(np.floor((hi - values) / span * (2 * h - 1) + 0.5), 0, 2 * h - 1).astype(int)
            idx[row, np.arange(w)] = 1
            return _half_blocks(idx, [CURVE_BG, CURVE_FG]).split("\n")
        m = float(np.abs(values).max())
        scale = self._scales.get(key)  # the tile's scale moves only when its range really changes
        if scale is None or not 0.7 * scale <= m <= 1.3 * scale:
            self._scales[key] = scale = m
        raw = np.clip(values / scale * LEVELS, -LEVELS, LEVELS) if scale > 1e-9 else np.zeros(values.shape)
        level = np.rint(raw).astype(int)
        before = self._levels.get(key)
        if before is not None and before.shape == level.shape:
            level = np.where(np.abs(raw - before) > 0.5 + HYSTERESIS, level, before)
        self._levels[key] = level
        return _half_blocks((level + LEVELS).reshape(2 * h, w), list(SHADES)).split("\n")

    def links(self, line: Text, w: np.ndarray, n: int, key: tuple[int, int]) -> None:
        """One glyph per incoming link: colour the sign, glyph weight the size (to the unit's largest)."""
        top = float(np.abs(w).max()) if w.size else 0.0
        raw = np.abs(w[:n]) / top * len(LINK_GLYPHS) - 0.5 if top > 0 else np.zeros(min(n, len(w)))
        level = np.clip(np.rint(raw), 0, len(LINK_GLYPHS) - 1).astype(int)
        before = self._levels.get((-1, *key))
        if before is not None and before.shape == level.shape:
            level = np.where(np.abs(raw - before) > 0.5 + HYSTERESIS, level, before)
        self._levels[(-1, *key)] = level
        for v, k in zip(w[:n], level):
            line.append(LINK_GLYPHS[k], style=POSITIVE if v >= 0 else NEGATIVE)

    def info(self, layer: int, unit: int, Ws: list[np.ndarray], bs: list[np.ndarray], width: int) -> list[Text]:
        """The focused neuron: its formula with real numbers, then every incoming weight."""
        if layer == 0:
            label = name(0, unit, self.sizes, self.regression)
            said = f"입력 {self.sizes[0]}개 중 {unit + 1}번째" if self.lang == "ko" else f"input {unit + 1} of {self.sizes[0]}"
            return [Text(f"{label}: {said}", style="bold"), Text("↑↓←→"), Text()]
        W, b = Ws[layer - 1], bs[layer - 1]
        said = formula(layer, unit, self.sizes, W, b, self.activation, self.regression)
        parts = textwrap.wrap(said, max(8, width), subsequent_indent="    ")
        lines = [Text(part, style="bold") for part in parts[:2]]
        if len(parts) > 2:
            lines[1].append("…")
        second = Text("in:", style="dim")
        for i, v in enumerate(W[:, unit]):
            second.append(f" {name(layer - 1, i, self.sizes, self.regression)}")
            second.append(f"{v:+.2f}".replace("-", "−"), style=POSITIVE if v >= 0 else NEGATIVE)
        for line in (*lines, second):
            line.no_wrap, line.overflow = True, "ellipsis"
            line.truncate(width, overflow="ellipsis")
        return [*lines, second] + [Text() for _ in range(2 - len(lines))]

    class Resized(Message):
        """The grid to evaluate every neuron on changed: the app sends the session the new one."""

    def on_resize(self) -> None:
        self.show(*self._last)
        self.post_message(self.Resized())
