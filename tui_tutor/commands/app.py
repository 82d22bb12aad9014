"""tui-tutor (no command): check the terminal, load lessons and progress, tune for the link, launch.

Everything here is about the environment the app is started in, which the learner does not
control on a shared server: no terminal, ``TERM=dumb``, an ASCII locale, ``COLUMNS``/``LINES``
left over in the environment, a saved language the lessons folder does not have.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import sys
from pathlib import Path

from .. import progress as progress_store
from ..exit_codes import EXIT_OK, usage_error
from ..lessons import default_lessons_dir, load_course

LOCAL_FPS, SSH_FPS = 6, 3


def over_ssh() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def terminal_problem() -> str | None:
    """Why the app cannot draw here, as one sentence; None when it can."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return None  # a driver of its own (textual-serve's web driver): the browser is the screen
    if not (_isatty(sys.stdin) and _isatty(sys.stdout)):
        return ("the tutor needs a terminal to draw in (stdin and stdout are not one); run it in a "
                "terminal, or use 'tui-tutor train' or 'tui-tutor lessons list' for plain output")
    if os.environ.get("TERM", "") == "dumb":
        return ("this terminal (TERM=dumb) cannot draw the tutor; run it in a terminal such as xterm, "
                "or set TERM=xterm-256color, or use 'tui-tutor train' for plain output")
    return None


def _isatty(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (ValueError, OSError):
        return False


def run(args: argparse.Namespace) -> int:
    root: Path = args.lessons_dir or default_lessons_dir()
    course = load_course(root, lazy=True)  # a file is read when it is first needed
    if course.first_language() is None:
        first = course.problems[0].message if course.problems else "no lessons"
        return usage_error(f"no usable lessons in {root} ({first}); "
                           "expected folders such as en/ holding NN-slug.md files")
    if args.lang and not course.has_lessons(args.lang):
        return usage_error(f"no {args.lang} lessons in {root}; available: {', '.join(course.languages)}")
    if problem := terminal_problem():  # before anything is written, --reset-progress included
        return usage_error(problem)
    path = Path(os.environ.get("TUI_TUTOR_PROGRESS") or progress_store.default_path())
    notices = []
    if args.reset_progress and (message := progress_store.reset(path)):
        notices.append(message)
    loaded = progress_store.load(path)
    if loaded.notice:
        notices.append(loaded.notice)
    lang = args.lang or loaded.progress.lang or "en"
    if not course.has_lessons(lang):  # a remembered language these lessons lack: not a reason to stop
        fallback = "en" if course.has_lessons("en") else course.languages[0]
        if loaded.progress.lang:
            notices.append(f"No lessons in the saved language {loaded.progress.lang!r} here; showing {fallback}.")
        lang = fallback
    if args.lesson and args.lesson not in {lesson.id for lesson in course.in_language(lang)}:
        return usage_error(f"no lesson with the id {args.lesson!r}; see 'tui-tutor lessons list'")
    ssh = over_ssh()
    fps = args.fps or (SSH_FPS if ssh else LOCAL_FPS)
    # Textual reads these when it is imported: fewer screen updates and no animations over SSH.
    os.environ.setdefault("TEXTUAL_FPS", "30" if ssh else "60")
    if ssh:
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    # COLUMNS/LINES override the real size in shutil.get_terminal_size, which Textual asks at
    # start and at every resize: left in the environment they would pin the app to that size.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    _utf8_output()
    from ..app.app import TutorApp

    app = TutorApp(course, lang, path, fps=fps, start_lesson=args.lesson, notice=" ".join(notices) or None,
                   progress=loaded.progress, predict=not getattr(args, "no_predict", False),
                   on_first_frame=collect_from_now)
    app.run(mouse=not ssh)
    return app.return_code or EXIT_OK


def collect_from_now() -> None:
    """Once the first frame is drawn: what start-up made stays (frozen: later collections skip
    it, so none of them pauses the app for a pass over every module), and collection resumes."""
    gc.freeze()
    gc.enable()


def _utf8_output() -> None:
    """Textual draws to stderr in the locale's encoding; under LC_ALL=C that is ASCII, and every
    border and Korean letter would show as a ``\\u....`` escape. The app's own box drawing needs
    UTF-8 in any case, and terminals that can draw it take UTF-8 whatever the locale says."""
    for stream in (sys.__stderr__, sys.__stdout__):
        if isinstance(stream, io.TextIOWrapper) and stream.encoding.lower().replace("-", "") != "utf8":
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (ValueError, OSError):
                pass
