"""The static figures a lesson can ask for: activation plots, the linear-collapse product, a timeline.

Each figure is a pure function of its (already validated) params and the width it may use, and
returns a `rich.text.Text` whose every line fits in that width. The activation functions are
written out again here with numpy rather than imported from the engine, so the figures depend on
nothing but numpy and rich, and the formulas a learner reads sit beside the code that draws them.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from itertools import groupby
from typing import Any

import numpy as np
from rich.text import Text

F_COLOUR = "color(75)"    # the function f(z)
DF_COLOUR = "color(208)"  # its derivative f′(z)
DOT_COLOUR = "color(208)"
GAP = "  "

Curve = Callable[[np.ndarray], np.ndarray]


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


#: name → (f, f′, (ylo, yhi), formula of f, formula of f′); the y range holds both curves on [−4, 4].
ACTIVATIONS: dict[str, tuple[Curve, Curve, tuple[float, float], str, str]] = {
    "relu": (lambda z: np.maximum(0.0, z), lambda z: (z > 0).astype(float), (0.0, 4.0),
             "ReLU(z) = max(0, z)", "ReLU′(z) = 1 if z>0 else 0"),
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)), (0.0, 1.0),
                "σ(z) = 1/(1 + e⁻ᶻ)", "σ′(z) = σ(z)(1 − σ(z))"),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2, (-1.0, 1.0),
             "tanh(z) = (eᶻ−e⁻ᶻ)/(eᶻ+e⁻ᶻ)", "tanh′(z) = 1 − tanh²(z)"),
    "identity": (lambda z: z.astype(float), lambda z: np.ones_like(z, dtype=float), (-4.0, 4.0),
                 "identity(z) = z", "identity′(z) = 1"),
}
_BRAILLE = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]])


def render_figure(kind: str, params: dict[str, Any], width: int) -> Text:
    """Draw one lesson figure within `width` columns; an unknown kind is a sentence, not a crash."""
    width = max(int(width), 1)
    if kind == "activations":
        lines = _activations(list(params.get("functions", [])), bool(params.get("derivatives", False)), width)
    elif kind == "linear-collapse":
        lines = _linear_collapse(params["W1"], params["W2"], width)
    elif kind == "timeline":
        lines = _timeline(list(params.get("events", [])), width)
    else:
        message = f"This lesson asks for a figure of kind {kind!r}, which this version cannot draw."
        lines = [Text(part, style="italic") for part in textwrap.wrap(message, width)]
    for line in lines:  # a last guard: nothing may spill past the width
        line.truncate(width)
    return Text("\n").join(lines)


def _num(v: float) -> str:
    """Compact number: integers without a point, others with 3 significant digits, no "-0"."""
    v = float(v) + 0.0
    if not np.isfinite(v):  # the loader bounds figure values; this is the last guard
        return str(v)
    return str(int(round(v))) if abs(v - round(v)) < 1e-9 and abs(v) < 1e9 else f"{v:.3g}"


def _beside(blocks: list[list[Text]], widths: list[int], sep: str = GAP) -> list[Text]:
    """Lay blocks of lines next to each other, each padded to its width and to the tallest block."""
    out = []
    for r in range(max(len(b) for b in blocks)):
        row = [block[r].copy() if r < len(block) else Text() for block in blocks]
        for cell, w in zip(row, widths):
            cell.truncate(w, pad=True)
        out.append(Text(sep).join(row))
    return out


# ── activations ────────────────────────────────────────────────────────────────────────────────


def _dots(y: np.ndarray, ylo: float, yhi: float, height: int) -> np.ndarray:
    """(height, len(y)) boolean dot image of y, each column joined to the previous one."""
    rows = np.rint((yhi - y) / (yhi - ylo) * (height - 1)).astype(int)
    prev = np.concatenate([rows[:1], rows[:-1]])
    r = np.arange(height)[:, None]
    return (r >= np.minimum(rows, prev)) & (r <= np.maximum(rows, prev))


def _braille(img: np.ndarray) -> np.ndarray:
    """(4h, 2w) dots → (h, w) braille bit masks."""
    h, w = img.shape[0] // 4, img.shape[1] // 2
    return (img.reshape(h, 4, w, 2) * _BRAILLE[None, :, None, :]).sum(axis=(1, 3))


def _activation_panel(name: str, derivatives: bool, plot_w: int, plot_h: int) -> list[Text]:
    """One function's panel: formula lines, a braille plot with y labels, and the z axis."""
    f, df, (ylo, yhi), f_text, df_text = ACTIVATIONS[name]
    z = np.linspace(-4.0, 4.0, 2 * plot_w)
    f_bits = _braille(_dots(f(z), ylo, yhi, 4 * plot_h))
    df_bits = _braille(_dots(df(z), ylo, yhi, 4 * plot_h)) if derivatives else np.zeros_like(f_bits)
    labels = {0: _num(yhi), plot_h - 1: _num(ylo)}
    if ylo < 0 < yhi:
        labels.setdefault(int((yhi / (yhi - ylo)) * (4 * plot_h - 1)) // 4, "0")
    lines = [Text(part, style=F_COLOUR) for part in textwrap.wrap(f_text, plot_w + 3)]
    if derivatives:
        lines += [Text(part, style=DF_COLOUR) for part in textwrap.wrap(df_text, plot_w + 3)]
    for r in range(plot_h):
        line = Text(f"{labels[r]:>2}┤" if r in labels else "  │")
        cells = [(chr(0x2800 + (fb | db)) if fb | db else " ", F_COLOUR if fb else DF_COLOUR if db else "")
                 for fb, db in zip(f_bits[r].tolist(), df_bits[r].tolist())]
        for style, run in groupby(cells, key=lambda cell: cell[1]):  # one span per colour run
            line.append("".join(char for char, _ in run), style=style or None)
        lines.append(line)
    lines.append(Text("  └" + "─" * plot_w))
    lines.append(Text("   " + "-4".ljust(plot_w // 2) + "0".ljust(plot_w - plot_w // 2 - 1) + "4"))
    return lines


def _activations(functions: list[str], derivatives: bool, width: int) -> list[Text]:
    """Panels side by side as far as the width allows, then wrapped onto further rows."""
    names = [n for n in functions if n in ACTIVATIONS]
    plot_w = max(10, min(25, width - 3))
    panel_w = plot_w + 3
    per_row = max(1, min(len(names), (width + len(GAP)) // (panel_w + len(GAP))))
    panels = [_activation_panel(n, derivatives, plot_w, 8) for n in names]
    lines: list[Text] = []
    for i in range(0, len(panels), per_row):
        if lines:
            lines.append(Text())
        row = panels[i:i + per_row]
        lines += _beside(row, [panel_w] * len(row))
    if derivatives:
        lines.append(Text.assemble(("——", F_COLOUR), " f(z)   ", ("——", DF_COLOUR), " f′(z)"))
    return lines


# ── linear collapse ────────────────────────────────────────────────────────────────────────────


def _matrix(M: np.ndarray) -> list[Text]:
    """A bracketed matrix with right-aligned columns: ⎡ ⎤ / ⎢ ⎥ / ⎣ ⎦, or [ ] for one row."""
    cells = [[_num(v) for v in row] for row in M]
    w = [max(len(row[j]) for row in cells) for j in range(M.shape[1])]
    body = [" ".join(c.rjust(w[j]) for j, c in enumerate(row)) for row in cells]
    if len(body) == 1:
        return [Text(f"[{body[0]}]")]
    ends = [("⎡", "⎤")] + [("⎢", "⎥")] * (len(body) - 2) + [("⎣", "⎦")]
    return [Text(f"{a}{b}{z}") for b, (a, z) in zip(body, ends)]


def _vector(v: np.ndarray) -> str:
    return "[" + ", ".join(_num(x) for x in v) + "]"


def _flow(pieces: list[str], width: int, sep: str = "   ") -> list[Text]:
    """Put pieces on lines left to right, starting a new line when the next would not fit.

    A piece wider than the whole line is broken at its spaces, continuing indented.
    """
    lines = [pieces[0]]
    for piece in pieces[1:]:
        fits = len(lines[-1]) + len(sep) + len(piece) <= width
        lines[-1:] = [lines[-1] + sep + piece] if fits else [lines[-1], piece]
    return [Text(part) for line in lines for part in textwrap.wrap(line, width, subsequent_indent="  ")]


def _linear_collapse(W1: list[list[float]], W2: list[list[float]], width: int) -> list[Text]:
    """W₂ · W₁ = W, then one example x that goes through both routes to the same vector."""
    A, B = np.atleast_2d(np.asarray(W1, dtype=float)), np.atleast_2d(np.asarray(W2, dtype=float))
    if B.shape[1] != A.shape[0]:
        message = (f"W₂ is {B.shape[0]}×{B.shape[1]} but W₁ is {A.shape[0]}×{A.shape[1]}: "
                   "W₂ needs as many columns as W₁ has rows, so W₂·W₁ is not defined.")
        return [Text(part) for part in textwrap.wrap(message, width)]
    with np.errstate(all="ignore"):
        W = B @ A
    named = [("W₂", _matrix(B)), ("W₁", _matrix(A)), ("W", _matrix(W))]
    widths = [max(len(name), m[0].cell_len) for name, m in named]
    height = max(len(m) for _, m in named)
    if sum(widths) + 6 <= width:
        blocks = [[Text(name, style="bold")] + [Text()] * ((height - len(m)) // 2) + m for name, m in named]
        ops = [[Text()] * (1 + height) for _ in range(2)]
        ops[0][1 + height // 2], ops[1][1 + height // 2] = Text("·"), Text("=")
        order = [blocks[0], ops[0], blocks[1], ops[1], blocks[2]]
        lines = _beside(order, [widths[0], 1, widths[1], 1, widths[2]], sep=" ")
    else:
        lines = []
        for label, (_, m) in zip(("W₂ =", "W₁ =", "W = W₂·W₁ ="), named):
            lines += [Text(label, style="bold")] + m
    x = np.arange(1.0, A.shape[1] + 1.0)
    with np.errstate(all="ignore"):  # a lesson's huge entries overflow here as they did in B @ A
        h, via_layers, via_product = A @ x, B @ (A @ x), W @ x
    same = "✓ the same vector" if np.allclose(via_layers, via_product) else "✗ different vectors"
    pieces = [f"x = {_vector(x)}", f"W₁x = {_vector(h)}", f"W₂(W₁x) = {_vector(via_layers)}",
              f"(W₂W₁)x = {_vector(via_product)}", same]
    return lines + [Text()] + _flow(pieces, width)


# ── timeline ───────────────────────────────────────────────────────────────────────────────────


def _timeline(events: list[dict[str, Any]], width: int) -> list[Text]:
    """Group names by year (years ascending, names in lesson order); horizontal if it fits."""
    groups: dict[int, list[str]] = {}
    for event in sorted(events, key=lambda e: int(e["year"])):
        groups.setdefault(int(event["year"]), []).append(str(event["name"]))
    return _horizontal(groups, width) or _vertical(groups, width)


def _vertical(groups: dict[int, list[str]], width: int) -> list[Text]:
    """One event per line: "2014 ─● Adam"; a shared year is written once."""
    yw = max(len(str(y)) for y in groups) if groups else 4
    lines = []
    for year, names in groups.items():
        for i, name in enumerate(names):
            lines.append(Text.assemble((str(year).rjust(yw) if i == 0 else " " * yw, "bold"), " ─",
                                       ("●", DOT_COLOUR), " ", name))
    return lines


def _lanes(ticks: list[int], blocks: list[list[str]], width: int, order: list[int],
           max_lanes: int) -> list[list[str]] | None:
    """Put each block of names in the lowest lane where neither it nor its connector hits another.

    Lane 0 is just above the axis; a block's connector runs from under its first name down to its
    tick, so the lanes below it must be free in that one column. None when `max_lanes` is too few.
    """
    lanes = [[" "] * width for _ in range(max_lanes)]
    for at in order:
        c, names = ticks[at], blocks[at]
        w, g = max(len(n) for n in names), len(names)
        start = min(c, width - w)
        box = range(max(start - 1, 0), min(start + w + 1, width))
        for k in range(max_lanes - g + 1):
            if all(lanes[j][c] == " " for j in range(k)) and all(
                    lanes[j][i] == " " for j in range(k, k + g) for i in box):
                break
        else:
            return None
        for j in range(k):
            lanes[j][c] = "│"
        for i, name in enumerate(names):  # first name on top, in reading order
            lanes[k + g - 1 - i][start:start + len(name)] = name
    return [lane for lane in lanes if lane.count(" ") < width]


def _horizontal(groups: dict[int, list[str]], width: int, max_lanes: int = 6) -> list[Text] | None:
    """Years on an axis with names stacked above their ticks, or None when they cannot fit.

    Blocks are placed right to left and left to right; the arrangement with fewer lanes wins.
    Right to left usually does better, since a long name then climbs over its right neighbour.
    """
    if not groups:
        return None
    years, blocks = list(groups), list(groups.values())
    yw = max(len(str(y)) for y in years)
    span = max(years[-1] - years[0], 1)
    ticks = [round((y - years[0]) / span * (width - yw)) for y in years]
    if any(b - a < yw + 1 for a, b in zip(ticks, ticks[1:])) or any(
            max(map(len, names)) > width for names in blocks):
        return None
    tries = [_lanes(ticks, blocks, width, order, max_lanes)
             for order in (list(reversed(range(len(years)))), list(range(len(years))))]
    found = [t for t in tries if t is not None]
    if not found:
        return None
    lanes = min(found, key=len)
    lines = [Text("".join(lane).rstrip()) for lane in reversed(lanes)]
    connector, axis, labels = [" "] * width, ["─"] * (ticks[-1] + 1), [" "] * width
    for c, y in zip(ticks, years):
        connector[c], axis[c] = "│", "●"
        labels[c:c + len(str(y))] = str(y)
    lines.append(Text("".join(connector).rstrip()))
    axis_line = Text("".join(axis))
    for c in ticks:
        axis_line.stylize(DOT_COLOUR, c, c + 1)
    return lines + [axis_line, Text("".join(labels).rstrip(), style="bold")]
