"""What the learner has done, kept between launches in the user data directory.

The record (``progress_record.Progress``) with load and save functions. The file is untrusted
input like a lesson: two tutors may share it, another program may have written it, a disk may have
mangled it. So:

- **Saving merges.** Under an ``fcntl`` lock, ``save`` reads what is on disk and writes the union
  of visits, quiz answers and prediction guesses (this session's win a clash) and the later last
  lesson, so two tutors on one data dir never undo each other.
- **Saving is atomic.** A temporary file beside the real one is flushed and renamed over it: a
  crash or ``kill -9`` leaves the old file or the new one, never half of each. A temporary file a
  killed tutor left behind is removed by the next save.
- **Nothing is overwritten that could not be read.** A file that is not JSON is renamed aside
  (``progress.json.corrupt-<time>``); one that cannot be read at all (permissions, a directory)
  or that a newer tutor wrote is left as it is, and ``save`` refuses to write over it.
- **Bad values are dropped one by one**, with one notice: an Infinity, a wrong type, a
  ``"visited"`` that is a string. Keys this version does not know are kept and written back.
- **A symlinked progress file is written through to its target**, so a learner who keeps the
  file elsewhere (a synced folder) keeps it there.
- **The app never waits for the disk**: ``progress_saver.Saver`` saves on its own thread.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from .progress_record import NewerFile, Progress, read_record
from .safe_text import shown

__all__ = ["Loaded", "NewerFile", "NotOverwritten", "Progress", "clean_stale", "default_path", "load",
           "read_record", "reset", "save"]

STALE_TMP_SECONDS = 60.0


class NotOverwritten(OSError):
    """``save`` found a file it cannot read where it would write, and kept it."""

    def __init__(self, message: str) -> None:
        super().__init__(0, message)


def default_path() -> Path:
    """progress.json in the user data dir ($XDG_DATA_HOME/tui-tutor on Linux)."""
    return Path(platformdirs.user_data_dir("tui-tutor", appauthor=False)) / "progress.json"


@dataclass(frozen=True)
class Loaded:
    progress: Progress
    notice: str | None = None  # a sentence for the learner when something was set aside


def _parse(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, RecursionError, MemoryError) as e:
        raise ValueError(str(e)) from None


def load(path: Path) -> Loaded:
    """The saved progress, or a fresh start with a notice; never raises for a bad file."""
    name = shown(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Loaded(Progress())
    except OSError as e:
        return Loaded(Progress(), f"Could not read your progress file {name} ({e.strerror}); it is left "
                                  "as it is, and this session's progress will not be saved over it.")
    try:
        progress, dropped = read_record(_parse(raw))
    except NewerFile as e:
        return Loaded(Progress(), f"Your progress file {name} was {e}; it is left as it is, and this "
                                  "session's progress will not be saved over it.")
    except ValueError:
        aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
        try:
            os.replace(path, aside)
        except OSError:
            return Loaded(Progress(), f"Your progress file {name} was unreadable and could not be moved "
                                      "aside; it is left as it is and you start fresh.")
        return Loaded(Progress(), f"Your progress file was unreadable; it was kept as {shown(aside.name)} "
                                  "and you start fresh.")
    if dropped:
        return Loaded(progress, f"Some saved progress could not be used and was left out: {', '.join(dropped)}.")
    return Loaded(progress)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock beside ``target``: two tutors' saves take turns."""
    fd = os.open(target.with_name(f".{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _on_disk(target: Path) -> Progress | None:
    """What is saved now; None if nothing; NotOverwritten if something we must not replace."""
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as e:
        raise NotOverwritten(f"{shown(target)} cannot be read ({e.strerror}), so it was not overwritten") from None
    try:
        return read_record(_parse(raw))[0]
    except ValueError as e:
        raise NotOverwritten(f"{shown(target)} holds something else ({e}), so it was not overwritten") from None


def save(progress: Progress, path: Path) -> Progress:
    """Merge with the file on disk and write atomically; the state written is returned.

    OSError (NotOverwritten among them) propagates to the caller.
    """
    target = Path(os.path.realpath(path))  # through a symlink to the file it points at
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target):
        disk = _on_disk(target)
        merged = progress.merged_with(disk) if disk is not None else progress
        data = json.dumps(merged.to_json(), ensure_ascii=False, indent=1).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            if target.exists():
                with contextlib.suppress(OSError):
                    os.chmod(tmp, target.stat().st_mode & 0o777)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        clean_stale(target.parent)
    return merged


def clean_stale(folder: Path, older_than: float = STALE_TMP_SECONDS) -> int:
    """Remove temporary files a killed save left behind; how many were removed."""
    removed = 0
    now = time.time()
    with contextlib.suppress(OSError):
        for tmp in folder.glob(".progress-*.tmp"):
            with contextlib.suppress(OSError):
                if now - tmp.stat().st_mtime > older_than:
                    tmp.unlink()
                    removed += 1
    return removed


def reset(path: Path) -> str | None:
    """Forget the saved progress (a symlink itself is removed, never its target).

    Returns a sentence when it could not, instead of raising.
    """
    try:
        path.unlink()
    except FileNotFoundError:
        return None
    except OSError as e:
        return f"Could not forget your progress in {shown(path)} ({e.strerror}); it is left as it is."
    return None
