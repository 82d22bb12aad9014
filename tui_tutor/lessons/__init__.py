"""Lessons: Markdown files with TOML front matter and directive blocks, loaded into dataclasses.

The format is described for authors in ``lessons/README.md``.
"""

from __future__ import annotations

from .course import LANGUAGES, REFERENCE, Course, cross_check, default_lessons_dir, load_course
from .model import (Block, BrokenLesson, Expect, Experiment, Figure, Lesson, LessonError, Problem, Quiz, Text)
from .parse import load_lesson


def __getattr__(name: str) -> object:
    """``overfits``, ``run_experiment`` and ``unmet`` train networks: numpy loads when they are used."""
    if name in ("overfits", "run_experiment", "unmet"):
        from . import expect

        return getattr(expect, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "LANGUAGES", "REFERENCE", "Course", "cross_check", "default_lessons_dir", "load_course",
    "overfits", "run_experiment", "unmet", "Block", "BrokenLesson", "Expect", "Experiment", "Figure", "Lesson",
    "LessonError", "Problem", "Quiz", "Text", "load_lesson",
]
