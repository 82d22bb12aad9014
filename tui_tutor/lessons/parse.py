"""Reading one lesson file: front matter, then Markdown split around directive blocks.

Every problem is collected with its file and line rather than raised at the first, so that
``tui-tutor lessons check`` can list them all at once.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from ..engine import RunConfig
from ..safe_text import clean, clean_tree
from . import schema
from .model import Block, Expect, Experiment, Figure, Lesson, LessonError, Prediction, Problem, Quiz, Text

DIRECTIVES = ("experiment", "quiz", "figure")
FILE_NAME = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
LESSON_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)")
TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
LATEX = re.compile(r"\\(frac|sum|sigma|partial|cdot|mathbf|hat|theta|alpha|beta|eta|nabla|sqrt|left|right)\b|\$\$")
# CommonMark leaves **bold** open when it ends on punctuation right before a letter (Hangul here).
UNCLOSED_BOLD = re.compile(r"\*\*[^*\n]+[)\]\"'.,!?:;]\*\*[\uac00-\ud7a3]")
FRONT_KEYS = {"id": str, "title": str, "order": int, "summary": str}
OPTIONAL_KEYS = {"code"}  # engine names whose source `v` shows, e.g. ["Dense.backward"]
#: Values shown on one line: line breaks and tabs in them become spaces.
LINE_KEYS = frozenset({"id", "title", "summary", "code", "label", "choices", "name", "kind"})


def load_lesson(path: Path, lang: str) -> Lesson:
    """The lesson in ``path``; LessonError listing every problem if it is broken."""
    problems: list[Problem] = []

    def problem(line: int, message: str) -> None:
        problems.append(Problem(path, line, message))

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise LessonError([Problem(path, 1, f"cannot read the file: {e}")]) from None
    # Cleaned once, here: no control character or escape sequence gets past the loader (BOM too).
    lines = clean(text.removeprefix("\ufeff")).splitlines()
    if not FILE_NAME.match(path.name):
        problem(1, "the file name must look like 07-activation-functions.md (two digits, a dash, a slug)")
    front, body_start = _front_matter(lines, problem)
    blocks = _blocks(lines, body_start, problem) if front is not None else []
    if problems or front is None:
        raise LessonError(problems or [Problem(path, 1, "the lesson has no front matter")])
    if FILE_NAME.match(path.name) and int(path.name[:2]) != front["order"]:
        problem(_key_line(lines, 0, "order"), f"order = {front['order']} but the file name starts with {path.name[:2]}")
    if problems:
        raise LessonError(problems)
    return Lesson(front["id"], front["title"], front["order"], front["summary"], lang, path, tuple(blocks),
                  code=tuple(front.get("code", ())))


def _front_matter(lines: list[str], problem: Any) -> tuple[dict[str, Any] | None, int]:
    if not lines or lines[0].strip() != "+++":
        problem(1, "the lesson must start with front matter between two +++ lines (id, title, order, summary)")
        return None, 0
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    except StopIteration:
        problem(1, "the front matter is not closed: add a line +++ after it")
        return None, 0
    data = _toml(lines, 1, end, problem)
    if data is None:
        return None, end + 1
    ok = True
    for key in data:
        if key not in FRONT_KEYS and key not in OPTIONAL_KEYS:
            problem(_key_line(lines, 1, key), f"unknown front-matter key {key!r}; known keys: id, title, order, summary, code")
            ok = False
    for name in _bad_code_names(data.get("code", [])):
        problem(_key_line(lines, 1, "code"), name)
        ok = False
    for key, kind in FRONT_KEYS.items():
        if key not in data:
            problem(1, f"the front matter is missing {key!r}")
            ok = False
        elif not isinstance(data[key], kind) or isinstance(data[key], bool) or (kind is str and not data[key].strip()):
            problem(_key_line(lines, 1, key), f"{key} must be a {'whole number' if kind is int else 'non-empty string'}")
            ok = False
    if ok and not LESSON_ID.match(data["id"]):
        problem(_key_line(lines, 1, "id"), f"id {data['id']!r} must be lowercase words joined by dashes")
        ok = False
    return (data if ok else None), end + 1


def _bad_code_names(code: Any) -> list[str]:
    from .source import check_name

    if not isinstance(code, list) or not all(isinstance(c, str) for c in code) or len(code) > 20:
        return ["code must be a list of up to 20 engine names such as [\"Dense.backward\", \"Adam.step\"]"]
    out = []
    for name in code:
        try:
            check_name(name)  # what `v` will find (source_of), read from the files: no numpy
        except LookupError as e:
            out.append(str(e))
    return out


def _toml(lines: list[str], start: int, end: int, problem: Any) -> dict[str, Any] | None:
    """Parse lines[start:end] as TOML; a syntax error is reported at its line in the file."""
    try:
        return clean_tree(tomllib.loads("\n".join(lines[start:end])), line_keys=LINE_KEYS)
    except tomllib.TOMLDecodeError as e:
        m = TOML_AT.search(str(e))
        line = start + int(m.group(1)) if m else start
        problem(line, f"bad TOML: {TOML_AT.sub('', str(e)).strip()}")
        return None
    except RecursionError:
        problem(start + 1, "this TOML is nested too deeply to be lesson data")
        return None


def _key_line(lines: list[str], start: int, key: str | None) -> int:
    """The 1-based line where ``key = ...`` first appears after ``start`` (0-based), else start+1."""
    if key is not None:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=|[{{,]\s*{re.escape(key)}\s*=")
        for i in range(start, len(lines)):
            if pattern.search(lines[i]):
                return i + 1
            if i > start and FENCE.match(lines[i]):
                break
    return start + 1


def _blocks(lines: list[str], start: int, problem: Any) -> list[Block]:
    blocks: list[Block] = []
    text: list[str] = []
    text_start = start
    i = start
    while i < len(lines):
        line = lines[i]
        m = FENCE.match(line)
        if not m:
            _lint(line, i + 1, problem)
            text.append(line)
            i += 1
            continue
        fence, info = m.group(1), m.group(2)
        close = next((j for j in range(i + 1, len(lines))
                      if lines[j].strip().startswith(fence[0] * len(fence)) and not lines[j].strip().strip(fence[0])),
                     None)
        if close is None:
            problem(i + 1, f"the fenced block opened here is never closed with {fence}")
            return blocks
        if info not in DIRECTIVES:
            text.extend(lines[i : close + 1])
            i = close + 1
            continue
        if "".join(text).strip():
            blocks.append(Text("\n".join(text).strip("\n"), text_start + 1))
        data = _toml(lines, i + 1, close, problem)
        if data is not None:
            block = _directive(info, data, lines, i, problem)
            if block is not None:
                blocks.append(block)
        text, text_start = [], close + 1
        i = close + 1
    if "".join(text).strip():
        blocks.append(Text("\n".join(text).strip("\n"), text_start + 1))
    return blocks


def _lint(line: str, number: int, problem: Any) -> None:
    if LATEX.search(line):
        problem(number, "LaTeX does not render in a terminal: write the formula in Unicode (σ, ∂L/∂W, Σ, ·)")
    if UNCLOSED_BOLD.search(line):
        problem(number, "this **bold** ends on punctuation right before a Hangul letter, so it shows its "
                        "asterisks: end the bold on a letter, e.g. **손실 함수**(loss)는")


def _directive(kind: str, data: dict[str, Any], lines: list[str], at: int, problem: Any) -> Block | None:
    line = at + 1
    if kind == "experiment":
        issues = schema.check_keys(data, schema.EXPERIMENT, schema.EXPERIMENT_REQUIRED, "experiment")
        if not issues and isinstance(data.get("expect"), dict):
            issues += schema.check_expect(data["expect"], data["dataset"])
        if not issues and "predict" in data:
            issues += _predict_issues(data["predict"], data["dataset"])
    elif kind == "quiz":
        issues = schema.check_keys(data, schema.QUIZ, schema.QUIZ_REQUIRED, "quiz")
        if not issues:
            issues += _answer_issues(data)
    else:
        kind_name = data.get("kind")
        if kind_name not in schema.FIGURE:
            problem(_key_line(lines, at, "kind"), f"figure kind must be one of {', '.join(schema.FIGURE_KINDS)}, got {kind_name!r}")
            return None
        keys = {"kind": schema.is_str, "caption": schema.is_str, **schema.FIGURE[kind_name]}
        issues = schema.check_keys(data, keys, schema.FIGURE_REQUIRED[kind_name], f"{kind_name} figure")
        if not issues and kind_name == "linear-collapse" and len(data["W2"][0]) != len(data["W1"]):
            issues.append(("W2", f"W2 has {len(data['W2'][0])} columns but W1 has {len(data['W1'])} rows: W₂·W₁ needs them equal"))
        if not issues and kind_name == "backprop" and data.get("loss", "bce") == "bce" and data["y"] not in (0, 1):
            issues.append(("y", f"y must be a label, 0 or 1, for the bce loss, got {data['y']!r} (mse takes any number)"))
    for key, message in issues:
        problem(_key_line(lines, at, key) if key else line, message)
    if issues:
        return None
    if kind == "experiment":
        return _experiment(data, line, problem, lines)
    if kind == "quiz":
        return Quiz(data["question"], tuple(data["choices"]), data["answer"], data["explanation"], line)
    params = {k: v for k, v in data.items() if k not in ("kind", "caption")}
    return Figure(data["kind"], params, data.get("caption", ""), line)


def _answer_issues(data: dict[str, Any]) -> list[tuple[str | None, str]]:
    if data["answer"] > len(data["choices"]):
        return [("answer", f"answer {data['answer']} is out of range: there are only "
                           f"{len(data['choices'])} choices (answers count from 1)")]
    return []


def _predict_issues(data: dict[str, Any], dataset: str) -> list[tuple[str | None, str]]:
    """A prediction is checked like a quiz, plus one valid claim per choice in ``holds``."""
    issues = schema.check_keys(data, schema.PREDICT, schema.PREDICT_REQUIRED, "predict")
    if issues:
        return issues
    issues = _answer_issues(data)
    if len(data["holds"]) != len(data["choices"]):
        issues.append(("holds", f"holds lists {len(data['holds'])} claims but there are {len(data['choices'])} "
                                "choices: give one claim per choice, in the same order"))
    for number, claim in enumerate(data["holds"], 1):
        for _, message in schema.check_expect(claim, dataset):
            issues.append(("holds", f"claim {number} in holds: {message}"))
    return issues


def _experiment(data: dict[str, Any], line: int, problem: Any, lines: list[str] | None = None) -> Experiment | None:
    fields = {k: v for k, v in data.items() if k not in ("label", "expect", "predict", "seconds")}
    fields["hidden"] = tuple(fields.get("hidden", ()))  # no hidden key: a linear model
    if "lr" in fields:
        fields["lr"] = float(fields["lr"])
    config = RunConfig(**fields)
    if problems := config.problems() or [p for p in (config.limit_problem(),) if p]:
        for p in problems:
            problem(line, p)
        return None
    predict = None
    if "predict" in data:
        p = data["predict"]
        at = _key_line(lines, line - 1, "question") if lines is not None else line
        predict = Prediction(p["question"], tuple(p["choices"]), p["answer"], p["explanation"],
                             tuple(Expect(**claim) for claim in p["holds"]), at)
    seconds = float(data["seconds"]) if "seconds" in data else None
    return Experiment(data["label"], config, Expect(**data["expect"]), line, predict, seconds)
