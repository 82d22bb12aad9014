"""All the lessons in a folder with one sub-folder per language, and the checks across them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..safe_text import shown
from .entries import LessonList
from .model import Block, BrokenLesson, Experiment, Figure, Lesson, LessonError, Problem, Quiz, Text

LANGUAGES = ("en", "ko")
REFERENCE = "en"


def default_lessons_dir() -> Path:
    """The lessons shipped inside the wheel, or the source tree's ``lessons/`` when run from it."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_lessons", here.parent / "lessons"):
        if (candidate / REFERENCE).is_dir():
            return candidate
    return here / "_lessons"


@dataclass
class Course:
    root: Path
    lessons: dict[str, list[Lesson]] = field(default_factory=dict)  # by language, in order
    problems: list[Problem] = field(default_factory=list)
    broken: dict[str, list[Path]] = field(default_factory=dict)  # files that failed, by language
    #: ``load_course(lazy=True)``: each language's files, read as they are asked for.
    lazy: dict[str, LessonList] = field(default_factory=dict)

    def in_language(self, lang: str) -> list[Lesson]:
        if lang in self.lazy and lang not in self.lessons:
            self.lessons[lang] = sorted(self.lazy[lang].lessons(), key=lambda lesson: lesson.order)
        return self.lessons.get(lang, [])

    def has_lessons(self, lang: str) -> bool:
        """Whether ``lang`` has a lesson the app can open; lazily, reading as few files as that takes."""
        return self.lazy[lang].any_lesson() if lang in self.lazy else bool(self.lessons.get(lang))

    def entries(self, lang: str) -> Sequence[Lesson | BrokenLesson]:
        """The lessons in order, with each broken file in its place, saying what is wrong."""
        if lang in self.lazy:
            return self.lazy[lang]
        broken = [BrokenLesson(path, lang, tuple(shown(f"line {p.line}: {p.message}") for p in self.problems
                                                 if p.path == path))
                  for path in self.broken.get(lang, [])]
        return sorted([*self.in_language(lang), *broken], key=lambda e: (e.order, e.path.name))

    @property
    def languages(self) -> list[str]:
        langs = {*self.lessons, *self.lazy}
        return [lang for lang in LANGUAGES if lang in langs and self.has_lessons(lang)] + sorted(
            lang for lang in langs if lang not in LANGUAGES and self.has_lessons(lang))

    def first_language(self) -> str | None:
        """The first language that has lessons, reading no more files than it takes."""
        langs = {*self.lessons, *self.lazy}
        ordered = [lang for lang in LANGUAGES if lang in langs] + sorted(langs - set(LANGUAGES))
        return next((lang for lang in ordered if self.has_lessons(lang)), None)


def load_course(root: Path, lazy: bool = False) -> Course:
    """Every lesson under ``root``; broken files are left out and their problems collected.

    ``lazy``: the app's start. Each file is read when the app first asks for it (``entries``),
    and the languages are not checked against each other: that is ``tui-tutor lessons check``'s
    work.
    """
    course = Course(root)
    if not root.is_dir():
        course.problems.append(Problem(root, 0, "no such lessons folder"))
        return course
    try:
        lang_dirs = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    except OSError as e:
        course.problems.append(Problem(root, 0, f"cannot read the lessons folder: {e.strerror}"))
        return course
    for lang_dir in lang_dirs:
        if lazy:
            if (files := _files(course, lang_dir)) is not None:
                course.lazy[lang_dir.name] = LessonList(lang_dir.name, files, _load, course.problems,
                                                        course.broken.setdefault(lang_dir.name, []))
        else:
            _read_language(course, lang_dir)
    if lazy:
        return course
    if not any(course.lessons.values()) and not course.problems:
        course.problems.append(Problem(root, 0, "no lessons here: expected folders such as en/ holding NN-slug.md files"))
    course.problems.extend(cross_check(course))
    return course


def _files(course: Course, lang_dir: Path) -> list[Path] | None:
    try:
        return sorted(lang_dir.glob("*.md"))
    except OSError as e:
        course.problems.append(Problem(lang_dir, 0, f"cannot read the folder: {e.strerror}"))
        return None


