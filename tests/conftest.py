"""Shared helpers: build the app against real or fixture lessons, and wait on the trainer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_tutor import progress as store
from tui_tutor.app.app import TutorApp
from tui_tutor.lessons import default_lessons_dir, load_course

SLOW_LESSON = '''+++
id = "slow"
title = "{title}"
order = 1
summary = "A run long enough to pause."
+++

Text before the experiment.

```experiment
label = "{label}"
dataset = "circle"
hidden = [64, 64]
activation = "tanh"
n = 1500
steps = 20000
expect = {{ val_accuracy_min = 0.5 }}
```

```quiz
question = "{question}"
choices = ["a", "b", "c"]
answer = 2
explanation = "{explanation}"
```
'''


@pytest.fixture
def slow_lessons(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    for lang, words in {"en": ("Slow", "Long run", "Which?", "Because."),
                        "ko": ("느린 강의", "긴 실행", "어느 것?", "그래서입니다.")}.items():
        (root / lang).mkdir(parents=True)
        title, label, question, explanation = words
        (root / lang / "01-slow.md").write_text(
            SLOW_LESSON.format(title=title, label=label, question=question, explanation=explanation),
            encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _own_exercise_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's Exercises screen writes a workspace on first use: never the tester's own."""
    monkeypatch.setenv("TUI_TUTOR_EXERCISES", str(tmp_path / "exercises-workspace"))


def make_app(tmp_path: Path, lessons: Path | None = None, lang: str = "en",
             start: str | None = None, paced: bool = False, predict: bool = False) -> TutorApp:
    """The app at full speed unless ``paced`` (tests wait on conditions, not on a watched run);
    ``x`` runs at once unless ``predict`` (then it asks first)."""
    path = tmp_path / "progress.json"
    loaded = store.load(path)
    course = load_course(lessons or default_lessons_dir(), lazy=True)  # as the app reads them
    return TutorApp(course, loaded.progress.lang or lang, path, fps=20, start_lesson=start,
                    notice=loaded.notice, progress=loaded.progress, paced=paced, predict=predict)


async def until(pilot, condition: Callable[[], bool], timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app and its trainer run until ``condition`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            s = getattr(pilot.app, "snapshot", None)
            where = f"state {s.state}, step {s.step}, {s.message}" if s is not None else "no run"
            raise AssertionError(f"timed out waiting for the app ({where}; screens "
                                 f"{[type(x).__name__ for x in pilot.app.screen_stack]})")
        await pilot.pause(0.02)
