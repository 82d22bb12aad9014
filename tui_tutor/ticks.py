"""Axis ticks a person reads at a glance: 0 25 50 75 100, not 1.0 25.8 50.5 75.2 100.0.

Pure arithmetic, shared by the app's chart and the headless ``train`` chart.
"""

from __future__ import annotations

import math


def nice_step(span: float, count: int) -> float:
    """1, 2, 2.5 or 5 times a power of ten: about ``count`` steps across ``span``."""
    if not math.isfinite(span) or span <= 0:
        return 1.0
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= raw * (1 - 1e-9):
            return m * power
    return 10 * power


def nice_ticks(lo: float, hi: float, count: int = 4) -> list[float]:
    """Round values from the first multiple of the step at or above ``lo`` up to ``hi``."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo] if math.isfinite(lo) else []
    step = nice_step(hi - lo, count)
    first = math.ceil(lo / step - 1e-9) * step
    out = []
    k = 0
    while first + k * step <= hi * (1 + 1e-9) + 1e-12:
        out.append(round(first + k * step, 12))
        k += 1
    return out


def label(x: float) -> str:
    """A tick's text: 1,000 not 1000.0; 0.25 not 0.25000000001."""
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    return f"{x:.4g}"
