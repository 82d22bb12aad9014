"""What the app does before its first frame: no numpy, no plotext, and the same answers as before.

Start-up speed itself is measured by ``tui-tutor bench --ui`` (first paint, first switch, first
run); these tests hold the behaviour that makes it fast, and that the fast paths answer exactly
what the slow ones did.
"""

from __future__ import annotations

import gc
import inspect
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import get_character_cell_size

from conftest import make_app, until
from tui_tutor import engine
from tui_tutor.cli import main
from tui_tutor.lessons import BrokenLesson, default_lessons_dir, load_course
from tui_tutor.lessons.source import check_name, source_of
from tui_tutor.safe_text import MAX_MARKS, _SUSPECT, _clean_run, _normalised, clean


def _found(lookup, name: str) -> bool:  # type: ignore[no-untyped-def]
    try:
        lookup(name)
        return True
    except (LookupError, OSError, TypeError):
        return False


def test_checking_code_names_from_the_files_agrees_with_importing_them() -> None:
    """Lessons check ``code = [...]`` without numpy (ast); `v` imports. Both must say the same."""
    names = ["nope", "Trainer.nope", "importlib", "__getattr__", "_HOME", "data.np.save", "Dense.forward.__doc__",
             "Dense.forward.x", "RunConfig.__init__", "MLP.__call__", "ACTIVATIONS", "Dense..forward", "1x"]
    for top in engine.__all__:
        names.append(top)
        obj = getattr(engine, top)
        names += [f"{top}.{member}" for member in dir(obj)]
        names += [f"{top}.{member}.{inner}" for member in dir(obj) if inspect.isclass(getattr(obj, member, None))
                  for inner in ("forward", "__init__", "__doc__")]
    found = [name for name in names if _found(source_of, name)]
    assert {"Trainer.step", "Dense.backward", "Adam.step", "ReLU.grad", "MLP.__call__", "make_dataset"} <= set(found)
    assert [name for name in names if _found(check_name, name) != _found(source_of, name)] == []


def test_loading_the_course_and_the_app_modules_imports_no_numpy() -> None:
    """The first frame waits for every import before it: numpy, plotext and the engine's
    arrays come after it (the training panel's chart and field, the first run), and so do the
    exercise checker and the setup editor that checks exercises."""
    code = ("import sys\nfrom tui_tutor.lessons import BrokenLesson, default_lessons_dir, load_course\n"
            "course = load_course(default_lessons_dir())\nassert not course.problems, course.problems\n"
            "from tui_tutor.cli import build_parser\nbuild_parser(exercises=False)\n"
            "import tui_tutor.app.app, tui_tutor.commands.app\n"
            "print(sorted(m for m in ('numpy', 'plotext', 'textual_plotext', 'tui_tutor.engine.data',"
            " 'tui_tutor.exercises', 'tui_tutor.app.setup_editor') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_every_character_clean_leaves_alone_is_one_cell_and_no_mark() -> None:
    """What lets ``clean`` look only at runs of suspect characters."""
    for code in range(0x10000):
        ch = chr(code)
        if ch == "\n" or _SUSPECT.match(ch):
            continue
        assert unicodedata.category(ch) not in ("Cs", "Cf", "Mn", "Me") and get_character_cell_size(ch) > 0, hex(code)


PIECES = list("a b\n\t\x1b\x07\x9b\x7f\u0301\u0302\u20dd\u200b\u200d\ufe0f\u00ad\u3164ᵢ가한\u2028\r") + [
    "\U0001f3fd", "\U0001f1f0", "\U000e0100", "👨"]


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(st.sampled_from(PIECES), max_size=30), st.text(max_size=60)), st.booleans())
def test_cleaning_runs_gives_what_cleaning_every_character_gives(text: str, line: bool) -> None:
    assert clean(text, line=line) == _clean_run(_normalised(text, line), MAX_MARKS + 1)


async def test_a_run_started_before_the_chart_is_there_is_drawn_when_it_comes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The panel mounts its views (chart, field) and draws the data after the first frame; x
    pressed at once trains all the same, and what it sent meanwhile is on the chart and the field."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        assert not app.panel.query("#chart, #field-box")  # first frame: the views' place, empty
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        await until(pilot, lambda: bool(app.panel.query("#chart")))  # nobody asked for it: the timer
        chart = app.panel.query_one("#chart")
        await until(pilot, lambda: any("⣀" in s.text or "⠤" in s.text for s in chart._strips))


async def test_the_field_is_predicted_on_once_its_data_is_drawn(tmp_path, slow_lessons) -> None:  # type: ignore[no-untyped-def]
    """x before the field has its data sends no grid; the panel going live sends it, unasked."""
    app = make_app(tmp_path, lessons=slow_lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.panel.field.view() is not None)
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.field_values is not None)
        assert app.snapshot.state == "training"  # the same run, no key pressed since x


