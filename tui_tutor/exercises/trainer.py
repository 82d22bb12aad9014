"""Train with your code: the parent side. Starts the child, reads its reports, stops it.

``YourRun.events()`` yields the child's messages as dicts: reports (``step``, ``loss``,
``val_loss``, ``val_accuracy``, optionally ``params``), then one last message with ``done``, or
``error`` holding the sentence to show. A child silent for ``step_timeout`` seconds is killed and
the run ends with a timeout sentence. Read it from a thread: ``next`` blocks on the pipe.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..engine import RunConfig
from .messages import render
from .runner import MEMORY_MB, Child, ChildTimeout
from .your_code import needed

#: The child reports every 0.1 s; this long without a word means the learner's code is stuck.
STEP_TIMEOUT = 5.0
STARTUP = 20.0


def cannot_train(config: RunConfig, passed: set[str], lang: str = "en") -> str | None:
    """Why ``config`` cannot run on your code yet (a sentence), or None when it can."""
    if config.resolved_loss == "ce":
        return render("train_no_ce", lang, {})
    missing = [n for n in needed(config) if n not in passed]
    if missing:
        return render("train_needs", lang, {"names": ", ".join(missing)})
    return None


class YourRun:
    def __init__(self, workspace: Path, config: RunConfig, lang: str = "en", params: bool = False,
                 step_timeout: float = STEP_TIMEOUT, report_s: float = 0.1) -> None:
        self.workspace, self.config, self.lang = workspace, config, lang
        self.step_timeout = step_timeout
        self.request = {"mode": "train", "workspace": str(workspace.resolve()), "lang": lang,
                        "config": config.to_dict(), "params": params, "report_s": report_s,
                        "memory_mb": MEMORY_MB}
        self.child: Child | None = None

    def events(self) -> Iterator[dict[str, Any]]:
        self.child = child = Child(self.request)
        first = True
        try:
            while True:
                try:
                    msg = child.next(STARTUP if first else self.step_timeout)
                except ChildTimeout:
                    yield {"error": render("train_timeout", self.lang, {"seconds": self.step_timeout})}
                    return
                first = False
                if msg is None:
                    how = child.how_it_ended()
                    yield {"error": render("crashed", self.lang, {"how": how})}
                    return
                if msg.get("started"):
                    continue
                yield msg
                if "done" in msg or "error" in msg:
                    return
        finally:
            child.kill()

    def stop(self) -> None:
        """Kill the child now (from any thread); ``events`` then ends with a crash message."""
        if self.child is not None:
            self.child.kill()
