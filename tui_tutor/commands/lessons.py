"""tui-tutor lessons list | check"""

from __future__ import annotations

import argparse
import sys

from ..cli import EXIT_FAIL, EXIT_OK
from ..lessons import REFERENCE, default_lessons_dir, load_course, run_experiment, unmet


def run(args: argparse.Namespace) -> int:
    if args.lessons_command == "list":
        return list_lessons(args)
    return check(args)


def list_lessons(args: argparse.Namespace) -> int:
    course = load_course(args.lessons_dir or default_lessons_dir())
    lessons = course.in_language(args.lang)
    if not lessons:
        print(f"tui-tutor: no {args.lang} lessons in {course.root}", file=sys.stderr)
        return EXIT_FAIL
    width = max(len(lesson.id) for lesson in lessons)
    print(f"{'#':>2}  {'id':<{width}}  has  title")
    for lesson in lessons:
        marks = "".join(mark for mark, items in (("x", lesson.experiments), ("?", lesson.quizzes),
                                                  ("f", lesson.figures)) if items)
        print(f"{lesson.order:>2}  {lesson.id:<{width}}  {marks:<3}  {lesson.title}")
    print("has: x experiment, ? quiz, f figure")
    for path in course.broken.get(args.lang, []):
        print(f"  !  {path.name} is broken: run 'tui-tutor lessons check' to see why", file=sys.stderr)
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    course = load_course(args.dir or default_lessons_dir())
    problems = list(course.problems)
    for problem in problems:
        print(problem)
    failed = 0
    if args.run:
        for lesson in course.in_language(REFERENCE):
            for experiment in lesson.experiments:
                trainer, metrics = run_experiment(experiment)
                misses = unmet(experiment.expect, trainer, metrics)
                for miss in misses:
                    print(f"{lesson.path}:{experiment.line}: experiment {experiment.label!r}: {miss}")
                failed += bool(misses)
    n = sum(len(v) for v in course.lessons.values())
    langs = ", ".join(f"{len(v)} {lang}" for lang, v in course.lessons.items())
    if problems or failed:
        print(f"{len(problems) + failed} problem(s) in {course.root} ({langs or 'no lessons'})", file=sys.stderr)
        return EXIT_FAIL
    print(f"ok: {n} lessons ({langs}) in {course.root}" + (", every experiment meets its claim" if args.run else ""))
    return EXIT_OK