def _read_language(course: Course, lang_dir: Path) -> None:
    """One language's lessons into ``course``: the good ones in order, the broken ones named."""
    lang = lang_dir.name
    loaded: list[Lesson] = []
    if (files := _files(course, lang_dir)) is None:
        return
    ids: dict[str, Path] = {}
    for path in files:
        try:
            lesson = _load(path, lang)
            if lesson.id in ids:  # the app could never reach the second: it is broken, as check says
                raise LessonError([Problem(path, 1, f"id {lesson.id!r} is also used by {ids[lesson.id].name}")])
            ids[lesson.id] = path
            loaded.append(lesson)
        except LessonError as e:
            course.problems.extend(e.problems)
            course.broken.setdefault(lang, []).append(path)
    course.problems.extend(_duplicates(loaded))
    course.lessons[lang] = sorted(loaded, key=lambda lesson: lesson.order)


def _load(path: Path, lang: str) -> Lesson:
    from .parse import load_lesson

    return load_lesson(path, lang)


def _duplicates(lessons: list[Lesson]) -> list[Problem]:
    out = []
    for attr in ("order",):  # a repeated id is refused while loading
        seen: dict[Any, Lesson] = {}
        for lesson in lessons:
            key = getattr(lesson, attr)
            if key in seen:
                out.append(Problem(lesson.path, 1, f"{attr} {key!r} is also used by {seen[key].path.name}"))
            seen[key] = lesson
    return out


def _data(block: Block) -> tuple[Any, ...]:
    """What must be equal across languages: the block's kind and every untranslated value."""
    if isinstance(block, Experiment):
        p = block.predict
        return ("experiment", block.config, block.expect,
                None if p is None else (len(p.choices), p.answer, p.holds))
    if isinstance(block, Quiz):
        return ("quiz", len(block.choices), block.answer)
    if isinstance(block, Figure):
        return ("figure", block.kind, repr(sorted(block.params.items())))
    return ("text",)


def cross_check(course: Course) -> list[Problem]:
    """Other languages must mirror the reference: same ids, order and directive data."""
    ref = {lesson.id: lesson for lesson in course.in_language(REFERENCE)}
    ref_broken = {p.name for p in course.broken.get(REFERENCE, [])}
    out: list[Problem] = []
    for lang, lessons in course.lessons.items():
        if lang == REFERENCE:
            continue
        broken = {p.name for p in course.broken.get(lang, [])}
        mine = {lesson.id: lesson for lesson in lessons}
        for lesson in lessons:
            twin = ref.get(lesson.id)
            if twin is None:
                if lesson.path.name not in ref_broken:
                    out.append(Problem(lesson.path, 1, f"no {REFERENCE} lesson has the id {lesson.id!r}"))
                continue
            if lesson.order != twin.order or lesson.path.name != twin.path.name:
                out.append(Problem(lesson.path, 1, f"order and file name must match {twin.path}"))
            if lesson.code != twin.code:
                out.append(Problem(lesson.path, 1, f"code = {list(lesson.code)} but {twin.path.name} has {list(twin.code)}"))
            mine_blocks = [b for b in lesson.blocks if not isinstance(b, Text)]
            ref_blocks = [b for b in twin.blocks if not isinstance(b, Text)]
            for a, b in zip(mine_blocks, ref_blocks):
                if _data(a) != _data(b):
                    out.append(Problem(lesson.path, a.line, f"this {_data(a)[0]} block's data differs from "
                                                            f"{twin.path.name} line {b.line}: {_diff(a, b)}"))
            if len(mine_blocks) != len(ref_blocks):
                out.append(Problem(lesson.path, 1, f"{len(mine_blocks)} directive blocks here, "
                                                   f"{len(ref_blocks)} in {twin.path}"))
        for lesson_id, twin in ref.items():
            if lesson_id not in mine and twin.path.name not in broken:
                out.append(Problem(course.root / lang, 0, f"missing a translation of {twin.path.name}"))
    return out


def _diff(a: Block, b: Block) -> str:
    if type(a) is not type(b):
        return f"{type(a).__name__.lower()} here, {type(b).__name__.lower()} there"
    if isinstance(a, Experiment) and isinstance(b, Experiment):
        for part in ("config", "expect"):
            x, y = getattr(a, part), getattr(b, part)
            for f in fields(x):
                if getattr(x, f.name) != getattr(y, f.name):
                    return f"{f.name} = {getattr(x, f.name)!r} here, {getattr(y, f.name)!r} there"
        if (a.predict is None) != (b.predict is None):
            return "a prediction on one side only"
        if a.predict is not None and b.predict is not None:
            return (f"prediction with {len(a.predict.choices)} choices, answer {a.predict.answer} here; "
                    f"{len(b.predict.choices)} and {b.predict.answer} there, or its holds claims differ")
    if isinstance(a, Quiz) and isinstance(b, Quiz):
        return f"{len(a.choices)} choices, answer {a.answer} here; {len(b.choices)} and {b.answer} there"
    return "the values differ"
