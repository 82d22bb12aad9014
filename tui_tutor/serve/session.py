"""One SSH session channel: a learner's tutor on a pty, or one line saying why not.

asyncssh calls these methods as the client asks for things; only "a pty, then a shell" is ever
granted. Exec (``ssh host ls``) and subsystems (sftp) are refused, so the tutor is the only thing
a learner can run on the server.
"""

from __future__ import annotations

import asyncio
import signal
import time
from typing import TYPE_CHECKING

import asyncssh

from .names import printable
from .tutor import Tutor, tutor_argv, tutor_env

if TYPE_CHECKING:
    from .server import Classroom, Connection

#: The largest terminal a tutor is given: a client asking for 10,000 x 10,000 cells would
#: otherwise make its tutor allocate (and repaint) screens of that size.
MAX_COLS, MAX_ROWS = 500, 200
#: Variables a learner's ssh may send (SendEnv) that only change how colour is drawn.
CLIENT_ENV = {"COLORTERM": ("truecolor", "24bit"), "NO_COLOR": None}


class LearnerSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    def __init__(self, classroom: Classroom, conn: Connection) -> None:
        self.classroom, self.conn = classroom, conn
        self.chan: asyncssh.SSHServerChannel | None = None  # type: ignore[type-arg]
        self.term: str | None = None
        self.size = (80, 24)
        self.tutor: Tutor | None = None
        self.farewell = ""  # said after the tutor has left the screen
        self.last_key = time.monotonic()
        self._idle: asyncio.TimerHandle | None = None

    # -- what the client may ask for -----------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:  # type: ignore[type-arg]
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int],
                      term_modes: object) -> bool:
        self.term = term_type if term_type.isprintable() and len(term_type) < 64 else "xterm"
        self.size = _clamp(term_size[0], term_size[1], (80, 24))
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.classroom.log.info("refused exec request from %s", self.conn.who)
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.classroom.log.info("refused subsystem %s from %s", printable(subsystem), self.conn.who)
        return False

    def break_received(self, msec: int) -> bool:
        return False

    # -- the session ---------------------------------------------------------------------------
    def session_started(self) -> None:
        assert self.chan is not None
        if self.term is None:
            self._refuse("The tutor needs a terminal: connect with plain ssh (or ssh -t), "
                         "without a command.", "no pty")
            return
        if self.classroom.is_full():
            self._refuse(f"The class is full ({self.classroom.config.max_sessions} learners); "
                         "please try again in a few minutes.", "class full")
            return
        extra = {"SSH_CONNECTION": self.conn.ssh_connection}
        for name, allowed in CLIENT_ENV.items():
            value = self.chan.get_environment().get(name)
            if isinstance(value, str) and (allowed is None or value in allowed):
                extra[name] = value
        home = self.classroom.home_of(self.conn.learner)
        try:
            self.tutor = Tutor(tutor_argv(self.classroom.config.lessons_dir),
                               tutor_env(home, self.term, extra), home, *self.size,
                               on_output=self._output, on_exit=self._tutor_exited)
        except OSError as e:
            self.classroom.log.warning("could not start a tutor for %s: %s", self.conn.who, e)
            self._refuse("The tutor could not start on the server; please tell your teacher.",
                         "tutor failed to start")
            return
        self.classroom.sessions.add(self)
        self.classroom.log.info("tutor started for %s (pid %d, %dx%d, TERM=%s)", self.conn.who,
                                self.tutor.pid, *self.size, printable(self.term))
        self._arm_idle()

    def _refuse(self, sentence: str, reason: str) -> None:
        assert self.chan is not None
        self.classroom.log.info("refused %s: %s", self.conn.who, reason)
        self.chan.write(sentence.encode() + b"\r\n")
        self.chan.exit(1)

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.last_key = time.monotonic()
        if self.tutor is not None:
            self.tutor.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = _clamp(width, height, self.size)
        if self.tutor is not None:
            self.tutor.resize(*self.size)

    def pause_writing(self) -> None:
        if self.tutor is not None:
            self.tutor.pause()

    def resume_writing(self) -> None:
        if self.tutor is not None:
            self.tutor.resume()

    def eof_received(self) -> bool:
        self.stop(signal.SIGHUP)
        return True  # keep the channel open until the tutor has said goodbye

    def connection_lost(self, exc: Exception | None) -> None:
        if self._idle is not None:
            self._idle.cancel()
        self.chan = None
        if self.tutor is not None and self.tutor.proc.poll() is None:
            self.stop(signal.SIGHUP)  # the link dropped: the tutor saves on hang-up

    # -- leaving ---------------------------------------------------------------------------------
    def stop(self, signum: int, farewell: str = "") -> asyncio.Task[None] | None:
        """Ask the tutor to save and quit; the channel closes when it has gone."""
        self.farewell = self.farewell or farewell
        if self.tutor is None:
            return None
        return asyncio.get_running_loop().create_task(self.tutor.stop(signum))

    def _output(self, data: bytes) -> None:
        if self.chan is not None:
            self.chan.write(data)

    def _tutor_exited(self, status: int) -> None:
        self.classroom.sessions.discard(self)
        if self._idle is not None:
            self._idle.cancel()
        how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
        self.classroom.log.info("tutor of %s %s", self.conn.who, how)
        if self.chan is not None:
            if self.farewell:
                self.chan.write(b"\r\n" + self.farewell.encode() + b"\r\n")
            self.chan.exit(status if 0 <= status < 256 else 1)

    def _arm_idle(self) -> None:
        timeout = self.classroom.config.idle_timeout
        if timeout:
            due = self.last_key + timeout - time.monotonic()
            self._idle = asyncio.get_running_loop().call_later(max(0.0, due), self._check_idle)

    def _check_idle(self) -> None:
        timeout = self.classroom.config.idle_timeout or 0
        if time.monotonic() - self.last_key < timeout:
            self._arm_idle()  # a key came since: look again when the new quiet time is up
            return
        self.classroom.log.info("closing idle session of %s after %g s", self.conn.who, timeout)
        self.stop(signal.SIGHUP, f"Closed after {timeout:g} s without a key press; your progress "
                                 "is saved. Connect again to continue.")


def _clamp(cols: int, rows: int, fallback: tuple[int, int]) -> tuple[int, int]:
    """A usable size: 0 (unknown) keeps the fallback, anything huge is cut to the maximum."""
    return (min(cols or fallback[0], MAX_COLS), min(rows or fallback[1], MAX_ROWS))
