"""'Your code' mode: the panel trains with the learner's exercises instead of the engine.

The switch is one attribute of the training session, ``session.build``: in this mode each run's
trainer is a ``RemoteTrainer`` whose maths runs in a child process on the learner's files. Building
one checks first that the exercises this run needs pass, and says which do not.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..engine import RunConfig
from ..exercises import check, default_workspace
from ..exercises.remote import RemoteTrainer
from ..exercises.trainer import cannot_train
from ..exercises.your_code import needed

if TYPE_CHECKING:
    from .app import TutorApp

BADGE = {"en": "your code", "ko": "내 코드 (your code)"}


class YourCode:
    def __init__(self, workspace: Path) -> None:
        self.workspace = workspace
        self.on = False
        self.lang = "en"
        self._engine_build: Any = None
        self._last: RemoteTrainer | None = None
        self._lock = threading.Lock()

    def build(self, config: RunConfig, eval_every: int) -> RemoteTrainer:
        """Runs on the training thread; ValueError with a sentence when this run cannot use it."""
        reason = self.why_not(config, self.lang)
        if reason:
            raise ValueError(reason)
        with self._lock:
            if self._last is not None:
                self._last.close()
            self._last = RemoteTrainer(self.workspace, config, self.lang, eval_every=eval_every)
            return self._last

    def why_not(self, config: RunConfig, lang: str) -> str | None:
        """Why ``config`` cannot train on your code now (checks the files: call off the UI thread)."""
        names = needed(config) if config.resolved_loss != "ce" else []
        passed = {r.name for r in check(self.workspace, names, lang=lang, record=False) if r.passed}
        return cannot_train(config, passed, lang)

    def switch(self, app: TutorApp) -> bool:
        """Turn the mode on or off for ``app``; returns whether it is now on."""
        self.on = not self.on
        self.lang = app.lang
        if self._engine_build is None:
            self._engine_build = app.session.build
        app.session.build = self.build if self.on else self._engine_build
        app.panel.set_badge(BADGE.get(app.lang, BADGE["en"]) if self.on else "")
        if not self.on:
            self.close()
        return self.on

    def close(self) -> None:
        with self._lock:
            if self._last is not None:
                self._last.close()
                self._last = None


def your_code(app: TutorApp) -> YourCode:
    """The app's one YourCode, made on first use (workspace: $TUI_TUTOR_EXERCISES or the data dir)."""
    mode = app.__dict__.get("_your_code")
    if mode is None:
        mode = app.__dict__["_your_code"] = YourCode(default_workspace())
    return mode


def toggle_your_code(app: TutorApp, then_run: bool) -> None:
    """Switch the panel to your code (if the exercises the setup needs pass) or back to the engine.

    Checking runs the learner's files in a child process, so it happens in a thread worker; the
    switch itself happens back on the UI thread, then the run when ``then_run`` (an open exercise
    gives the pane and the chart back to it, as to any run).
    """
    mode = your_code(app)
    if mode.on:
        mode.switch(app)
        app.notify(OFF.get(app.lang, OFF["en"]), timeout=4)
        return

    def work() -> None:
        reason = mode.why_not(app.config, app.lang)
        app.call_later(done, reason)  # posted, not waited for: the app may be closing

    def done(reason: str | None) -> None:
        if reason:
            app.notify(reason, severity="warning", timeout=8)
            return
        mode.switch(app)
        app.notify(ON.get(app.lang, ON["en"]), timeout=5)
        if then_run:
            app.start(app.config, train=True)

    app.run_worker(work, thread=True, group="your-code", exclusive=True)


ON = {"en": "The panel now trains with your code: press x for the lesson's experiment.",
      "ko": "이제 패널이 내 코드로 학습합니다: x를 누르면 이 레슨의 실험을 실행합니다."}
OFF = {"en": "The panel trains with the engine again.", "ko": "패널이 다시 엔진으로 학습합니다."}
