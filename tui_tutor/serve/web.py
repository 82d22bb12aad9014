"""The tutor in a browser tab: textual-serve starts one tutor process per browser session.

A browser has no user name to key progress by, so each tab is an anonymous learner with a
fresh progress file in a folder that lives as long as the server. Teachers who need progress
kept between visits use the SSH classroom, where the user name is the key.
"""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

from .tutor import tutor_argv


def web_command(scratch: Path, lessons_dir: Path | None = None) -> str:
    """The shell command textual-serve runs for each browser session."""
    argv = " ".join(shlex.quote(part) for part in tutor_argv(lessons_dir))
    template = shlex.quote(str(scratch / "learner-XXXXXX"))
    return f'TUI_TUTOR_PROGRESS="$(mktemp -d {template})/progress.json" exec {argv}'


def serve_web(host: str, port: int, lessons_dir: Path | None = None) -> None:
    """Serve until Ctrl+C or SIGTERM (textual-serve handles both)."""
    from textual_serve.server import Server

    with tempfile.TemporaryDirectory(prefix="tui-tutor-web-") as scratch:
        server = Server(web_command(Path(scratch), lessons_dir), host=host, port=port,
                        title="tui-tutor")
        server.serve()
