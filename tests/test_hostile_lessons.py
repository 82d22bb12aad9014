"""Hostile lesson files (tests/fixtures/hostile): lesson text is text, check and the app agree.

Rows refer to the table in the issue "Lesson files, saved progress and the environment are
untrusted input".
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from conftest import make_app, until
from tui_tutor.app.figures import render_figure
from tui_tutor.app.lesson_view import BrokenLessonView, LessonText, LessonView
from tui_tutor.app.screens import SourceScreen
from tui_tutor.lessons import load_course, load_lesson
from tui_tutor.safe_text import clean, is_safe

#: A hostile lesson's numbers may overflow: the figures show what comes out, never a warning on stderr.
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
OK = sorted(p.name for p in HOSTILE.glob("ok-*.md"))
BAD = sorted(p.name for p in HOSTILE.glob("bad-*.md"))
#: Control characters other than newline, after Rich's own styling codes (ESC [ ... m) are removed.
SGR = re.compile(r"\x1b\[[0-9;]*m")


def lessons_dir(tmp_path: Path, *names: str) -> Path:
    """A lessons folder holding the named fixtures as en/01-x.md, 02-y.md, ..."""
    root = tmp_path / "lessons"
    (root / "en").mkdir(parents=True)
    for i, name in enumerate(names, 1):
        text = (HOSTILE / name).read_bytes()
        text = re.sub(rb"order = \d+", f"order = {i}".encode(), text, count=1)
        (root / "en" / f"{i:02d}-{Path(name).stem}.md").write_bytes(text)
    return root


def tutor(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui_tutor", *args], capture_output=True, text=True,
                          timeout=60, **kw)  # type: ignore[call-overload]


@pytest.mark.parametrize("name", OK)
def test_ok_fixture_passes_check(tmp_path: Path, name: str) -> None:
    r = tutor("lessons", "check", str(lessons_dir(tmp_path, name)))
    assert r.returncode == 0, r.stdout + r.stderr
    assert is_safe(r.stdout) and is_safe(r.stderr)


@pytest.mark.parametrize("name", BAD)
def test_bad_fixture_fails_check_with_file_and_line(tmp_path: Path, name: str) -> None:
    """Rows 5, 6, 7, 20: too costly, a code name outside the engine, huge figures, blank titles."""
    root = lessons_dir(tmp_path, name)
    r = tutor("lessons", "check", str(root))
    assert r.returncode == 1, r.stdout
    assert re.search(r"01-[a-z-]+\.md:\d+: ", r.stdout), r.stdout
    assert "Traceback" not in r.stderr and is_safe(r.stdout)
    # the app shows the same file as broken, in its place
    course = load_course(root)
    assert not course.in_language("en") and len(course.broken["en"]) == 1


def test_every_field_is_clean_at_load(tmp_path: Path) -> None:
    """Row 2: escapes from TOML (\\u001b) or raw bytes never get past the loader."""
    root = lessons_dir(tmp_path, "ok-escapes.md")
    lesson = load_lesson(next((root / "en").glob("*.md")), "en")
    texts = [lesson.title, lesson.summary]
    for block in lesson.blocks:
        texts += [str(v) for v in vars(block).values()]
    assert texts and all(is_safe(t) and "\x07" not in t for t in texts)
    assert lesson.title == "T␛]0;PWN␇"
    assert "MARK1␛[2JMARK2" in lesson.blocks[0].markdown  # made visible, not dropped silently


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    """Row 20: a BOM used to give "must start with front matter"."""
    lesson = load_lesson(next((lessons_dir(tmp_path, "ok-bom.md") / "en").glob("*.md")), "en")
    assert lesson.title == "BOM"


def test_emoji_clusters_are_measured_like_the_terminal(tmp_path: Path) -> None:
    """Row 18: no joiners, selectors or lone marks survive; what is left is measured per character."""
    lesson = load_lesson(next((lessons_dir(tmp_path, "ok-emoji.md") / "en").glob("*.md")), "en")
    for text in (lesson.title, lesson.summary, lesson.blocks[0].markdown):
        assert not re.search("[\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe0e\ufe0f\U0001f3fb-\U0001f3ff"
                             "\U0001f1e6-\U0001f1ff]", text)
    assert lesson.title == "Family 👨👩👧 ❤ KR 👍"
    assert not re.search(r"(^|\s)[\u0300-\u036f]", lesson.blocks[0].markdown)  # no mark without a base


async def test_markup_in_a_lesson_is_shown_as_text_and_never_acts(tmp_path: Path) -> None:
    """Row 1: a summary of [@click=app.screenshot(...)] wrote a file when clicked; [link=] crashed."""
    root = lessons_dir(tmp_path, "ok-markup.md")
    app = make_app(tmp_path, lessons=root)
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.lesson_view
        assert view is not None
        shown = [str(s.render()) for s in view.query(Static)]
        assert any("array[i] [b]bold[/b] [link=https://x]" in s for s in shown)
        summary = view.query_one(".lesson-summary", Static)
        assert "[@click=app.screenshot('precious.txt','.')]Click[/]" in str(summary.render())
        await pilot.click(summary)
        await pilot.pause(0.2)
        assert not list(Path(".").glob("precious.txt")) and not list(tmp_path.rglob("*.svg"))
        title = str(app.query_one("#titlebar", Static).render())
        assert "array[i]" in title
        await pilot.press("ctrl+p")  # the palette lists lesson titles: as text too
        await pilot.press(*"go to lesson")
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert app.is_running


async def test_broken_lesson_view_shows_markup_like_messages_as_text(tmp_path: Path) -> None:
    """Row 1: dataset = "[/x]" crashed the broken-lesson view."""
    root = lessons_dir(tmp_path, "ok-bom.md", "bad-markup-dataset.md")
    app = make_app(tmp_path, lessons=root)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        view = app.query_one(BrokenLessonView)
        assert any("[/x]" in str(s.render()) for s in view.query(Static))


async def test_duplicate_ids_the_second_is_broken_and_next_gets_past(tmp_path: Path) -> None:
    """Row 15: two lessons shared an id and `n` could not get past the first."""
    root = tmp_path / "lessons"
    shutil.copytree(HOSTILE / "duplicate-ids", root)
    r = tutor("lessons", "check", str(root))
    assert r.returncode == 1 and "also used by 01-lesson1.md" in r.stdout
    app = make_app(tmp_path, lessons=root)
    async with app.run_test(size=(100, 30)) as pilot:
        assert [lesson.title for lesson in app.lessons] == ["First", "02-lesson2.md", "Third"]
        await pilot.press("n", "n")
        assert app.lesson.title == "Third"


async def test_code_names_outside_the_engine_never_reach_v(tmp_path: Path) -> None:
    """Row 6: ["ACTIVATIONS"] gave a traceback and ["data.np.save"] showed numpy's source."""
    root = lessons_dir(tmp_path, "bad-code-constant.md", "bad-code-numpy.md", "ok-bom.md")
    app = make_app(tmp_path, lessons=root)
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(3):
            await pilot.press("v")
            assert isinstance(app.screen, SourceScreen)
            shown = " ".join(str(s.render()) for s in app.screen.query(Static))
            assert "numpy" not in shown and "tui_tutor/engine/" in shown
            await pilot.press("escape", "n")


