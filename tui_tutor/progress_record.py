"""A learner's record: what they visited, answered and predicted, and how a saved one is read.

The record is untrusted input like a lesson (see ``progress``): ``read_record`` keeps what is
usable value by value and says, in short phrases, what it left out; ``Progress.merged_with``
is how two tutors' records become one.
"""

from __future__ import annotations

import copy
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import Any

VERSION = 1
MAX_LESSONS = 5_000  # visited ids and answered lessons kept; a real course has a few dozen
MAX_ID = 200  # characters in a lesson id
MAX_QUIZ = 99  # quizzes, and experiments with a prediction, in one lesson
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})?$")


class NewerFile(ValueError):
    """The file is from a newer tui-tutor: leave it alone."""


@dataclass
class Progress:
    lang: str | None = None
    last_lesson: str | None = None
    visited: set[str] = field(default_factory=set)
    #: lesson id -> {quiz number (1-based, in lesson order) -> the choice the learner pressed}
    answers: dict[str, dict[int, int]] = field(default_factory=dict)
    #: lesson id -> {quiz number -> was the first answer right}; files from before it have none,
    #: and there the one answer kept was the first (a wrong answer could not be retried then)
    first_try: dict[str, dict[int, bool]] = field(default_factory=dict)
    #: when ``last_lesson`` was set (epoch seconds): of two tutors, the later one's wins
    last_at: float = 0.0
    #: keys this version does not know, written back as they came
    extra: dict[str, Any] = field(default_factory=dict)
    #: lesson id -> {experiment number (1-based, in lesson order) -> the guess committed before its run}
    predictions: dict[str, dict[int, int]] = field(default_factory=dict)
    #: (lesson id, quiz) answered in this session: these win when a merge finds another answer
    answered_now: set[tuple[str, int]] = field(default_factory=set, compare=False, repr=False)
    #: (lesson id, experiment) predicted in this session: likewise
    predicted_now: set[tuple[str, int]] = field(default_factory=set, compare=False, repr=False)

    def answer(self, lesson_id: str, quiz: int, choice: int, right: bool | None = None) -> None:
        """Keep the latest choice; the first one's verdict is kept once (a retry means the
        earlier answer, perhaps from an older file, was wrong)."""
        earlier = quiz in self.answers.get(lesson_id, {})
        self.answers.setdefault(lesson_id, {})[quiz] = choice
        self.answered_now.add((lesson_id, quiz))
        if right is not None:
            self.first_try.setdefault(lesson_id, {}).setdefault(quiz, right and not earlier)

    def first_try_score(self, keys: dict[str, list[int]]) -> tuple[int, int]:
        """(quizzes right the first time, quizzes) over ``keys``: lesson id -> each quiz's answer."""
        right = 0
        for lesson_id, answers in keys.items():
            firsts, chosen = self.first_try.get(lesson_id, {}), self.answers.get(lesson_id, {})
            for number, answer in enumerate(answers, 1):
                first = firsts.get(number)
                right += first if first is not None else chosen.get(number) == answer
        return right, sum(len(a) for a in keys.values())

    def predict(self, lesson_id: str, experiment: int, choice: int) -> None:
        self.predictions.setdefault(lesson_id, {})[experiment] = choice
        self.predicted_now.add((lesson_id, experiment))

    def visit(self, lesson_id: str, lang: str) -> None:
        self.visited.add(lesson_id)
        self.last_lesson, self.lang, self.last_at = lesson_id, lang, time.time()

    def copy(self) -> Progress:
        """A snapshot the saver thread can read while the app goes on changing this one."""
        return replace(self, **{f.name: copy.deepcopy(getattr(self, f.name)) for f in fields(self)
                                if f.name != "extra"}, extra=dict(self.extra))

    def merged_with(self, disk: Progress) -> Progress:
        """What to write when ``disk`` is what another tutor saved meanwhile."""
        out = disk.copy()
        out.visited |= self.visited
        _merge_choices(out.answers, self.answers, self.answered_now)
        _merge_choices(out.predictions, self.predictions, self.predicted_now)
        for lesson_id, verdicts in self.first_try.items():
            for quiz, right in verdicts.items():  # the first answer is the first, wherever it was given
                out.first_try.setdefault(lesson_id, {}).setdefault(quiz, right)
        if self.last_at >= disk.last_at:
            out.lang, out.last_lesson, out.last_at = self.lang, self.last_lesson, self.last_at
        out.extra = {**disk.extra, **self.extra}
        out.answered_now, out.predicted_now = set(self.answered_now), set(self.predicted_now)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            **self.extra,
            "version": VERSION,
            "lang": self.lang,
            "last_lesson": self.last_lesson,
            "last_at": self.last_at,
            "visited": sorted(self.visited),
            "answers": {lid: {str(q): c for q, c in qs.items()} for lid, qs in self.answers.items()},
            "predictions": {lid: {str(e): c for e, c in es.items()} for lid, es in self.predictions.items()},
            "first_try": {lid: {str(q): r for q, r in qs.items()} for lid, qs in self.first_try.items()},
        }

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """ValueError if ``data`` is not a progress record at all; bad values are dropped."""
        return read_record(data)[0]


