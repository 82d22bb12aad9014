"""Training with the learner's code, in the child process: steps streamed back as JSON lines.

Each report carries the step, the latest loss, the latest evaluation and, when asked, the flat
parameters, so the parent can draw the decision boundary with the engine's forward pass without
ever running learner code itself. Reports go out at most every ``report_s`` seconds: the pipe
carries a few dozen small messages per second however fast the code is.
"""

from __future__ import annotations

import math
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import RunConfig
from ..engine.train import finite_or_none
from .child import CappedText, explain, load
from .messages import render
from .text import clean
from .your_code import NotFinite, build


def train(request: dict[str, Any], send: Any, out: CappedText) -> None:
    workspace, lang = Path(request["workspace"]).resolve(), request.get("lang", "en")
    raw = dict(request["config"])
    raw["hidden"] = tuple(raw.get("hidden", ()))
    config = RunConfig(**raw)
    report_s = float(request.get("report_s", 0.1))
    with_params = bool(request.get("params", False))
    step = 0
    current = ""

    def loader(name: str) -> Any:
        nonlocal current
        current = name
        return load(workspace, name)

    try:
        with np.errstate(all="ignore"):
            trainer = build(config, loader, eval_every=max(1, config.steps // 200))
            send({"started": True})  # from here on, each step has the step time limit
            start = last_report = time.perf_counter()
            for step in range(1, config.steps + 1):
                trainer.step()
                if trainer.diverged:
                    break
                now = time.perf_counter()
                if now - last_report >= report_s or step == config.steps:
                    send(report(trainer, with_params))
                    last_report = now
            seconds = time.perf_counter() - start
            m = trainer.evaluate()
    except NotFinite as e:
        send({"error": render("train_nan", lang, {"step": step, "func": e.func, "what": e.what})})
        return
    except Exception as e:  # noqa: BLE001 - the learner's code, reported as a sentence
        r = explain(e, workspace, current)
        msg = clean(render(r["key"], lang, r["fields"]))  # it may quote what the code raised
        send({"error": render("train_failed", lang, {"step": step, "message": msg}), "line": r["line"]})
        return
    if trainer.diverged:
        send({**report(trainer, with_params), "diverged": trainer.diverged})
    send({"done": True, "step": trainer.step_count, "seconds": seconds,
          "steps_per_s": trainer.step_count / seconds if seconds > 0 else None,
          "train_loss": finite_or_none(m.train_loss), "val_loss": finite_or_none(m.val_loss),
          "train_accuracy": m.train_accuracy, "val_accuracy": m.val_accuracy, "output": out.take()})


def report(trainer: Any, with_params: bool) -> dict[str, Any]:
    h = trainer.history
    val = h["val_loss"].view().last if len(h["val_loss"]) else None
    acc = h["val_accuracy"].view().last if len(h["val_accuracy"]) else None
    loss = trainer.last_loss
    msg: dict[str, Any] = {"step": trainer.step_count,
                           "loss": loss if loss is not None and math.isfinite(loss) else None,
                           "val_loss": val, "val_accuracy": acc}
    if with_params:
        msg["params"] = [float(x) if math.isfinite(x) else None for x in trainer.model.params]
    return msg
