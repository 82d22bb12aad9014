"""tui-tutor (no command): load lessons and progress, tune for the link, launch the app."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from .. import progress as progress_store
from ..cli import EXIT_OK, usage_error
from ..lessons import default_lessons_dir, load_course

LOCAL_FPS, SSH_FPS = 6, 3


def over_ssh() -> bool:
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def run(args: argparse.Namespace) -> int:
    root: Path = args.lessons_dir or default_lessons_dir()
    course = load_course(root)
    if not any(course.lessons.values()):
        first = course.problems[0].message if course.problems else "no lessons"
        return usage_error(f"no usable lessons in {root} ({first}); "
                           "expected folders such as en/ holding NN-slug.md files")
    path = Path(os.environ.get("TUI_TUTOR_PROGRESS") or progress_store.default_path())
    if args.reset_progress:
        progress_store.reset(path)
    loaded = progress_store.load(path)
    lang = args.lang or loaded.progress.lang or "en"
    if not course.in_language(lang):
        return usage_error(f"no {lang} lessons in {root}; available: {', '.join(course.languages)}")
    if args.lesson and args.lesson not in {lesson.id for lesson in course.in_language(lang)}:
        return usage_error(f"no lesson with the id {args.lesson!r}; see 'tui-tutor lessons list'")
    ssh = over_ssh()
    fps = args.fps or (SSH_FPS if ssh else LOCAL_FPS)
    # Textual reads these when it is imported: fewer screen updates and no animations over SSH.
    os.environ.setdefault("TEXTUAL_FPS", "30" if ssh else "60")
    if ssh:
        os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    from ..app.app import TutorApp

    app = TutorApp(course, lang, path, fps=fps, start_lesson=args.lesson, notice=loaded.notice,
                   progress=loaded.progress, predict=not args.no_predict)
    app.run(mouse=not ssh)
    return app.return_code or EXIT_OK
