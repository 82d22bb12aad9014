"""The curve explained: constructed histories for every case, then the real lesson experiments."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from tui_tutor.engine import Series
from tui_tutor.engine.explain import LESSONS, SENTENCES, explain, explain_run
from tui_tutor.lessons import REFERENCE, default_lessons_dir, load_course, run_experiment



def tutor(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui_tutor", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=120)


def series(values: np.ndarray, every: int = 1) -> Series:
    s = Series(512)
    for i, v in enumerate(values):
        s.append((i + 1) * every, float(v))
    return s


def verdict(train: np.ndarray, val: np.ndarray | None = None, **kw):
    return explain(series(train).view(), series(val, every=len(train) // len(val)).view()
                   if val is not None else None, **kw)


STEPS = np.arange(1, 1001)


def test_a_loss_that_falls_and_settles_is_healthy() -> None:
    train = 0.02 + 0.7 * np.exp(-STEPS / 60)
    v = verdict(train, train[::10] + 0.01, baseline=0.69)
    assert v.kind == "healthy"
    assert v.numbers["start"] == pytest.approx(train[0], rel=0.02)  # buckets of 2 steps and v.numbers["end"] < 0.03


def test_a_loss_still_falling_at_the_end_says_train_longer() -> None:
    train = 0.7 * np.exp(-STEPS / 500)
    v = verdict(train, train[::10], baseline=0.69)
    assert v.kind == "still-falling" and v.lesson == "multilayer-perceptron"
    assert v.numbers["drop"] > 0.2 and "train longer" in v.sentence()


def test_a_flat_loss_blames_the_learning_rate_or_a_linear_model() -> None:
    train = 0.69 - 0.01 * STEPS / 1000
    assert verdict(train, baseline=0.69).kind == "flat"
    linear = verdict(train, baseline=0.69, linear=True)
    assert linear.kind == "flat-linear" and linear.lesson == "stacking-linear-layers"


def test_validation_rising_while_training_falls_is_overfitting_with_where_and_how_much() -> None:
    train = 0.7 * np.exp(-STEPS / 100)
    val = 0.3 + 0.5 * np.exp(-STEPS[::10] / 50) + np.maximum(0, STEPS[::10] - 300) / 1400
    v = verdict(train, val, baseline=0.69)
    assert v.kind == "overfitting" and v.lesson == "four-components"
    best = (int(np.argmin(val)) + 1) * 10  # the validation series records every 10th step
    assert v.numbers["k"] == best
    assert v.numbers["rise"] == pytest.approx(val[-1] / val.min() - 1)
    assert f"step {best}" in v.sentence()


def test_a_loss_that_settles_high_is_underfitting() -> None:
    train = 0.45 + 0.25 * np.exp(-STEPS / 50)
    v = verdict(train, train[::10], baseline=0.69)
    assert v.kind == "underfitting" and v.lesson == "universal-approximation"


def test_divergence_names_the_step_and_the_learning_rate() -> None:
    v = verdict(np.array([1.0, 30.0, 900.0]), diverged_step=4, diverged_loss=float("inf"))
    assert v.kind == "diverged" and "step 4" in v.sentence() and "learning rate" in v.sentence()
    assert v.to_dict()["numbers"]["loss"] is None  # JSON has no inf


def test_too_short_a_run_has_no_verdict() -> None:
    assert verdict(np.array([0.7, 0.6, 0.5])) is None


def test_every_case_has_a_sentence_in_english_and_korean() -> None:
    assert set(SENTENCES["en"]) == set(SENTENCES["ko"]) == set(LESSONS)


COURSE = load_course(default_lessons_dir())
BY_ID = {lesson.id: lesson for lesson in COURSE.in_language(REFERENCE)}


def lesson_verdict(lesson_id: str, which) -> object:
    (experiment,) = [e for e in BY_ID[lesson_id].experiments if which(e.config)]
    trainer, _ = run_experiment(experiment)
    return explain_run(trainer)


def test_lesson_2s_big_network_is_called_overfitting() -> None:
    assert lesson_verdict("four-components", lambda c: True).kind == "overfitting"


def test_lesson_6s_high_learning_rate_diverged() -> None:
    v = lesson_verdict("linear-networks", lambda c: c.lr >= 1)
    assert v.kind == "diverged" and v.numbers["step"] >= 2


def test_lesson_7s_linear_xor_net_cannot_separate_the_classes() -> None:
    assert lesson_verdict("stacking-linear-layers", lambda c: c.activation == "identity").kind == "flat-linear"


#: What the lesson a verdict opens must teach: words from its text (the ids survive renumbering).
TAUGHT = {"diverged": "diverges", "overfitting": "overfitting", "flat": "Too small", "flat-linear": "XOR",
          "still-falling": "still falling", "underfitting": "too narrow", "healthy": "validation loss"}


def test_each_verdict_opens_a_lesson_that_teaches_it_in_both_languages() -> None:
    assert set(TAUGHT) == set(LESSONS)
    for kind, words in TAUGHT.items():
        lesson = BY_ID[LESSONS[kind]]
        assert words in lesson.path.read_text(encoding="utf-8"), (kind, lesson.id)
        assert LESSONS[kind] in {entry.id for entry in COURSE.in_language("ko")}


def test_every_lesson_experiment_gets_a_verdict_that_names_a_real_lesson() -> None:
    for lesson in COURSE.in_language(REFERENCE):
        for e in lesson.experiments:
            v = explain_run(run_experiment(e)[0])
            assert v is not None and v.lesson in BY_ID, (lesson.id, e.label)
            assert v.sentence("en") and v.sentence("ko")


def test_headless_train_prints_the_sentence_and_json_carries_it() -> None:
    r = tutor("train", "--dataset", "linear", "--hidden", "none", "--loss", "mse", "--optimizer", "sgd",
              "--lr", "5", "--steps", "50")
    assert r.returncode == 3 and "blew up at step 4" in r.stdout
    r = tutor("train", "--dataset", "xor", "--hidden", "8", "--steps", "300", "--json")
    out = json.loads(r.stdout)["explanation"]
    assert out["kind"] in LESSONS and out["sentence"] and out["lesson"]


def test_korean_sentences_name_the_training_loss_as_the_panel_does() -> None:
    """The panel's legend and status say 학습 for training; a sentence that said 훈련 손실 for the
    same curve made the learner wonder whether it was another one."""
    from tui_tutor.app.strings import t

    train = t("ko", "legend_train")
    for case, english in SENTENCES["en"].items():
        korean = SENTENCES["ko"][case]
        if "training loss" in english:
            assert f"{train} 손실" in korean, case
        assert "훈련" not in korean, case
