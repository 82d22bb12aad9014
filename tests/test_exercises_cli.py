"""tui-tutor exercises: exit codes, a solution that is a whole file, your code training ReLU on XOR."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui_tutor.cli import main
from tui_tutor.engine import RunConfig
from tui_tutor.exercises import names
from tui_tutor.exercises.trainer import YourRun
from tui_tutor.exercises.workspace import write_solutions
from tui_tutor.lessons import default_lessons_dir, load_course, run_experiment


def test_check_exits_1_with_one_next_step_then_0_once_solved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exercises", "check", "--workspace", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("not implemented yet") == 1 and "Traceback" not in out
    assert main(["exercises", "solution", "adam", "--lang", "ko"]) == 0
    (tmp_path / "adam.py").write_text(capsys.readouterr().out, "utf-8")
    assert main(["exercises", "check", "adam", "--workspace", str(tmp_path), "--json"]) == 0
    [result] = json.loads(capsys.readouterr().out)["results"]
    assert result["status"] == "pass"
    assert "편향 보정" in (tmp_path / "adam.py").read_text("utf-8")


def test_check_prints_what_learner_code_raised_without_its_escapes(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A teacher checks learners' workspaces: their code's messages are untrusted text."""
    workspace = tmp_path / "ws\x1b[31m"
    assert main(["exercises", "init", "--workspace", str(workspace)]) == 0
    sgd = workspace / "sgd.py"
    sgd.write_text(sgd.read_text("utf-8").replace("raise NotImplementedError",
                                                  'raise ValueError("\\x1b[2Jboom\\x07")', 1), "utf-8")
    assert main(["exercises", "check", "sgd", "--workspace", str(workspace)]) == 1
    out = capsys.readouterr().out
    assert "boom" in out and "ValueError" in out and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize("argv", [["exercises", "check", "nope"], ["exercises", "solution"],
                                  ["exercises", "frobnicate"], ["exercises", "init", "--lang", "fr"]])
def test_bad_arguments_exit_2_with_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        code = main(argv)
        raise SystemExit(code)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_your_code_reaches_the_engines_accuracy_on_the_relu_xor_experiment(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's "lesson 7" experiment: ReLU solves XOR (the activation-functions lesson, now
    lesson 8 since the lessons were renumbered), with every solution copied from
    ``tui-tutor exercises solution NAME`` into a workspace, as a learner who gives up would."""
    lesson = next(x for x in load_course(default_lessons_dir()).in_language("en") if x.id == "activation-functions")
    experiment = lesson.experiments[0]
    assert (experiment.config.dataset, experiment.config.activation) == ("xor", "relu")
    for name in names():
        assert main(["exercises", "solution", name]) == 0
        (tmp_path / f"{name}.py").write_text(capsys.readouterr().out, "utf-8")
    events = list(YourRun(tmp_path, experiment.config).events())
    done = events[-1]
    assert done.get("done"), done
    _, engine = run_experiment(experiment)
    assert done["val_accuracy"] == engine.val_accuracy >= experiment.expect.val_accuracy_min
    assert done["val_loss"] == pytest.approx(engine.val_loss, rel=1e-6)


def test_misbehaving_code_mid_run_stops_with_a_sentence(tmp_path: Path) -> None:
    write_solutions(tmp_path)
    config = RunConfig(dataset="xor", hidden=(4,), steps=400, activation="tanh", optimizer="sgd")
    sgd = tmp_path / "sgd.py"
    base = sgd.read_text("utf-8")
    cases = {
        "At step 3": "_n = [0]\ndef sgd_step(p, g, lr):\n    _n[0] += 1\n    if _n[0] == 3:\n        raise RuntimeError('boom\\x1b[2J')\n    return p - lr * g\n",
        "took longer than 1 s": "import time\ndef sgd_step(p, g, lr):\n    time.sleep(60)\n",
        "non-finite": None,
    }
    for words, code in cases.items():
        if code is None:  # NaN from a backward pass
            sgd.write_text(base, "utf-8")
            (tmp_path / "dense_backward.py").write_text(
                "import numpy as np\ndef dense_backward(x, W, dz):\n    return x.T @ dz * np.nan, dz.sum(0), dz @ W.T\n")
        else:
            sgd.write_text(code, "utf-8")
        last = list(YourRun(tmp_path, config, step_timeout=1.0).events())[-1]
        assert "error" in last and words in last["error"], last
        assert "\x1b" not in last["error"]  # what learner code raised is untrusted text
