"""Seeing inside a run in the app: the curve explained, the network view, predictions."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from conftest import make_app, until


def explain_line(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.panel.query_one("#explain", Static).render())


async def test_a_finished_run_is_explained_and_m_opens_the_lesson_it_names(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="multilayer-perceptron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")  # Race: SGD at lr 0.01 hardly moves
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        assert app.snapshot.verdict is not None and app.snapshot.verdict.kind == "flat"
        assert "hardly moved" in explain_line(app)
        assert "m: read «Linear neural networks»" in explain_line(app)
        await pilot.press("m")
        assert app.lesson.id == "linear-networks"
        await pilot.press("l")  # the sentence follows the language
        assert "거의 움직이지 않았습니다" in explain_line(app)


async def test_while_training_nothing_is_explained_and_a_pause_is(tmp_path: Path, slow_lessons: Path) -> None:
    app = make_app(tmp_path, lessons=slow_lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.step > 100)
        assert explain_line(app) == ""
        await pilot.press("space")
        await until(pilot, lambda: app.snapshot.state == "paused")
        assert app.snapshot.verdict is not None and explain_line(app) == app.snapshot.verdict.sentence("en")
