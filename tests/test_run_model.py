"""The run model and quizzes, typed as a learner types them (issue 8, problems 1-9)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from textual.widgets import Static

from conftest import make_app, until
from tui_tutor import progress as store
from tui_tutor.app.screens import ContentsScreen
from tui_tutor.ticks import nice_ticks

EXPERIMENT = '''
```experiment
label = "{label}"
dataset = "{dataset}"
hidden = [4]
activation = "tanh"
lr = {lr}
steps = {steps}
n = 80
{extra}
expect = {{ {expect} }}
```
'''

QUIZ = '''
```quiz
question = "{question}"
choices = ["one", "two", "three"]
answer = {answer}
explanation = "Because {question}."
```
'''


def lesson(order: int, slug: str, body: str) -> str:
    return f'+++\nid = "{slug}"\ntitle = "{slug.title()}"\norder = {order}\nsummary = "For tests."\n+++\n\n{body}'


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    """Small lessons: two experiments, one that diverges, two quizzes close together, long text."""
    root = tmp_path / "lessons"
    filler = "\n\n".join(f"Paragraph {i} of text that pushes the next quiz off the screen." for i in range(40))
    first = (EXPERIMENT.format(label="Small", dataset="xor", lr=0.01, steps=200, extra="",
                               expect="val_accuracy_min = 0.0")
             + EXPERIMENT.format(label="Blows up", dataset="xor", lr=1e6, steps=200, extra="",
                                 expect="diverges = true"))
    second = EXPERIMENT.format(label="Other", dataset="circle", lr=0.02, steps=150, extra="seconds = 30",
                               expect="val_accuracy_min = 0.0")
    quizzes = (QUIZ.format(question="First", answer=2) + "\nBetween.\n" + QUIZ.format(question="Second", answer=3)
               + "\n" + filler + "\n" + QUIZ.format(question="Far", answer=1))
    for lang in ("en", "ko"):
        (root / lang).mkdir(parents=True)
        (root / lang / "01-runs.md").write_text(lesson(1, "runs", first), encoding="utf-8")
        (root / lang / "02-other.md").write_text(lesson(2, "other", second), encoding="utf-8")
        (root / lang / "03-quizzes.md").write_text(lesson(3, "quizzes", quizzes), encoding="utf-8")
    return root


def status(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.panel.query_one("#status", Static).render())


def notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [n.message for n in app._notifications]


async def test_a_lesson_opens_with_its_first_experiment_ready(tmp_path: Path, runs: Path) -> None:
    """Problem 8: the panel shows this lesson's setup, not the last lesson's run."""
    app = make_app(tmp_path, lessons=runs)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.snapshot is not None)
        assert app.snapshot.state == "ready" and app.snapshot.step == 0
        assert app.snapshot.config.dataset == "xor"
        assert "ready" in str(app.lesson_view.experiment_cards[0].render())
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot.state == "done")
        await pilot.press("n")
        await until(pilot, lambda: app.snapshot.config.dataset == "circle")
        assert app.snapshot.state == "ready" and app.snapshot.step == 0
        assert "circle" in str(app.panel.query_one("#setup", Static).render())


async def test_r_runs_the_setup_again_with_the_changes(tmp_path: Path, runs: Path) -> None:
    """Problems 2 and 3: `]` then r trains the new learning rate; every run becomes the comparison;
    c names every difference; x goes on to the next experiment and says what it replaced."""
    app = make_app(tmp_path, lessons=runs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        first = app.snapshot.run
        await pilot.press("right_square_bracket", "r")
        await until(pilot, lambda: app.snapshot.run > first and app.snapshot.state == "done")
        assert app.snapshot.config.lr == 0.02 and app.snapshot.step == 200
        assert app.previous is not None and app.previous.config.lr == 0.01
        await pilot.press("c")
        assert app.compare and any("lr 0.01 → 0.02" in n for n in notes(app))
        second = app.snapshot.run
        await pilot.press("a", "left_square_bracket", "r")  # tanh -> sigmoid, lr back to 0.01
        await until(pilot, lambda: app.snapshot.run > second and app.snapshot.state == "done")
        await pilot.press("c", "c")  # off, on again: names both differences
        assert any("activation tanh → sigmoid, lr 0.02 → 0.01" in n for n in notes(app))
        await pilot.press("x")  # the next experiment, over the changed setup, and it says so
        await until(pilot, lambda: app.snapshot.config.lr == 1e6)
        assert any("activation sigmoid → tanh" in n and "r runs your own setup" in n for n in notes(app))


async def test_divergence_step_agrees_and_the_chart_shows_it(tmp_path: Path, runs: Path) -> None:
    """Problem 5: the status and the message name the same step; the card says diverged;
    a run started with r after it becomes the comparison."""
    app = make_app(tmp_path, lessons=runs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        assert "done" in str(app.lesson_view.experiment_cards[0].render())
        assert "running" not in str(app.lesson_view.experiment_cards[0].render())
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot.state == "diverged")
        s = app.snapshot
        assert f"step {s.step}" in status(app) and f"diverged at step {s.step}:" in status(app)
        assert "diverged" in str(app.lesson_view.experiment_cards[1].render())
        chart = app.panel.chart  # mounted just after the first frame: drawn once laid out
        await until(pilot, lambda: "^" in "".join(strip.text for strip in chart._strips))  # the climb, marked
        blown = s.run
        await pilot.press(*"[[[[[[[[[[[[[[[[[[[[", "r")
        await until(pilot, lambda: app.snapshot.run > blown and app.snapshot.step > 0)
        assert app.previous is not None and app.previous.run == blown


async def test_compare_is_cleared_by_a_new_lesson(tmp_path: Path, runs: Path) -> None:
    """Problem 4."""
    app = make_app(tmp_path, lessons=runs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        await pilot.press("r")
        await until(pilot, lambda: app.previous is not None)
        await pilot.press("c")
        assert app.compare and app.panel.previous is not None
        await pilot.press("n")
        assert not app.compare and app.previous is None and app.panel.previous is None
        await pilot.press("c")
        assert any("No earlier run in this lesson" in n for n in notes(app))


async def test_s_and_space_work_before_the_first_run(tmp_path: Path, runs: Path) -> None:
    """Problem 6: on a lesson with no experiment, s steps the setup and space starts it; on one
    with an experiment, s steps that experiment."""
    app = make_app(tmp_path, lessons=runs, start="quizzes")
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.snapshot is None
        await pilot.press("s")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.step == 1)
        assert app.snapshot.state == "paused"
        await pilot.press("space")
        await until(pilot, lambda: app.snapshot.step > 1)
        await pilot.press("p", "p")
        await until(pilot, lambda: app.snapshot.config.dataset == "xor" and app.snapshot.state == "ready")
        await pilot.press("s")
        await until(pilot, lambda: app.snapshot.step == 1 and app.snapshot.config.lr == 0.01)


async def test_both_accuracies_are_shown(tmp_path: Path, runs: Path) -> None:
    """Problem 9: the lessons speak of training accuracy too."""
    app = make_app(tmp_path, lessons=runs)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        s = app.snapshot
        assert f"train acc {s.train_accuracy:.1%}" in status(app)
        assert f"val acc {s.val_accuracy:.1%}" in status(app)
        chart = app.panel.chart
        await until(pilot, lambda: bool(chart._strips))  # mounted just after the first frame
        frames = chart.frames
        await pilot.press("g")  # a log-scale loss axis: ticks at powers of ten
        assert chart.log_scale and chart.frames > frames
        ticks = [strip.text.split("┤")[0].strip() for strip in chart._strips if "┤" in strip.text]
        assert ticks and all(float(x) > 0 and math.log10(float(x)).is_integer() for x in ticks)
        await pilot.press("g")
        assert not chart.log_scale


async def test_a_paced_run_sleeps_between_steps_and_f_goes_full_speed(tmp_path: Path, runs: Path) -> None:
    """Problem 7: a paced run of 150 steps over its 30 seconds is still going after its first
    snapshots, with the worker asleep between steps; f finishes it at full speed."""
    app = make_app(tmp_path, lessons=runs, start="other", paced=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "training"
                    and app.snapshot.step > 0)
        await until(pilot, app.session.napping.is_set)
        assert app.snapshot.state == "training" and app.snapshot.step < 150
        assert "watch pace" in status(app)
        await pilot.press("f")
        await until(pilot, lambda: app.snapshot.state == "done")
        assert app.snapshot.step == 150 and "full speed" in status(app)


async def test_a_digit_answers_the_quiz_on_screen(tmp_path: Path, runs: Path) -> None:
    """Problem 1: the quiz nearest the middle, or the one picked with tab; never one off screen;
    a wrong answer can be tried again, and the lesson is done when all are right."""
    app = make_app(tmp_path, lessons=runs, start="quizzes")
    async with app.run_test(size=(120, 40)) as pilot:
        view = app.lesson_view
        first, second, far = view.quiz_cards
        await until(pilot, lambda: first.current or second.current)
        assert far not in view.on_screen()
        target = view.current_quiz()
        await pilot.press("tab")
        other = second if target is first else first
        assert view.current_quiz() is other and other.current
        await pilot.press("1")  # wrong for both
        assert other.answer == 1 and not other.right and far.answer is None and target.answer is None
        await pilot.press(str(other.quiz.answer))  # a retry
        assert other.right
        await pilot.press("end")
        await until(pilot, lambda: view.current_quiz() is far)
        await pilot.press("1")
        assert far.right and target.answer is None
        await pilot.press("home")
        await until(pilot, lambda: view.current_quiz() is target)
        assert not app.is_done(app.lesson)
        await pilot.press(str(target.quiz.answer))
        assert app.is_done(app.lesson)
        await pilot.press("t")
        assert isinstance(app.screen, ContentsScreen)
        score = str(app.screen.query_one("#quiz-score", Static).render())
        assert score == "quizzes: 2/3 right first time"
    saved = store.load(tmp_path / "progress.json").progress
    assert saved.first_try["quizzes"] == {second.number if other is second else first.number: False,
                                          far.number: True, target.number: True}


def test_old_progress_files_count_their_answers_as_first_tries() -> None:
    old = store.Progress.from_json({"version": 1, "answers": {"a": {"1": 2, "2": 1}}})
    assert old.first_try == {}
    assert old.first_try_score({"a": [2, 3, 1]}) == (1, 3)
    old.answer("a", 2, 3, right=True)  # a retry of a quiz answered wrong before first tries were kept
    assert old.first_try == {"a": {2: False}} and old.first_try_score({"a": [2, 3, 1]}) == (1, 3)
    again = store.Progress.from_json(old.to_json())
    assert again.first_try == {"a": {2: False}} and again.answers == {"a": {1: 2, 2: 3}}


def test_ticks_are_round_numbers() -> None:
    assert nice_ticks(0, 100, 4) == [0, 25, 50, 75, 100]
    assert nice_ticks(1, 100, 4) == [25, 50, 75, 100]
    assert nice_ticks(0, 3000, 3) == [0, 1000, 2000, 3000]
    assert nice_ticks(0, 0.7, 3) == [0, 0.25, 0.5]


async def test_coming_back_to_the_lesson_keeps_its_run(tmp_path: Path, runs: Path) -> None:
    """Reading another lesson and coming back does not throw the run away; another
    experiment's lesson does load its own setup."""
    app = make_app(tmp_path, lessons=runs, start="other")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        run = app.snapshot.run
        await pilot.press("n", "p")  # the quizzes lesson has no experiment
        await pilot.pause(0.1)
        assert app.snapshot.run == run and app.snapshot.state == "done"
        assert "done" in str(app.lesson_view.experiment_cards[0].render())
        await pilot.press("p")
        await until(pilot, lambda: app.snapshot.config.dataset == "xor" and app.snapshot.state == "ready")


def test_pace_says_when_the_next_step_is_due() -> None:
    from tui_tutor.app.pace import Pace

    full = Pace(False)
    full.set_run(10, 100.0)
    assert full.due(0) == float("inf") and full.wait(0) == 0.0
    slow = Pace(True)
    slow.set_run(10, 100.0)  # one step every 10 s: the first is due at once, the second is not
    assert slow.wait(0) == 0.0
    assert slow.wait(1) > 0 and int(slow.due(1)) == 1
    slow.on = False
    assert slow.wait(1) == 0.0
