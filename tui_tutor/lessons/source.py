"""Finding the engine's own source for a name such as "Dense.backward", for the `v` key.

The app shows what the running engine really executes, read with ``inspect`` from the imported
module, never a copy kept beside the lesson. Checking a lesson's names (``check_name``) reads the
same files with ``ast`` instead, so that loading the lessons does not load numpy.
"""

from __future__ import annotations

import ast
import functools
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


HINT = "(try a name such as 'Dense.backward' or 'Adam.step')"


def resolve(name: str) -> Any:
    """The engine object called ``name`` ("Adam", "Adam.step"); LookupError otherwise.

    Only classes and functions defined in the engine's own modules count: a lesson may not
    point `v` at a constant, at numpy or at anything else that merely passes through the engine.
    """
    hint = HINT
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


def check_name(name: str) -> None:
    """LookupError unless ``source_of(name)`` would succeed, found without importing the engine.

    Every lesson's ``code = [...]`` is checked when the app starts, before its first frame;
    ``resolve`` would import the engine, and with it numpy, to answer. This follows the same
    rules over the engine's own files: the first part is a public engine name (``_HOME`` says
    which file defines it), each further part a class or function defined in the class before
    it or in one of its engine bases. A test holds the two to the same answer for every name.
    """
    if not isinstance(name, str) or not NAME.match(name) or len(name) > 100:
        raise LookupError(f"code names {name!r}, which is not an engine name {HINT}")
    first, *rest = name.split(".")
    home = engine._HOME.get(first)
    found = _definition(home, first) if home is not None else None
    for part in rest:
        if not isinstance(found, tuple) or not isinstance(found[1], ast.ClassDef):
            found = None  # an attribute of a function or a value: not engine code
            break
        found = _member(*found, part)
    if found is None:
        raise LookupError(f"code names {name!r}, which the engine does not have {HINT}")
    if found == "value":
        raise LookupError(f"code names {name!r}, which is not a class or function of the engine {HINT}")


#: What a name is bound to in an engine file: (file stem, its class or function) or "value".
Found = tuple[str, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef] | str | None
_DEFINES = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@functools.cache
def _module(stem: str) -> ast.Module | None:
    """The parsed engine file ``stem``.py (read once); None if it cannot be read."""
    path = Path(engine.__file__).with_name(f"{stem}.py")
    try:
        return ast.parse(path.read_text(encoding="utf-8"), str(path))
    except (OSError, SyntaxError, ValueError):
        return None


def _definition(stem: str, name: str) -> Found:
    """The top-level ``name`` of an engine file, following ``from .other import name``."""
    tree = _module(stem)
    for node in tree.body if tree is not None else []:
        if isinstance(node, _DEFINES) and node.name == name:
            return stem, node
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return _definition(node.module, alias.name)
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and name in _targets(node):
            return "value"
    return None


def _member(stem: str, cls: ast.ClassDef, name: str) -> Found:
    """``cls.name`` as attribute look-up finds it: the class body first (its last binding of
    the name wins, as when the class is run), then its bases in order."""
    found: Found = None
    for node in cls.body:
        if isinstance(node, _DEFINES) and node.name == name:
            found = "value" if not isinstance(node, ast.ClassDef) and _is_property(node) else (stem, node)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and name in _targets(node):
            alias = node.value.id if isinstance(node.value, ast.Name) else name  # __call__ = forward
            found = _member(stem, cls, alias) if alias != name else "value"
    if found is not None:
        return found
    for base in cls.bases:
        found = _definition(stem, base.id) if isinstance(base, ast.Name) else None
        if isinstance(found, tuple) and isinstance(found[1], ast.ClassDef):
            if (inherited := _member(*found, name)) is not None:
                return inherited
    return None


def _is_property(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A property (or its setter) is a value on the class, as ``resolve`` sees it."""
    for d in node.decorator_list:
        d = d.func if isinstance(d, ast.Call) else d
        if isinstance(d, ast.Name) and d.id in ("property", "cached_property"):
            return True
        if isinstance(d, ast.Attribute) and d.attr in ("setter", "getter", "deleter", "cached_property"):
            return True
    return False


def _targets(node: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}
