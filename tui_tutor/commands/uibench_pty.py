"""The real app in a pseudo-terminal: launch it at a fixed size, keep what it writes, press keys.

``App.run_test()`` never produces the bytes Textual writes to a terminal nor the delay before
they arrive, and those are what a learner on a slow SSH link feels. So the benchmark runs the
installed app as a child process on a pty, the way a terminal emulator would, and reads the
master side: every byte counted, every read time-stamped, keys written as a terminal sends them.
Waiting is done in ``select`` with a timeout, never in a busy loop, so that this process takes
no CPU from the two threads of the app it measures.
"""

from __future__ import annotations

import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

SSH_CONNECTION = "10.0.0.1 1 10.0.0.2 22"  # what sshd sets; the app reads it to slow down
KEYS = {"space": b" ", "ctrl+q": b"\x11", "escape": b"\x1b"}
KEEP = 4 << 20  # bytes of output kept for searching; older output is counted, then dropped
# Variables the harness must not pass on: they would change what is measured.
DROP = ("COLORTERM", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY", "NO_COLOR", "FORCE_COLOR",
        "TEXTUAL_FPS", "TEXTUAL_ANIMATIONS", "TEXTUAL_DRIVER", "TEXTUAL_DEBUG", "TEXTUAL",
        "TUI_TUTOR_STATS", "TUI_TUTOR_PROGRESS", "COLUMNS", "LINES",
        "PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def child_env(progress: Path, ssh: bool = False, stats: Path | None = None,
              bytecode: Path | None = None) -> dict[str, str]:
    """The environment of a learner's xterm: 256 colours (no COLORTERM), local unless ``ssh``.

    The real progress file is never touched: ``TUI_TUTOR_PROGRESS`` points into the temp dir.
    ``bytecode``: where every child keeps its compiled modules (``PYTHONPYCACHEPREFIX``), the
    tutor's and Textual's alike. An installed app runs from bytecode; a workplace that sets
    ``PYTHONDONTWRITEBYTECODE`` over an editable install would otherwise compile the tutor's
    modules at every launch, and Textual's (shipped compiled) never.
    """
    env = {k: v for k, v in os.environ.items() if k not in DROP}
    if bytecode is not None:
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    env["TERM"] = "xterm-256color"
    env["TUI_TUTOR_PROGRESS"] = str(progress)
    if ssh:
        env["SSH_CONNECTION"] = SSH_CONNECTION
    if stats is not None:
        env["TUI_TUTOR_STATS"] = str(stats)
    return env


def app_argv(*args: str) -> list[str]:
    """The installed app, through the same interpreter as the harness."""
    return [sys.executable, "-m", "tui_tutor", *args]


