"""tui-tutor lessons list | check"""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_FAIL, EXIT_OK
from ..lessons import REFERENCE, default_lessons_dir, load_course, prediction_problems, run_experiment, unmet
from ..lessons.lint import lint_language, lint_lesson
from ..safe_text import shown


def run(args: argparse.Namespace) -> int:
    if args.lessons_command == "list":
        return list_lessons(args)
    return check(args)


def list_lessons(args: argparse.Namespace) -> int:
    course = load_course(args.lessons_dir or default_lessons_dir())
    lessons = course.in_language(args.lang)
    if not lessons:
        print(shown(f"tui-tutor: no {args.lang} lessons in {course.root}"), file=sys.stderr)
        return EXIT_FAIL
    width = max(len(lesson.id) for lesson in lessons)
    print(f"{'#':>2}  {'id':<{width}}  has  title")
    for lesson in lessons:
        marks = "".join(mark for mark, items in (("x", lesson.experiments), ("?", lesson.quizzes),
                                                  ("f", lesson.figures)) if items)
        print(shown(f"{lesson.order:>2}  {lesson.id:<{width}}  {marks:<3}  {lesson.title}"))
    print("has: x experiment, ? quiz, f figure")
    for path in course.broken.get(args.lang, []):
        print(shown(f"  !  {path.name} is broken: run 'tui-tutor lessons check' to see why"), file=sys.stderr)
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    course = load_course(args.dir or default_lessons_dir())
    problems = list(course.problems)
    for problem in problems:
        print(problem)
    warnings = [w for lessons in course.lessons.values() for w in lint_language(lessons)]
    warnings += [w for lessons in course.lessons.values() for lesson in lessons for w in lint_lesson(lesson)]
    for warning in warnings:
        print(shown(str(warning)))
    failed = 0
    if args.run:
        for lesson in course.in_language(REFERENCE):
            for experiment in lesson.experiments:
                trainer, metrics = run_experiment(experiment)
                misses = unmet(experiment.expect, trainer, metrics)
                for miss in misses:
                    print(shown(f"{lesson.path}:{experiment.line}: experiment {experiment.label!r}: {miss}"))
                wrong = prediction_problems(experiment.predict, trainer, metrics) if experiment.predict else []
                for miss in wrong:
                    print(shown(f"{lesson.path}:{experiment.predict.line}: prediction: {miss}"))  # type: ignore[union-attr]
                failed += bool(misses) + bool(wrong)
    n = sum(len(v) for v in course.lessons.values())
    langs = ", ".join(f"{len(v)} {lang}" for lang, v in course.lessons.items())
    if problems or failed:
        print(shown(f"{len(problems) + failed} problem(s) in {course.root} ({langs or 'no lessons'})"), file=sys.stderr)
        return EXIT_FAIL
    print(shown(f"ok: {n} lessons ({langs}) in {course.root}"
                + (f", {len(warnings)} warning(s)" if warnings else "")
                + (", every experiment meets its claim and every prediction its answer" if args.run else "")))
    return EXIT_OK
