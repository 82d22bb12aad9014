"""tui-tutor train: one run headless, a loss chart sized to the terminal, a summary or JSON."""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import time
from typing import Any

from ..engine import RunConfig, Trainer
from ..engine.explain import explain_run
from ..engine.train import finite_or_none
from ..exit_codes import EXIT_DIVERGED, EXIT_FAIL, EXIT_INTERRUPTED, EXIT_OK, usage_error
from ..safe_text import shown
from ..ticks import label as tick_label
from ..ticks import nice_ticks


def config_from_args(args: argparse.Namespace) -> RunConfig:
    return RunConfig(
        dataset=args.dataset, hidden=args.hidden, activation=args.activation, loss=args.loss,
        optimizer=args.optimizer, lr=args.lr, steps=args.steps, batch_size=args.batch_size,
        noise=args.noise, n=args.n, seed=args.seed, weight_decay=args.weight_decay,
    )


def run(args: argparse.Namespace) -> int:
    config = config_from_args(args)
    problems = config.problems()
    if not problems and not getattr(args, "force", False):
        problems = [p for p in (config.limit_problem(),) if p]
        if problems:
            problems[0] += " (or add --force)"
    if problems:
        return usage_error("; ".join(problems))
    trainer = config.build(eval_every=max(1, config.steps // 500))
    start = time.perf_counter()
    interrupted = False
    try:
        trainer.run(config.steps)
    except KeyboardInterrupt:  # Ctrl+C: report what was trained so far
        interrupted = True
    seconds = time.perf_counter() - start
    if not trainer.diverged and trainer.step_count % trainer.eval_every:
        trainer.record()  # the chart's validation curve ends at the last step
    result = summary(config, trainer, seconds)
    result["metrics"]["interrupted"] = interrupted
    if args.json:
        try:
            text = json.dumps(result, allow_nan=False)
        except ValueError as e:
            print(f"tui-tutor: the result could not be written as JSON ({e})", file=sys.stderr)
            return EXIT_FAIL
        sys.stdout.write(text + "\n")
    else:
        if len(trainer.history["train_loss"]) > 1:
            sys.stdout.write(chart(trainer, color=sys.stdout.isatty() and not os.environ.get("NO_COLOR")) + "\n")
        sys.stdout.write(summary_line(result) + "\n")
        if result["explanation"]:
            sys.stdout.write(result["explanation"]["sentence"] + "\n")
    sys.stdout.flush()  # a full disk is reported here, as one line, by the caller
    if interrupted:
        print(f"tui-tutor: interrupted at step {trainer.step_count}", file=sys.stderr)
        return EXIT_INTERRUPTED
    if trainer.diverged:
        print(shown(f"tui-tutor: {trainer.diverged}"), file=sys.stderr)
        return EXIT_DIVERGED
    return EXIT_OK


def summary(config: RunConfig, trainer: Trainer, seconds: float) -> dict[str, Any]:
    m = trainer.evaluate()
    verdict = explain_run(trainer)
    return {
        "config": config.to_dict(),
        "metrics": {
            "steps": trainer.step_count,
            "train_loss": finite_or_none(m.train_loss),
            "val_loss": finite_or_none(m.val_loss),
            "train_accuracy": m.train_accuracy,
            "val_accuracy": m.val_accuracy,
            "diverged": trainer.diverged is not None,
            "divergence": trainer.diverged,
            "seconds": seconds,
            "steps_per_second": trainer.step_count / seconds if seconds > 0 else None,
        },
        "history": trainer.history.to_dict(),
        "explanation": verdict.to_dict() if verdict else None,
    }


def summary_line(result: dict[str, Any]) -> str:
    m = result["metrics"]
    parts = [f"step {m['steps']}"]
    for key, label in (("train_loss", "train loss"), ("val_loss", "val loss")):
        parts.append(f"{label} {m[key]:.4g}" if m[key] is not None else f"{label} n/a")
    for key, label in (("train_accuracy", "train acc"), ("val_accuracy", "val acc")):
        if m[key] is not None:
            parts.append(f"{label} {m[key]:.1%}")
    if m["steps_per_second"]:
        parts.append(f"{m['steps_per_second']:,.0f} steps/s")
    if m["diverged"]:
        parts.append("DIVERGED")
    return "  ".join(parts)


def chart(trainer: Trainer, color: bool) -> str:
    """The train and validation loss as a plotext chart, as wide as the terminal."""
    import plotext as plt

    cols, rows = shutil.get_terminal_size((80, 24))
    plt.clear_figure()
    plt.plotsize(max(30, cols), max(10, min(rows - 2, 24)))
    plt.title("loss")
    plt.xlabel("step")
    if not color:
        plt.theme("clear")
    top = 0.0
    for name, label, marker in (("train_loss", "train", "braille" if color else "."),
                                ("val_loss", "validation", "braille" if color else "*")):
        view = trainer.history[name].view()
        keep = [i for i, v in enumerate(view.mean) if math.isfinite(v)]
        if keep:
            plt.plot(view.steps[keep].tolist(), view.mean[keep].tolist(), label=label, marker=marker)
            top = max(top, float(max(view.mean[keep])))
    last = max(trainer.step_count, 1)
    xticks = nice_ticks(0, last, 4)
    plt.xlim(0, last)
    plt.xticks(xticks, [tick_label(x) for x in xticks])
    yticks = nice_ticks(0, top, 4) if top > 0 else [0.0]
    plt.ylim(0, max(top, yticks[-1]) * 1.02 or 1)
    plt.yticks(yticks, [tick_label(y) for y in yticks])
    out = plt.build()
    plt.clear_figure()
    return out if color else plt.uncolorize(out)
