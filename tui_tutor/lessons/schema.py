"""The keys each directive accepts and what their values may be.

A directive body is TOML already parsed into a dict; ``validate`` returns every problem with the
name of the key, and the caller turns names into line numbers.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from ..engine.catalog import ACTIVATION_NAMES as ACTIVATIONS, DATASET_NAMES as DATASETS, dataset_info
from ..engine.catalog import LOSS_NAMES as LOSSES, OPTIMIZER_NAMES as OPTIMIZERS  # names only: no numpy

MAX_STEPS = 20_000
FIGURE_KINDS = ("activations", "linear-collapse", "timeline", "backprop")
#: Figure matrices: small enough to read, entries small enough that W₂·W₁ stays finite.
MAX_MATRIX, MAX_ENTRY = 8, 1e6

Check = Callable[[Any], str | None]  # None when fine, else what is wrong


def is_str(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "must be a non-empty string"


def is_bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "must be true or false"


def is_int(lo: int, hi: int | None = None) -> Check:
    def check(v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, int):
            return "must be a whole number"
        if v < lo or (hi is not None and v > hi):
            return f"must be between {lo} and {hi}" if hi is not None else f"must be at least {lo}"
        return None

    return check


def is_number(lo: float = 0.0, strict: bool = False, hi: float | None = None) -> Check:
    def check(v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            return "must be a number"
        if v < lo or (strict and v == lo):
            return f"must be {'greater than' if strict else 'at least'} {lo:g}"
        if hi is not None and v > hi:
            return f"must be at most {hi:g}"
        return None

    return check


def one_of(names: Any) -> Check:
    names = list(names)

    def check(v: Any) -> str | None:
        return None if v in names else f"must be one of {', '.join(names)}"

    return check


def list_of(item: Check, lo: int = 0, hi: int = 100) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, list):
            return "must be a list"
        if not lo <= len(v) <= hi:
            return f"must list between {lo} and {hi} items"
        for x in v:
            if (err := item(x)) is not None:
                return f"has an item that {err}"
        return None

    return check


def matrix(v: Any) -> str | None:
    if not isinstance(v, list) or not v or not all(isinstance(r, list) and r for r in v):
        return "must be a list of rows, e.g. [[1, 2], [3, 4]]"
    if len({len(r) for r in v}) != 1:
        return "must have rows of equal length"
    if len(v) > MAX_MATRIX or len(v[0]) > MAX_MATRIX:
        return f"must be at most {MAX_MATRIX}×{MAX_MATRIX} to fit on screen"
    if any(is_number(-MAX_ENTRY, hi=MAX_ENTRY)(x) for r in v for x in r):
        return f"must hold numbers between -{MAX_ENTRY:g} and {MAX_ENTRY:g}"
    return None


def event(v: Any) -> str | None:
    if not isinstance(v, dict) or set(v) != {"year", "name"}:
        return "must be a table { year = 2012, name = \"AlexNet\" }"
    return is_int(1900, 2100)(v["year"]) or is_str(v["name"])


EXPECT: dict[str, Check] = {
    "val_accuracy_min": is_number(hi=1.0),
    "val_accuracy_max": is_number(hi=1.0),
    "train_accuracy_min": is_number(hi=1.0),
    "train_accuracy_max": is_number(hi=1.0),
    "val_loss_max": is_number(strict=True),
    "val_loss_min": is_number(),
    "train_loss_max": is_number(strict=True),
    "diverges": is_bool,
    "overfits": is_bool,
}

EXPERIMENT: dict[str, Check] = {
    "label": is_str,
    "dataset": one_of(DATASETS),
    "hidden": list_of(is_int(1, 1024), hi=8),
    "activation": one_of(ACTIVATIONS),
    "loss": one_of(LOSSES),
    "optimizer": one_of(OPTIMIZERS),
    "lr": is_number(strict=True, hi=1e6),
    "steps": is_int(1, MAX_STEPS),
    "batch_size": is_int(1),
    "noise": is_number(hi=10.0),
    "n": is_int(4, 10_000),
    "seed": is_int(0),
    "weight_decay": is_number(),
    "seconds": is_number(lo=1.0, hi=120.0),  # the watched run's length in the app
    "expect": lambda v: None if isinstance(v, dict) and v else "must be a table such as { val_accuracy_min = 0.9 }",
    "predict": lambda v: None if isinstance(v, dict) else "must be a table: a [predict] section with question, choices, answer, explanation, holds",
}
EXPERIMENT_REQUIRED = ("label", "dataset", "expect")

QUIZ: dict[str, Check] = {
    "question": is_str,
    "choices": list_of(is_str, lo=2, hi=9),
    "answer": is_int(1, 9),
    "explanation": is_str,
}
QUIZ_REQUIRED = tuple(QUIZ)

#: A prediction is a quiz about the run plus ``holds``: one claim per choice, true exactly when
#: that choice is what the run does (the same keys as ``expect``).
PREDICT: dict[str, Check] = {
    **QUIZ,
    "holds": list_of(lambda v: None if isinstance(v, dict) and v else "is not a claim table such as "
                     "{ val_accuracy_min = 0.9 }", lo=1, hi=9),
}
PREDICT_REQUIRED = tuple(PREDICT)

FIGURE: dict[str, dict[str, Check]] = {
    "activations": {"functions": list_of(one_of(ACTIVATIONS), lo=1, hi=4), "derivatives": is_bool},
    "linear-collapse": {"W1": matrix, "W2": matrix},
    "timeline": {"events": list_of(event, lo=1, hi=30)},
    "backprop": {"activation": one_of(ACTIVATIONS), "seed": is_int(0), "loss": one_of(("bce", "mse")),
                 "x": list_of(is_number(-100.0, hi=100.0), lo=2, hi=2), "y": is_number(-100.0, hi=100.0)},
}
FIGURE_REQUIRED = {"activations": ("functions",), "linear-collapse": ("W1", "W2"), "timeline": ("events",),
                   "backprop": ("x", "y")}

#: Keys translated between languages; every other key must match exactly.
TRANSLATED = {"label", "question", "choices", "explanation", "caption"}


def check_keys(data: dict[str, Any], schema: dict[str, Check], required: tuple[str, ...],
               what: str) -> list[tuple[str | None, str]]:
    """(key, message) for every unknown, missing or ill-valued key."""
    out: list[tuple[str | None, str]] = []
    for key in data:
        if key not in schema:
            out.append((key, f"unknown key {key!r} in {what}; known keys: {', '.join(schema)}"))
    for key in required:
        if key not in data:
            out.append((None, f"{what} is missing the key {key!r}"))
    for key, check in schema.items():
        if key in data and (err := check(data[key])) is not None:
            shown = repr(data[key])
            out.append((key, f"{key} {err} in {what}, got {shown if len(shown) <= 80 else shown[:77] + '...'}"))
    return out


def check_expect(expect: dict[str, Any], dataset: str) -> list[tuple[str | None, str]]:
    out = check_keys(expect, EXPECT, (), "expect")
    if dataset in DATASETS and not dataset_info(dataset).is_classification:
        for key in expect:
            if "accuracy" in key:
                out.append((key, f"{key} makes no sense for {dataset}, a regression dataset"))
    return out
