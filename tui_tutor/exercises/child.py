"""The child process that runs a learner's code: ``python -m tui_tutor.exercises.child``.

It reads one JSON request on stdin and writes JSON lines on a private copy of its stdout. The
learner's ``print`` goes to a capped buffer (fd 1 itself points at /dev/null), so output can
neither corrupt the protocol nor fill a pipe. Memory is capped with RLIMIT_AS before any learner
code is imported, and ``.pyc`` files are never written (a stale one could hide a save).
"""

from __future__ import annotations

import io
import json
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType
from typing import Any

OUTPUT_CAP = 2000


class CappedText(io.TextIOBase):
    """Keeps the first OUTPUT_CAP characters written, and silently drops the rest."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        if self.size < OUTPUT_CAP:
            self.parts.append(s[: OUTPUT_CAP - self.size])
            self.size += len(self.parts[-1])
        return len(s)

    def take(self) -> str:
        text = "".join(self.parts)
        self.parts, self.size = [], 0
        return text


def limit_memory(mb: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows: the time limit still applies
        return
    limit = mb * 1024 * 1024
    for which in (resource.RLIMIT_AS,):
        try:
            resource.setrlimit(which, (limit, limit))
        except (ValueError, OSError):
            pass
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def load(workspace: Path, name: str) -> ModuleType:
    """Import ``workspace/name.py`` fresh (its own errors propagate to the caller)."""
    import importlib.util

    path = workspace / f"{name}.py"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def explain(exc: BaseException, workspace: Path, name: str) -> dict[str, Any]:
    """The result for an exception: a message key, its fields, the learner's line."""
    from .compare import Failure

    file = f"{name}.py"
    if isinstance(exc, Failure):
        return {"status": "fail", "key": exc.key, "fields": exc.fields, "line": None}
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).parent == workspace:
        return {"status": "error", "key": "syntax", "line": exc.lineno,
                "fields": {"file": Path(exc.filename).name, "line": exc.lineno, "msg": exc.msg}}
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if Path(f.filename).parent == workspace]
    last = frames[-1] if frames else None
    where = {"file": Path(last.filename).name if last else file, "line": last.lineno if last else "?"}
    if isinstance(exc, NotImplementedError):
        return {"status": "todo", "key": "todo", "line": where["line"],
                "fields": {"name": name, "func": last.name if last else name}}
    if isinstance(exc, MemoryError):
        return {"status": "error", "key": "memory", "line": where["line"],
                "fields": {**where, "limit": int(os.environ.get("TUI_TUTOR_CHILD_MB", "0") or 0)}}
    msg = str(exc).splitlines()[0][:200] if str(exc) else "no message"
    return {"status": "error", "key": "raised", "line": where["line"],
            "fields": {**where, "exc": type(exc).__name__, "msg": msg}}


def check(request: dict[str, Any], send: Any, out: CappedText) -> None:
    import numpy as np

    from .checks import CHECKS
    from .messages import render

    workspace, lang = Path(request["workspace"]).resolve(), request.get("lang", "en")
    for name in request["names"]:
        send({"name": name, "status": "started"})
        try:
            with np.errstate(all="ignore"):
                CHECKS[name](load(workspace, name))
            result: dict[str, Any] = {"status": "pass", "key": "", "fields": {}, "line": None}
        except Exception as exc:  # noqa: BLE001 - anything the learner's code does is reported
            result = explain(exc, workspace, name)
        result["message"] = render(result["key"], lang, result["fields"]) if result["key"] else ""
        result["fields"] = {k: str(v) for k, v in result["fields"].items()}
        send({"name": name, **result, "output": out.take()})


def main() -> int:
    request = json.loads(sys.stdin.readline())
    _exit_with_parent()
    sys.dont_write_bytecode = True
    proto = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    out = CappedText()
    sys.stdout = sys.stderr = out  # type: ignore[assignment]

    def send(message: dict[str, Any]) -> None:
        proto.write(json.dumps(message, allow_nan=False, default=str) + "\n")
        proto.flush()

    import numpy  # noqa: F401 - before the memory cap, so BLAS reserves its buffers under no limit

    from .. import engine  # noqa: F401

    os.environ["TUI_TUTOR_CHILD_MB"] = str(request.get("memory_mb", 1024))
    limit_memory(int(request.get("memory_mb", 1024)))
    sys.path.insert(0, str(Path(request["workspace"]).resolve()))
    if request["mode"] == "check":
        check(request, send, out)
    elif request["mode"] == "serve":
        from .learner_serve import serve

        serve(request, send, out)
    else:
        from .learner_train import train

        train(request, send, out)
    return 0


def _exit_with_parent() -> None:
    """The child has its own session, so nothing kills it with the app: it watches instead."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
