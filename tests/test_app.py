"""The app driven from the keyboard, as a learner drives it."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from conftest import make_app, until
from tui_tutor.app.lesson_view import LessonView
from tui_tutor.app.screens import ContentsScreen, HelpScreen, SourceScreen


async def test_navigation_and_resume(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.lesson.id == "introduction"
        await pilot.press("n", "right", "n", "p")
        assert app.lesson.order == 3
        assert app.lesson_view is not None and app.lesson_view.display
        assert "3/11" in str(app.query_one("#titlebar", Static).render())
        await pilot.press("left", "left", "left")  # stops at the first lesson
        assert app.index == 0
        for _ in range(3):
            await pilot.press("n")
        await pilot.press("q")
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["last_lesson"] == app.lessons[3].id
    again = make_app(tmp_path)
    async with again.run_test(size=(120, 40)):
        assert again.lesson.id == app.lessons[3].id
        assert {"introduction", "four-components"} <= again.progress.visited


async def test_running_an_experiment_draws_the_chart(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        chart = app.panel.chart
        frames = chart.frames
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        s = app.snapshot
        assert s.step == s.config.steps and s.config.activation == "relu"
        assert s.val_accuracy is not None and s.val_accuracy >= 0.95
        assert chart.frames > frames
        assert any("⣀" in strip.text or "⠤" in strip.text for strip in chart._strips)  # a curve
        status = str(app.panel.query_one("#status", Static).render())
        assert f"step {s.step:,}" in status
        assert app.lesson_view.experiment_cards[0].active
        # the decision boundary was predicted on the field's grid, then at the data points
        pixels = s.view.cols * s.view.rows * 2
        assert s.field_values is not None and len(s.field_values) == pixels + len(s.view.points)


async def test_pause_step_and_reset(tmp_path: Path, slow_lessons: Path) -> None:
    app = make_app(tmp_path, lessons=slow_lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "training"
                    and app.snapshot.step > 0)
        await pilot.press("space")
        await until(pilot, lambda: app.snapshot.state == "paused")
        paused_at = app.snapshot.step
        await pilot.pause(0.2)
        assert app.snapshot.step == paused_at
        await pilot.press("s")
        await until(pilot, lambda: app.snapshot.step == paused_at + 1)
        assert app.snapshot.state == "paused"
        run = app.snapshot.run
        await pilot.press("r")  # the setup again, from step 0, training at once
        await until(pilot, lambda: app.snapshot.run > run and app.snapshot.state == "training")
        assert app.previous is not None and app.previous.step == paused_at + 1
        await pilot.press("space")
        await until(pilot, lambda: app.snapshot.state == "paused")


async def test_changing_the_setup_while_training(tmp_path: Path, slow_lessons: Path) -> None:
    app = make_app(tmp_path, lessons=slow_lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.step > 0)
        run = app.snapshot.run
        await pilot.press("right_square_bracket", "a")  # the setup changes; the run on screen does not
        assert "lr 0.02" in str(app.panel.query_one("#setup", Static).render())
        await pilot.pause(0.1)
        assert app.snapshot.run == run and app.snapshot.config.lr == 0.01
        assert "r runs it" in str(app.panel.query_one("#status", Static).render())
        await pilot.press("r")
        await until(pilot, lambda: app.snapshot.run > run and app.snapshot.step > 0)
        assert app.snapshot.config.activation == "sigmoid" and app.snapshot.config.lr == 0.02
        assert app.snapshot.state == "training"
        assert app.previous is not None and app.previous.config.activation == "tanh"
        await pilot.press("c")
        assert app.compare and app.panel.previous is not None


async def test_linear_activation_fails_on_xor_where_relu_succeeds(tmp_path: Path) -> None:
    """The course's demonstration, done with keys: run, switch to identity, compare."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        relu = app.snapshot.val_accuracy
        await pilot.press("a", "a", "a", "r")  # relu -> tanh -> sigmoid -> identity, run again
        await until(pilot, lambda: app.snapshot.config.activation == "identity"
                    and app.snapshot.state == "done")
        assert relu >= 0.95 and app.snapshot.val_accuracy <= 0.7
        assert app.previous.config.activation == "relu"  # c compares the two runs the lesson means


