"""The learner's code as a trainer the app steps one command at a time, in the child process.

The app's training thread drives ``RemoteTrainer`` (see ``remote``) exactly as it drives the
engine's Trainer; each call becomes one JSON line here and one answer back. Anything the
learner's code raises ends the child with a sentence the app shows as the run's outcome.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import RunConfig
from .child import CappedText, explain, load
from .messages import render
from .your_code import NotFinite, build


def _num(x: float | None) -> float | None:
    return x if x is not None and math.isfinite(x) else None


def serve(request: dict[str, Any], send: Any, out: CappedText) -> None:
    workspace, lang = Path(request["workspace"]).resolve(), request.get("lang", "en")
    raw = dict(request["config"])
    raw["hidden"] = tuple(raw.get("hidden", ()))
    current = ""

    def loader(name: str) -> Any:
        nonlocal current
        current = name
        return load(workspace, name)

    trainer = None
    np.seterr(all="ignore")
    try:
        trainer = build(RunConfig(**raw), loader, eval_every=int(request.get("eval_every", 10)))
        send({"ready": True})
        for line in sys.stdin:
            cmd = json.loads(line)
            send(answer(trainer, cmd))
    except NotFinite as e:
        step = trainer.step_count + 1 if trainer is not None else 0
        send({"error": render("train_nan", lang, {"step": step, "func": e.func, "what": e.what})})
    except Exception as e:  # noqa: BLE001 - the learner's code, reported as a sentence
        r = explain(e, workspace, current)
        step = trainer.step_count + 1 if trainer is not None else 0
        msg = render(r["key"], lang, r["fields"])
        send({"error": render("train_failed", lang, {"step": step, "message": msg}) if trainer else msg})


def answer(trainer: Any, cmd: dict[str, Any]) -> dict[str, Any]:
    what = cmd["cmd"]
    if what == "steps":  # up to ``max`` steps, for at most ``seconds``: one round trip, many steps
        deadline = time.perf_counter() + float(cmd.get("seconds", 0.0))
        losses: list[float | None] = []
        evals: list[list[Any]] = []
        reply: dict[str, Any] = {}
        for _ in range(int(cmd.get("max", 1))):
            loss = trainer.step()
            if trainer.diverged:
                reply["diverged"] = trainer.diverged
                break
            losses.append(_num(loss))
            if trainer.eval_every and trainer.step_count % trainer.eval_every == 0:
                h = trainer.history
                evals.append([trainer.step_count] + [h[k].view().last if len(h[k]) else None
                                                      for k in ("val_loss", "train_accuracy", "val_accuracy")])
            if time.perf_counter() >= deadline:
                break
        reply.update(step=trainer.step_count, losses=losses, evals=evals)
        return reply
    if what == "evaluate":
        m = trainer.evaluate()
        return {"metrics": [_num(m.train_loss), _num(m.val_loss), m.train_accuracy, m.val_accuracy]}
    if what == "predict":
        X = np.asarray(cmd["X"], dtype=np.float64)
        return {"y": [_num(float(v)) for v in trainer.predict(X)]}
    if what == "reset":
        trainer.reset()
        return {"ok": True}
    if what == "lr":
        trainer.optimizer.lr = float(cmd["lr"])
        return {"ok": True}
    return {"ok": False}
