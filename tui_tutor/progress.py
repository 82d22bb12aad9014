"""What the learner has done, kept between launches in the user data directory.

A plain dataclass with load and save functions. Saving writes a temporary file beside the real
one, flushes it to disk and renames it over the old one: a crash or ``kill -9`` at any moment
leaves either the old file or the new one, never half of each. A file that cannot be read is
renamed aside (``progress.json.corrupt-<time>``) so the learner's history is never destroyed and
the app starts fresh.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

VERSION = 1


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

    def answer(self, lesson_id: str, quiz: int, choice: int, right: bool | None = None) -> None:
        """Keep the latest choice; the first one's verdict is kept once (a retry means the
        earlier answer, perhaps from an older file, was wrong)."""
        earlier = quiz in self.answers.get(lesson_id, {})
        self.answers.setdefault(lesson_id, {})[quiz] = choice
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

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "lang": self.lang,
            "last_lesson": self.last_lesson,
            "visited": sorted(self.visited),
            "answers": {lid: {str(q): c for q, c in qs.items()} for lid, qs in self.answers.items()},
            "first_try": {lid: {str(q): r for q, r in qs.items()} for lid, qs in self.first_try.items()},
        }

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """ValueError if ``data`` is not a progress record this version can read."""
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("not a tui-tutor progress file")
        try:
            answers = {str(lid): {int(q): int(c) for q, c in qs.items()}
                       for lid, qs in data.get("answers", {}).items()}
            first_try = {str(lid): {int(q): bool(r) for q, r in qs.items() if isinstance(r, bool)}
                         for lid, qs in data.get("first_try", {}).items()}
            lang, last = data.get("lang"), data.get("last_lesson")
            if not all(x is None or isinstance(x, str) for x in (lang, last)):
                raise ValueError("bad lang or last_lesson")
            return cls(lang, last, {str(v) for v in data.get("visited", [])}, answers, first_try)
        except (AttributeError, TypeError, ValueError) as e:
            raise ValueError(f"malformed progress file: {e}") from None


def default_path() -> Path:
    """progress.json in the user data dir ($XDG_DATA_HOME/tui-tutor on Linux)."""
    return Path(platformdirs.user_data_dir("tui-tutor", appauthor=False)) / "progress.json"


@dataclass(frozen=True)
class Loaded:
    progress: Progress
    notice: str | None = None  # a sentence for the learner when something was set aside


def load(path: Path) -> Loaded:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(Progress())
    except OSError as e:
        return Loaded(Progress(), f"Could not read your progress ({e.strerror}); starting fresh.")
    try:
        return Loaded(Progress.from_json(json.loads(raw.decode("utf-8"))))
    except (ValueError, UnicodeDecodeError):
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
        except OSError:
            return Loaded(Progress(), "Your progress file was unreadable; starting fresh.")
        return Loaded(Progress(), f"Your progress file was unreadable; it was kept as {aside.name} "
                                  "and you start fresh.")


def save(progress: Progress, path: Path) -> None:
    """Write atomically: temp file, fsync, rename. OSError propagates to the caller."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(progress.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def reset(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