async def test_language_switch_keeps_the_lesson(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        english = app.lesson.title
        await pilot.press("l")
        assert app.lang == "ko" and app.lesson.id == "activation-functions"
        assert app.lesson.title != english and app.lesson_view.lesson.lang == "ko"
        assert "활성화" in str(app.query_one("#titlebar", Static).render())
        await pilot.press("l")
        assert app.lang == "en" and app.lesson.title == english
    assert json.loads((tmp_path / "progress.json").read_text())["lang"] == "en"


async def test_quiz_round_trip(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    quiz = app.lessons[0].quizzes[0]
    wrong = 1 if quiz.answer != 1 else 2
    async with app.run_test(size=(120, 40)) as pilot:
        card = app.lesson_view.quiz_cards[0]
        await pilot.press("end")
        await until(pilot, lambda: card.current)
        assert card.answer is None
        await pilot.press(str(wrong))
        assert card.answer == wrong and card.has_class("-wrong")
        assert quiz.explanation[:20] not in str(card.render())  # kept for when it is answered right
        assert "press another number" in str(card.render())
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["answers"]["introduction"]["1"] == wrong
    again = make_app(tmp_path)
    async with again.run_test(size=(120, 40)):
        card = again.lesson_view.quiz_cards[0]
        assert card.answer == wrong and card.has_class("-wrong")


async def test_corrupt_progress_file_is_survived(tmp_path: Path) -> None:
    (tmp_path / "progress.json").write_bytes(b"\x00\xffnot json")
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.lesson.id == "introduction"
        assert any("unreadable" in n.message for n in app._notifications)
    assert list(tmp_path.glob("progress.json.corrupt-*"))
    assert json.loads((tmp_path / "progress.json").read_text())["version"] == 1


async def test_resizing_stacks_the_panes(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.panel.live)  # the views come just after the first frame
        await pilot.press("x")
        assert not app.screen.has_class("-narrow")
        for size in ((80, 24), (60, 20), (30, 8), (120, 40)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.screen.has_class("-narrow") == (size[0] < 100)
            panel = app.panel
            assert panel.region.width <= size[0]
            if size[0] < 100:
                assert panel.region.y > app.query_one("#lesson-pane").region.y  # stacked below
                assert not panel.field.display
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        await pilot.press("n")
        assert app.lesson.order == 9


async def test_contents_help_and_source_screens(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="multilayer-perceptron")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, ContentsScreen)
        await pilot.press("home", "down", "enter")
        assert app.lesson.order == 2 and not isinstance(app.screen, ContentsScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "v")
        assert isinstance(app.screen, SourceScreen)
        import inspect

        from tui_tutor.engine import Trainer
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert app.screen.names and inspect.getsourcelines(Trainer.step)[1] > 0
        assert "tui_tutor/engine/" in shown
        await pilot.press("escape")
        assert isinstance(app.screen.query_one(LessonView), LessonView) or True


async def test_command_palette_goes_to_a_lesson_and_runs_an_experiment(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"go to lesson 6")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.lesson.order == 6)
        await pilot.press("ctrl+p")
        await pilot.press(*"run experiment relu solves")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.config.activation == "relu"
                    and app.snapshot.config.dataset == "xor")
        assert app.lesson.id == "activation-functions"


async def test_premounting_the_next_lesson_during_exit_does_nothing(tmp_path: Path) -> None:
    """The next lesson is built 0.5 s after a lesson opens; a learner who quits (or a test that
    ends) inside that window left the timer to query a lesson pane that was already gone."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.query_one("#lesson-pane").remove()  # as the app's exit takes the screen down
        app._premount_next()
        await pilot.pause()
        assert not app.query("#lesson-pane")


async def test_premounting_into_a_pane_already_detached_does_nothing(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Quitting while a resize was still being drawn (a classroom learner at 500x200, on a busy
    server) let the timer find the lesson pane after it had left the DOM: MountError, exit 1."""
    from textual.containers import Container

    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: len(app.views) == 2)  # the next lesson, built in the background
        nxt = app.lessons[app.index + 1]
        await app.views.pop((nxt.lang, nxt.id)).remove()  # as if the timer had not fired yet
        before = dict(app.views)
        monkeypatch.setattr(Container, "is_attached", property(lambda self: False))  # as mid-teardown
        app._premount_next()  # raised MountError here
        monkeypatch.undo()
        assert app.views == before  # and built nothing


async def test_a_panel_going_live_during_exit_does_nothing(tmp_path: Path) -> None:
    """The panel says Live 0.25 s after it mounts; a run that ended (a test, a learner's q) inside
    that window had the app look for a panel its screen had already taken down: NoMatches, exit 1.
    A late resize did the same."""
    from tui_tutor.app.app import Workspace
    from tui_tutor.app.field_view import FieldView
    from tui_tutor.app.training_panel import TrainingPanel

    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await app.panel.remove()  # as the app's exit takes the screen down
        for late in (TrainingPanel.Live(), Workspace.Resized(), FieldView.Resized()):
            app.post_message(late)  # messages still in the queue
        await pilot.pause()
        assert not app.query(TrainingPanel)
