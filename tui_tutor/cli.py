"""The command line: parse arguments, then hand off to the app or a headless command.

Heavy imports (Textual, plotext) happen inside the commands that need them, so that
``tui-tutor train`` and ``tui-tutor lessons check`` start quickly.
"""

from __future__ import annotations

import argparse
import gc
import io
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from .exit_codes import EXIT_DIVERGED, EXIT_FAIL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, usage_error
from .safe_text import shown

__all__ = ["EXIT_DIVERGED", "EXIT_FAIL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "main", "usage_error"]
MAX_FPS = 30  # a terminal shows no more; more only costs training speed and bandwidth
MAX_SEED = 2**32 - 1
EXERCISES_HELP = "implement the network yourself; a checker grades each piece"

EPILOG = """\
commands:
  train            train one network headless and plot its loss
  lessons list     list the lessons
  lessons check    validate lesson files (exit 1 if any problem)
  bench            measure engine speed (and the live app with --ui, a class with --class N)
  serve            serve the tutor to a class over SSH (--ssh) or in the browser (--web)
  exercises        implement the network yourself: init, check [NAME], solution NAME, train

exit status: 0 ok, 1 failed (lesson problems, benchmark goal missed, output not written),
2 bad arguments or no terminal, 3 training diverged, 130 interrupted.
"""


class Parser(argparse.ArgumentParser):
    """argparse, but a mistake is one line and exit status 2, never a usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, shown(f"{self.prog}: {message} (see {self.prog} --help)") + "\n")


def _positive_int(text: str) -> int:
    value = _int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _int(text: str) -> int:
    """A whole number, also written as 1e6."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = 0.5
    if not value.is_integer():
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return int(value)


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def _seed(text: str) -> int:
    value = _int(text)
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be a whole number from 0 to {MAX_SEED}, got {text!r}")
    return value


def _fps(text: str) -> int:
    value = _int(text)
    if not 1 <= value <= MAX_FPS:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_FPS} (a terminal shows no more), got {text!r}")
    return value


