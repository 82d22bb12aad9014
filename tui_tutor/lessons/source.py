"""Finding the engine's own source for a name such as "Dense.backward", for the `v` key.

The app shows what the running engine really executes, read with ``inspect`` from the imported
module, never a copy kept beside the lesson.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import engine

DEFAULT_CODE = ("Trainer.step",)


@dataclass(frozen=True)
class Source:
    name: str
    path: str  # the file, relative to the package
    first_line: int
    text: str


NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")


def resolve(name: str) -> Any:
    """The engine object called ``name`` ("Adam", "Adam.step"); LookupError otherwise.

    Only classes and functions defined in the engine's own modules count: a lesson may not
    point `v` at a constant, at numpy or at anything else that merely passes through the engine.
    """
    hint = "(try a name such as 'Dense.backward' or 'Adam.step')"
    if not isinstance(name, str) or not NAME.match(name) or len(name) > 100:
        raise LookupError(f"code names {name!r}, which is not an engine name {hint}")
    obj: Any = engine
    for part in name.split("."):
        obj = getattr(obj, part, None)
        if obj is None:
            raise LookupError(f"code names {name!r}, which the engine does not have {hint}")
    target = inspect.unwrap(obj)
    if not (inspect.isclass(target) or inspect.isfunction(target) or inspect.ismethod(target)):
        raise LookupError(f"code names {name!r}, which is not a class or function of the engine {hint}")
    if not str(getattr(target, "__module__", "")).startswith(engine.__name__ + "."):
        raise LookupError(f"code names {name!r}, which is not defined in the engine's own code {hint}")
    return obj


def source_of(name: str) -> Source:
    obj = inspect.unwrap(resolve(name))
    lines, first = inspect.getsourcelines(obj)
    path = Path(inspect.getsourcefile(obj) or "?")
    root = Path(inspect.getsourcefile(engine) or ".").parent.parent.parent
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    return Source(name, str(shown), first, "".join(lines))
