"""Pixel pictures of a model in the terminal: the decision field of a 2-D classifier and a 1-D fit.

Each terminal cell holds two square-ish pixels stacked vertically: "▀" painted with the top pixel as
foreground and the bottom pixel as background. Colours come from a small fixed 256-colour palette and
probabilities are quantized into a few levels, so a converged model yields byte-identical frames and
the widget can skip repainting. Everything here is a pure function of its arguments.
"""

from __future__ import annotations

import math

import numpy as np
from rich.style import Style
from rich.text import Span, Text

from .colours import CLASSES, FIT_DATA, FIT_MODEL

Extent = tuple[float, float, float, float]  # xmin, xmax, ymin, ymax in data coordinates

#: Binary field: P(class 1) quantized into 5 bins, confident class 0 → neutral → confident class 1,
#: darkened Okabe–Ito class colours (see colours.py) so that the points in full colour stand out.
BINARY_FIELD: tuple[str, ...] = ("#143F5A", "#203644", "#2A2A2A", "#4A3F22", "#6A5216")
#: Multiclass field: one darkened shade per class.
CLASS_FIELD: tuple[str, ...] = ("#174A67", "#6A5216", "#66475A")
#: Data points: the class colours themselves.
CLASS_POINT: tuple[str, ...] = CLASSES
NEUTRAL = 2  # index of the grey bin in BINARY_FIELD, used for NaN
FIT_CURVE = FIT_MODEL
FIT_BACKGROUND = "#2A2A2A"  # the fit is drawn on its own dark ground, so both themes read it
#: Cells that hold a glyph instead of two pixels: a validation point, a point the model gets wrong.
VAL_GLYPH, WRONG_GLYPH = "o", "x"

def grid_points(extent: Extent, cols: int, rows: int) -> np.ndarray:
    """Centres of the half-cell pixels, (2*rows*cols, 2), top pixel row first, then left to right.

    The model is evaluated at these points, so the field shows what the model says at each pixel;
    row-major from ymax down matches the order in which the terminal is painted.
    """
    xmin, xmax, ymin, ymax = extent
    cols, rows = max(int(cols), 0), max(int(rows), 0)
    xs = xmin + (np.arange(cols) + 0.5) * (xmax - xmin) / max(cols, 1)
    ys = ymax - (np.arange(2 * rows) + 0.5) * (ymax - ymin) / max(2 * rows, 1)
    gx, gy = np.meshgrid(xs, ys)
    return np.column_stack([gx.ravel(), gy.ravel()]).astype(float)


