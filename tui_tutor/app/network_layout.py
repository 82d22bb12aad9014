"""Where the network view puts things, and what it writes: pure functions, tested without the app.

``plan`` sizes the tiles and link gaps for a net in a given space; ``shown_units`` picks the units
of wide layers worth drawing (the largest outgoing weights); ``name`` and ``formula`` write a
neuron the way the lessons do, e.g. ``h₃ = relu(0.82·x₁ − 1.10·x₂ + 0.05)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_SHOWN = 16
INFO_ROWS = 3  # the focused neuron's formula (up to two lines) and its incoming weights
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Layout:
    """Where everything goes: tile size in cells, rows between tile tops, link glyphs per gap."""

    tile_w: int
    tile_h: int
    pitch: int
    links: tuple[int, ...]  # glyph columns in the gap before each column (0 for the inputs)
    shown: int  # most units drawn per column


def plan(sizes: list[int], width: int, height: int, one_d: bool) -> Layout:
    rows = max(1, height - INFO_ROWS)
    most = min(max(sizes), MAX_SHOWN)
    if most > rows or max(sizes) > MAX_SHOWN:
        rows -= 1  # a line for "+N hidden"
    shown = max(1, min(most, rows))
    tile_h = max(1, min(3, rows // shown))
    pitch = tile_h + 1 if (tile_h + 1) * shown - 1 <= rows else tile_h
    tile_w = 8 + 2 * tile_h if one_d else max(3, 2 * tile_h + 1)  # a curve needs width more than height
    cols = len(sizes)
    free = width - cols * (tile_w + 1)  # +1: the focus mark
    per_gap = free // max(1, cols - 1) - 2
    links = [0] + [max(0, min(min(s, shown), per_gap)) for s in sizes[:-1]]
    return Layout(tile_w, tile_h, pitch, tuple(links), shown)


def shown_units(weights: list[np.ndarray], sizes: list[int], keep: int) -> list[np.ndarray]:
    """Per layer, the unit indices drawn: all when they fit, else those with the largest outgoing weights."""
    out = []
    for i, n in enumerate(sizes):
        if n <= keep or i == len(sizes) - 1:
            out.append(np.arange(min(n, keep)))
        else:
            strength = np.abs(weights[i]).sum(axis=1)  # W of the next layer: (n, n_next)
            out.append(np.sort(np.argsort(-strength, kind="stable")[:keep]))
    return out


def name(layer: int, unit: int, sizes: list[int], regression: bool) -> str:
    """x₁ for inputs, h₃ (one hidden layer) or h²₃ (several), z or ŷ for the output."""
    if layer == 0:
        return "x" if sizes[0] == 1 else f"x{str(unit + 1).translate(SUB)}"
    if layer == len(sizes) - 1:
        base = "ŷ" if regression else "z"
        return base if sizes[-1] == 1 else f"{base}{str(unit + 1).translate(SUB)}"
    sup = "" if len(sizes) == 3 else str(layer).translate(SUP)
    return f"h{sup}{str(unit + 1).translate(SUB)}"


def formula(layer: int, unit: int, sizes: list[int], W: np.ndarray, b: np.ndarray, activation: str,
            regression: bool, terms: int = 4) -> str:
    """h₃ = relu(0.82·x₁ − 1.10·x₂ + 0.05): the unit's incoming weights with their real values."""
    w = W[:, unit]
    order = np.argsort(-np.abs(w), kind="stable")[:terms] if len(w) > terms else np.arange(len(w))
    body = ""
    for k, i in enumerate(sorted(order.tolist())):
        v = float(w[i])
        sign = ("−" if v < 0 else "") if k == 0 else (" − " if v < 0 else " + ")
        body += f"{sign}{abs(v):.2f}·{name(layer - 1, i, sizes, regression)}"
    if len(w) > terms:
        body += f" + … ({len(w) - terms} more)"
    bias = float(b[unit])
    body += f" {'−' if bias < 0 else '+'} {abs(bias):.2f}"
    head = name(layer, unit, sizes, regression)
    last = layer == len(sizes) - 1
    return f"{head} = {body}" if last else f"{head} = {activation}({body})"