async def test_preparing_the_next_lesson_as_the_app_closes_does_nothing(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The next lesson is mounted 0.5 s after a lesson opens; quitting then raised MountError or
    NoMatches (exit status 1, seen as a classroom test failing one run in ten)."""
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)):
        await app.query_one("#lesson-pane").remove()  # what closing does to it
        app._premount_next()  # the timer, firing now


START = """
import gc, json, sys
import tui_tutor.commands.app as command
import tui_tutor.lessons.course as course
from tui_tutor.app.app import TutorApp
seen, read = {}, []
load = course._load
course._load = lambda path, lang: read.append(f"{lang}/{path.name}") or load(path, lang)
def run(app, **options):
    seen.update(read=list(read), collecting=gc.isenabled(),
                loaded=[m for m in ('tui_tutor.exercises', 'numpy') if m in sys.modules])
    app._on_first_frame()
    seen.update(collecting_after=gc.isenabled(), frozen=gc.get_freeze_count() > 0)
TutorApp.run = run
command.terminal_problem = lambda: None
from tui_tutor.cli import main
main(sys.argv[1:])
print(json.dumps(seen))
"""


@pytest.mark.parametrize("args, read", [([], ["en/01-introduction.md"]),
                                        (["--lang", "ko"], ["en/01-introduction.md", "ko/01-introduction.md"])])
def test_the_app_starts_reading_one_lesson_with_the_collector_off_until_its_first_frame(
        tmp_path: Path, args: list[str], read: list[str]) -> None:
    """Before the first frame: the one lesson file it shows (and the first of the reference
    language, which says there are lessons at all), no exercise checker, and no garbage
    collection (its passes over start-up's objects cost a sixth of the time to first paint).
    After it: collection, with start-up's objects frozen."""
    env = {**os.environ, "TUI_TUTOR_PROGRESS": str(tmp_path / "progress.json")}
    done = subprocess.run([sys.executable, "-c", START, *args], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"read": read, "collecting": False, "loaded": [], "collecting_after": True,
                                       "frozen": True}


@pytest.mark.parametrize("argv", [["lessons", "list"], ["--fps", "nope"]])
def test_every_command_leaves_the_collector_on(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """``main`` turns collection off for start-up; a command that returns, or a bad argument
    that exits, gives it back."""
    try:
        main(argv)
    except SystemExit:
        pass
    assert gc.isenabled()


def _lessons(tmp_path: Path, broken: str) -> Path:
    """Lessons 1-3 of both languages; in ``broken`` (a language), lesson 2 fails at its line 2,
    and lesson 3 repeats lesson 1's id."""
    root = tmp_path / "lessons"
    for lang in ("en", "ko"):
        (root / lang).mkdir(parents=True)
        for path in sorted((default_lessons_dir() / lang).glob("0[123]-*.md")):
            (root / lang / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    second, third = sorted((root / broken).glob("0[23]-*.md"))
    second.write_text(second.read_text(encoding="utf-8").replace("+++\n", "+++\norder = oops\n", 1), encoding="utf-8")
    first_id = load_course(root).in_language(broken)[0].id
    text = third.read_text(encoding="utf-8")
    third.write_text(text.replace(f'id = "{load_course(root).in_language(broken)[1].id}"', f'id = "{first_id}"'),
                     encoding="utf-8")
    return root


@pytest.mark.parametrize("broken", ["en", "ko"])
def test_lessons_read_one_at_a_time_are_what_reading_everything_gives(tmp_path: Path, broken: str) -> None:
    """The app reads a file when it first asks for it: the same lessons in the same places, the
    same broken files named with their lines, as reading every file at once."""
    root = _lessons(tmp_path, broken)
    eager, lazy = load_course(root), load_course(root, lazy=True)
    assert lazy.first_language() == "en" and lazy.lazy["en"].read == [root / "en" / "01-introduction.md"]
    for lang in ("en", "ko"):
        entries = list(lazy.entries(lang))
        assert entries == eager.entries(lang) and [type(e).__name__ for e in entries].count("BrokenLesson") == (
            2 if lang == broken else 0)
        assert lazy.in_language(lang) == eager.in_language(lang) and lazy.broken[lang] == eager.broken.get(lang, [])
    problems = [e.problems[0] for e in lazy.entries(broken) if isinstance(e, BrokenLesson)]
    assert problems[0].startswith("line 2: ") and "also used by 01-" in problems[1]
    assert lazy.languages == eager.languages == ["en", "ko"]


async def test_the_app_names_broken_files_once_it_has_drawn_and_reads_a_language_when_switched_to(
        tmp_path: Path) -> None:
    """l reads the other language's files then: its lessons are shown, a broken one by name."""
    app = make_app(tmp_path, lessons=_lessons(tmp_path, "en"))
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app._notifications) == 2)
        assert sorted(n.message.split(": ")[-1] for n in app._notifications) == [
            "02-four-components.md", "03-historical-review.md"]
        assert app.course.lazy["ko"].read == []
        await pilot.press("l")
        await until(pilot, lambda: app.lang == "ko")
        assert [type(e).__name__ for e in app.lessons] == ["Lesson", "Lesson", "Lesson"]
        assert "1/3" in str(app.query_one("#titlebar").render())


@pytest.mark.parametrize("command", ["train", "serve", "bench", "lessons", "exercises"])
def test_a_command_other_than_the_app_runs_with_the_collector_on(command: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A classroom server runs for hours and a long train for minutes: without the collector
    every reference cycle they make would stay. Only the app's start-up goes without it."""
    import importlib

    seen: list[bool] = []
    module = importlib.import_module(f"tui_tutor.commands.{command}")
    monkeypatch.setattr(module, "run", lambda args: seen.append(gc.isenabled()) or 0)
    argv = {"train": ["train"], "serve": ["serve", "--ssh"], "bench": ["bench"],
            "lessons": ["lessons", "list"], "exercises": ["exercises", "check"]}[command]
    assert main(argv) == 0
    assert seen == [True]
