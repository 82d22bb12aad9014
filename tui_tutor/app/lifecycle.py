"""Leaving well: progress saved on every way out, signals handled, numbers for the benchmark.

A mixin of ``TutorApp``.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from .. import progress as progress_store
from ..progress_saver import Saver
from .training_panel import TrainingPanel

if TYPE_CHECKING:
    from .session import Session, Snapshot


class Lifecycle:
    # provided by TutorApp (a textual App)
    progress: progress_store.Progress
    progress_path: Path
    session: Session
    snapshot: Snapshot | None
    panel: TrainingPanel
    _shut_down: bool
    _saver: Saver | None = None
    _save_error: str | None = None

    @property
    def saver(self) -> Saver:
        if self._saver is None:
            self._saver = Saver(self.progress_path, self._save_failed)
        return self._saver

    def save_progress(self) -> None:
        """Hand a snapshot to the saver thread: the UI never waits for the disk or the lock."""
        self.saver.submit(self.progress)

    def _save_failed(self, message: str) -> None:
        """On the saver thread; ``notify`` posts a message, which is safe from any thread."""
        if message != self._save_error:  # say it once, not at every lesson change
            self._save_error = message
            self.notify(f"Could not save progress: {message}", severity="warning", timeout=8, markup=False)

    def action_quit(self) -> None:  # type: ignore[override]
        self.shutdown()
        self.exit()

    def on_unmount(self) -> None:
        self.shutdown()

    def _on_signal(self, signum: int) -> None:
        """SIGTERM, or SIGHUP from a dropped SSH link: save, restore the terminal, leave.

        After a hang-up the terminal may not take the restoring writes; a timer makes sure the
        process is gone within a second all the same (progress is already on disk by then).
        """
        self.shutdown()
        timer = threading.Timer(0.8, os._exit, (128 + signum,))
        timer.daemon = True
        timer.start()
        self.exit(return_code=128 + signum)

    def shutdown(self) -> None:
        """Stop training and save; runs once, however many ways the app is leaving."""
        if self._shut_down:
            return
        self._shut_down = True
        if self.session.alive:
            self.session.stop(timeout=0.2)
        self.save_progress()
        self.saver.flush(timeout=2.0)
        self._write_stats()

    def _write_stats(self) -> None:
        """With TUI_TUTOR_STATS=FILE, leave numbers for ``tui-tutor bench --ui`` to read."""
        target = os.environ.get("TUI_TUTOR_STATS")
        if not target:
            return
        if not self.query(TrainingPanel):
            return
        chart = self.panel.chart
        builds = chart.build_seconds
        stats = {
            "chart_frames": chart.frames,
            "chart_build_ms_first": 1000 * sum(builds[:20]) / max(1, len(builds[:20])),
            "chart_build_ms_last": 1000 * sum(builds[-20:]) / max(1, len(builds[-20:])),
            "steps_trained": self.session.steps_trained,
            "training_seconds": self.session.training_seconds,
            "step": self.snapshot.step if self.snapshot else 0,
        }
        try:
            Path(target).write_text(json.dumps(stats), encoding="utf-8")
        except OSError as e:
            self.log.warning(f"could not write stats: {e}")
