"""What the main screens look like, compared against reviewed SVG snapshots.

Regenerate after an intended change with ``pytest tests/test_snapshots.py --snapshot-update``
and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_app


def test_first_lesson_wide(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Lesson 1 at 120x40: lesson beside the training panel, the data drawn before any run."""
    assert snap_compare(make_app(tmp_path), terminal_size=(120, 40))


def test_activation_lesson_narrow_in_korean(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Lesson 8 in Korean at 80x24: the panes stack and the setup fits one line."""
    assert snap_compare(make_app(tmp_path, lang="ko", start="activation-functions"), terminal_size=(80, 24))


def test_quiz_answered(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A wrong answer marks both choices and shows the explanation."""
    app = make_app(tmp_path, start="linear-networks")

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        card = app.lesson_view.quiz_cards[0]
        wrong = 1 if card.quiz.answer != 1 else 2
        await pilot.press(str(wrong))
        card.scroll_visible(animate=False)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_contents(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The contents list with the current lesson highlighted."""
    assert snap_compare(make_app(tmp_path, start="historical-review"), terminal_size=(100, 30), press=["t"])


def test_help_in_korean(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The key help, translated."""
    assert snap_compare(make_app(tmp_path, lang="ko"), terminal_size=(100, 30), press=["question_mark"])