def _take_terminal() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Make the pty the child's controlling terminal, so that closing it sends SIGHUP."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """One child process on a pty of ``cols`` x ``rows``; its output is kept and counted.

    Offsets (``mark()``) count bytes from the start of the stream, so they stay valid after
    old output has been dropped from the search buffer.
    """

    def __init__(self, argv: Sequence[str], cols: int, rows: int, env: Mapping[str, str]) -> None:
        master, slave = os.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            self.started = time.perf_counter()
            self.proc = subprocess.Popen(
                list(argv), stdin=slave, stdout=slave, stderr=slave, env=dict(env),
                start_new_session=True, preexec_fn=_take_terminal, close_fds=True)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        self.fd = master
        self.buffer = bytearray()
        self.base = 0  # stream offset of buffer[0]
        self.eof = False

    # -- reading -------------------------------------------------------------------------------
    @property
    def total(self) -> int:
        return self.base + len(self.buffer)

    def mark(self) -> int:
        """The stream offset after everything written so far (pending output read first)."""
        self.pump(0)
        return self.total

    def pump(self, timeout: float) -> float | None:
        """Wait up to ``timeout`` s for output and read all that is there; when it came, or None."""
        if self.eof or self.fd < 0:
            if timeout > 0:
                time.sleep(timeout)
            return None
        ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        arrived = time.perf_counter()
        while True:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:  # EIO: the child and every copy of the slave are gone
                chunk = b""
            if not chunk:
                self.eof = True
                break
            self.buffer += chunk
            if not select.select([self.fd], [], [], 0)[0]:
                break
        if len(self.buffer) > KEEP:
            cut = len(self.buffer) - KEEP // 4
            del self.buffer[:cut]
            self.base += cut
        return arrived

    def run_for(self, seconds: float) -> None:
        """Keep reading (the app blocks when nobody reads its terminal) for ``seconds``."""
        deadline = time.perf_counter() + seconds
        while (left := deadline - time.perf_counter()) > 0:
            self.pump(left)

    def find(self, needle: bytes, since: int) -> int:
        """Stream offset of ``needle`` wholly after ``since``, or -1."""
        at = self.buffer.find(needle, max(0, since - self.base))
        return at + self.base if at >= 0 else -1

    def wait_for(self, needle: bytes, since: int, timeout: float) -> float | None:
        """The time of the read that completed ``needle`` after offset ``since``; None on timeout."""
        deadline = time.perf_counter() + timeout
        if self.find(needle, since) >= 0:
            return time.perf_counter()
        while (left := deadline - time.perf_counter()) > 0 and not self.eof:
            seen = max(since, self.total - len(needle) + 1)
            arrived = self.pump(left)
            if arrived is not None and self.find(needle, seen) >= 0:
                return arrived
        return None

    def bytes_by_row(self, since: int) -> dict[int, int]:
        """Output after ``since`` split by the screen row Textual moved the cursor to (1-based).

        Textual starts every painted line with an absolute cursor move, so this shows which part
        of the screen the bytes were spent on.
        """
        data = bytes(self.buffer[max(0, since - self.base):])
        rows: dict[int, int] = {}
        row, last = 0, 0
        for move in re.finditer(rb"\x1b\[(\d+);\d+H", data):
            rows[row] = rows.get(row, 0) + move.start() - last
            row, last = int(move.group(1)), move.start()
        rows[row] = rows.get(row, 0) + len(data) - last
        return rows

    def text_since(self, since: int) -> str:
        return self.buffer[max(0, since - self.base):].decode("utf-8", "replace")

    # -- writing and the process -----------------------------------------------------------------
    def press(self, key: str) -> tuple[float, int]:
        """Send a key as a terminal would; returns (when, stream offset just before it)."""
        offset = self.mark()
        if self.eof or not self.alive():
            raise ChildProcessError(f"the app exited (status {self.proc.poll()}) before the measurement was done")
        data = KEYS.get(key, key.encode())
        when = time.perf_counter()
        os.write(self.fd, data)
        return when, offset

    def alive(self) -> bool:
        return self.proc.poll() is None

    def rss_mb(self) -> float | None:
        """Resident memory of the child (VmRSS), in MB."""
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except (OSError, ValueError):
            pass
        return None

    def cpu_seconds(self) -> float | None:
        """CPU time the child has used so far, all its threads, user and system (/proc/PID/stat)."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            return None

    def runqueue_seconds(self) -> float | None:
        """Time the child's threads have spent ready to run but waiting for a core (schedstat).

        CPU time plus this is what the app asked for: on a busy machine a spinning thread gets
        little CPU time but waits long, where a sleeping one does neither.
        """
        try:
            tasks = Path(f"/proc/{self.proc.pid}/task")
            return sum(int((task / "schedstat").read_text().split()[1]) for task in tasks.iterdir()) / 1e9
        except (OSError, ValueError, IndexError):
            return None

    def wait_exit(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while self.alive() and (left := deadline - time.perf_counter()) > 0:
            self.pump(min(left, 0.05))
        return not self.alive()

    def close(self, quit_key: str = "q") -> int | None:
        """Quit politely, then SIGTERM, then SIGKILL; always reap the child and free the pty."""
        if self.fd < 0:
            return self.proc.returncode
        try:
            if self.alive() and quit_key:
                try:
                    self.press(quit_key)
                except OSError:
                    pass
                self.wait_exit(4.0)
            for sig, grace in ((signal.SIGTERM, 2.0), (signal.SIGKILL, 2.0)):
                if not self.alive():
                    break
                self.proc.send_signal(sig)
                self.wait_exit(grace)
            self.pump(0)
        finally:
            if self.alive():
                self.proc.kill()
            self.proc.wait()
            os.close(self.fd)
            self.fd, self.eof = -1, True
            if len(self.buffer) > KEEP // 64:  # keep the end (how it exited) for a later look
                cut = len(self.buffer) - KEEP // 64
                del self.buffer[:cut]
                self.base += cut
        return self.proc.returncode

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
