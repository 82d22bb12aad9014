"""The panel's view: the setup editor, the layout key, colours and marks, Korean labels.

Pure parts (the cost bound, the renderer, the legends) are checked without Textual; the rest
types as a learner would under Pilot.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import make_app, until
from rich.cells import cell_len
from textual.widgets import Input, Static

from tui_tutor.app.canvas import VAL_GLYPH, WRONG_GLYPH, grid_points, render_field, square_pixels
from tui_tutor.app.colours import CLASSES, SERIES, TRAIN_LOSS, VAL_LOSS, chart_legend
from tui_tutor.app.setup_editor import SetupEditor, check, refusals
from tui_tutor.app.session import Snapshot
from tui_tutor.app.panel_text import setup_text, status_text
from tui_tutor.engine import RunConfig
from tui_tutor.engine.config import MAX_COST

EXT = (-1.0, 1.0, -1.0, 1.0)


# ── the cost bound, shared by the editor, lessons and `train` ─────────────────────────────────


def test_the_editor_refuses_what_the_lessons_and_train_refuse() -> None:
    """One path: the editor asks ``problems()`` then ``limit_problem()``, as the lesson loader does."""
    small = RunConfig("circle", hidden=(16, 16), n=400, steps=1000)
    assert refusals(small) == []
    long_run = small.with_(hidden=(128, 128), n=5_000, steps=10_000)
    sentence = long_run.limit_problem()
    assert sentence is not None and "steps" in sentence and long_run.cost() > MAX_COST
    assert long_run.problems() == []  # `train --force` may still run it on purpose
    assert refusals(long_run) == [sentence]
    heavy = small.with_(hidden=(2048, 2048), n=9000, steps=1)
    assert "MB" in refusals(heavy)[0]
    # a field out of range says why, once, before any cost is counted
    wide = refusals(small.with_(hidden=(10**6,)))
    assert len(wide) == 1 and "too slow to watch" in wide[0]
    assert "teach nothing new" in refusals(small.with_(n=10**6))[0]
    assert "seed" in refusals(small.with_(seed=-1))[0]


def test_editor_check_puts_each_sentence_under_its_field() -> None:
    base = RunConfig("circle", hidden=(8,))
    texts = {"dataset": "circle", "n": "400", "noise": "0.1", "hidden": "8", "activation": "relu",
             "loss": "auto", "optimizer": "adam", "lr": "0.01", "batch_size": "", "weight_decay": "0",
             "steps": "1000", "seed": "0"}
    config, errors, summary = check(base, texts)
    assert config == base.with_(loss=None) and errors == {} and summary == []
    bad = {**texts, "hidden": "8,1000000", "n": "1e6", "lr": "nan", "steps": "ten"}
    config, errors, _ = check(base, bad)
    assert config is None
    assert "between 1 and 2,048" in errors["hidden"]
    assert "number of points" in errors["n"] and "learning rate" in errors["lr"]
    assert errors["steps"] == "Enter a whole number, such as 400."
    assert "learning rate must be a positive number" in check(base, {**texts, "lr": "0"})[1]["lr"]
    # a combination no single field causes is said once, below the fields
    config, errors, summary = check(base, {**texts, "hidden": "128,128", "n": "5000", "steps": "10000"})
    assert config is None and errors == {} and len(summary) == 1 and "steps" in summary[0]
    # in Korean, the range checks are said in Korean, from the engine's own limits
    _, errors, _ = check(base, bad, "ko")
    assert errors["n"].startswith("점 개수는 4에서 100,000 사이여야") and "2,048" in errors["hidden"]
    assert errors["lr"].startswith("학습률은 양수여야") and errors["steps"] == "400처럼 정수를 입력하세요."
    # the dataset's own loss follows a change of dataset
    config, errors, _ = check(base.with_(loss="bce"), {**texts, "dataset": "spiral", "loss": "auto"})
    assert config is not None and config.resolved_loss == "ce"


# ── the boundary: square pixels, validation points, mistakes ──────────────────────────────────


@pytest.mark.parametrize("cols,rows", [(53, 14), (104, 16), (30, 20)])
def test_square_pixels_keep_the_data_aspect(cols: int, rows: int) -> None:
    used_cols, used_rows, (x0, x1, y0, y1) = square_pixels((-1.2, 1.2, -1.2, 1.2), cols, rows)
    assert used_cols <= cols and used_rows <= rows
    assert (x1 - x0) / used_cols == pytest.approx((y1 - y0) / (2 * used_rows))  # square pixels
    assert x0 <= -1.2 and x1 >= 1.2 and y0 <= -1.2 and y1 >= 1.2  # all the data is shown


def test_validation_points_and_mistakes_are_marked() -> None:
    cols, rows = 10, 4
    G = grid_points(EXT, cols, rows)
    values = np.where(G[:, 0] < 0, 0.1, 0.9)  # left half says class 0, right half class 1
    train = np.array([G[0], G[2 * cols + 9]])  # class 0 on the left (right), class 0 on the right (wrong)
    val = np.array([G[4 * cols + 1], G[6 * cols + 8]])  # class 0 on the left (right), class 0 right (wrong)
    said = (np.array([0.1, 0.9]), np.array([0.2, 0.7]))  # the model at each point: P(class 1)
    text = render_field(values, "binary", cols, rows, train, np.array([0, 0]), EXT, val, np.array([0, 0]),
                        answers=said)
    lines = text.plain.split("\n")
    assert lines[1][9] == WRONG_GLYPH and lines[3][8] == WRONG_GLYPH  # a mistake, training or not
    assert lines[2][1] == VAL_GLYPH  # a validation point the model gets right
    assert lines[0][0] in "▀▄ "  # a training point it gets right stays a pixel
    assert sum(line.count(WRONG_GLYPH) for line in lines) == 2
    unjudged = render_field(np.full(values.size, np.nan), "binary", cols, rows, train, np.array([0, 0]),
                            EXT, val, np.array([0, 0]))
    assert WRONG_GLYPH not in unjudged.plain  # before the model answers, nothing is called wrong
    # judged at the point, not at the pixel under it: a right answer on a wrong-looking pixel is right
    right = render_field(values, "binary", cols, rows, train, np.array([0, 0]), EXT, val, np.array([0, 0]),
                         answers=(np.array([0.1, 0.4]), np.array([0.2, 0.3])))
    assert WRONG_GLYPH not in right.plain


async def test_points_are_judged_by_the_model_at_the_point(tmp_path: Path) -> None:
    """At 100% accuracy no point is marked wrong, however coarse the boundary's pixels."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done"
                    and app.snapshot.field_values is not None)
        await pilot.pause()
        assert app.snapshot.train_accuracy == 1.0 and app.snapshot.val_accuracy == 1.0
        lines = [strip.text for strip in app.panel.field._strips]
        assert any(VAL_GLYPH in line for line in lines)
        assert not any(WRONG_GLYPH in line for line in lines)


