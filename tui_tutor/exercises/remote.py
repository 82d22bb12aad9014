"""A Trainer look-alike whose maths runs in the child process, on the learner's code.

The app's training thread uses it where it would use ``engine.Trainer``: ``step``, ``evaluate``,
``predict``, ``reset``, ``optimizer.lr``, ``history``, ``diverged``. Each call is one JSON line
to the child and one back, with a time limit. When the learner's code raises, returns NaN or
hangs, the child is killed and ``diverged`` holds the sentence: the run stops, the app carries on.
"""

from __future__ import annotations

import time
from collections import deque
from pathlib import Path
from typing import Any

import numpy as np

from ..engine import History, Metrics, RunConfig
from .messages import render
from .runner import MEMORY_MB, Child, ChildTimeout
from .trainer import STARTUP, STEP_TIMEOUT

NAN = float("nan")
#: Calls closer together than this mean the app is training flat out: run a chunk of steps per
#: round trip (at most CHUNK steps or CHUNK_SECONDS) instead of one. A key press for one step
#: comes slower and gets exactly one, so a paused run's numbers always match its step count.
CONTINUOUS = 0.05
CHUNK, CHUNK_SECONDS = 4096, 0.015


class _LR:
    """``trainer.optimizer.lr = x`` sends the new rate to the child."""

    def __init__(self, owner: RemoteTrainer, lr: float) -> None:
        self._owner, self._lr = owner, lr

    @property
    def lr(self) -> float:
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = value
        self._owner.request["config"]["lr"] = value  # a reset keeps the new rate
        self._owner._call({"cmd": "lr", "lr": value})


class RemoteTrainer:
    def __init__(self, workspace: Path, config: RunConfig, lang: str = "en", eval_every: int = 10,
                 step_timeout: float = STEP_TIMEOUT, history_capacity: int = 512) -> None:
        self.config, self.lang, self.eval_every = config, lang, eval_every
        self.step_timeout, self.history_capacity = step_timeout, history_capacity
        self.classification = config.resolved_loss in ("bce", "ce")
        self.request = {"mode": "serve", "workspace": str(workspace.resolve()), "lang": lang,
                        "config": config.to_dict(), "eval_every": eval_every, "memory_mb": MEMORY_MB}
        self.child: Child | None = None
        self.optimizer = _LR(self, config.lr)
        self._start()

    def _start(self) -> None:
        self.close()
        self.step_count = 0
        self.history = History(self.history_capacity)
        self.diverged: str | None = None
        self.last_loss: float | None = None
        self._metrics = Metrics(NAN, NAN, None, None)
        self._predicted: np.ndarray | None = None
        self._buffer: deque[tuple[int, float | None, list[Any] | None]] = deque()
        self._child_step = 0
        self._last_call = 0.0
        self._stop_after_buffer: str | None = None
        self.child = Child(self.request, interactive=True)
        first = self._read(STARTUP)
        if first is None or "ready" not in first:
            raise ValueError(self.diverged or "your code could not start")

    def _read(self, timeout: float) -> dict[str, Any] | None:
        assert self.child is not None
        try:
            msg = self.child.next(timeout)
        except ChildTimeout:
            return self._fail(render("train_timeout", self.lang, {"seconds": timeout}))
        if msg is None:
            return self._fail(render("crashed", self.lang, {"how": self.child.how_it_ended()}))
        if "error" in msg:
            return self._fail(str(msg["error"]))
        return msg

    def _fail(self, sentence: str) -> None:
        self.diverged = sentence
        self.close()
        return None

    def _call(self, cmd: dict[str, Any]) -> dict[str, Any] | None:
        if self.child is None:
            return None
        if not self.child.send(cmd):
            return self._read(self.step_timeout)  # the child went away: read why
        return self._read(self.step_timeout)

    def step(self) -> float:
        """One step, served from the last chunk the child ran when training runs continuously."""
        if self.diverged:
            raise RuntimeError("this run stopped; call reset() before stepping again")
        now = time.perf_counter()
        if not self._buffer and not self._stop_after_buffer:
            self._fetch(continuous=now - self._last_call < CONTINUOUS)
        self._last_call = now
        if not self._buffer:
            self.diverged = self._stop_after_buffer or self.diverged
            self._stop_after_buffer = None
            return self.last_loss if self.last_loss is not None else NAN
        step, loss, evaluation = self._buffer.popleft()
        self.step_count = step
        self.last_loss = NAN if loss is None else loss
        self.history["train_loss"].append(step, self.last_loss)
        if evaluation is not None:
            val, train_acc, val_acc = evaluation
            if val is not None:
                self.history["val_loss"].append(step, val)
            if train_acc is not None and val_acc is not None:
                self.history["train_accuracy"].append(step, train_acc)
                self.history["val_accuracy"].append(step, val_acc)
        return self.last_loss

    def _fetch(self, continuous: bool) -> None:
        # Never past the end of a round of config.steps, so a finished run's numbers are exact.
        left = self.config.steps - self._child_step % self.config.steps
        most = min(left, CHUNK) if continuous else 1
        reply = self._call({"cmd": "steps", "max": most, "seconds": CHUNK_SECONDS if continuous else 0.0})
        if reply is None:
            return
        evals = {int(e[0]): e[1:] for e in reply["evals"]}
        first = self._child_step + 1
        for i, loss in enumerate(reply["losses"]):
            self._buffer.append((first + i, loss, evals.get(first + i)))
        self._child_step = int(reply["step"])
        if reply.get("diverged"):
            self._stop_after_buffer = str(reply["diverged"])

    def run(self, steps: int) -> Metrics:
        for _ in range(steps):
            self.step()
            if self.diverged:
                break
        return self.evaluate()

    def evaluate(self) -> Metrics:
        reply = self._call({"cmd": "evaluate"})
        if reply is not None:
            a, b, c, d = reply["metrics"]
            self._metrics = Metrics(NAN if a is None else a, NAN if b is None else b, c, d)
        return self._metrics

    def predict(self, X: np.ndarray) -> np.ndarray:
        reply = self._call({"cmd": "predict", "X": np.asarray(X).tolist()})
        if reply is not None:
            self._predicted = np.array([NAN if v is None else v for v in reply["y"]], dtype=np.float64)
        if self._predicted is None or len(self._predicted) != len(X):
            return np.full(len(X), NAN)
        return self._predicted

    def reset(self, reinit: bool = True) -> None:
        """Back to step 0 in a fresh child: also the way to retry after the code misbehaved."""
        try:
            self._start()
        except ValueError:
            pass  # diverged holds why; the app shows it

    def close(self) -> None:
        if self.child is not None:
            self.child.kill()
            self.child = None

    def __del__(self) -> None:
        self.close()
