"""The parent side of the child process: start it, read its JSON lines with a deadline, kill it.

The child runs in its own session (process group), so a timeout kills whatever the learner's code
started too. Reading uses ``select`` on the pipe with a deadline per message: a child stuck in an
infinite loop, or in C code that ignores signals, cannot hold the caller longer than the limit.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: Seconds a check may take, and megabytes of address space the child may use.
TIME_LIMIT = 3.0
MEMORY_MB = 1024


class ChildTimeout(Exception):
    pass


class Child:
    """One learner-code process, sent ``request`` and read line by line."""

    def __init__(self, request: dict[str, Any], interactive: bool = False) -> None:
        package_root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            env[var] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui_tutor.exercises.child"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            start_new_session=True, env=env, cwd=request.get("workspace"),
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.send(request)
        if not interactive:
            self._close_stdin()
        self._fd = self.proc.stdout.fileno()
        os.set_blocking(self._fd, False)
        self._buf = b""
        self._eof = False
        self._killed = False
        self._sel = selectors.DefaultSelector()
        self._sel.register(self._fd, selectors.EVENT_READ)

    def send(self, message: dict[str, Any]) -> bool:
        """Write one JSON line to the child; False when it has gone away."""
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(message).encode() + b"\n")
            self.proc.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def _close_stdin(self) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def next(self, timeout: float) -> dict[str, Any] | None:
        """The next message; None when the child has ended; ChildTimeout after ``timeout`` s."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buf:
            if self._eof:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChildTimeout
            if not self._sel.select(left):
                continue
            chunk = os.read(self._fd, 65536)
            if not chunk:
                self._eof = True
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            return {"status": "error", "bad_line": line[:200].decode(errors="replace")}

    def how_it_ended(self) -> str:
        """'exit status 1' or 'killed by signal SIGKILL', for a child that stopped early."""
        try:
            code = self.proc.wait(timeout=1.0)
        except subprocess.TimeoutExpired:
            return "still running"
        if code < 0:
            try:
                return f"killed by signal {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def kill(self) -> None:
        """Kill the child's whole process group and reap it (again: nothing happens)."""
        if self._killed:
            return
        self._killed = True
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self._sel.close()
        assert self.proc.stdout is not None
        self.proc.stdout.close()
        self._close_stdin()

    def __enter__(self) -> Child:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
