"""Warnings: what a lesson may do but should not. ``lessons check`` prints them; the shipped
course has none.

- A right choice that stands out by length. Test-wise learners pick the longest answer, and an
  author who writes the careful, qualified answer and three quick distractors hands it to them.
- A lesson longer than a terminal pane can carry. The bound is ``MAX_ROWS`` rows rendered at
  ``PANE_COLUMNS`` columns: the lesson pane is 60-72 columns wide beside the chart, and a 40-row
  terminal shows about 34 rows of it, so 220 rows is six to seven screens, about a 15-minute read.
  Measured on the first course: the history lesson (~365 rows) was the one reviewers found too
  long; the others ran 130-210.
- A lesson with experiments that asks no prediction: committing to a guess first is the point.
- Across a language, the right choice being the longest in more than ``LONGEST_SHARE`` of the
  questions: each may pass the first test and the habit still pays (chance is 1 in 3 or 4).
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich.cells import cell_len
from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text as RichText

from .model import Experiment, Figure, Lesson, Problem, Quiz, Text

PANE_COLUMNS = 72
MAX_ROWS = 220
#: A right choice stands out when it is this much longer than the longest wrong one, in cells...
LONG_RATIO = 1.3
#: ...and longer by at least this many cells (so "0.25" next to "0.5" is fine).
LONG_MARGIN = 8
#: Rows a figure takes at PANE_COLUMNS, measured with the app's renderer (tui_tutor/app/figures.py);
#: a kind not listed counts as DEFAULT_FIGURE_ROWS.
FIGURE_ROWS = {"timeline": 7, "linear-collapse": 7, "activations": 26, "backprop": 12}
DEFAULT_FIGURE_ROWS = 20
LONGEST_SHARE = 0.5
CARD_FRAME = 3  # a card's border (2 rows) and the margin between blocks
CARD_INSET = 6  # the pane's padding, a card's border and its padding, in columns


def lint_lesson(lesson: Lesson) -> list[Problem]:
    """Every warning for one lesson, with its file and line."""
    out = [Problem(lesson.path, line, message) for line, message in _long_answers(lesson)]
    if lesson.experiments and not any(e.predict for e in lesson.experiments):
        first = lesson.experiments[0]
        out.append(Problem(lesson.path, first.line, "warning: this lesson runs experiments but asks no prediction: "
                                                    "add a [predict] table to one of them (lessons/README.md, 4.3)"))
    rows = rendered_rows(lesson)
    if rows > MAX_ROWS:
        out.append(Problem(lesson.path, 1, f"warning: the lesson renders {rows} rows at {PANE_COLUMNS} columns, "
                                           f"more than {MAX_ROWS}: split it into two lessons, or move "
                                           "side material into an optional one"))
    return out


def lint_language(lessons: list[Lesson]) -> list[Problem]:
    """The course-wide warning: the longest choice is right too often to be chance."""
    questions = [(lesson, q) for lesson in lessons for q in _questions(lesson)]
    longest = [(lesson, q) for lesson, q in questions if _right_is_longest(q[2], q[3])]
    if not questions or len(longest) <= LONGEST_SHARE * len(questions):
        return []
    lesson, (line, what, _, _) = longest[0]
    return [Problem(lesson.path.parent, 0, f"warning: the right choice is the longest in {len(longest)} of "
                                           f"{len(questions)} questions: picking the longest would pay; "
                                           f"vary which choice is longest (first such: {lesson.path.name}:{line})")]


def _right_is_longest(choices: tuple[str, ...], answer: int) -> bool:
    right = cell_len(choices[answer - 1])
    return all(right > cell_len(c) for i, c in enumerate(choices, 1) if i != answer)


def _questions(lesson: Lesson) -> Iterator[tuple[int, str, tuple[str, ...], int]]:
    for block in lesson.blocks:
        if isinstance(block, Quiz):
            yield block.line, "quiz", block.choices, block.answer
        elif isinstance(block, Experiment) and block.predict is not None:
            p = block.predict
            yield p.line, "prediction", p.choices, p.answer


def _long_answers(lesson: Lesson) -> Iterator[tuple[int, str]]:
    for line, what, choices, answer in _questions(lesson):
        right = cell_len(choices[answer - 1])
        longest_wrong = max(cell_len(c) for i, c in enumerate(choices, 1) if i != answer)
        if right >= LONG_RATIO * longest_wrong and right - longest_wrong >= LONG_MARGIN:
            yield line, (f"warning: this {what}'s right choice is {right} columns long and the longest wrong "
                         f"one {longest_wrong}: a learner can guess it by length; shorten it or "
                         "make the others as specific")


def rendered_rows(lesson: Lesson, width: int = PANE_COLUMNS) -> int:
    """About how many rows the lesson takes in a pane ``width`` columns wide.

    Prose is rendered with Rich's Markdown, as the app does; cards are counted from their
    wrapped text (the unanswered quiz, the experiment card), figures from ``FIGURE_ROWS``.
    """
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    inner = console.options.update_width(max(10, width - CARD_INSET))
    rows = 0

    def wrapped(text: str) -> int:
        return len(RichText(text).wrap(console, inner.max_width))

    for block in lesson.blocks:
        if isinstance(block, Text):
            rows += 1 + len(console.render_lines(Markdown(block.markdown), console.options.update_width(width - 2),
                                                 pad=False))
        elif isinstance(block, Quiz):
            rows += CARD_FRAME + wrapped(block.question) + sum(wrapped(f"  9. {c}") for c in block.choices) + 1
        elif isinstance(block, Experiment):
            rows += CARD_FRAME + 3 + wrapped(block.label) - 1
        elif isinstance(block, Figure):
            rows += CARD_FRAME + FIGURE_ROWS.get(block.kind, DEFAULT_FIGURE_ROWS)
            rows += wrapped(block.caption) if block.caption else 0
    return rows
