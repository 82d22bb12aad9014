"""Seeing inside a run in the app: the curve explained, the network view, predictions."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from conftest import make_app, until


def explain_line(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.panel.query_one("#explain", Static).render())


async def test_a_finished_run_is_explained_and_m_opens_the_lesson_it_names(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="multilayer-perceptron", predict=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x", "1")  # Race: SGD at lr 0.01 (its prediction answered) hardly moves
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        assert app.snapshot.verdict is not None and app.snapshot.verdict.kind == "flat"
        assert "hardly moved" in explain_line(app)
        assert "You predicted 1. 80% or below" in explain_line(app) and "✓ Right." in explain_line(app)
        assert "m: read «Linear neural networks»" in explain_line(app)
        await pilot.press("l")  # the sentence follows the language
        assert "거의 움직이지 않았습니다" in explain_line(app)
        assert "예측: 1. 80% 이하" in explain_line(app) and "실제 결과: 1." in explain_line(app)  # the guess too
        assert "m: «선형 신경망» 읽기" in explain_line(app)  # the lesson named in the language shown
        await pilot.press("m")
        assert app.lesson.id == "linear-networks"


async def test_while_training_nothing_is_explained_and_a_pause_is(tmp_path: Path, slow_lessons: Path) -> None:
    app = make_app(tmp_path, lessons=slow_lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.step > 100)
        assert explain_line(app) == ""
        await pilot.press("space")
        await until(pilot, lambda: app.snapshot.state == "paused")
        assert app.snapshot.verdict is not None and explain_line(app) == app.snapshot.verdict.sentence("en")


async def test_w_swaps_the_boundary_for_the_network_and_arrows_move_the_focus(tmp_path: Path) -> None:
    from tui_tutor.app.network_view import NetworkView

    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        panel = app.panel
        await until(pilot, lambda: panel.live)  # the views come just after the first frame
        await pilot.pause()
        assert panel.field.display and not panel.network.display
        await pilot.press("w", "x")
        assert panel.network.display and not panel.field.display
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done"
                    and app.snapshot.neurons is not None)
        s = app.snapshot
        assert [n.shape[1] for n in s.neurons] == s.config.sizes  # every neuron, every layer
        assert len(s.neurons[0]) == len(panel.network.grid())
        view: NetworkView = panel.network
        await pilot.pause(0.1)
        await pilot.press("right", "down", "down")  # from h¹₁: to layer 2, third unit
        assert view.focus_at == (2, 2) and app.lesson.id == "activation-functions"  # arrows did not turn the page
        W, b = s.weights[2], s.weights[3]
        formula = view.info_lines[0].plain + view.info_lines[1].plain
        assert formula.startswith("h²₃ = relu(") and f"{abs(b[2]):.2f})" in formula
        assert f"{abs(W[0, 2]):.2f}·h¹₁" in formula
        await pilot.press("w")
        assert panel.field.display and not panel.network.display
        await pilot.press("right")  # with the boundary back, arrows turn pages again
        assert app.lesson.id == "universal-approximation"


async def test_the_network_view_shows_at_80x24_with_the_panel_alone(tmp_path: Path) -> None:
    """At 80x24 the panes stack and the boundary and network view are hidden; `z` gives the panel
    the screen and shows the boundary, but `w` there showed only the network's caption: the
    narrow layout's rule hid the view and the panel-only one brought back just the field."""
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.panel
        await until(pilot, lambda: panel.live)
        await pilot.press("z")
        await until(pilot, lambda: panel.field.region.height > 0)
        await pilot.press("w", "x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.neurons is not None)
        await pilot.pause()
        assert panel.network.display and panel.network.region.height >= 8 and panel.network.region.width >= 30
        assert panel.field.region.height == 0


async def test_the_network_view_asks_for_its_grid_again_when_its_size_changes(tmp_path: Path) -> None:
    """The panel's views come a quarter of a second after the first frame. In a terminal, `w`
    pressed before that had the network view asked for its grid while it had no size, and never
    again: its tiles stayed dots and its formula zeros for the whole run (bench --ui --network
    presses w at once). The view now says when its size changes, as the boundary does."""
    app = make_app(tmp_path, start="activation-functions", paced=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.panel.live)
        await pilot.press("w", "x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.neurons is not None)
        app.session.set_network(None)  # as when the view had no size yet
        await until(pilot, lambda: app.snapshot.neurons is None and app.snapshot.state == "training")
        app.panel.network.on_resize()  # its size arrives
        await until(pilot, lambda: app.snapshot.neurons is not None)
        assert len(app.snapshot.neurons[0]) == len(app.panel.network.grid())


def test_wide_layers_show_the_16_strongest_and_say_how_many_are_hidden() -> None:
    import numpy as np

    from tui_tutor.app.network_layout import plan, shown_units

    sizes = [2, 40, 1]
    W1, W2 = np.zeros((2, 40)), np.zeros((40, 1))
    strong = [3, 7, 11, 38]
    W2[strong, 0] = 5.0
    shown = shown_units([W1, W2], sizes, plan(sizes, 52, 22, False).shown)
    assert len(shown[1]) == 16 and set(strong) <= set(shown[1].tolist())


def test_network_view_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The network view of a small trained XOR net: tiles, link glyphs and the focused formula."""
    from textual.app import App

    from tui_tutor.app.network_view import NetworkView
    from tui_tutor.engine import RunConfig, dataset_info

    config = RunConfig(dataset="xor", hidden=(4,), activation="relu", lr=0.03, steps=300)
    trainer = config.build()
    trainer.run(config.steps)

    class One(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield NetworkView()

        def on_mount(self) -> None:
            view = self.query_one(NetworkView)
            view.styles.height = 14
            view.set_model(config.sizes, "relu", dataset_info("xor"), (-1.5, 1.5, -1.5, 1.5))
            self.call_after_refresh(self.draw)

        def draw(self) -> None:
            view = self.query_one(NetworkView)
            X = view.grid()
            outs, h = [X], X
            for layer in trainer.model.layers:
                h = layer.activation.forward(h @ layer.W + layer.b)
                outs.append(h)
            view.show(tuple(outs), tuple(p for layer in trainer.model.layers for p in (layer.W, layer.b)))

    assert snap_compare(One(), terminal_size=(50, 16))


QUICK_LESSON = '''+++
id = "quick"
title = "Quick"
order = 1
summary = "A short run with a prediction."
+++

```experiment
label = "Short xor"
dataset = "xor"
hidden = [4]
activation = "relu"
lr = 0.03
steps = 200
expect = { diverges = false }

[predict]
question = "Will [b]this[/b] net blow up?"
choices = ["No, it trains", "Yes, it diverges"]
answer = 2  # a wrong key on purpose: the panel must report what the run did, not the key
explanation = "A small step on a small net stays finite."
holds = [{ diverges = false }, { diverges = true }]
```
'''


def quick_app(tmp_path: Path, predict: bool = True):  # type: ignore[no-untyped-def]
    """A fixture lesson whose experiment carries a ``[predict]`` table."""
    from tui_tutor import progress as store
    from tui_tutor.app.app import TutorApp
    from tui_tutor.lessons import load_course

    root = tmp_path / "lessons"
    (root / "en").mkdir(parents=True)
    (root / "en" / "01-quick.md").write_text(QUICK_LESSON, encoding="utf-8")
    course = load_course(root)
    path = tmp_path / "progress.json"
    return TutorApp(course, "en", path, fps=20, progress=store.load(path).progress, predict=predict, paced=False)


async def test_x_asks_the_prediction_first_then_shows_the_guess_beside_the_outcome(tmp_path: Path) -> None:
    import json

    from tui_tutor.app.predict_view import PredictScreen

    app = quick_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, PredictScreen)
        assert "[b]this[/b]" in str(app.screen.query("Static")[1].render())  # lesson text is not markup
        await pilot.pause(0.2)
        assert app.snapshot is not None and app.snapshot.state == "ready" and app.snapshot.step == 0  # nothing
        # runs before the learner commits: the lesson's experiment is only loaded
        await pilot.press("2")
        assert not isinstance(app.screen, PredictScreen)
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        await pilot.pause(0.05)
        said = explain_line(app)
        assert app.snapshot.came_true == (1,)  # each choice's claim checked against the run
        assert said.startswith("You predicted 2. Yes, it diverges\nWhat happened: 1. No, it trains")
        assert "✗ Not this time." in said and "stays finite" in said
        assert app.snapshot.verdict.sentence("en") in said
        await pilot.press("r")  # a run the learner did not predict shows no guess
        await until(pilot, lambda: app.snapshot.run == app.run_number and app.snapshot.state == "done")
        assert "You predicted" not in explain_line(app)
    saved = json.loads((tmp_path / "progress.json").read_text())
    assert saved["predictions"] == {"quick": {"1": 2}}


async def test_predictions_can_be_skipped_by_key_and_by_option(tmp_path: Path) -> None:
    from tui_tutor.app.predict_view import PredictScreen

    app = quick_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, PredictScreen)
        await pilot.press("P")  # stop asking: this run plays, and the next x runs at once
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        assert not app.ask_predictions and "You predicted" not in explain_line(app)
        await pilot.press("x")
        await pilot.pause(0.1)
        assert not isinstance(app.screen, PredictScreen)
    quiet = quick_app(tmp_path / "again", predict=False)
    async with quiet.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: quiet.snapshot is not None and quiet.snapshot.step > 0)
        assert not isinstance(quiet.screen, PredictScreen)


def test_progress_files_without_predictions_still_load() -> None:
    from tui_tutor.progress import Progress

    old = {"version": 1, "lang": "en", "last_lesson": "x", "visited": ["x"], "answers": {"x": {"1": 2}}}
    p = Progress.from_json(old)
    assert p.predictions == {} and p.answers == {"x": {1: 2}}
    p.predict("x", 1, 3)
    assert Progress.from_json(p.to_json()).predictions == {"x": {1: 3}}


def test_prediction_guesses_are_validated_one_by_one_and_merged_like_answers() -> None:
    from tui_tutor.progress import Progress, read_record

    p, dropped = read_record({"version": 1, "predictions": {"a": {"1": 2, "2": "x", "0": 1, "3": 10},
                                                            "": {"1": 1}, "b": [1], "c": {"2": 3}}})
    assert p.predictions == {"a": {1: 2}, "c": {2: 3}} and dropped == ["5 prediction(s)"]
    assert read_record({"version": 1, "predictions": "lots"})[1] == ["the predictions"]
    disk = Progress(predictions={"a": {1: 1, 2: 2}})
    mine = Progress(predictions={"a": {1: 1}})
    mine.predict("a", 2, 3)  # guessed in this session: wins over the disk
    mine.predictions["a"][1] = 3  # loaded earlier, not guessed now: the disk's stays
    assert mine.merged_with(disk).predictions == {"a": {1: 1, 2: 3}}


def test_a_run_of_your_code_ends_without_verdict_or_network_but_its_guess_is_judged() -> None:
    """A trainer without the engine's model ("your code", in a child process) must not stop the session."""
    import numpy as np

    from tui_tutor.app.session import DONE, Session
    from tui_tutor.engine import History, Metrics, RunConfig

    class Remote:  # what RemoteTrainer offers: no model, data or loss in this process
        step_count, last_loss, diverged = 300, 0.1, None
        history = History()

        def evaluate(self) -> Metrics:
            return Metrics(0.1, 0.2, 0.9, 0.8)

    for step in range(1, 301):
        Remote.history["train_loss"].append(step, 1.0 / step)
    session = Session(lambda s: None)
    session.trainer, session.config, session.state = Remote(), RunConfig(), DONE  # as _loop leaves them
    session.run_id, session.target, session.view, session.message, session._rate = 1, 300, None, None, 0.0
    session.network, session.judge = np.zeros((4, 2)), lambda trainer, m: [2] if m.val_accuracy > 0.5 else [1]
    s = session.snapshot()
    assert s.verdict is None and s.neurons is None and s.came_true == (2,)
