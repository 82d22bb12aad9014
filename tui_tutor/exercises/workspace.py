"""The learner's workspace: one file per exercise, and a plain file counting tries.

Created on first use, file by file: a file that exists is the learner's and is never
overwritten, so ``init`` can run again after an update to add new exercises only.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from .manifest import exercises

TRIES_FILE = ".tries"
#: Failed tries before the first hint, and between one hint and the next.
TRIES_PER_HINT = 3


def default_workspace() -> Path:
    """``$TUI_TUTOR_EXERCISES`` if set, else ``<user data dir>/tui-tutor/exercises``."""
    env = os.environ.get("TUI_TUTOR_EXERCISES")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("tui-tutor", appauthor=False)) / "exercises"


def ensure_workspace(root: Path, lang: str = "en") -> list[Path]:
    """Create ``root`` and every missing exercise file; return the files created."""
    root.mkdir(parents=True, exist_ok=True)
    created = []
    for ex in exercises():
        path = root / f"{ex.name}.py"
        try:
            with path.open("x", encoding="utf-8") as f:  # "x": fails if it exists, never clobbers
                f.write(ex.file_text(lang))
        except FileExistsError:
            continue
        created.append(path)
    return created


@dataclass
class Tries:
    """How often each exercise failed (counted once per distinct file content) and hints shown."""

    failed: int = 0
    hints_asked: int = 0
    last_digest: str = ""

    def hint_level(self) -> int:
        """How many hints the learner has earned or asked for."""
        return max(self.failed // TRIES_PER_HINT, self.hints_asked)


def read_tries(root: Path) -> dict[str, Tries]:
    """``name failed hints_asked digest`` per line; anything unreadable is skipped, not fatal."""
    out: dict[str, Tries] = {}
    try:
        lines = (root / TRIES_FILE).read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return out
    for line in lines:
        parts = line.split()
        if len(parts) >= 3 and parts[1].isdigit() and parts[2].isdigit():
            out[parts[0]] = Tries(int(parts[1]), int(parts[2]), parts[3] if len(parts) > 3 else "")
    return out


def write_tries(root: Path, tries: dict[str, Tries]) -> None:
    text = "".join(f"{name} {t.failed} {t.hints_asked} {t.last_digest or '-'}\n"
                   for name, t in sorted(tries.items()))
    tmp = root / (TRIES_FILE + ".tmp")
    try:
        tmp.write_text(text, "utf-8")
        os.replace(tmp, root / TRIES_FILE)
    except OSError:
        pass  # a read-only workspace still checks; it just cannot count


def digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return ""


def record_try(root: Path, name: str, failed: bool, ask_hint: bool = False) -> Tries:
    """Count a failed check of new content (re-checking the same file is not another try;
    an untouched stub is not a try at all)."""
    tries = read_tries(root)
    t = tries.setdefault(name, Tries())
    d = digest(root / f"{name}.py")
    if failed and d != t.last_digest:
        t.failed += 1
    t.last_digest = d
    if ask_hint:
        t.hints_asked = t.hint_level() + 1
    write_tries(root, tries)
    return t


def write_solutions(root: Path, lang: str = "en") -> None:
    """Every reference solution into ``root``, overwriting: for teachers, tests and benchmarks."""
    root.mkdir(parents=True, exist_ok=True)
    for ex in exercises():
        (root / f"{ex.name}.py").write_text(ex.file_text(lang, solved=True), "utf-8")