def test_figure_values_are_finite_and_sane() -> None:
    """Row 7: 1e308 entries overflowed; even if one got past, the figure says so in text."""
    text = render_figure("linear-collapse", {"W1": [[1e308, 1e308]], "W2": [[1e308]]}, 60)
    assert "inf" in text.plain or "e+" in text.plain


def test_cli_output_is_escaped_even_in_file_names(tmp_path: Path) -> None:
    """Row 2: lessons list printed titles raw; check printed an escape-laden file name raw."""
    root = lessons_dir(tmp_path, "ok-escapes.md")
    r = tutor("lessons", "list", "--lessons-dir", str(root))
    assert r.returncode == 0 and "T␛]0;PWN␇" in r.stdout and is_safe(r.stdout)
    bad = root / "en" / "02-x\x1b]0;PWN\x07.md"
    bad.write_text("no front matter", encoding="utf-8")
    for args in (("lessons", "check", str(root)), ("lessons", "list", "--lessons-dir", str(root))):
        r = tutor(*args)
        assert "02-x␛]0;PWN␇.md" in r.stdout + r.stderr
        assert is_safe(r.stdout) and is_safe(r.stderr)


def test_rendered_lesson_text_holds_no_raw_control_characters(tmp_path: Path) -> None:
    """Row 2: the Markdown body, a code block and a table rendered by Rich, as the app does."""
    root = lessons_dir(tmp_path, "ok-escapes.md", "ok-emoji.md", "ok-wide-table.md")
    console = Console(width=80, force_terminal=True, color_system="truecolor", record=False)
    for path in sorted((root / "en").glob("*.md")):
        for block in load_lesson(path, "en").blocks:
            if hasattr(block, "markdown"):
                with console.capture() as cap:
                    console.print(LessonText(block.markdown)._markdown)
                assert is_safe(SGR.sub("", cap.get()).replace("\n", "")), path.name


