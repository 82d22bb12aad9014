"""A simulated learner: asyncssh's client on a pty, every byte the tutor draws kept and timed.

Used by ``tui-tutor bench --class`` and by the classroom tests, so both drive a real server
through real SSH. ``wait_for`` returns the time of the read that completed the text, so the
key-to-screen time is measured where a learner's terminal would see it.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncssh

KEEP = 1 << 20  # bytes of output kept for searching; older output is counted, then dropped


class _Screen(asyncssh.SSHClientSession):  # type: ignore[type-arg]
    def __init__(self) -> None:
        self.buffer = bytearray()
        self.base = 0  # stream offset of buffer[0]
        self.changed = asyncio.Event()
        self.closed = asyncio.Event()
        self.exit_status: int | None = None

    def data_received(self, data: bytes, datatype: int | None) -> None:
        self.buffer += data
        if len(self.buffer) > KEEP:
            cut = len(self.buffer) - KEEP // 2
            del self.buffer[:cut]
            self.base += cut
        self.changed.set()

    def exit_status_received(self, status: int) -> None:
        self.exit_status = status

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set()
        self.changed.set()


class Learner:
    """One SSH connection with a tutor session; ``async with Learner.connect(...)``."""

    def __init__(self, conn: asyncssh.SSHClientConnection,
                 chan: asyncssh.SSHClientChannel, screen: _Screen) -> None:  # type: ignore[type-arg]
        self.conn, self.chan, self.screen = conn, chan, screen
        self.connected = time.perf_counter()

    @classmethod
    async def connect(cls, port: int, user: str, *, password: str | None = None,
                      key: Path | None = None, cols: int = 100, rows: int = 30,
                      term: str = "xterm-256color", host: str = "127.0.0.1",
                      env: dict[str, str] | None = None) -> Learner:
        conn = await asyncssh.connect(
            host, port, username=user, password=password,
            client_keys=[str(key)] if key else [], agent_path=None, known_hosts=None,
            preferred_auth="publickey,password" if key else "password,keyboard-interactive")
        try:
            chan, screen = await conn.create_session(_Screen, term_type=term, term_size=(cols, rows),
                                                     encoding=None, env=env or {})
        except BaseException:
            conn.close()
            raise
        return cls(conn, chan, screen)

    @property
    def total(self) -> int:
        return self.screen.base + len(self.screen.buffer)

    def text(self, since: int = 0) -> str:
        return self.screen.buffer[max(0, since - self.screen.base):].decode("utf-8", "replace")

    def find(self, needle: str, since: int = 0) -> int:
        at = self.screen.buffer.find(needle.encode(), max(0, since - self.screen.base))
        return at + self.screen.base if at >= 0 else -1

    async def wait_for(self, needle: str, since: int = 0, timeout: float = 20.0) -> float | None:
        """When the read that completed ``needle`` (after offset ``since``) arrived; None if never."""
        deadline = time.perf_counter() + timeout
        while self.find(needle, since) < 0:
            left = deadline - time.perf_counter()
            if left <= 0 or self.screen.closed.is_set():
                return None
            self.screen.changed.clear()
            try:
                await asyncio.wait_for(self.screen.changed.wait(), left)
            except TimeoutError:
                return None
        return time.perf_counter()

    def press(self, keys: str) -> tuple[float, int]:
        """Send keys as a terminal would; returns (when, stream offset just before)."""
        offset = self.total
        self.chan.write(keys.encode())
        return time.perf_counter(), offset

    def resize(self, cols: int, rows: int) -> None:
        self.chan.change_terminal_size(cols, rows)

    async def closed(self, timeout: float = 10.0) -> bool:
        try:
            await asyncio.wait_for(self.screen.closed.wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def quit(self, timeout: float = 10.0) -> int | None:
        """Press q and wait for the session to end; the tutor's exit status."""
        self.press("q")
        await self.closed(timeout)
        self.close()
        return self.screen.exit_status

    def abort(self) -> None:
        """Drop the TCP connection without a goodbye, as a closed laptop lid would."""
        self.conn.abort()

    def close(self) -> None:
        self.conn.close()
