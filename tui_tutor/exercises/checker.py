"""Check exercises: the API the command line and the app share.

One child process checks the asked exercises in turn and reports each as it finishes. If the
learner's code hangs or kills the child, that exercise gets the sentence for it and a fresh child
goes on with the rest, so one runaway file never costs the others their result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .manifest import get, names as all_names
from .messages import render
from .runner import MEMORY_MB, TIME_LIMIT, Child, ChildTimeout
from .workspace import ensure_workspace, record_try

#: Starting Python and numpy on a busy machine: not the learner's time.
STARTUP_LIMIT = 20.0


@dataclass(frozen=True)
class Result:
    name: str
    status: str  # pass, fail, todo (not implemented yet), error (crash, syntax, timeout, memory)
    message: str = ""
    key: str = ""
    line: int | None = None
    output: str = ""
    tries: int = 0
    hints: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return self.status == "pass"

    def to_json(self) -> dict[str, object]:
        return {"name": self.name, "status": self.status, "message": self.message, "key": self.key,
                "line": self.line, "output": self.output, "tries": self.tries, "hints": list(self.hints)}


def check(
    workspace: Path,
    names: Sequence[str] | None = None,
    lang: str = "en",
    time_limit: float = TIME_LIMIT,
    memory_mb: int = MEMORY_MB,
    record: bool = True,
    ask_hint: bool = False,
) -> list[Result]:
    """Check ``names`` (default: all) in ``workspace``, creating missing files first."""
    ensure_workspace(workspace, lang)
    todo = list(names or all_names())
    for name in todo:
        get(name)  # ValueError for an unknown name, before any process starts
    raw: dict[str, dict[str, object]] = {}
    while todo:
        request = {"mode": "check", "workspace": str(workspace.resolve()), "names": todo, "lang": lang,
                   "memory_mb": memory_mb}
        with Child(request) as child:
            current = None
            try:
                while True:
                    msg = child.next(STARTUP_LIMIT if current is None else time_limit)
                    if msg is None:
                        break
                    if msg.get("status") == "started":
                        current = str(msg["name"])
                    elif "name" in msg:
                        raw[str(msg["name"])] = msg
                        current = None
            except ChildTimeout:
                if current is not None:
                    raw[current] = {"status": "error", "key": "timeout", "fields": {"seconds": time_limit}}
            if current is not None and current not in raw:
                raw[current] = {"status": "error", "key": "crashed", "fields": {"how": child.how_it_ended()}}
        done_now = [n for n in todo if n in raw]
        if not done_now:  # the child could not even start: report it once for all
            for n in todo:
                raw[n] = {"status": "error", "key": "crashed", "fields": {"how": child.how_it_ended()}}
        todo = [n for n in todo if n not in raw]
    return [_result(workspace, name, raw[name], lang, record, ask_hint) for name in (names or all_names())]


def _result(workspace: Path, name: str, msg: dict[str, object], lang: str, record: bool, ask_hint: bool) -> Result:
    status = str(msg.get("status", "error"))
    key = str(msg.get("key", ""))
    fields = msg.get("fields") or {}
    assert isinstance(fields, dict)
    message = str(msg.get("message") or (render(key, lang, fields) if key else ""))
    tries, hints = 0, ()
    if record:
        t = record_try(workspace, name, status in ("fail", "error"), ask_hint)
        tries = t.failed
        if status != "pass":
            all_hints = get(name).hints[lang if lang == "ko" else "en"]
            hints = all_hints[: min(t.hint_level(), len(all_hints))]
    line = msg.get("line")
    return Result(name, status, message, key, line if isinstance(line, int) else None,
                  str(msg.get("output", "")), tries, tuple(hints))
