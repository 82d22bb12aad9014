"""Property tests: arbitrary text in every lesson field either fails check with file:line, or passes
and renders with no exception and no raw control character; arbitrary progress files never crash.

Rendering here is the app's own renderers called as pure functions at one size (the Markdown
widget's Rich renderable, the quiz and experiment cards' content, the figures), so a few hundred
examples stay fast; tests/test_hostile_lessons.py opens the real app on the hostile corpus.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
import tempfile
from argparse import Namespace
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tui_tutor import progress as store
from tui_tutor.app.cards import ExperimentCard, QuizCard
from tui_tutor.app.figures import render_figure
from tui_tutor.app.lesson_view import LessonText
from tui_tutor.commands.lessons import list_lessons
from tui_tutor.lessons import Experiment, Figure, LessonError, Quiz, load_lesson
from tui_tutor.lessons import Text as TextBlock
from tui_tutor.safe_text import clean, is_safe

WIDTH = 80
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SGR = re.compile(r"\x1b\[[0-9;]*m")
#: Any character a file can hold (surrogates cannot be written as UTF-8).
ANY = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
TRICKY = st.text(st.sampled_from(list("\x1b\x07\x00\t\r\n\x9b\u200b\u200d\ufe0f\u202e\u0301[]/@=\"'\\`*#|+~ aZ한👨🇰")
                                 + ["\U0001f3fd"]), max_size=40)
RAW = st.one_of(ANY, TRICKY)
#: Non-blank (blank is tried in the title and the body), so that most lessons pass and get rendered.
FIELD = RAW.map(lambda s: f"A{s}z")


def toml_string(s: str) -> str:
    """A TOML basic string holding exactly ``s``."""
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def lesson_file(f: dict[str, Any]) -> str:
    q = toml_string
    return (f"+++\nid = \"demo\"\ntitle = {q(f['title'])}\norder = 1\nsummary = {q(f['summary'])}\n+++\n\n"
            f"{f['body']}\n\n"
            f"```experiment\nlabel = {q(f['label'])}\ndataset = \"xor\"\nhidden = [4]\nsteps = 5\n"
            f"expect = {{ diverges = false }}\n```\n\n"
            f"```quiz\nquestion = {q(f['question'])}\nchoices = [{q(f['a'])}, {q(f['b'])}]\nanswer = 1\n"
            f"explanation = {q(f['explanation'])}\n```\n\n"
            f"```figure\nkind = \"timeline\"\ncaption = {q(f['caption'])}\n"
            f"events = [{{ year = 2012, name = {q(f['event'])} }}]\n```\n")


def rendered(console: Console, renderable: Any) -> str:
    with console.capture() as cap:
        console.print(renderable)
    return cap.get()


def assert_clean_output(out: str, width: int = WIDTH) -> None:
    plain = SGR.sub("", out)
    assert is_safe(plain.replace("\n", "")), repr(plain)
    for line in plain.split("\n"):
        assert cell_len(line) <= width, repr(line)


@SETTINGS
@given(st.fixed_dictionaries({"title": st.one_of(RAW, FIELD), "body": RAW,
                              **{k: FIELD for k in ("summary", "label", "question", "a", "b", "explanation",
                                                    "caption", "event")}}))
def test_arbitrary_text_in_every_field_fails_with_a_line_or_renders_clean(fields: dict[str, str]) -> None:
    console = Console(width=WIDTH, force_terminal=True, color_system="truecolor", legacy_windows=False)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "en" / "01-demo.md"
        path.parent.mkdir()
        path.write_text(lesson_file(fields), encoding="utf-8")
        try:
            lesson = load_lesson(path, "en")
        except LessonError as e:
            for problem in e.problems:
                assert re.match(rf"^{re.escape(str(path))}:\d+: \S", str(problem)), str(problem)
                assert is_safe(str(problem))
            return
        out = rendered(console, Text(f"Lesson 1 of 1 · {lesson.title}"))
        out += rendered(console, Text(lesson.summary))
        for block in lesson.blocks:
            if isinstance(block, TextBlock):
                out += rendered(console, LessonText(block.markdown)._markdown)
            elif isinstance(block, Quiz):
                for answer in (None, 2):
                    card = SimpleNamespace(quiz=block, lang="en", answer=answer, current=True,
                                           right=answer == block.answer)
                    out += rendered(console, QuizCard._content(card))  # type: ignore[arg-type]
            elif isinstance(block, Experiment):
                card = SimpleNamespace(experiment=block, index=0, count=1, lang="en", active=True, state="done")
                out += rendered(console, ExperimentCard._content(card))  # type: ignore[arg-type]
            elif isinstance(block, Figure):
                out += rendered(console, render_figure(block.kind, block.params, WIDTH - 4))
                out += rendered(console, Text(block.caption))
        assert_clean_output(out)
        listing = io.StringIO()
        with contextlib.redirect_stdout(listing), contextlib.redirect_stderr(listing):
            list_lessons(Namespace(lessons_dir=root, lang="en"))
        assert is_safe(listing.getvalue().replace("\n", ""))


@settings(max_examples=500, deadline=None)
@given(st.text(st.characters(), max_size=200))
def test_sanitiser_output_is_safe_idempotent_and_single_line_when_asked(s: str) -> None:
    once = clean(s)
    assert is_safe(once.replace("\n", "")) and clean(once) == once
    line = clean(s, line=True)
    assert "\n" not in line and "\t" not in line and is_safe(line)
    once.encode("utf-8")  # no lone surrogate left


NUMBER = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**12),
                   st.sampled_from([1e308, -1e308, 1e6, math.inf, math.nan]))


@SETTINGS
@given(W1=st.lists(st.lists(NUMBER, min_size=1, max_size=10), min_size=1, max_size=10),
       W2=st.lists(st.lists(NUMBER, min_size=1, max_size=10), min_size=1, max_size=10),
       width=st.integers(1, 220))
def test_figures_that_pass_check_draw_within_the_width(W1: list[list[float]], W2: list[list[float]],
                                                       width: int) -> None:
    def toml(v: Any) -> str:
        if isinstance(v, list):
            return "[" + ", ".join(map(toml, v)) + "]"
        if isinstance(v, float) and not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        return repr(v)

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "01-fig.md"
        path.write_text(f'+++\nid = "fig"\ntitle = "F"\norder = 1\nsummary = "S."\n+++\n\n'
                        f'```figure\nkind = "linear-collapse"\nW1 = {toml(W1)}\nW2 = {toml(W2)}\n```\n')
        try:
            lesson = load_lesson(path, "en")
        except LessonError:
            return
    figure = lesson.figures[0]
    text = render_figure(figure.kind, figure.params, width)
    assert all(cell_len(line) <= max(width, 1) for line in text.plain.split("\n"))
    assert "inf" not in text.plain and "nan" not in text.plain


JSON = st.recursive(st.none() | st.booleans() | st.floats() | st.integers() | ANY,
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY, children, max_size=4),
                    max_leaves=20)
RECORD = st.fixed_dictionaries({"version": st.sampled_from([1, 1, 1, 2, "1", None])},
                               optional={"lang": JSON, "last_lesson": JSON, "last_at": JSON, "visited": JSON,
                                         "answers": st.one_of(JSON, st.dictionaries(ANY, st.dictionaries(
                                             st.one_of(ANY, st.integers(-5, 120).map(str)), JSON)))})


@SETTINGS
@given(st.one_of(RECORD, JSON))
def test_any_progress_file_loads_without_raising_and_saves_back(data: Any) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "progress.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        loaded = store.load(path)
        assert loaded.notice is None or is_safe(loaded.notice)
        p = loaded.progress
        assert all(isinstance(v, str) for v in p.visited)
        assert all(isinstance(c, int) and 1 <= c <= 9 for qs in p.answers.values() for c in qs.values())
        if path.exists():
            try:
                store.save(p, path)
            except store.NotOverwritten:
                assert loaded.notice and "newer" in loaded.notice
                return
            assert store.load(path).progress.visited == p.visited
