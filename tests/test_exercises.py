"""Exercises: solutions pass, stubs say "not implemented yet", each usual mistake its own message,
and learner code that hangs, crashes or floods stays in its child process."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from tui_tutor.exercises import check, ensure_workspace, exercises
from tui_tutor.exercises.workspace import TRIES_PER_HINT

def solved_workspace(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for ex in exercises():
        (root / f"{ex.name}.py").write_text(ex.file_text("en", solved=True), "utf-8")
    return root


def one(root: Path, name: str, code: str, **kw: object) -> object:
    (root / f"{name}.py").write_text("import numpy as np\n" + code, "utf-8")
    [result] = check(root, [name], **kw)  # type: ignore[arg-type]
    return result


def test_every_solution_passes(tmp_path: Path) -> None:
    results = check(solved_workspace(tmp_path))
    assert [(r.name, r.status, r.message) for r in results if not r.passed] == []
    assert len(results) == 10


def test_every_stub_fails_with_not_implemented_yet(tmp_path: Path) -> None:
    results = check(tmp_path)
    assert all(r.status == "todo" and "not implemented yet" in r.message for r in results), results
    assert "아직 구현되지 않았습니다" in check(tmp_path, ["sgd"], lang="ko")[0].message


FORMULA_WIDTH = 56  # cells: the lesson pane at 120x40 is 60 wide inside its padding, kept whole


def test_every_indented_doc_line_fits_the_lesson_pane() -> None:
    """Shapes and formulas (the indented lines) are never wrapped as prose, so each must fit the
    pane at 120x40; Korean characters take two cells."""
    lines = [(ex.name, lang, line) for ex in exercises() for lang, doc in ex.doc.items()
             for line in doc.splitlines() if line.startswith(" ") and line.strip()]
    assert {(name, lang) for name, lang, _ in lines} == {(ex.name, lang) for ex in exercises() for lang in ("en", "ko")}
    assert [(name, lang, cell_len(line), line) for name, lang, line in lines if cell_len(line) > FORMULA_WIDTH] == []


def test_workspace_never_overwrites_a_learners_file(tmp_path: Path) -> None:
    (tmp_path / "sgd.py").write_text("# mine\n", "utf-8")
    created = ensure_workspace(tmp_path, "ko")
    assert (tmp_path / "sgd.py").read_text("utf-8") == "# mine\n"
    assert len(created) == 9 and "다시 읽기" in (tmp_path / "adam.py").read_text("utf-8")


ADAM_NO_CORRECTION = """
def adam_step(p, g, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g * g
    return p - lr * m / (np.sqrt(v) + eps), m, v
"""
ACTIVATIONS = """
def relu(z): return np.maximum(z, 0)
def relu_grad(z): return (z > 0) * 1.0
def sigmoid(z): return np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))
def sigmoid_grad(z): return sigmoid(z) * (1 - sigmoid(z))
def tanh(z): return np.tanh(z)
def tanh_grad(z): return 1 - np.tanh(z) ** 2
"""
MISTAKES = [
    # (exercise, code, message key, words the sentence must contain)
    ("dense_backward", "def dense_backward(x, W, dz):\n    return dz.T @ x, dz.sum(0), dz @ W.T\n",
     "transposed_values", "transpose"),
    ("dense_backward", "def dense_backward(x, W, dz):\n    return x.T @ dz, dz.sum(0), dz @ W\n",
     "transposed_values", "dx"),
    ("affine_forward", "def affine_forward(x, W, b):\n    return x @ W.T + b\n", "transposed_values", "transpose"),
    ("dense_backward", "def dense_backward(x, W, dz):\n    return x.T @ dz, dz, dz @ W.T\n",
     "bias_not_summed", "sum dz over the batch"),
    ("dense_backward", "def dense_backward(x, W, dz):\n    return x.T @ dz, dz.mean(0), dz @ W.T\n",
     "bias_mean", "sum it instead"),
    ("sgd", "def sgd_step(p, g, lr):\n    return p + lr * g\n", "sign", "wrong sign"),
    ("activations", ACTIVATIONS.replace("1 - np.tanh(z) ** 2", "np.tanh(z) ** 2 - 1"), "sign", "tanh_grad"),
    ("adam", ADAM_NO_CORRECTION, "no_bias_correction", "without bias correction"),
    ("sgd", "def sgd_step(p, g, lr):\n    p -= lr * g\n    return p\n", "inplace", "changed its input p"),
    ("activations", ACTIVATIONS.replace("def relu(z): return np.maximum(z, 0)",
                                          "def relu(z):\n    z[z < 0] = 0\n    return z"), "inplace", "in place"),
    ("activations", ACTIVATIONS.replace("np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))), np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))", "1 / (1 + np.exp(-z))"), "overflow", "overflowed"),
    ("bce", "def bce(z, y):\n    s = 1 / (1 + np.exp(-z))\n"
            "    return float(np.mean(-y * np.log(s) - (1 - y) * np.log(1 - s))), (s - y) / z.size\n",
     "overflow", "logaddexp"),
    ("mse", "def mse(y_hat, y):\n    d = y_hat - y\n    return float(np.mean(d ** 2)), d / d.size\n", "factor", "0.5 times"),
    ("momentum", "def momentum_step(p, g, v, lr, beta=0.9):\n    v = beta * v + (1 - beta) * g\n    return p - lr * v, v\n",
     "momentum_ema", "(1 − β)"),
    ("collapse", "def collapse(W1, b1, W2, b2):\n    return W1 @ W2, b2\n", "collapse_bias", "b1·W2"),
    ("mlp_forward", "def mlp_forward(x, params, act):\n    for W, b in params:\n        x = act(x @ W + b)\n    return x\n",
     "act_on_last", "last layer"),
]


@pytest.mark.parametrize(("name", "code", "key", "words"), MISTAKES, ids=[f"{m[0]}-{m[2]}" for m in MISTAKES])
def test_each_usual_mistake_gets_its_own_message(tmp_path: Path, name: str, code: str, key: str, words: str) -> None:
    result = one(solved_workspace(tmp_path), name, code)
    assert (result.status, result.key) == ("fail", key), result.message
    assert words in result.message and result.message.count(".") <= 4
    assert "expected" in result.message or key == "inplace"


def test_an_infinite_loop_is_stopped_within_the_limit_plus_a_second(tmp_path: Path) -> None:
    ws = solved_workspace(tmp_path)
    start = time.monotonic()
    result = one(ws, "sgd", "def sgd_step(p, g, lr):\n    while True:\n        pass\n", time_limit=2.0)
    elapsed = time.monotonic() - start
    assert result.key == "timeout" and "2 s" in result.message
    assert elapsed < 2.0 + 1.0 + 0.5  # the limit, a second, and starting Python once


def test_a_timeout_does_not_cost_the_other_exercises_their_result(tmp_path: Path) -> None:
    ws = solved_workspace(tmp_path)
    (ws / "bce.py").write_text("while True:\n    pass\n", "utf-8")
    results = {r.name: r for r in check(ws, ["mse", "bce", "sgd"], time_limit=1.0)}
    assert results["bce"].key == "timeout" and results["mse"].passed and results["sgd"].passed


def test_a_syntax_error_names_its_line(tmp_path: Path) -> None:
    result = one(tmp_path, "sgd", "\ndef sgd_step(p, g, lr)\n    return p - lr * g\n")
    assert result.key == "syntax" and result.line == 3 and "line 3" in result.message


def test_crash_memory_and_output_stay_in_the_child(tmp_path: Path) -> None:
    ws = solved_workspace(tmp_path)
    (ws / "sgd.py").write_text("import numpy as np\nbig = np.ones((40000, 40000))\n", "utf-8")
    (ws / "mse.py").write_text("import os\nos._exit(7)\n", "utf-8")
    (ws / "momentum.py").write_text((ws / "momentum.py").read_text() + "\nprint('hello ' * 10000)\n", "utf-8")
    (ws / "collapse.py").write_text("def collapse(W1, b1, W2, b2):\n    return 1 / 0\n", "utf-8")
    r = {x.name: x for x in check(ws, ["sgd", "mse", "momentum", "collapse"])}
    assert r["sgd"].key == "memory" and "line 2" in r["sgd"].message
    assert r["mse"].key == "crashed" and "exit status 7" in r["mse"].message
    assert r["momentum"].passed and r["momentum"].output.startswith("hello") and len(r["momentum"].output) <= 2000
    assert r["collapse"].key == "raised" and "ZeroDivisionError" in r["collapse"].message and r["collapse"].line == 2


def test_a_hint_after_three_failed_tries_and_on_request(tmp_path: Path) -> None:
    for i in range(TRIES_PER_HINT):
        result = one(tmp_path, "sgd", f"def sgd_step(p, g, lr):\n    return p + lr * g  # try {i}\n")
        assert result.tries == i + 1
    assert len(result.hints) == 1 and "uphill" in result.hints[0]
    again = check(tmp_path, ["sgd"])[0]  # the same file again is not another try
    assert again.tries == TRIES_PER_HINT
    asked = check(tmp_path, ["sgd"], ask_hint=True)[0]
    assert len(asked.hints) == 2


def test_the_exercises_room_never_imports_the_app() -> None:
    code = "import sys, tui_tutor.exercises, tui_tutor.exercises.remote; print(sorted(m for m in sys.modules if m.startswith(('textual', 'tui_tutor.app'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
