"""One language's lessons in order, each file read when the app first asks for it.

The app's first frame needs one lesson and the number of lessons; reading every file first
(TOML, cleaning, the engine names in ``code``) cost about as long as drawing the frame. A
file's place in the list is known from its name alone: a lesson whose order differs from its
file name's two digits is broken, and a broken file sits where its digits say (99 without
them), so sorting by (digits, name) is sorting by (order, name), as ``Course.entries`` does.

Each entry is what reading every file would have given: the lesson, or a ``BrokenLesson`` naming
its file and lines. A repeated id breaks the file that comes later by name, so reading a file
first reads the files named before it (for a course folder, the lessons before it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import overload

from ..safe_text import shown
from .model import BrokenLesson, Lesson, LessonError, Problem

Entry = Lesson | BrokenLesson


def place(path: Path) -> tuple[int, str]:
    """Where a file sits among the entries, read from its name."""
    digits = path.name[:2]
    return (int(digits) if digits.isdigit() else 99, path.name)


class LessonList(Sequence[Entry]):
    def __init__(self, lang: str, files: Sequence[Path], load: Callable[[Path, str], Lesson],
                 problems: list[Problem], broken: list[Path]) -> None:
        self.lang = lang
        self._by_name = sorted(files)  # the order files are read in, as load_course reads them
        self._files = sorted(files, key=place)
        self._load, self._problems, self._broken = load, problems, broken
        self._done: dict[Path, Entry] = {}
        self._ids: dict[str, Path] = {}

    def __len__(self) -> int:
        return len(self._files)

    @overload
    def __getitem__(self, i: int) -> Entry: ...
    @overload
    def __getitem__(self, i: slice) -> list[Entry]: ...

    def __getitem__(self, i: int | slice) -> Entry | list[Entry]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._entry(self._files[i])

    def __iter__(self) -> Iterator[Entry]:
        return (self._entry(path) for path in self._files)

    @property
    def read(self) -> list[Path]:
        """The files read so far, in the order they were read."""
        return list(self._done)

    def lessons(self) -> list[Lesson]:
        """The good lessons, every file read."""
        return [entry for entry in self if isinstance(entry, Lesson)]

    def any_lesson(self) -> bool:
        """Whether a file holds a good lesson, reading no further than the first that does."""
        return any(isinstance(entry, Lesson) for entry in self)

    def _entry(self, path: Path) -> Entry:
        if path not in self._done:
            for before in self._by_name[: self._by_name.index(path) + 1]:
                if before not in self._done:
                    self._done[before] = self._read(before)
        return self._done[path]

    def _read(self, path: Path) -> Entry:
        try:
            lesson = self._load(path, self.lang)
            if lesson.id in self._ids:  # the app could never reach the second: it is broken, as check says
                raise LessonError([Problem(path, 1, f"id {lesson.id!r} is also used by {self._ids[lesson.id].name}")])
            self._ids[lesson.id] = path
            return lesson
        except LessonError as e:
            self._problems.extend(e.problems)
            self._broken.append(path)
            return BrokenLesson(path, self.lang, tuple(shown(f"line {p.line}: {p.message}") for p in e.problems))
