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
    found = _lookup(home, first) if home is not None else None
    for part in rest:
        if found is None or found[1][0] != "class":
            found = None  # an attribute of a function or of a value: not engine code
            break
        found = _member(*found, part)
    if found is None:
        raise LookupError(f"code names {name!r}, which the engine does not have {HINT}")
    if found[1][0] == "value":
        raise LookupError(f"code names {name!r}, which is not a class or function of the engine {HINT}")


#: What a name is bound to in an engine file: ("def",), ("value",) (a constant, a property),
#: ("class", base names, its own names), ("from", file stem, name) for ``from .stem import name``
#: at the top of a file, or ("alias", name) for ``__call__ = forward`` in a class.
Binding = tuple[Any, ...]
Found = tuple[str, Binding] | None  # (file stem, binding)


@functools.cache
def _names(stem: str) -> dict[str, Binding]:
    """The names engine file ``stem``.py binds, read once; kept as small tuples, not its syntax
    tree (a megabyte for the whole engine, for as long as the app runs)."""
    path = Path(engine.__file__).with_name(f"{stem}.py")
    try:
        return _bindings(ast.parse(path.read_text(encoding="utf-8"), str(path)).body, top=True)
    except (OSError, SyntaxError, ValueError):
        return {}


def _bindings(body: list[ast.stmt], top: bool) -> dict[str, Binding]:
    """Each name's last binding in ``body``, as when the file or the class body runs."""
    out: dict[str, Binding] = {}
    for node in body:
        if isinstance(node, ast.ClassDef):
            bases = tuple(b.id for b in node.bases if isinstance(b, ast.Name))
            out[node.name] = ("class", bases, _bindings(node.body, top=False))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            out[node.name] = ("value",) if _is_property(node) else ("def",)
        elif top and isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            for alias in node.names:
                out[alias.asname or alias.name] = ("from", node.module, alias.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target in _targets(node):
                same = not top and isinstance(node.value, ast.Name) and node.value.id != target
                out[target] = ("alias", node.value.id) if same else ("value",)  # type: ignore[union-attr]
    return out


def _lookup(stem: str, name: str) -> Found:
    """The top-level ``name`` of an engine file, following ``from .other import name``."""
    binding = _names(stem).get(name)
    if binding is not None and binding[0] == "from":
        return _lookup(binding[1], binding[2])
    return (stem, binding) if binding is not None else None


def _member(stem: str, cls: Binding, name: str) -> Found:
    """``cls.name`` as attribute look-up finds it: the class's own names, then its bases."""
    _, bases, own = cls
    binding = own.get(name)
    if binding is not None:
        return _member(stem, cls, binding[1]) if binding[0] == "alias" else (stem, binding)
    for base in bases:
        found = _lookup(stem, base)
        if found is not None and found[1][0] == "class" and (inherited := _member(*found, name)) is not None:
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