def _lesson_id(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("must name a lesson (an id from 'tui-tutor lessons list')")
    return text


def _widths(text: str) -> tuple[int, ...]:
    """'8,8' -> (8, 8); '' or 'none' -> () for a linear model."""
    if text.strip().lower() in ("", "none", "0"):
        return ()
    try:
        widths = tuple(_int(part) for part in text.split(","))
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(f"expected widths like 8,8, got {text!r}") from None
    if any(w < 1 for w in widths):
        raise argparse.ArgumentTypeError(f"widths must be >= 1, got {text!r}")
    return widths


def build_parser(exercises: bool = True) -> Parser:
    """Every command's arguments; ``exercises=False`` gives the ``exercises`` command its name and
    help only, for a command line that does not name it: its arguments list the exercises, and
    reading that list loads the checker, which the app's first frame should not wait for."""
    from .engine.catalog import ACTIVATION_NAMES as ACTIVATIONS, DATASET_NAMES as DATASETS  # no numpy
    from .engine.catalog import LOSS_NAMES as LOSSES, OPTIMIZER_NAMES as OPTIMIZERS

    parser = Parser(
        prog="tui-tutor",
        description="Learn the first day of deep learning in your terminal.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--lang", choices=("en", "ko"), help="lesson language (default: last used, else en)")
    parser.add_argument("--lesson", type=_lesson_id, metavar="ID", help="open this lesson (an id from 'lessons list')")
    parser.add_argument("--fps", type=_fps, metavar="N",
                        help="chart updates per second (default 6 locally, 3 over SSH)")
    parser.add_argument("--lessons-dir", type=Path, metavar="DIR",
                        help="read lessons from DIR (one folder per language) instead of the built-in ones")
    parser.add_argument("--reset-progress", action="store_true", help="forget saved progress and start fresh")
    parser.add_argument("--no-predict", action="store_true",
                        help="run experiments without asking their prediction first (P toggles it in the app)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    train = sub.add_parser("train", help="train one network headless",
                           description="Train one network headless, then plot its loss.",
                           epilog="exit status: 0 trained, 2 bad arguments, 3 diverged.")
    train.add_argument("--dataset", choices=sorted(DATASETS), default="xor")
    train.add_argument("--hidden", type=_widths, default=(8,), metavar="W,W",
                       help="hidden layer widths, e.g. 8,8; 'none' for a linear model (default 8)")
    train.add_argument("--activation", choices=sorted(ACTIVATIONS), default="relu")
    train.add_argument("--loss", choices=sorted(LOSSES), help="default: the dataset's own")
    train.add_argument("--optimizer", choices=sorted(OPTIMIZERS), default="adam")
    train.add_argument("--lr", type=_float, default=0.01, help="learning rate (default 0.01)")
    train.add_argument("--steps", type=_positive_int, default=1000)
    train.add_argument("--batch-size", type=_positive_int, help="default: the full training set")
    train.add_argument("--noise", type=_float, default=0.1)
    train.add_argument("--n", type=_positive_int, default=400, help="number of points (default 400)")
    train.add_argument("--weight-decay", type=_float, default=0.0, help="L2 penalty (default 0)")
    train.add_argument("--seed", type=_seed, default=0)
    train.add_argument("--json", action="store_true", help="print the result as JSON")
    train.add_argument("--force", action="store_true",
                       help="run even past the size limit (about a minute or a few hundred MB)")

    lessons = sub.add_parser("lessons", help="list or check lessons")
    lsub = lessons.add_subparsers(dest="lessons_command", metavar="list|check", required=True,
                                  parser_class=Parser)
    lst = lsub.add_parser("list", help="list the lessons")
    lst.add_argument("--lang", choices=("en", "ko"), default="en")
    lst.add_argument("--lessons-dir", type=Path, metavar="DIR")
    chk = lsub.add_parser("check", help="validate lesson files; exit 1 on any problem")
    chk.add_argument("dir", nargs="?", type=Path, metavar="DIR",
                     help="a folder holding one folder per language (default: the built-in lessons)")
    chk.add_argument("--run", action="store_true", help="also run every experiment and check its claim")

    bench = sub.add_parser("bench", help="measure engine speed")
    bench.add_argument("--json", action="store_true", help="print results as JSON")
    bench.add_argument("--quick", action="store_true", help="shorter timing runs")
    bench.add_argument("--ui", action="store_true",
                       help="measure the live app in a pseudo-terminal instead")
    bench.add_argument("--network", action="store_true",
                       help="with --ui: only the traffic at 120x40 with the network view (w) on")
    bench.add_argument("--class", dest="class_size", type=_positive_int, metavar="N",
                       help="measure N learners on an SSH classroom on loopback instead")
    bench.add_argument("--training", type=_positive_int, metavar="M",
                       help="with --class: how many of them train at once (default 10)")

    from .commands.serve import add_parser as add_serve_parser

    add_serve_parser(sub, _positive_int)

    if exercises:
        from .commands.exercises import add_parser as add_exercises

        add_exercises(sub, Parser)
    else:
        sub.add_parser("exercises", help=EXERCISES_HELP)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up makes tens of thousands of objects and frees few: the collector's passes over
    # them cost the app a third of its time to first paint. It runs again once the app has
    # drawn (``commands.app``); every other command turns it back on once its arguments are read.
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    for stream in (sys.stdout, sys.stderr):  # an ASCII-only locale gets '?', never a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(exercises="exercises" in argv)
    args = parser.parse_args(argv)
    if args.command is not None:
        gc.enable()  # only the app's start-up goes without: a server or a long run must collect
    try:
        if args.command == "train":
            from .commands import train

            return train.run(args)
        if args.command == "lessons":
            from .commands import lessons

            return lessons.run(args)
        if args.command == "serve":
            from .commands import serve

            return serve.run(args)
        if args.command == "bench":
            if args.class_size:
                from .commands import classbench

                return classbench.run(args)
            if args.ui:
                from .commands import uibench

                return uibench.run(args)
            from .commands import bench

            return bench.run(args)
        if args.command == "exercises":
            from .commands import exercises

            return exercises.run(args)
        from .commands import app

        return app.run(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence_stdout()
        sys.stderr.close()  # the reader went away (| head): nothing left to say
        return EXIT_OK
    except OSError as e:  # output to a full disk (>/dev/full), a closed terminal...
        _silence_stdout()
        print(shown(f"tui-tutor: could not write the output: {e.strerror or e}"), file=sys.stderr)
        return EXIT_FAIL


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's last flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
