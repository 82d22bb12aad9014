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
    #: lesson id -> {experiment number (1-based) -> the guess committed before its run}
    predictions: dict[str, dict[int, int]] = field(default_factory=dict)

    def answer(self, lesson_id: str, quiz: int, choice: int) -> None:
        self.answers.setdefault(lesson_id, {})[quiz] = choice

    def predict(self, lesson_id: str, experiment: int, choice: int) -> None:
        self.predictions.setdefault(lesson_id, {})[experiment] = choice

    def to_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "lang": self.lang,
            "last_lesson": self.last_lesson,
            "visited": sorted(self.visited),
            "answers": {lid: {str(q): c for q, c in qs.items()} for lid, qs in self.answers.items()},
            "predictions": {lid: {str(e): c for e, c in es.items()} for lid, es in self.predictions.items()},
        }

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """ValueError if ``data`` is not a progress record this version can read."""
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ValueError("not a tui-tutor progress file")
        try:
            answers = {str(lid): {int(q): int(c) for q, c in qs.items()}
                       for lid, qs in data.get("answers", {}).items()}
            lang, last = data.get("lang"), data.get("last_lesson")
            if not all(x is None or isinstance(x, str) for x in (lang, last)):
                raise ValueError("bad lang or last_lesson")
            predictions = {str(lid): {int(e): int(c) for e, c in es.items()}  # absent in older files
                           for lid, es in data.get("predictions", {}).items()}
            return cls(lang, last, {str(v) for v in data.get("visited", [])}, answers, predictions)
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
