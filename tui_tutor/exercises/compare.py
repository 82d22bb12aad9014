"""Comparisons that name the first thing wrong, and recognise the usual mistakes.

Runs in the child process, beside the learner's code. ``close`` is the workhorse: shape first
(a transposed shape gets its own sentence), then finiteness, then the values, where a result that
matches a known wrong answer (``mistakes``) or the right answer's negative or a multiple of it
gets the sentence for that mistake instead of a bare "off at [2, 1]".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from .messages import Both

Array = np.ndarray
RTOL, ATOL = 1e-6, 1e-8


class Failure(Exception):
    """The first thing wrong: a message key and the numbers that go in it."""

    def __init__(self, key: str, **fields: Any) -> None:
        super().__init__(key)
        self.key = key
        self.fields = fields


def fmt(x: Any) -> str:
    if isinstance(x, (float, np.floating)):
        return f"{float(x):.6g}"
    if isinstance(x, tuple):
        return "(" + ", ".join(str(int(v)) for v in x) + ("," if len(x) == 1 else "") + ")"
    return str(x)


def describe(value: Any) -> str:
    if isinstance(value, np.ndarray):
        return f"an array of shape {fmt(value.shape)}"
    return f"{type(value).__name__} {value!r}"[:80]


def as_array(what: str, value: Any) -> Array:
    if isinstance(value, (list, tuple)) and not isinstance(value, np.ndarray):
        raise Failure("not_array", what=what, got=describe(value))
    if isinstance(value, np.ndarray):
        return value
    if isinstance(value, (int, float, np.number)):
        return np.asarray(value, dtype=np.float64)
    raise Failure("not_array", what=what, got=describe(value))


def as_float(what: str, value: Any) -> float:
    if isinstance(value, np.ndarray) and value.size == 1 and value.ndim <= 2:
        return float(value.reshape(()))
    if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        return float(value)
    raise Failure("not_float", what=what, got=describe(value))


def unpack(func: str, value: Any, names: Sequence[str]) -> tuple[Any, ...]:
    if not isinstance(value, (tuple, list)) or len(value) != len(names):
        raise Failure("not_tuple", func=func, n=len(names), names=", ".join(names), got=describe(value))
    return tuple(value)


def _where(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(i) for i in index) + "]" if index else "the value"


def _first_diff(actual: Array, expected: Array) -> tuple[int, ...]:
    bad = ~np.isclose(actual, expected, rtol=RTOL, atol=ATOL)
    return tuple(int(i) for i in np.argwhere(bad)[0]) if bad.any() else ()


def close(
    what: str,
    actual: Any,
    expected: Array,
    mistakes: Mapping[str, Array] | None = None,
    formula: str = "",
    factor_extra: Both | str = "",
) -> None:
    """Raise the Failure that best explains why ``actual`` is not ``expected``."""
    expected = np.asarray(expected, dtype=np.float64)
    a = as_array(what, actual)
    if a.shape != expected.shape:
        if a.ndim == 2 and a.shape == expected.shape[::-1]:
            raise Failure("transposed", what=what, expected=fmt(expected.shape), actual=fmt(a.shape),
                          formula=formula)
        raise Failure("shape", what=what, expected=fmt(expected.shape), actual=fmt(a.shape))
    a = a.astype(np.float64, copy=False)
    if np.allclose(a, expected, rtol=RTOL, atol=ATOL):
        return
    i = _first_diff(a, expected)
    nums = dict(what=what, where=_where(i), expected=fmt(expected[i]), actual=fmt(a[i]))
    for key, wrong in (mistakes or {}).items():
        wrong = np.asarray(wrong, dtype=np.float64)
        if wrong.shape == a.shape and np.allclose(a, wrong, rtol=RTOL, atol=ATOL):
            raise Failure(key, formula=formula, **nums)
    if a.ndim == 2 and a.shape[0] == a.shape[1] and np.allclose(a, expected.T, rtol=RTOL, atol=ATOL):
        raise Failure("transposed_values", formula=formula, **nums)
    if np.isfinite(a).all() and np.allclose(a, -expected, rtol=RTOL, atol=ATOL):
        raise Failure("sign", **nums)
    ratio = _constant_ratio(a, expected)
    if ratio is not None:
        raise Failure("factor", ratio=fmt(ratio), extra=factor_extra, **nums)
    raise Failure("values", **nums)


def _constant_ratio(a: Array, expected: Array) -> float | None:
    nonzero = np.abs(expected) > 1e-12
    if nonzero.sum() < 2 or not np.isfinite(a).all() or np.any(np.abs(a[~nonzero]) > 1e-12):
        return None
    ratios = a[nonzero] / expected[nonzero]
    r = float(np.median(ratios))
    if abs(r - 1.0) < 1e-6 or abs(r) < 1e-12 or not np.allclose(ratios, r, rtol=1e-6):
        return None
    return r


def unchanged(func: str, originals: Mapping[str, Array], passed: Mapping[str, Array]) -> None:
    """The learner's function must not write into its inputs."""
    for name, original in originals.items():
        if not np.array_equal(original, passed[name], equal_nan=True):
            raise Failure("inplace", func=func, arg=name)


def call(func: Callable[..., Any], name: str, **inputs: Any) -> Any:
    """Call with copies of the inputs, then check none of them was written to."""
    passed = {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in inputs.items()}
    out = func(**passed)
    unchanged(name, {k: v for k, v in inputs.items() if isinstance(v, np.ndarray)}, passed)
    return out


def numeric_grad(f: Callable[[Array], float], x: Array, eps: float = 1e-6) -> Array:
    """Central differences: (f(x + ε) − f(x − ε)) / 2ε for every element of x."""
    g = np.zeros_like(x)
    flat, gflat = x.reshape(-1), g.reshape(-1)
    for i in range(flat.size):
        keep = flat[i]
        flat[i] = keep + eps
        up = f(x)
        flat[i] = keep - eps
        down = f(x)
        flat[i] = keep
        gflat[i] = (up - down) / (2 * eps)
    return g


def gradcheck(what: str, forward: str, analytic: Array, numeric: Array, tol: float = 1e-4) -> None:
    analytic = np.asarray(analytic, dtype=np.float64)
    if analytic.shape == numeric.shape and np.allclose(analytic, numeric, rtol=tol, atol=tol):
        return
    if analytic.shape != numeric.shape:
        raise Failure("shape", what=what, expected=fmt(numeric.shape), actual=fmt(analytic.shape))
    bad = ~np.isclose(analytic, numeric, rtol=tol, atol=tol)
    i = tuple(int(k) for k in np.argwhere(bad)[0])
    raise Failure("gradcheck", what=what, forward=forward, where=_where(i),
                  expected=fmt(numeric[i]), actual=fmt(analytic[i]))
