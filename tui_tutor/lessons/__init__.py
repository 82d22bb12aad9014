"""Lessons: Markdown files with TOML front matter and directive blocks, loaded into dataclasses.

The format is described for authors in ``lessons/README.md``.
"""

from __future__ import annotations

from .course import LANGUAGES, REFERENCE, Course, cross_check, default_lessons_dir, load_course
from .model import (Block, BrokenLesson, Expect, Experiment, Figure, Lesson, LessonError, Prediction, Problem, Quiz, Text)
from .parse import load_lesson

#: These train networks (lessons/expect.py): numpy loads when one of them is first used.
_TRAINING = ("came_true", "overfits", "prediction_problems", "run_experiment", "unmet")

__all__ = [
    "LANGUAGES", "REFERENCE", "Course", "cross_check", "default_lessons_dir", "load_course",
    "came_true", "overfits", "prediction_problems", "run_experiment", "unmet", "Block", "BrokenLesson", "Expect", "Experiment", "Figure", "Lesson",
    "LessonError", "Prediction", "Problem", "Quiz", "Text", "load_lesson",
]


def __getattr__(name: str) -> object:
    if name in _TRAINING:
        from . import expect

        return getattr(expect, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