def _padded(lo: float, hi: float, margin: float) -> tuple[float, float]:
    """Pad [lo, hi] by margin·span and round outwards to a coarse step so small drifts do not jitter."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return -1.0, 1.0
    span = hi - lo
    if span <= 1e-12:
        lo, hi, span = lo - 0.5, hi + 0.5, 1.0
    lo, hi = lo - margin * span, hi + margin * span
    step = 10.0 ** math.floor(math.log10(hi - lo)) / 4  # e.g. span 2.4 → step 0.25
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def data_extent(X: np.ndarray, margin: float = 0.1, y: np.ndarray | None = None) -> Extent:
    """Rounded, padded bounds of X (n, 2); for 1-D X (n,) or (n, 1) the y bounds come from `y`.

    Without `y`, 1-D data gets the placeholder y range (-1, 1). Non-finite entries are ignored, and
    empty input gives (-1, 1, -1, 1), so a widget never has to special-case a fresh dataset.
    """
    X = np.asarray(X, dtype=float)
    X = X.reshape(-1, 1) if X.ndim == 1 else X
    xs = X[:, 0][np.isfinite(X[:, 0])] if X.size else np.empty(0)
    if X.ndim == 2 and X.shape[1] >= 2:
        ys = X[:, 1][np.isfinite(X[:, 1])]
    elif y is not None:
        ys = np.asarray(y, dtype=float).ravel()
        ys = ys[np.isfinite(ys)]
    else:
        ys = np.array([-1.0, 1.0])
    if xs.size == 0 or ys.size == 0:
        return (-1.0, 1.0, -1.0, 1.0)
    xmin, xmax = _padded(float(xs.min()), float(xs.max()), margin)
    ymin, ymax = _padded(float(ys.min()), float(ys.max()), margin)
    return (xmin, xmax, ymin, ymax)


def square_pixels(extent: Extent, cols: int, rows: int, room: float = 1.5) -> tuple[int, int, Extent]:
    """The cells to draw `extent` in, within cols x rows, so that its pixels are square.

    A half-block pixel is half a cell tall, and a cell is about twice as tall as wide, so one data
    unit must span as many pixels across as down: a circle then looks like a circle. All the data
    fits; along the other axis the picture shows up to `room` times the data's span (more of what
    the model does outside the data) and leaves the rest of the area blank. Returns the cells
    used (cols, rows) and the extent they show, centred on the data's.
    """
    xmin, xmax, ymin, ymax = extent
    w, h = max(xmax - xmin, 1e-12), max(ymax - ymin, 1e-12)
    unit = max(w / max(cols, 1), h / max(2 * rows, 1))  # data per pixel
    used_cols = max(1, min(cols, math.ceil(w * room / unit - 1e-9)))
    used_rows = max(1, min(rows, math.ceil(h * room / unit / 2 - 1e-9)))
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    half_w, half_h = used_cols * unit / 2, used_rows * unit  # 2*rows pixels tall
    return used_cols, used_rows, (cx - half_w, cx + half_w, cy - half_h, cy + half_h)


def _pixel_of(P: np.ndarray, extent: Extent, cols: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, col) pixel indices of points P (n, 2), with -1 marking points outside the extent."""
    xmin, xmax, ymin, ymax = extent
    with np.errstate(invalid="ignore", divide="ignore"):
        c = np.floor((P[:, 0] - xmin) / (xmax - xmin) * cols)
        r = np.floor((ymax - P[:, 1]) / (ymax - ymin) * 2 * rows)
    inside = np.isfinite(c) & np.isfinite(r) & (c >= 0) & (c < cols) & (r >= 0) & (r < 2 * rows)
    return np.where(inside, r, -1).astype(int), np.where(inside, c, -1).astype(int)


Glyph = tuple[str, Style]  # a cell drawn as one character instead of two pixels


