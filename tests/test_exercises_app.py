"""The Exercises screen under Pilot: a saved file is re-checked and the screen changes; the panel
trains with your code and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import make_app, until
from tui_tutor.app.exercises_screen import ExercisesScreen
from tui_tutor.app.screens import ContentsScreen
from tui_tutor.app.session import DONE
from tui_tutor.app.your_code import your_code
from tui_tutor.exercises import get
from tui_tutor.exercises.remote import RemoteTrainer
from tui_tutor.exercises.workspace import write_solutions


def result_text(screen: ExercisesScreen) -> str:
    return str(screen.query_one("#ex-result").render())


async def test_a_file_saved_while_shown_is_rechecked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    monkeypatch.setenv("TUI_TUTOR_EXERCISES", str(workspace))
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, ContentsScreen))
        await pilot.press("end", "enter")  # the last entry of the contents: Exercises
        await until(pilot, lambda: isinstance(app.screen, ExercisesScreen))
        screen = app.screen
        assert isinstance(screen, ExercisesScreen)
        await until(pilot, lambda: screen.checks_done >= 1)  # the first check of every file
        assert screen.results["sgd"].status == "todo"
        screen.open("sgd")
        await until(pilot, lambda: "not implemented yet" in result_text(screen))
        (workspace / "sgd.py").write_text(get("sgd").file_text("en", solved=True).replace("p - lr", "p + lr"))
        await until(pilot, lambda: "wrong sign" in result_text(screen), timeout=10)
        (workspace / "sgd.py").write_text(get("sgd").file_text("en", solved=True))
        await until(pilot, lambda: screen.results["sgd"].passed, timeout=10)
        assert "✓" in result_text(screen) and "passes" in result_text(screen)


async def test_the_panel_trains_with_your_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workspace = tmp_path / "ws"
    write_solutions(workspace)
    monkeypatch.setenv("TUI_TUTOR_EXERCISES", str(workspace))
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_exercises()
        await until(pilot, lambda: isinstance(app.screen, ExercisesScreen))
        await pilot.press("y")
        await until(pilot, lambda: "your code" in str(app.panel.query_one("#status").render()))
        assert not isinstance(app.screen, ExercisesScreen)
        await pilot.press("f")  # full speed, where the app has a watch pace
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == DONE, timeout=60)
        assert app.snapshot.val_accuracy is not None and app.snapshot.val_accuracy >= 0.95
        assert isinstance(app.session.trainer, RemoteTrainer)  # the learner's code, in a child
        assert "your code" in str(app.panel.query_one("#status").render())


@pytest.mark.parametrize("size", [(30, 8), (45, 9)])
async def test_the_screen_survives_a_tiny_terminal(tmp_path: Path, size: tuple[int, int]) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        app.open_exercises()
        await until(pilot, lambda: isinstance(app.screen, ExercisesScreen) and app.screen.checks_done >= 1)
        await pilot.press("down", "enter", "pagedown", "escape")
        await pilot.resize_terminal(120, 40)
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ExercisesScreen))


async def test_your_code_waits_until_the_exercises_pass(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        app.open_exercises()
        await until(pilot, lambda: isinstance(app.screen, ExercisesScreen))
        await pilot.press("y")
        await until(pilot, lambda: any("needs" in str(n.message) for n in app._notifications))
        assert not your_code(app).on and "your code" not in str(app.panel.query_one("#status").render())