def test_sanitiser_makes_controls_visible() -> None:
    assert clean("a\x1b[2Jb\x07") == "a␛[2Jb␇"
    assert clean("x\r\ny\rz\u2028w\tv") == "x\ny\nz\nw   v"
    assert clean("t\ti\nt", line=True) == "t i t"
    assert clean("\ud800") == "\ufffd"
    assert clean("\u009b31m") == "\ufffd31m"


async def test_what_check_passes_the_app_opens_renders_runs_draws_and_shows(tmp_path: Path) -> None:
    """The property: every lesson that passes check opens at 80x24 and 200x50, runs every experiment,
    draws every figure and shows every code name, without an exception (row 18: nothing overflows)."""
    from tui_tutor.app.figure_view import FigureView

    root = lessons_dir(tmp_path, *OK)
    assert tutor("lessons", "check", str(root)).returncode == 0
    for size in ((80, 24), (200, 50)):
        app = make_app(tmp_path, lessons=root)
        async with app.run_test(size=size) as pilot:
            for _ in OK:
                view = app.lesson_view
                assert isinstance(view, LessonView)
                await until(pilot, lambda: view.size.width > 0)
                for text in view.query(LessonText):
                    assert all(strip.cell_length <= max(text.size.width, 1) for strip in text._strips)
                for figure in view.query(FigureView):
                    figure.scroll_visible(animate=False)
                    await until(pilot, lambda: figure._drawn is not None)
                for i, experiment in enumerate(app.lesson.experiments):
                    app.run_experiment(app.lesson.id, i)
                    await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done"
                                and app.snapshot.config == experiment.config)
                await pilot.press("v")
                assert isinstance(app.screen, SourceScreen)
                await pilot.press("escape", "n")
            assert app.is_running


def test_a_table_wider_than_the_pane_is_shown_not_blank(tmp_path: Path) -> None:
    """Row 20: a 200-column table rendered as a blank rule."""
    lesson = load_lesson(next((lessons_dir(tmp_path, "ok-wide-table.md") / "en").glob("*.md")), "en")
    console = Console(width=60, force_terminal=False)
    with console.capture() as cap:
        console.print(LessonText(lesson.blocks[0].markdown)._markdown)
    out = cap.get()
    assert "c0" in out and "c59" in out and "59" in out.replace("c59", "")
    assert all(len(line) <= 60 for line in out.split("\n"))


def test_the_cost_bound_is_one_method_for_every_caller() -> None:
    """Row 5: `RunConfig.limit_problem()` is what check, the app's setup and `train` ask."""
    from tui_tutor.engine import RunConfig
    from tui_tutor.engine.config import MAX_COST, MAX_MEMORY

    at_bound = RunConfig(dataset="circle", hidden=(1024,), n=10000, steps=627)
    assert at_bound.limit_problem() is None and at_bound.cost() <= MAX_COST
    assert "about a minute" in (at_bound.with_(steps=700).limit_problem() or "")
    huge = RunConfig(dataset="circle", hidden=(1024,) * 8, n=10000, steps=20000)
    assert huge.memory() > MAX_MEMORY and "MB" in (huge.limit_problem() or "")
    assert RunConfig(hidden=(8,), steps=10**12).limit_problem()
