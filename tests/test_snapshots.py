"""What the main screens look like, compared against reviewed SVG snapshots.

Regenerate after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_app, until
from textual.app import App, ComposeResult

from tui_tutor.app.field_view import FieldView, grid_for
from tui_tutor.engine import RunConfig, dataset_info


async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """The panel mounts its chart and draws the data just after the first frame: wait for that."""
    await until(pilot, lambda: bool(pilot.app.panel.query("#chart")))
    await pilot.pause()


def then_press(*keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)
        await pilot.press(*keys)
    return run_before


def test_first_lesson_wide(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Lesson 1 at 120x40: lesson beside the training panel, the data drawn before any run."""
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40), run_before=settled)


def test_activation_lesson_narrow_in_korean(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Lesson 8 in Korean at 80x24: the panes stack and the setup fits one line."""
    assert snap_compare(make_app(tmp_path, lang="ko", start="activation-functions"), terminal_size=(80, 24),
                        run_before=settled)


def test_quiz_answered(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A wrong answer to the quiz on screen is marked, and the learner is asked to try again."""
    app = make_app(tmp_path, start="linear-networks")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settled(pilot)
        app.lesson_view.quiz_cards[0].scroll_visible(animate=False, top=True)
        await pilot.pause()
        await pilot.pause()
        card = app.lesson_view.current_quiz()  # the one a digit answers: nearest the middle
        wrong = 1 if card.quiz.answer != 1 else 2
        await pilot.press(str(wrong))
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_contents(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The contents list with the current lesson highlighted."""
    assert snap_compare(make_app(tmp_path, start="historical-review"), terminal_size=(100, 30),
                        run_before=then_press("t"))


def test_help_in_korean(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The key help, translated."""
    assert snap_compare(make_app(tmp_path, lang="ko"), terminal_size=(100, 30),
                        run_before=then_press("question_mark"))


class _BoundaryApp(App[None]):
    """A trained circle classifier's boundary alone, so that the picture depends on nothing else."""

    CSS = "FieldView { width: 56; height: 16; max-height: 16; }"

    def compose(self) -> ComposeResult:
        yield FieldView()

    def on_mount(self) -> None:
        config = RunConfig("circle", hidden=(6,), activation="tanh", lr=0.03, n=200, noise=0.15, steps=150)
        trainer = config.build()
        for _ in range(config.steps):
            trainer.step()
        field = self.query_one(FieldView)
        field.set_data(dataset_info("circle"), trainer.data)
        self.call_after_refresh(lambda: field.show(trainer.predict(grid_for(field.view())), field.view()))


def test_boundary_marks_training_validation_and_wrong_points(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Square pixels (the circle is round); training points as pixels, validation points as "o",
    points the half-trained model gets wrong as "x", in Okabe–Ito class colours."""
    assert snap_compare(_BoundaryApp(), terminal_size=(60, 18))
