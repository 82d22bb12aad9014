"""tui-tutor exercises init | check [NAME] | solution NAME | train

Headless, for teachers and CI: ``check`` exits 0 when every exercise asked passes and 1 otherwise,
and never shows a traceback, whatever the learner's files contain.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ..cli import EXERCISES_HELP, EXIT_FAIL, EXIT_OK, usage_error
from ..exercises import Result, check, default_workspace, ensure_workspace, exercises, get
from ..exercises.text import clean, status_mark, strings
from ..exercises.workspace import write_solutions
from ..safe_text import shown


def run(args: argparse.Namespace) -> int:
    lang = args.lang or "en"
    try:
        if args.exercises_command == "solution":
            try:
                ex = get(args.name)
            except ValueError as e:
                return usage_error(str(e))
            sys.stdout.write(ex.file_text(lang, solved=True))
            return EXIT_OK
        workspace = (args.workspace or default_workspace()).expanduser()
        if args.exercises_command == "init":
            created = ensure_workspace(workspace, lang)
            print(strings(lang)["init"].format(n=len(created), path=shown(workspace)))
            return EXIT_OK
        if args.exercises_command == "check":
            return run_check(args, workspace, lang)
        return run_train(args, workspace, lang)
    except OSError as e:
        print(f"tui-tutor: cannot use the workspace {shown(e.filename or '')}: {e.strerror}; "
              "pass --workspace DIR with a folder you can write to", file=sys.stderr)
        return EXIT_FAIL


def run_check(args: argparse.Namespace, workspace: Path, lang: str) -> int:
    names = [args.name] if args.name else None
    if args.name:
        try:
            get(args.name)
        except ValueError as e:
            return usage_error(str(e))
    results = check(workspace, names, lang=lang, ask_hint=args.hint)
    if args.json:
        print(json.dumps({"workspace": str(workspace), "results": [r.to_json() for r in results]},
                         ensure_ascii=False))
    else:
        print(report(results, workspace, lang))
    return EXIT_OK if all(r.passed for r in results) else EXIT_FAIL


def report(results: list[Result], workspace: Path, lang: str) -> str:
    """One line per exercise, then the first one not passing in full: one next step."""
    s = strings(lang)
    width = max(len(r.name) for r in results)
    lines = [f"{status_mark(r.status)} {r.name:<{width}}  {get(r.name).title[lang]}" for r in results]
    first = next((r for r in results if not r.passed), None)
    if first is None:
        lines.append(s["all_pass"])
        return "\n".join(lines)
    lines += ["", f"{first.name}: {clean(first.message)}", s["edit"].format(path=shown(workspace / f"{first.name}.py"))]
    if first.hints:
        total = len(get(first.name).hints[lang])
        lines.append(s["hint"].format(i=len(first.hints), n=total, text=first.hints[-1]))
    elif first.status == "fail":
        lines.append(s["hint_later"])
    if first.output.strip():
        lines.append(s["printed"] + "\n  " + "\n  ".join(clean(first.output).splitlines()[:5]))
    return "\n".join(lines)


def run_train(args: argparse.Namespace, workspace: Path, lang: str) -> int:
    """Lesson 8's first experiment, ReLU solves XOR, with your code (or the reference solutions),
    and the engine's."""
    from ..exercises.trainer import YourRun, cannot_train
    from ..lessons import default_lessons_dir, load_course

    course = load_course(default_lessons_dir())
    lesson = next(x for x in course.in_language("en") if x.id == "activation-functions")
    config = lesson.experiments[0].config
    if args.steps:
        config = config.with_(steps=args.steps)
    with tempfile.TemporaryDirectory() as tmp:
        if args.solutions:
            workspace = Path(tmp)
            write_solutions(workspace, lang)
        else:
            ensure_workspace(workspace, lang)
            passed = {r.name for r in check(workspace, record=False, lang=lang) if r.passed}
            reason = cannot_train(config, passed, lang)
            if reason:
                print(f"tui-tutor: {reason}", file=sys.stderr)
                return EXIT_FAIL
        start = time.perf_counter()
        done: dict[str, Any] = {}
        for event in YourRun(workspace, config, lang).events():
            if "error" in event:
                print(f"tui-tutor: {clean(event['error'])}", file=sys.stderr)  # may quote learner code
                return EXIT_FAIL
            if "done" in event:
                done = event
            elif not args.json:
                print(strings(lang)["progress"].format(**_numbers(event)), flush=True)
        wall = time.perf_counter() - start
        app_rate = _as_the_app_drives_it(workspace, config, lang)
    trainer = config.build(eval_every=max(1, config.steps // 200))
    t0 = time.perf_counter()
    m = trainer.run(config.steps)
    engine_s = time.perf_counter() - t0
    result = {
        "experiment": lesson.experiments[0].label, "config": config.to_dict(),
        "your_code": {"val_accuracy": done.get("val_accuracy"), "val_loss": done.get("val_loss"),
                      "steps_per_s": done.get("steps_per_s"), "wall_seconds_with_startup": wall,
                      "steps_per_s_as_the_app_drives_it": app_rate},
        "engine": {"val_accuracy": m.val_accuracy, "val_loss": m.val_loss,
                   "steps_per_s": trainer.step_count / engine_s if engine_s > 0 else None},
    }
    if args.json:
        print(json.dumps(result))
    else:
        y, e = result["your_code"], result["engine"]
        print(strings(lang)["bench"].format(
            y_acc=y["val_accuracy"] or 0.0, y_sps=y["steps_per_s"] or 0.0, app_sps=app_rate or 0.0,
            e_acc=e["val_accuracy"] or 0.0, e_sps=e["steps_per_s"] or 0.0, wall=wall))
    return EXIT_OK


def _as_the_app_drives_it(workspace: Path, config: Any, lang: str) -> float | None:
    """Steps per second through RemoteTrainer, one call per step as the app's training thread makes."""
    from ..exercises.remote import RemoteTrainer

    try:
        remote = RemoteTrainer(workspace, config, lang, eval_every=max(1, min(50, config.steps // 200)))
    except ValueError:
        return None
    try:
        start = time.perf_counter()
        remote.run(config.steps)
        seconds = time.perf_counter() - start
        return remote.step_count / seconds if seconds > 0 and not remote.diverged else None
    finally:
        remote.close()


def _numbers(event: dict[str, Any]) -> dict[str, Any]:
    nan = float("nan")
    return {"step": event.get("step", 0), "loss": event.get("loss") or nan,
            "val_accuracy": event.get("val_accuracy") if event.get("val_accuracy") is not None else nan}


def add_parser(sub: Any, parser_class: type) -> None:
    """The ``exercises`` subcommand and its own subcommands, for cli.build_parser."""
    ex = sub.add_parser("exercises", help=EXERCISES_HELP,
                        description="Implement the pieces of a network in numpy; a checker grades each one.",
                        epilog="exit status: 0 all asked pass, 1 some do not, 2 bad arguments.")
    esub = ex.add_subparsers(dest="exercises_command", metavar="init|check|solution|train", required=True,
                             parser_class=parser_class)
    names = ", ".join(e.name for e in exercises())
    common = parser_class(add_help=False)
    common.add_argument("--lang", choices=("en", "ko"), default=argparse.SUPPRESS,
                        help="language of docstrings and messages")
    common.add_argument("--workspace", type=Path, metavar="DIR",
                        help="the folder of exercise files (default: in the user data dir)")
    esub.add_parser("init", parents=[common], help="create the workspace (never overwrites a file)")
    chk = esub.add_parser("check", parents=[common], help="check exercises; exit 1 unless all pass")
    chk.add_argument("name", nargs="?", metavar="NAME", help=f"one exercise: {names}")
    chk.add_argument("--json", action="store_true", help="print the results as JSON")
    chk.add_argument("--hint", action="store_true", help="show the next hint now")
    sol = esub.add_parser("solution", parents=[common], help="print the reference solution, a whole file")
    sol.add_argument("name", metavar="NAME", help=f"one of: {names}")
    tr = esub.add_parser("train", parents=[common],
                         help="train lesson 7's experiment with your code, and compare with the engine")
    tr.add_argument("--solutions", action="store_true", help="use the reference solutions instead of your files")
    tr.add_argument("--steps", type=int, help="steps to train (default: the experiment's)")
    tr.add_argument("--json", action="store_true", help="print the comparison as JSON")
