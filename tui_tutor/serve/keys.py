"""What the SSH server proves and checks: its host key, the class password, authorized keys.

The host key is made once and kept, so that after a restart learners do not meet OpenSSH's
"REMOTE HOST IDENTIFICATION HAS CHANGED" warning (and do not learn to ignore it). The class
password comes from a file, so it never shows in ``ps`` or a shell history. Every problem here is
a ``SetupError`` whose text is a sentence for the teacher starting the server.
"""

from __future__ import annotations

import hmac
import os
from pathlib import Path

import asyncssh
import platformdirs


class SetupError(Exception):
    """The server cannot start as asked; ``str()`` says what to do."""


def classroom_dir() -> Path:
    """Where the server keeps its own files by default: the user data dir, ``classroom/``."""
    return Path(platformdirs.user_data_dir("tui-tutor", appauthor=False)) / "classroom"


def default_host_key() -> Path:
    return classroom_dir() / "ssh_host_ed25519_key"


def load_or_make_host_key(path: Path) -> asyncssh.SSHKey:
    """Read the host key at ``path``; on first start, generate an Ed25519 key there (mode 600)."""
    if path.exists():
        try:
            return asyncssh.read_private_key(str(path))
        except (OSError, ValueError, asyncssh.KeyImportError) as e:
            raise SetupError(f"cannot read the host key {path} ({e}); point --host-key at a "
                             "readable OpenSSH private key, or move the file away to make a new one")
    key = asyncssh.generate_private_key("ssh-ed25519")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key.export_private_key())
        path.with_name(path.name + ".pub").write_bytes(key.export_public_key())
    except OSError as e:
        raise SetupError(f"cannot write a new host key to {path} ({e.strerror}); "
                         "choose a writable place with --host-key") from None
    return key


def read_password(path: Path) -> bytes:
    """The class password: the file's first line, at least 8 characters."""
    try:
        lines = path.read_bytes().splitlines()
    except OSError as e:
        raise SetupError(f"cannot read the password file {path} ({e.strerror})") from None
    password = lines[0].strip() if lines else b""
    if len(password) < 8:
        raise SetupError(f"the password file {path} must hold a password of at least 8 "
                         "characters on its first line")
    return password


def password_matches(expected: bytes, given: str) -> bool:
    """Constant-time comparison, so the time taken does not leak how much of a guess was right."""
    return hmac.compare_digest(expected, given.encode("utf-8", "surrogateescape"))


def read_authorized_keys(path: Path) -> asyncssh.SSHAuthorizedKeys:
    """An OpenSSH ``authorized_keys`` file; at least one key, else the server would admit nobody."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise SetupError(f"cannot read the authorized keys file {path} ({e})") from None
    if not any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines()):
        raise SetupError(f"the authorized keys file {path} holds no keys; add one public key a line")
    try:
        return asyncssh.import_authorized_keys(text)
    except (ValueError, asyncssh.KeyImportError) as e:
        raise SetupError(f"the authorized keys file {path} cannot be read as OpenSSH "
                         f"authorized_keys: {e}") from None
