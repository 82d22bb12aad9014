"""What the learner has done, kept between launches in the user data directory.

A plain dataclass with load and save functions. The file is untrusted input like a lesson: two
tutors may share it, another program may have written it, a disk may have mangled it. So:

- **Saving merges.** Under an ``fcntl`` lock, ``save`` reads what is on disk and writes the union
  of visits, quiz answers and prediction guesses (this session's win a clash) and the later last
  lesson, so two tutors on one data dir never undo each other.
- **Saving is atomic.** A temporary file beside the real one is flushed and renamed over it: a
  crash or ``kill -9`` leaves the old file or the new one, never half of each. A temporary file a
  killed tutor left behind is removed by the next save.
- **Nothing is overwritten that could not be read.** A file that is not JSON is renamed aside
  (``progress.json.corrupt-<time>``); one that cannot be read at all (permissions, a directory)
  or that a newer tutor wrote is left as it is, and ``save`` refuses to write over it.
- **Bad values are dropped one by one**, with one notice: an Infinity, a wrong type, a
  ``"visited"`` that is a string. Keys this version does not know are kept and written back.
- **A symlinked progress file is written through to its target**, so a learner who keeps the
  file elsewhere (a synced folder) keeps it there.
- **The app never waits for the disk**: ``progress_saver.Saver`` saves on its own thread.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import json
import math
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

from .safe_text import shown

VERSION = 1
MAX_LESSONS = 5_000  # visited ids and answered lessons kept; a real course has a few dozen
MAX_ID = 200  # characters in a lesson id
MAX_QUIZ = 99  # quizzes, and experiments with a prediction, in one lesson
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{1,8})?$")
STALE_TMP_SECONDS = 60.0


class NewerFile(ValueError):
    """The file is from a newer tui-tutor: leave it alone."""


class NotOverwritten(OSError):
    """``save`` found a file it cannot read where it would write, and kept it."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)


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


def default_path() -> Path:
    """progress.json in the user data dir ($XDG_DATA_HOME/tui-tutor on Linux)."""
    return Path(platformdirs.user_data_dir("tui-tutor", appauthor=False)) / "progress.json"


@dataclass(frozen=True)
class Loaded:
    progress: Progress
    notice: str | None = None  # a sentence for the learner when something was set aside


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, RecursionError, MemoryError) as e:
        raise ValueError(str(e)) from None


def load(path: Path) -> Loaded:
    """The saved progress, or a fresh start with a notice; never raises for a bad file."""
    name = shown(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(Progress())
    except OSError as e:
        return Loaded(Progress(), f"Could not read your progress file {name} ({e.strerror}); it is left "
                                  "as it is, and this session's progress will not be saved over it.")
    try:
        progress, dropped = read_record(_parse(raw))
    except NewerFile as e:
        return Loaded(Progress(), f"Your progress file {name} was {e}; it is left as it is, and this "
                                  "session's progress will not be saved over it.")
    except ValueError:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
        except OSError:
            return Loaded(Progress(), f"Your progress file {name} was unreadable and could not be moved "
                                      "aside; it is left as it is and you start fresh.")
        return Loaded(Progress(), f"Your progress file was unreadable; it was kept as {shown(aside.name)} "
                                  "and you start fresh.")
    if dropped:
        return Loaded(progress, f"Some saved progress could not be used and was left out: {', '.join(dropped)}.")
    return Loaded(progress)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``target``: two tutors' saves take turns."""
    fd = os.open(target.with_name(f".{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _on_disk(target: Path) -> Progress | None:
    """What is saved now; None if nothing; NotOverwritten if something we must not replace."""
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise NotOverwritten(f"{shown(target)} cannot be read ({e.strerror}), so it was not overwritten") from None
    try:
        return read_record(_parse(raw))[0]
    except ValueError as e:
        raise NotOverwritten(f"{shown(target)} holds something else ({e}), so it was not overwritten") from None


def save(progress: Progress, path: Path) -> Progress:
    """Merge with the file on disk and write atomically; the state written is returned.

    OSError (NotOverwritten among them) propagates to the caller.
    """
    target = Path(os.path.realpath(path))  # through a symlink to the file it points at
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        disk = _on_disk(target)
        merged = progress.merged_with(disk) if disk is not None else progress
        data = json.dumps(merged.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            if target.exists():
                with contextlib.suppress(OSError):
                    os.chmod(tmp, target.stat().st_mode & 0o777)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        clean_stale(target.parent)
    return merged


def clean_stale(folder: Path, older_than: float = STALE_TMP_SECONDS) -> int:
    """Remove temporary files a killed save left behind; how many were removed."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for tmp in folder.glob(".progress-*.tmp"):
            with contextlib.suppress(OSError):
                if now - tmp.stat().st_mtime > older_than:
                    tmp.unlink()
                    removed += 1
    return removed


def reset(path: Path) -> str | None:
    """Forget the saved progress (a symlink itself is removed, never its target).

    Returns a sentence when it could not, instead of raising.
    """
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"Could not forget your progress in {shown(path)} ({e.strerror}); it is left as it is."
    return None
