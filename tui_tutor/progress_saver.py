"""Saving progress off the UI thread: the app hands over a snapshot and goes on at once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from .progress import Progress, save


class Saver:
    """Saves progress on its own thread, so the app never waits for a disk or a lock.

    ``submit`` hands over a snapshot and returns at once; a snapshot still waiting is replaced by
    a newer one, so the latest state wins and a slow disk never builds a queue.
    """

    def __init__(self, path: Path, on_error: Callable[[str], None] | None = None,
                 write: Callable[[Progress, Path], object] = save) -> None:
        self.path, self.on_error, self._write = path, on_error, write
        self._pending: Progress | None = None
        self._busy = False
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self.saves = 0

    def submit(self, progress: Progress) -> None:
        snapshot = progress.copy()
        with self._cond:
            self._pending = snapshot
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="progress-saver", daemon=True)
                self._thread.start()
            self._cond.notify_all()

    def flush(self, timeout: float = 2.0) -> bool:
        """Wait until everything submitted is on disk; False if that took longer than ``timeout``."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None and not self._busy, timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._pending is not None)
                snapshot, self._pending, self._busy = self._pending, None, True
            try:
                self._write(snapshot, self.path)
                self.saves += 1
            except OSError as e:
                if self.on_error is not None:
                    self.on_error(e.strerror or str(e))
            except Exception as e:  # a bug must not kill the saver and lose every later save
                if self.on_error is not None:
                    self.on_error(repr(e))
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()