def _half_blocks(idx: np.ndarray, palette: list[str | None],
                 glyphs: dict[tuple[int, int], Glyph] | None = None) -> Text:
    """Turn a (2*rows, cols) grid of palette indices into `rows` lines of half-block cells.

    Consecutive cells with the same (top, bottom) pair share one span, so a smooth field is a handful
    of spans per line. `None` in the palette means "terminal background" (nothing drawn). `glyphs`
    maps (row, col) of a cell to the character and style drawn there instead.
    """
    k = len(palette)
    key = idx[0::2] * k + idx[1::2]  # (rows, cols): one number per (top, bottom) pair
    cells = list(glyphs.items()) if glyphs else []
    for i, ((r, c), _) in enumerate(cells):
        key[r, c] = -1 - i  # a run of its own
    parts: list[str] = []
    spans: list[Span] = []
    styles: dict[int, tuple[str, Style | None]] = {}
    at = 0
    for r, line in enumerate(key):
        if r:
            parts.append("\n")
            at += 1
        starts = np.concatenate(([0], np.flatnonzero(np.diff(line)) + 1))
        ends = np.append(starts[1:], len(line))
        for s, e in zip(starts.tolist(), ends.tolist()):
            pair = int(line[s])
            if pair < 0:
                char, style = cells[-1 - pair][1]
            else:
                if pair not in styles:
                    styles[pair] = _cell(palette[pair // k], palette[pair % k])
                char, style = styles[pair]
            parts.append(char * (e - s))
            if style is not None:
                spans.append(Span(at, at + e - s, style))
            at += e - s
    return Text("".join(parts), spans=spans, no_wrap=True, overflow="crop")


def _cell(top: str | None, bottom: str | None) -> tuple[str, Style | None]:
    """The character and style that show two stacked pixels in one cell (fewest escape codes)."""
    if top is None and bottom is None:
        return " ", None
    if top is None:
        return "▄", Style(color=bottom)
    if bottom is None:
        return "▀", Style(color=top)
    if top == bottom:
        return " ", Style(bgcolor=top)  # a full cell is just its background
    return "▀", Style(color=top, bgcolor=bottom)


def render_field(values: np.ndarray, task: str, cols: int, rows: int,
                 points: np.ndarray | None = None, labels: np.ndarray | None = None,
                 extent: Extent | None = None, val_points: np.ndarray | None = None,
                 val_labels: np.ndarray | None = None,
                 answers: tuple[np.ndarray, np.ndarray] | None = None) -> Text:
    """Paint the model's output over the input plane, with the data on top.

    values : (2*rows*cols,) in `grid_points` order; P(class 1) for "binary", class ids otherwise,
    NaN where the model has not answered yet. Training points are pixels in their class colour;
    validation points are an "o" cell. `answers` holds what the model says at the training and
    the validation points themselves (as `values` does at pixels); a point it gets wrong is an "x"
    cell, so mistakes are seen at a glance. Uniform cells are coloured spaces (shorter output).
    """
    if cols < 1 or rows < 1:
        return Text()
    v = np.asarray(values, dtype=float).ravel()
    if v.size != 2 * rows * cols:
        raise ValueError(f"render_field needs {2 * rows * cols} values for {cols}x{rows} cells, "
                         f"got {v.size}")
    v = v.reshape(2 * rows, cols)
    nan = ~np.isfinite(v)
    if task == "binary":
        field = list(BINARY_FIELD)
        bins = np.floor(np.clip(np.where(nan, 0.5, v), 0.0, 1.0) * len(field))
        idx = np.minimum(bins, len(field) - 1).astype(int)
        idx[nan] = NEUTRAL
    else:
        field = list(CLASS_FIELD) + [BINARY_FIELD[NEUTRAL]]
        idx = np.clip(np.rint(np.where(nan, 0.0, v)), 0, len(CLASS_FIELD) - 1).astype(int)
        idx[nan] = len(field) - 1
    palette: list[str | None] = [*field, *CLASS_POINT]
    if extent is None:
        return _half_blocks(idx, palette)
    shade = idx.copy()
    glyphs: dict[tuple[int, int], Glyph] = {}
    said = answers if answers is not None else (None, None)
    for P, y, a, is_val in ((points, labels, said[0], False), (val_points, val_labels, said[1], True)):
        placed = _place(P, y, extent, cols, rows)
        if placed is None:
            continue
        r, c, k, inside = placed
        wrong = np.zeros(len(k), dtype=bool)
        if a is not None and len(a) == len(inside):
            wrong = _wrong(np.asarray(a, dtype=float)[inside], k, task)
        if not is_val:
            idx[r[~wrong], c[~wrong]] = len(field) + k[~wrong]
        for rr, cc, kk, bad in zip(r.tolist(), c.tolist(), k.tolist(), wrong.tolist()):
            if bad or is_val:
                cell = (rr // 2, cc)
                if bad or glyphs.get(cell, ("",))[0] != WRONG_GLYPH:  # a mistake is never hidden
                    glyphs[cell] = (WRONG_GLYPH if bad else VAL_GLYPH,
                                    Style(color=CLASS_POINT[kk], bgcolor=field[shade[rr, cc]], bold=True))
    return _half_blocks(idx, palette, glyphs)


def _wrong(answer: np.ndarray, k: np.ndarray, task: str) -> np.ndarray:
    """Where the model's answer is another class than k; never where it has not answered."""
    said = (answer > 0.5).astype(int) if task == "binary" else np.rint(answer)  # as accuracy()
    return np.isfinite(answer) & (said != k)


def _place(P: np.ndarray | None, labels: np.ndarray | None, extent: Extent, cols: int,
           rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Pixel row, column and class id of each point inside the extent, and which points those are."""
    if P is None or labels is None or not len(P):
        return None
    y = np.asarray(labels, dtype=float)
    y = y.argmax(axis=1) if y.ndim == 2 and y.shape[1] > 1 else y.ravel()  # one-hot or ids
    n = min(len(P), len(y))
    y = np.clip(np.rint(np.where(np.isfinite(y[:n]), y[:n], 0.0)), 0, len(CLASS_POINT) - 1).astype(int)
    r, c = _pixel_of(np.asarray(P, dtype=float).reshape(len(P), -1)[:n, :2], extent, cols, rows)
    ok = r >= 0
    inside = np.zeros(len(P), dtype=bool)
    inside[:n] = ok
    return r[ok], c[ok], y[ok], inside


def _column_rows(curve_x: np.ndarray, curve_y: np.ndarray, extent: Extent, cols: int,
                 height: int) -> np.ndarray:
    """Pixel row of the curve at each column centre (float, NaN where the curve is not defined)."""
    xmin, xmax, ymin, ymax = extent
    cx = np.asarray(curve_x, dtype=float).ravel()
    cy = np.asarray(curve_y, dtype=float).ravel()
    ok = np.isfinite(cx) & np.isfinite(cy)
    cx, cy = cx[ok], cy[ok]
    rows = np.full(cols, np.nan)
    if cx.size == 0 or ymax == ymin:
        return rows
    order = np.argsort(cx, kind="stable")
    cx, cy = cx[order], cy[order]
    dx = (xmax - xmin) / cols
    centres = xmin + (np.arange(cols) + 0.5) * dx
    defined = (centres >= cx[0] - dx / 2) & (centres <= cx[-1] + dx / 2)  # no extrapolation
    yc = np.interp(centres, cx, cy)
    rows[defined] = np.floor((ymax - yc[defined]) / (ymax - ymin) * height)
    return rows


def render_fit(x: np.ndarray, y: np.ndarray, curve_x: np.ndarray, curve_y: np.ndarray,
               cols: int, rows: int, extent: Extent) -> Text:
    """The training pairs (x, y) as dots and the model's prediction as a connected line.

    The curve is sampled at every pixel column and each column is filled towards its left neighbour,
    so steep stretches stay connected; parts that leave the extent are clipped at its edge.
    """
    if cols < 1 or rows < 1:
        return Text()
    height = 2 * rows
    idx = np.zeros((height, cols), dtype=int)  # 0 = empty, 1 = data, 2 = curve
    xs, ys = np.asarray(x, dtype=float).ravel(), np.asarray(y, dtype=float).ravel()
    n = min(xs.size, ys.size)
    r, c = _pixel_of(np.column_stack([xs[:n], ys[:n]]), extent, cols, rows)
    idx[r[r >= 0], c[r >= 0]] = 1
    crow = _column_rows(curve_x, curve_y, extent, cols, height).tolist()
    for col, row in enumerate(crow):
        if math.isnan(row):
            continue
        prev = crow[col - 1] if col and not math.isnan(crow[col - 1]) else row
        step = (row > prev) - (row < prev)  # fill from this row up to just before the previous one
        lo, hi = sorted((row, prev + step))
        lo, hi = max(int(lo), 0), min(int(hi), height - 1)
        if lo <= hi:  # both ends off the same edge: nothing to draw
            idx[lo:hi + 1, col] = 2
    return _half_blocks(idx, [FIT_BACKGROUND, FIT_DATA, FIT_CURVE])
