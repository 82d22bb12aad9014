"""The SSH classroom: who may come in, how many, and leaving cleanly when the teacher stops it.

``Classroom`` owns the listening socket and the set of live tutors; a ``Connection`` (one per
TCP connection, asyncssh's ``SSHServer``) decides authentication and refuses every request that
is not a learner's session: port forwarding in both directions, Unix sockets, a second session
on the same connection. Agent and X11 forwarding are switched off in the server options, and
nothing is logged that a learner typed as a password.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import asyncssh

from .names import BadName, learner_dir, learner_name, printable
from .session import LearnerSession
from .tutor import STOP_GRACE

LOGIN_TIMEOUT = 30.0  # seconds a connection may take to authenticate


@dataclass(frozen=True)
class SSHConfig:
    host: str
    port: int
    progress_dir: Path
    host_key: asyncssh.SSHKey
    password: bytes | None = None
    authorized_keys: asyncssh.SSHAuthorizedKeys | None = None
    max_sessions: int = 50
    idle_timeout: float | None = None
    lessons_dir: Path | None = None


class Classroom:
    """The server: start, serve, and on ``stop()`` let every tutor save before the exit."""

    def __init__(self, config: SSHConfig, log: logging.Logger | None = None) -> None:
        if config.password is None and config.authorized_keys is None:
            raise ValueError("a classroom needs a password or authorized keys")
        self.config = config
        self.log = log or logging.getLogger("tui_tutor.serve")
        self.sessions: set[LearnerSession] = set()
        self.connections: set[Connection] = set()
        self._server: asyncssh.SSHAcceptor | None = None

    async def start(self) -> int:
        """Listen; returns the port (useful when ``port`` is 0: the system picks a free one)."""
        self.config.progress_dir.mkdir(parents=True, exist_ok=True)
        self._server = await asyncssh.create_server(
            lambda: Connection(self), self.config.host, self.config.port,
            server_host_keys=[self.config.host_key], encoding=None, line_editor=False,
            agent_forwarding=False, x11_forwarding=False, allow_scp=False, sftp_factory=None,
            login_timeout=LOGIN_TIMEOUT, keepalive_interval=30, keepalive_count_max=4)
        port = self._server.sockets[0].getsockname()[1]
        how = " or ".join(name for name, on in (("password", self.config.password is not None),
                       ("authorized keys", self.config.authorized_keys is not None)) if on)
        self.log.info("serving the tutor over SSH on %s:%d (%s, at most %d learners)",
                      self.config.host, port, how, self.config.max_sessions)
        return port

    def is_full(self) -> bool:
        return len(self.sessions) >= self.config.max_sessions

    def home_of(self, learner: str) -> Path:
        home = learner_dir(self.config.progress_dir, learner)
        home.mkdir(mode=0o700, exist_ok=True)  # other accounts on the server cannot read it
        (home / "data").mkdir(mode=0o700, exist_ok=True)
        return home

    async def stop(self) -> None:
        """Stop accepting, ask every tutor to save and quit (SIGTERM), then close every link."""
        if self._server is not None:
            self._server.close()
        self.log.info("stopping: asking %d tutors to save and quit", len(self.sessions))
        farewell = "The class server is stopping; your progress is saved."
        tasks = [t for s in list(self.sessions) if (t := s.stop(signal.SIGTERM, farewell))]
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_GRACE + 1)
        await asyncio.sleep(0.1)  # let the farewells and exit statuses go out
        for conn in list(self.connections):
            conn.close()
        self.log.info("stopped")


class Connection(asyncssh.SSHServer):
    """One TCP connection: authentication, and a refusal for everything but one session."""

    def __init__(self, classroom: Classroom) -> None:
        self.classroom = classroom
        self.log = classroom.log
        self.conn: asyncssh.SSHServerConnection | None = None
        self.peer = "?"
        self.user = ""
        self.learner = ""  # set once the user name passed validation
        self.authenticated = False
        self.sessions = 0
        self.started = time.monotonic()

    @property
    def who(self) -> str:
        name = self.learner or (printable(self.user) if self.user else "(no user yet)")
        return f"{name} from {self.peer}"

    @property
    def ssh_connection(self) -> str:
        """What sshd would put in SSH_CONNECTION: the tutor reads it to use its SSH mode."""
        assert self.conn is not None
        peer = self.conn.get_extra_info("peername") or ("0.0.0.0", 0)
        sock = self.conn.get_extra_info("sockname") or ("0.0.0.0", 0)
        return f"{peer[0]} {peer[1]} {sock[0]} {sock[1]}"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.peer = f"{peer[0]}:{peer[1]}" if peer else "?"
        self.classroom.connections.add(self)
        self.log.info("connection from %s", self.peer)

    def connection_lost(self, exc: Exception | None) -> None:
        self.classroom.connections.discard(self)
        seconds = time.monotonic() - self.started
        if not self.authenticated:
            why = f": {exc}" if exc else ""
            self.log.info("refused %s: not authenticated%s", self.who, why)
        self.log.info("disconnected %s after %.0f s", self.who, seconds)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()

    # -- authentication ----------------------------------------------------------------------------
    def begin_auth(self, username: str) -> bool:
        self.user = username
        try:
            self.learner = learner_name(username)
        except BadName as e:
            self.log.info("refused user name %s from %s", printable(username), self.peer)
            assert self.conn is not None
            # Shown before any password prompt; the disconnect carries the same sentence for
            # clients that do not show banners. Nothing is asked for a name that cannot be used.
            self.conn.send_auth_banner(f"{e}\r\n")
            self.conn.disconnect(asyncssh.DISC_ILLEGAL_USER_NAME, str(e))
            return True
        if self.classroom.config.authorized_keys is not None and self.conn is not None:
            self.conn.set_authorized_keys(self.classroom.config.authorized_keys)
        return True

    def public_key_auth_supported(self) -> bool:
        return bool(self.learner) and self.classroom.config.authorized_keys is not None

    def password_auth_supported(self) -> bool:
        return bool(self.learner) and self.classroom.config.password is not None

    def validate_password(self, username: str, password: str) -> bool:
        expected = self.classroom.config.password
        if expected is None or not self.learner:
            return False
        from .keys import password_matches

        ok = password_matches(expected, password)
        if not ok:
            self.log.info("wrong password for %s", self.who)  # never the password itself
        return ok

    def auth_completed(self) -> None:
        self.authenticated = True
        self.log.info("login %s", self.who)

    # -- everything else is refused ------------------------------------------------------------
    def session_requested(self) -> LearnerSession | bool:
        if self.sessions:
            self.log.info("refused a second session on one connection of %s", self.who)
            return False
        self.sessions += 1
        return LearnerSession(self.classroom, self)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str,
                             orig_port: int) -> bool:
        self.log.info("refused port forwarding to %s:%d from %s", printable(dest_host), dest_port,
                      self.who)
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self.log.info("refused remote port forwarding of %s:%d from %s", printable(listen_host),
                      listen_port, self.who)
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self.log.info("refused Unix socket forwarding from %s", self.who)
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self.log.info("refused Unix socket forwarding from %s", self.who)
        return False
