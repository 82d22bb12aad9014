"""One learner's tutor: ``python -m tui_tutor`` on its own pseudo-terminal, bytes carried both ways.

The child runs in a new session with the pty as its controlling terminal, exactly as under
sshd, so a window change reaches it as SIGWINCH and the tutor's own handlers for SIGHUP and
SIGTERM save progress on the way out. Reading the pty stops while the learner's link cannot take
more (``pause``), so a slow link slows that one tutor's screen, never the server's memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

#: Variables of the server's own environment a tutor may inherit; nothing else leaks across.
INHERIT = ("PATH", "PYTHONPATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "VIRTUAL_ENV")
REAP_TIMEOUT = 10.0  # seconds a tutor may take to exit once its terminal has closed
#: Seconds a tutor gets to save and quit when asked. One tutor takes about a second; thirty
#: leaving at once on two busy cores took four.
STOP_GRACE = 5.0


def tutor_argv(lessons_dir: Path | None = None) -> list[str]:
    """The installed tutor through this interpreter (so a venv's tutor serves its own lessons)."""
    argv = [sys.executable, "-m", "tui_tutor"]
    if lessons_dir is not None:
        argv += ["--lessons-dir", str(lessons_dir)]
    return argv


def tutor_env(home: Path, term: str, extra: Mapping[str, str]) -> dict[str, str]:
    """The environment of one learner's tutor: their progress, their terminal, an SSH link."""
    env = {k: os.environ[k] for k in INHERIT if k in os.environ}
    env.update(extra)
    env["TERM"] = term
    env["HOME"] = str(home)
    env["XDG_DATA_HOME"] = str(home / "data")  # anything else the tutor keeps (exercises, ...)
    env["TUI_TUTOR_PROGRESS"] = str(home / "progress.json")
    return env


def _take_terminal() -> None:  # pragma: no cover - runs in the child between fork and exec
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Tutor:
    """A tutor process on a pty; ``on_output`` gets what it draws, ``on_exit`` its status."""

    def __init__(self, argv: Sequence[str], env: Mapping[str, str], cwd: Path, cols: int, rows: int,
                 on_output: Callable[[bytes], None], on_exit: Callable[[int], None]) -> None:
        self._loop = asyncio.get_running_loop()
        master, slave = os.openpty()
        try:
            _set_size(master, cols, rows)
            self.proc = subprocess.Popen(
                list(argv), stdin=slave, stdout=slave, stderr=slave, env=dict(env), cwd=cwd,
                start_new_session=True, preexec_fn=_take_terminal, close_fds=True)
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self.fd = master
        self._on_output, self._on_exit = on_output, on_exit
        self._pending = bytearray()  # keys the pty could not take yet
        self._paused = False
        self._loop.add_reader(master, self._read)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        try:
            data = os.read(self.fd, 1 << 16)
        except BlockingIOError:
            return
        except OSError:  # EIO: the tutor and every copy of the slave are gone
            data = b""
        if data:
            self._on_output(data)
        else:
            self._finish()

    def write(self, data: bytes) -> None:
        """Keys from the learner, in order; what the pty cannot take now waits for it."""
        if self.fd < 0:
            return
        self._pending += data
        self._flush()

    def _flush(self) -> None:
        if self.fd < 0:
            return
        try:
            sent = os.write(self.fd, self._pending) if self._pending else 0
        except BlockingIOError:
            sent = 0
        except OSError:
            self._pending.clear()
            return
        del self._pending[:sent]
        if self._pending:
            self._loop.add_writer(self.fd, self._flush)
        else:
            self._loop.remove_writer(self.fd)

    def resize(self, cols: int, rows: int) -> None:
        """TIOCSWINSZ; the kernel then sends SIGWINCH to the tutor (sent again here to be sure)."""
        if self.fd < 0 or cols <= 0 or rows <= 0:
            return
        _set_size(self.fd, cols, rows)
        self.send(signal.SIGWINCH)

    def pause(self) -> None:
        if self.fd >= 0 and not self._paused:
            self._paused = True
            self._loop.remove_reader(self.fd)

    def resume(self) -> None:
        if self.fd >= 0 and self._paused:
            self._paused = False
            self._loop.add_reader(self.fd, self._read)

    def send(self, signum: int) -> None:
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signum)

    def _finish(self) -> None:
        """The pty closed: reap the tutor (it is exiting) and report its status once."""
        if self.fd < 0:
            return
        self._loop.remove_reader(self.fd)
        self._loop.remove_writer(self.fd)
        os.close(self.fd)
        self.fd = -1
        self._loop.create_task(self._reap())

    async def _reap(self) -> None:
        """Wait for the exit (a busy machine may take seconds); kill only a tutor that hangs."""
        try:
            await asyncio.to_thread(self.proc.wait, REAP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            await asyncio.to_thread(self.proc.wait)
        self._on_exit(self.proc.returncode)

    async def stop(self, signum: int = signal.SIGHUP, grace: float = STOP_GRACE) -> None:
        """Ask the tutor to save and leave (it handles SIGHUP and SIGTERM); kill it after ``grace``."""
        self.send(signum)
        for _ in range(int(grace / 0.05)):
            if self.proc.poll() is not None:
                break
            await asyncio.sleep(0.05)
        if self.proc.poll() is None:
            self.proc.kill()
            await asyncio.to_thread(self.proc.wait)
        if self.fd >= 0:  # drain what it drew on the way out, then close
            with contextlib.suppress(OSError):
                while data := os.read(self.fd, 1 << 16):
                    self._on_output(data)
            self._finish()


def _set_size(fd: int, cols: int, rows: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
