"""The list of exercises, read from ``info.toml``: one manifest, like rustlings' ``info.toml``.

Stubs live in ``templates/`` and reference solutions in ``solutions/``, both code without a
docstring: the docstring comes from the manifest in the learner's language, so the English and
Korean files can never disagree about the code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGS = ("en", "ko")


@dataclass(frozen=True)
class Exercise:
    name: str
    lesson: str
    part: str  # layer, activation, loss, optimizer, or "" when the trainer does not use it
    title: dict[str, str]
    doc: dict[str, str]
    hints: dict[str, tuple[str, ...]]

    def file_text(self, lang: str, solved: bool = False) -> str:
        """The whole file: the docstring in ``lang``, then the stub (or the solution)."""
        folder = "solutions" if solved else "templates"
        code = resources.files(__package__).joinpath(folder, f"{self.name}.py").read_text("utf-8")
        doc = self.doc[lang if lang in LANGS else "en"].strip("\n")
        return f'"""{doc}\n"""\n\n{code}'


@cache
def exercises() -> tuple[Exercise, ...]:
    text = resources.files(__package__).joinpath("info.toml").read_text("utf-8")
    out = []
    for item in tomllib.loads(text)["exercise"]:
        out.append(Exercise(
            name=item["name"], lesson=item["lesson"], part=item["part"],
            title=dict(item["title"]), doc=dict(item["doc"]),
            hints={lang: tuple(item["hints"][lang]) for lang in LANGS},
        ))
    return tuple(out)


def names() -> list[str]:
    return [ex.name for ex in exercises()]


def get(name: str) -> Exercise:
    """The exercise called ``name``; ValueError listing the names otherwise."""
    for ex in exercises():
        if ex.name == name:
            return ex
    raise ValueError(f"no exercise called {name!r}; choose one of {', '.join(names())}")
