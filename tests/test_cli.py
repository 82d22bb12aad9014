"""The headless command line, run as a learner runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def tutor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui_tutor", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def test_train_prints_a_chart_and_a_summary() -> None:
    r = tutor("train", "--dataset", "xor", "--hidden", "8", "--activation", "relu",
              "--optimizer", "adam", "--lr", "0.03", "--steps", "2000")
    assert r.returncode == 0, r.stderr
    assert "train" in r.stdout and "validation" in r.stdout
    assert "\x1b[" not in r.stdout  # not a terminal: no colour codes
    summary = r.stdout.strip().splitlines()[-2]  # the curve explained comes last
    assert summary.startswith("step 2000") and "steps/s" in summary
    val_acc = float(summary.split("val acc ")[1].split("%")[0])
    assert val_acc >= 95.0


def test_train_json_has_config_metrics_and_history() -> None:
    r = tutor("train", "--dataset", "spiral", "--hidden", "16,16", "--activation", "tanh",
              "--optimizer", "adam", "--steps", "3000", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["config"]["hidden"] == [16, 16] and out["config"]["loss"] == "ce"
    m = out["metrics"]
    assert {"train_loss", "val_loss", "train_accuracy", "val_accuracy", "diverged"} <= set(m)
    assert m["val_accuracy"] >= 0.9 and m["diverged"] is False
    assert len(out["history"]["train_loss"]["step"]) == len(out["history"]["train_loss"]["value"]) > 10
    assert out["history"]["val_loss"]["step"][-1] == 3000


def test_divergence_exits_3_with_a_sentence_and_no_traceback() -> None:
    r = tutor("train", "--lr", "1e6", "--json")
    assert r.returncode == 3
    assert json.loads(r.stdout)["metrics"]["diverged"] is True
    assert "smaller learning rate" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [
    ["train", "--lr", "abc"],
    ["train", "--dataset", "mnist"],
    ["train", "--hidden", "8,x"],
    ["train", "--hidden", "1000000"],
    ["train", "--n", "1000000"],
    ["train", "--steps", "0"],
    ["--lang", "fr"],
    ["--lesson", "no-such-lesson"],
    ["--fps", "0"],
    ["lessons"],
    ["frobnicate"],
])
def test_bad_arguments_exit_2_with_one_line(args: list[str]) -> None:
    r = tutor(*args)
    assert r.returncode == 2
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