def read_record(data: Any) -> tuple[Progress, list[str]]:
    """The usable part of a parsed progress file, and what was dropped, as short phrases.

    ValueError when it is not a progress record; NewerFile when a newer version wrote it.
    """
    if not isinstance(data, dict) or "version" not in data:
        raise ValueError("not a tui-tutor progress file")
    version = data["version"]
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise NewerFile(f"written by a newer tui-tutor (format {version})")
    if version != VERSION:
        raise ValueError("not a tui-tutor progress file")
    dropped: list[str] = []
    p = Progress(extra={k: v for k, v in data.items() if k not in _KNOWN})
    lang, last, at = data.get("lang"), data.get("last_lesson"), data.get("last_at", 0.0)
    if lang is None or (isinstance(lang, str) and LANG.match(lang)):
        p.lang = lang
    else:
        dropped.append("the language")
    if last is None or _is_id(last):
        p.last_lesson = last
    else:
        dropped.append("the last lesson")
    if _is_number(at) and at >= 0:
        p.last_at = float(at)
    else:
        dropped.append("the time of the last lesson")
    visited = data.get("visited", [])
    if isinstance(visited, list):
        good = [v for v in visited if _is_id(v)]
        p.visited = set(good[:MAX_LESSONS])
        if len(good) < len(visited) or len(good) > MAX_LESSONS:
            dropped.append(f"{len(visited) - len(p.visited)} visited lesson(s)")
    else:
        dropped.append("the visited lessons")
    p.answers = _read_numbered(data.get("answers", {}), _is_key, "answer(s)", "the quiz answers", dropped)
    p.predictions = _read_numbered(data.get("predictions", {}), _is_key, "prediction(s)", "the predictions",
                                   dropped)
    p.first_try = _read_numbered(data.get("first_try", {}), lambda v: isinstance(v, bool), "first-try mark(s)",
                                 "the first-try marks", dropped)
    return p, dropped


def _read_numbered(raw: Any, valid: Callable[[Any], bool], each: str, whole: str,
                   dropped: list[str]) -> dict[str, dict[int, Any]]:
    """{lesson id: {number: value}} as saved (answers, predictions, first tries), bad entries left out."""
    out: dict[str, dict[int, Any]] = {}
    if not isinstance(raw, dict):
        dropped.append(whole)
        return out
    bad = 0
    for lesson_id, chosen in raw.items():
        if not _is_id(lesson_id) or not isinstance(chosen, dict) or len(out) >= MAX_LESSONS:
            bad += 1
            continue
        for key, choice in chosen.items():
            number = int(key) if isinstance(key, str) and key.isdecimal() and len(key) < 3 else 0
            if 1 <= number <= MAX_QUIZ and valid(choice):
                out.setdefault(lesson_id, {})[number] = choice
            else:
                bad += 1
    if bad:
        dropped.append(f"{bad} {each}")
    return out


def _merge_choices(into: dict[str, dict[int, int]], mine: dict[str, dict[int, int]],
                   now: set[tuple[str, int]]) -> None:
    """Add ``mine`` to what is on disk: a number only one side has is kept, mine from this session win."""
    for lesson_id, chosen in mine.items():
        theirs = into.setdefault(lesson_id, {})
        for number, choice in chosen.items():
            if number not in theirs or (lesson_id, number) in now:
                theirs[number] = choice


def _is_key(v: Any) -> bool:
    """A digit key a learner pressed: 1-9."""
    return _is_int(v) and 1 <= v <= 9


_KNOWN = {"version", "lang", "last_lesson", "last_at", "visited", "answers", "predictions", "first_try"}


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_number(v: Any) -> bool:
    return (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
            and abs(v) < 1e12)


def _is_id(v: Any) -> bool:
    return isinstance(v, str) and 0 < len(v) <= MAX_ID and v.isprintable()
