"""A real ``tui-tutor serve --ssh`` on a free loopback port, for the classroom tests."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import asyncssh

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery"


def make_keys(tmp: Path) -> tuple[Path, Path]:
    """(a learner's private key, an authorized_keys file holding its public half)."""
    key = asyncssh.generate_private_key("ssh-ed25519")
    private = tmp / "learner_key"
    private.write_bytes(key.export_private_key())
    private.chmod(0o600)
    (tmp / "authorized_keys").write_bytes(key.export_public_key())
    return private, tmp / "authorized_keys"


class Server:
    """The CLI as a teacher runs it; the log is collected, the port read from its first line."""

    def __init__(self, tmp: Path, progress_dir: Path, *extra: str) -> None:
        (tmp / "password").write_text(PASSWORD + "\n")
        if not (tmp / "authorized_keys").exists():
            make_keys(tmp)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp / "xdg")}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui_tutor", "serve", "--ssh", "--port", "0",
             "--password-file", str(tmp / "password"), "--authorized-keys", str(tmp / "authorized_keys"),
             "--host-key", str(tmp / "host_key"), "--progress-dir", str(progress_dir), *extra],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env, cwd=tmp)
        self.lines: list[str] = []
        self._ready = threading.Event()
        self.port = 0
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(30) or not self.port:
            self.stop()
            raise RuntimeError("the server did not start:\n" + "\n".join(self.lines))

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))
            if m := re.search(r"serving the tutor over SSH on [\d.]+:(\d+)", line):
                self.port = int(m.group(1))
                self._ready.set()
        self._ready.set()

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_log(self, pattern: str, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.log):
                return True
            time.sleep(0.05)
        return False

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        return self.proc.wait()
