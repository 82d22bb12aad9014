"""Predictions on experiments, and the warnings of ``lessons check``: parsing, errors with their
line, the check that holds an answer key to the run, and the course passing every warning."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from tui_tutor.lessons import (REFERENCE, Expect, LessonError, Prediction, default_lessons_dir, load_course,
                               load_lesson, prediction_problems, run_experiment)
from tui_tutor.lessons.lint import MAX_ROWS, lint_language, lint_lesson, rendered_rows

LESSON = '''+++
id = "demo"
title = "Demo"
order = 1
summary = "A demo."
+++

# Demo

```experiment
label = "Linear net on XOR"
dataset = "xor"
hidden = []
steps = 200
expect = { val_accuracy_max = 0.8 }

[predict]
question = "Where does the accuracy end?"
choices = ["Near 100%", "Below about 80%"]
answer = 2
explanation = "A line cannot separate XOR."
holds = [
  { val_accuracy_min = 0.9 },
  { val_accuracy_max = 0.8 },
]
```

```quiz
question = "Which?"
choices = ["a", "bc"]
answer = 2
explanation = "Because."
```
'''


def write(tmp_path: Path, text: str, lang: str = "en") -> Path:
    (tmp_path / lang).mkdir(parents=True, exist_ok=True)
    path = tmp_path / lang / "01-demo.md"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(LessonError) as e:
        load_lesson(path, "en")
    return [(p.line, p.message) for p in e.value.problems]


def test_a_prediction_loads_onto_its_experiment(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, LESSON), "en")
    [experiment] = lesson.experiments
    p = experiment.predict
    assert isinstance(p, Prediction)
    assert p.choices == ("Near 100%", "Below about 80%") and p.answer == 2
    assert p.holds == (Expect(val_accuracy_min=0.9), Expect(val_accuracy_max=0.8))
    assert LESSON.splitlines()[p.line - 1].startswith("question = ")
    assert experiment.config.dataset == "xor" and experiment.expect == Expect(val_accuracy_max=0.8)


@pytest.mark.parametrize("old, new, key, says", [
    ("answer = 2\nexplanation = \"A line", "answer = 3\nexplanation = \"A line", "answer = 3", "out of range"),
    ("  { val_accuracy_max = 0.8 },\n]", "]", "holds = [", "one claim per choice"),
    ("{ val_accuracy_min = 0.9 },\n  {", "{ val_loss_max = 0 },\n  {", "holds = [", "claim 1 in holds"),
    ("explanation = \"A line cannot separate XOR.\"\n", "", None, "missing the key 'explanation'"),
    ("question = \"Where", "hint = \"x\"\nquestion = \"Where", "hint = \"x\"", "unknown key 'hint'"),
])
def test_a_broken_prediction_is_named_at_its_line(tmp_path: Path, old: str, new: str, key: str | None,
                                                  says: str) -> None:
    text = LESSON.replace(old, new, 1)
    assert text != LESSON
    found = problems_of(write(tmp_path, text))
    assert any(says in message for _, message in found), found
    line = next(line for line, message in found if says in message)
    if key is not None:
        assert text.splitlines()[line - 1].startswith(key), (line, text.splitlines()[line - 1])
    else:
        assert text.splitlines()[line - 1] == "```experiment"


def test_a_translation_with_another_answer_key_is_caught(tmp_path: Path) -> None:
    write(tmp_path, LESSON)
    write(tmp_path, LESSON.replace('title = "Demo"', 'title = "데모"').replace("answer = 2\nexplanation = \"A",
                                                                             "answer = 1\nexplanation = \"A"), "ko")
    [problem] = load_course(tmp_path).problems
    assert problem.path.parent.name == "ko" and "prediction" in problem.message


def test_a_wrong_answer_key_is_caught_by_the_run() -> None:
    """The real XOR experiments of lessons 7 and 8, with their keys flipped, must fail the check."""
    course = load_course(default_lessons_dir())
    by_id = {x.id: x for x in course.in_language(REFERENCE)}
    for lesson_id in ("stacking-linear-layers", "activation-functions"):
        experiment = next(e for e in by_id[lesson_id].experiments if e.predict is not None)
        trainer, metrics = run_experiment(experiment)
        p = experiment.predict
        assert p is not None and prediction_problems(p, trainer, metrics) == []
        for wrong in range(1, len(p.choices) + 1):
            if wrong != p.answer:
                flipped = dataclasses.replace(p, answer=wrong)
                assert prediction_problems(flipped, trainer, metrics), (lesson_id, wrong)


def test_long_right_choices_are_warned_about(tmp_path: Path) -> None:
    text = LESSON.replace('choices = ["a", "bc"]', 'choices = ["a", "because the bias and the weights both move"]')
    [warning] = lint_lesson(load_lesson(write(tmp_path, text), "en"))
    assert "warning:" in warning.message and "by length" in warning.message
    assert text.splitlines()[warning.line - 1] == "```quiz"
    fair = text.replace('["a", "b', '["because the weights move but the bias stays put", "b')
    assert lint_lesson(load_lesson(write(tmp_path, fair), "en")) == []


def test_the_longest_choice_right_too_often_is_warned_about(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, LESSON), "en")  # "Below 80%" and "b": both longest and right
    [warning] = lint_language([lesson])
    assert "longest in 2 of 2" in warning.message


def test_long_lessons_are_warned_about(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, LESSON), "en")
    assert rendered_rows(lesson) < 40 and lint_lesson(lesson) == []
    padded = LESSON.replace("# Demo", "# Demo\n\n" + "\n\n".join(f"Paragraph {i}." for i in range(MAX_ROWS // 2)))
    warnings = lint_lesson(load_lesson(write(tmp_path, padded), "en"))
    assert [w.line for w in warnings] == [1] and f"more than {MAX_ROWS}" in warnings[0].message


def test_the_shipped_course_passes_every_warning() -> None:
    course = load_course(default_lessons_dir())
    for lang, lessons in course.lessons.items():
        assert lint_language(lessons) == [], lang
        for lesson in lessons:
            assert lint_lesson(lesson) == [], (lesson.path, rendered_rows(lesson))


def test_every_lesson_with_an_experiment_asks_a_prediction() -> None:
    course = load_course(default_lessons_dir())
    for lang, lessons in course.lessons.items():
        for lesson in lessons:
            if lesson.experiments:
                assert any(e.predict is not None for e in lesson.experiments), (lang, lesson.id)


def test_check_prints_warnings_but_passes(tmp_path: Path) -> None:
    write(tmp_path, LESSON)
    r = subprocess.run([sys.executable, "-m", "tui_tutor", "lessons", "check", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning: the right choice is the longest in 2 of 2" in r.stdout and "1 warning(s)" in r.stdout


def test_a_lesson_with_experiments_but_no_prediction_is_warned_about(tmp_path: Path) -> None:
    start, end = LESSON.index("\n[predict]"), LESSON.index("```\n\n```quiz")
    text = LESSON[:start] + "\n" + LESSON[end:]
    [warning] = lint_lesson(load_lesson(write(tmp_path, text), "en"))
    assert "asks no prediction" in warning.message and text.splitlines()[warning.line - 1] == "```experiment"