def test_one_meaning_per_colour() -> None:
    assert len(set(CLASSES)) == 3
    chart = {TRAIN_LOSS, VAL_LOSS, SERIES["before"][1]}
    assert len(chart) == 3 and not chart & set(CLASSES)
    plain = chart_legend("en", compare=True, no_color=True).plain
    assert "validation" in plain and "previous run" in plain and "blue" not in plain and "orange" not in plain
    samples = [SERIES[k][3] for k in ("train", "val", "before")]
    assert len(set(samples)) == 3  # without colour, a glyph each


def test_korean_setup_labels_line_up() -> None:
    lines = setup_text(RunConfig("xor", hidden=(8, 8)), "ko").plain.split("\n")
    starts = {cell_len(line[:line.index(value)]) for line, value in
              zip(lines, ("xor", "2-8-8-1", "bce", "adam"))}
    assert len(starts) == 1


# ── in the app ──────────────────────────────────────────────────────────────────────────────────


async def type_into(pilot, field: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Tab to a field of the editor as a learner would, clear it and type."""
    screen = pilot.app.screen
    widget = screen.query_one(f"#field-{field}")
    for _ in range(20):
        if screen.focused is widget:
            break
        await pilot.press("tab")
    assert screen.focused is widget
    await pilot.press("ctrl+u", *text)


async def test_setup_editor_applies_a_valid_setup_and_runs_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, SetupEditor)
        await type_into(pilot, "hidden", "4")
        await type_into(pilot, "lr", "0.05")
        await type_into(pilot, "steps", "40")
        await pilot.press("enter")
        assert not isinstance(app.screen, SetupEditor)
        assert app.config.hidden == (4,) and app.config.lr == 0.05 and app.config.steps == 40
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.config.hidden == (4,)
                    and app.snapshot.state == "done")
        assert app.snapshot.step == 40
        assert "2-4-1" in str(app.query_one("#setup", Static).render())


async def test_setup_editor_refuses_what_cannot_run_and_says_why(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.config
        await pilot.press("e")
        editor = app.screen
        await type_into(pilot, "n", "1000000")
        await type_into(pilot, "lr", "nan")
        errors = {name: str(editor.query_one(f"#error-{name}", Static).render())
                  for name in ("n", "lr", "noise")}
        assert "number of points must be between 4 and 100,000" in errors["n"]
        assert "learning rate must be a positive number" in errors["lr"]
        assert errors["noise"] == ""
        await pilot.press("enter")
        assert app.screen is editor and app.config == before
        assert app.snapshot is None or (app.snapshot.step == 0 and app.snapshot.state == "ready")  # no run
        await pilot.press("escape")
        assert not isinstance(app.screen, SetupEditor) and app.config == before


async def test_z_cycles_both_panel_and_lesson_and_shows_the_boundary_at_80x24(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.panel.live)  # the views come just after the first frame
        await pilot.pause()
        field, lesson = app.panel.field, app.query_one("#lesson-pane")
        assert not field.display  # stacked: no room for the boundary
        await pilot.press("z")
        await pilot.pause()
        assert field.display and not lesson.display and app.panel.region.height >= 20
        assert field.region.height >= 6 and app.panel.region.width == 80
        await pilot.press("z")
        await pilot.pause()
        assert lesson.display and not app.panel.display
        await pilot.press("z")
        await pilot.pause()
        assert lesson.display and app.panel.display and not field.display


async def test_wide_terminal_keeps_the_lesson_readable(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(200, 50)) as pilot:
        await until(pilot, lambda: app.lesson_view is not None and app.lesson_view.size.width > 0
                    and bool(app.panel.query("#chart")))  # laid out again once the chart is mounted
        await pilot.pause()
        text = app.lesson_view.scrollable_content_region.width  # type: ignore[union-attr]
        assert 72 <= text <= 90
        assert app.panel.region.width >= 200 - 92


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_circle_is_drawn_round(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path, start="four-components")
    async with app.run_test(size=size) as pilot:
        await until(pilot, lambda: app.panel.field.view() is not None)
        view = app.panel.field.view()
        assert view is not None
        x0, x1, y0, y1 = view.extent
        assert (x1 - x0) / view.cols == pytest.approx((y1 - y0) / (2 * view.rows))
        data = app.panel.field._data
        X = np.concatenate([data.X_train, data.X_val])
        cols = (X[:, 0].max() - X[:, 0].min()) / (x1 - x0) * view.cols
        pixel_rows = (X[:, 1].max() - X[:, 1].min()) / (y1 - y0) * 2 * view.rows
        assert cols == pytest.approx(pixel_rows, rel=0.15)  # as wide as tall, in cells and half cells


async def test_korean_footer_and_legends(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.panel.live)  # the views come just after the first frame
        await pilot.press("l")
        await pilot.pause()
        labels = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"다음", "목차", "실행", "설정", "화면", "도움말", "종료"} <= labels
        assert "손실" in str(app.query_one("#chart-caption", Static).render())
        assert "결정 경계" in str(app.query_one("#field-caption", Static).render())
        await until(pilot, lambda: app.panel.live)  # the views come just after the first frame
        await pilot.press("l")
        await pilot.pause()
        labels = {b.binding.description for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"next", "toc", "run", "setup", "layout", "quit"} <= labels


async def test_captions_wrap_instead_of_being_cut(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="four-components")
    async with app.run_test(size=(100, 40)) as pilot:
        await until(pilot, lambda: bool(app.query("#field-caption")))  # the views come after the first frame
        caption = app.query_one("#field-caption", Static)
        await until(pilot, lambda: caption.region.width > 0 and "wrong" in str(caption.render()))
        await pilot.pause()
        words = str(caption.render())
        assert cell_len(words.replace("\n", "")) > caption.region.width  # too long for one line
        assert caption.region.height >= 2 and words.rstrip().endswith("wrong")


async def test_boundary_follows_its_own_size_not_only_the_terminals(tmp_path: Path) -> None:
    """A caption that wraps to more lines shrinks the field while the terminal keeps its size;
    the model must then be asked about the new grid, or the picture stays blank."""
    app = make_app(tmp_path, start="universal-approximation")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        await until(pilot, lambda: app.panel.live and app.panel.field.size.height > 0)  # a run may end first
        field = app.panel.field
        rows = field.size.height
        app.panel.query_one("#field-caption", Static).update("a\nb\nc\nd")
        await until(pilot, lambda: field.size.height < rows)
        await until(pilot, lambda: app.snapshot.view == field.view(), timeout=5)
        await pilot.pause()
        assert any("▀" in strip.text for strip in field._strips)
        assert app.snapshot.field_values is not None


async def test_editor_keeps_arrows_and_space_for_its_fields(tmp_path: Path) -> None:
    """← → and space are the app's priority keys (lessons, pause); in the editor they edit text."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await type_into(pilot, "hidden", "88")
        await pilot.press("left", "comma", "space", "right")
        assert app.lesson.id == "activation-functions"
        assert app.snapshot is None or app.snapshot.state != "training"  # space did not start a run
        assert app.screen.query_one("#field-hidden", Input).value == "8, 8"
        await pilot.press("enter")
        assert app.config.hidden == (8, 8)


async def test_editor_lists_open_and_choose_by_keyboard(tmp_path: Path) -> None:
    """↓ opens a list, enter picks in it (the editor stays), a second enter applies."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        editor = app.screen
        await pilot.press("down", "down", "enter")  # xor -> circle
        assert app.screen is editor and str(editor.query_one("#field-dataset").value) == "circle"
        await pilot.press("enter")
        assert app.screen is not editor and app.config.dataset == "circle"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_status_line_drops_the_speed_then_the_pace_rather_than_wrap(lang: str) -> None:
    """At 100x30 the panel is 45 columns: "▶ training  step 2,199  375 steps/s  watch pace" wrapped,
    and the boundary below moved a line whenever the speed gained or lost a digit."""
    s = Snapshot(run=1, config=RunConfig(), state="training", step=2_199, target=3_000, train_loss=0.1,
                 val_loss=0.2, train_accuracy=0.9, val_accuracy=0.8, steps_per_second=1_375.0, paced=True)
    whole = status_text(s, lang).plain.splitlines()[0]
    speed, pace = ("steps/s", "watch pace") if lang == "en" else whole.split("  ")[-2:]
    assert speed in whole and pace in whole
    for width in range(10, cell_len(whole) + 2):
        first = status_text(s, lang, width=width).plain.splitlines()[0]
        assert cell_len(first) <= width or first == whole.split("  ")[0] + "  " + whole.split("  ")[1]
        if cell_len(whole) <= width:
            assert first == whole
        elif speed in first:
            pytest.fail(f"the speed kept over the pace at width {width}: {first!r}")
    narrow = status_text(s, lang, width=cell_len(whole) - 1).plain.splitlines()[0]
    assert pace in narrow and "1,375" not in narrow
