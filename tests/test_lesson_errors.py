"""Broken lesson files are named with their file and line, and never raise at the user."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui_tutor.lessons import LessonError, load_course, load_lesson

GOOD = '''+++
id = "demo"
title = "Demo"
order = 1
summary = "A demo."
+++

# Demo

Some text.

```experiment
label = "XOR"
dataset = "xor"
hidden = [8]
expect = { val_accuracy_min = 0.9 }
```

```quiz
question = "Which?"
choices = ["a", "b"]
answer = 2
explanation = "Because."
```
'''


def write(tmp_path: Path, text: str, name: str = "01-demo.md", lang: str = "en") -> Path:
    folder = tmp_path / lang
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[tuple[int, str]]:
    with pytest.raises(LessonError) as e:
        load_lesson(path, "en")
    return [(p.line, p.message) for p in e.value.problems]


def test_a_good_lesson_loads(tmp_path: Path) -> None:
    lesson = load_lesson(write(tmp_path, GOOD), "en")
    assert lesson.id == "demo" and lesson.order == 1
    kinds = [type(b).__name__ for b in lesson.blocks]
    assert kinds == ["Text", "Experiment", "Quiz"]
    assert lesson.experiments[0].config.hidden == (8,) and lesson.quizzes[0].answer == 2


def test_missing_front_matter(tmp_path: Path) -> None:
    [(line, message)] = problems_of(write(tmp_path, GOOD.split("+++", 2)[2]))
    assert line == 1 and "front matter" in message


def test_bad_toml_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('hidden = [8]', 'hidden = [8')
    [(line, message)] = problems_of(write(tmp_path, text))
    assert text.splitlines()[line - 1].startswith("hidden") or line in (15, 16)
    assert "bad TOML" in message


def test_unknown_directive_key(tmp_path: Path) -> None:
    text = GOOD.replace('hidden = [8]', 'hidden = [8]\nmomentum = 0.9')
    [(line, message)] = problems_of(write(tmp_path, text))
    assert text.splitlines()[line - 1] == "momentum = 0.9"
    assert "unknown key 'momentum'" in message


def test_unknown_dataset(tmp_path: Path) -> None:
    text = GOOD.replace('dataset = "xor"', 'dataset = "mnist"')
    [(line, message)] = problems_of(write(tmp_path, text))
    assert text.splitlines()[line - 1] == 'dataset = "mnist"'
    assert "must be one of" in message and "spiral" in message


def test_answer_out_of_range(tmp_path: Path) -> None:
    text = GOOD.replace("answer = 2", "answer = 3")
    [(line, message)] = problems_of(write(tmp_path, text))
    assert text.splitlines()[line - 1] == "answer = 3"
    assert "out of range" in message


def test_accuracy_claim_on_regression_and_latex_are_refused(tmp_path: Path) -> None:
    text = GOOD.replace('dataset = "xor"', 'dataset = "sine"').replace("Some text.", r"Loss $\frac{1}{n}$")
    found = problems_of(write(tmp_path, text))
    assert any("regression" in m for _, m in found)
    assert any("LaTeX" in m and line == 10 for line, m in found)


def test_hangul_bold_that_would_not_close(tmp_path: Path) -> None:
    found = problems_of(write(tmp_path, GOOD.replace("Some text.", "**손실(loss)**은 중요합니다.")))
    assert [line for line, m in found if "bold" in m] == [10]


def test_course_reports_broken_files_and_keeps_the_rest(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace('id = "demo"', 'id = "two"').replace("order = 1", "order = 2")
          .replace("answer = 2", "answer = 9"), name="02-two.md")
    course = load_course(tmp_path)
    assert [x.id for x in course.in_language("en")] == ["demo"]
    assert [p.name for p in course.broken["en"]] == ["02-two.md"]
    assert any(p.path.name == "02-two.md" for p in course.problems)


def test_translation_with_different_data_is_caught(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("[8]", "[16]").replace('title = "Demo"', 'title = "데모"'), lang="ko")
    problems = load_course(tmp_path).problems
    assert len(problems) == 1 and "hidden" in problems[0].message and problems[0].path.parent.name == "ko"


def test_check_command_lists_problems_with_file_and_line(tmp_path: Path) -> None:
    text = GOOD.replace("answer = 2", "answer = 0")
    path = write(tmp_path, text)
    line = text.splitlines().index("answer = 0") + 1
    r = subprocess.run([sys.executable, "-m", "tui_tutor", "lessons", "check", str(tmp_path)],
                       capture_output=True, text=True)
    assert r.returncode == 1
    assert f"{path}:{line}: answer must be between 1 and 9" in r.stdout and "Traceback" not in r.stderr


def test_check_command_passes_on_shipped_lessons() -> None:
    r = subprocess.run([sys.executable, "-m", "tui_tutor", "lessons", "check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.startswith("ok:")


@pytest.mark.parametrize("setup", ["missing", "empty", "unreadable"])
def test_bad_lessons_dir_is_a_sentence(tmp_path: Path, setup: str) -> None:
    target = tmp_path / "lessons"
    if setup != "missing":
        target.mkdir()
    if setup == "unreadable":
        (target / "en").mkdir()
        (target / "en" / "01-x.md").write_bytes(b"\xff\xfe not utf-8")
    r = subprocess.run([sys.executable, "-m", "tui_tutor", "lessons", "check", str(target)],
                       capture_output=True, text=True)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert str(target) in r.stdout
