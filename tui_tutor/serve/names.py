"""Learner names: an SSH user name becomes a folder name only after it passes this gate.

The user name is chosen by whoever connects, so it is untrusted input that will name a directory
on the server. Only a short, lower-case, portable name is accepted; everything else (``../../etc``,
``.hidden``, control characters, a name that differs only by case on a case-insensitive disk) is
refused with a sentence the learner sees before the connection closes.
"""

from __future__ import annotations

import re
from pathlib import Path

NAME = re.compile(r"[a-z0-9_][a-z0-9_.-]{0,31}")
RULE = ("use 1 to 32 lower-case letters, digits, '_', '-' or '.', "
        "starting with a letter, digit or '_'")


class BadName(ValueError):
    """A user name that must not become a learner's folder; ``str()`` is the learner's sentence."""


def learner_name(user: str) -> str:
    """The folder name for SSH user ``user``; ``BadName`` if it is not a safe, portable name."""
    if not NAME.fullmatch(user) or user in (".", ".."):
        raise BadName(f"The user name {printable(user)} cannot be used: {RULE} "
                      "(for example: ssh -p PORT ada@HOST).")
    return user


def learner_dir(root: Path, user: str) -> Path:
    """``root/<name>``; checked once more that it stays inside ``root`` whatever the name."""
    path = (root / learner_name(user)).resolve()
    if path.parent != root.resolve():
        raise BadName(f"The user name {printable(user)} cannot be used: {RULE}.")
    return path


def printable(text: str, limit: int = 40) -> str:
    """``text`` quoted for a log line or a message: control characters escaped, length capped."""
    shown = text[:limit].encode("unicode_escape").decode("ascii").replace("'", "\\'")
    return f"'{shown}'" + ("..." if len(text) > limit else "")
