"""The shipped curriculum parses, mirrors itself across languages and keeps every claim."""

from __future__ import annotations

import dataclasses

import pytest

from tui_tutor.lessons import (LANGUAGES, REFERENCE, Experiment, Figure, Quiz, default_lessons_dir,
                               load_course, prediction_problems, run_experiment, unmet)

COURSE = load_course(default_lessons_dir())
EXPERIMENTS = [(lesson, e) for lesson in COURSE.in_language(REFERENCE) for e in lesson.experiments]


def test_every_lesson_in_every_language_parses() -> None:
    assert COURSE.problems == []
    for lang in LANGUAGES:
        assert len(COURSE.in_language(lang)) >= 11, lang


def test_languages_share_ids_order_and_directive_data() -> None:
    en, ko = COURSE.in_language("en"), COURSE.in_language("ko")
    assert [(x.id, x.order) for x in en] == [(x.id, x.order) for x in ko]
    for a, b in zip(en, ko):
        assert [type(x) for x in a.blocks if not isinstance(x, str)] and a.title != b.title
        assert [e.config for e in a.experiments] == [e.config for e in b.experiments]
        assert [e.expect for e in a.experiments] == [e.expect for e in b.experiments]
        assert [(q.answer, len(q.choices)) for q in a.quizzes] == [(q.answer, len(q.choices)) for q in b.quizzes]
        assert [(f.kind, f.params) for f in a.figures] == [(f.kind, f.params) for f in b.figures]


def test_curriculum_covers_what_the_course_promises() -> None:
    lessons = {x.id: x for x in COURSE.in_language(REFERENCE)}
    orders = [x.order for x in lessons.values()]
    assert orders == sorted(orders)
    for lesson in lessons.values():
        assert lesson.quizzes, f"{lesson.id} ends without a quiz"
        assert isinstance(lesson.blocks[-1], Quiz) or lesson.quizzes
    for order in (2, 6, 7, 8, 9, 10):
        assert any(x.order == order and x.experiments for x in lessons.values()), order
    for order in (3, 7, 8):
        assert any(x.order == order and x.figures for x in lessons.values()), order
    # the history is two lessons, each ending in a quiz; the timeline figure stays in the first
    assert isinstance(lessons["historical-review"].blocks[-1], Quiz)
    assert isinstance(lessons["historical-review-2"].blocks[-1], Quiz)
    assert [f.kind for f in lessons["historical-review"].figures] == ["timeline"]


def test_quiz_answers_are_in_range() -> None:
    for lang in LANGUAGES:
        for lesson in COURSE.in_language(lang):
            for quiz in lesson.quizzes:
                assert 1 <= quiz.answer <= len(quiz.choices) <= 9
                assert quiz.explanation.strip()


@pytest.mark.parametrize("lesson, experiment", EXPERIMENTS,
                         ids=[f"{lesson.id}:{e.line}" for lesson, e in EXPERIMENTS])
def test_experiment_meets_its_claim(lesson, experiment: Experiment) -> None:
    trainer, metrics = run_experiment(experiment)
    assert unmet(experiment.expect, trainer, metrics) == []
    if experiment.predict is not None:  # the prediction's answer is what happens, and only it
        assert prediction_problems(experiment.predict, trainer, metrics) == []


def test_the_three_linear_layers_and_relu_claims_are_really_made() -> None:
    """The course's central demonstration must stay in the lessons, not just pass vacuously."""
    by_id = {x.id: x for x in COURSE.in_language(REFERENCE)}
    linear = [e for e in by_id["stacking-linear-layers"].experiments if e.config.activation == "identity"]
    relu = [e for e in by_id["activation-functions"].experiments if e.config.activation == "relu"]
    assert linear and linear[0].config.dataset == "xor" and linear[0].expect.val_accuracy_max is not None
    assert relu and relu[0].config.dataset == "xor" and relu[0].expect.val_accuracy_min is not None


def test_the_activation_choice_matters_in_a_deep_stack() -> None:
    """Lesson 8 claims six sigmoid layers barely train where six ReLU layers do: same net otherwise."""
    deep = [e for e in next(x for x in COURSE.in_language(REFERENCE) if x.id == "activation-functions").experiments
            if len(e.config.hidden) >= 5]
    by_activation = {e.config.activation: e for e in deep}
    sigmoid, relu = by_activation["sigmoid"], by_activation["relu"]
    assert dataclasses.replace(sigmoid.config, activation="relu") == relu.config
    assert sigmoid.expect.val_accuracy_max is not None and sigmoid.expect.val_accuracy_max <= 0.7
    assert relu.expect.val_accuracy_min is not None and relu.expect.val_accuracy_min >= 0.9


def test_figures_are_known_kinds() -> None:
    kinds = {f.kind for lesson in COURSE.in_language(REFERENCE) for f in lesson.figures}
    assert {"timeline", "linear-collapse", "activations"} <= kinds
    assert all(isinstance(f, Figure) for lesson in COURSE.in_language(REFERENCE) for f in lesson.figures)


@pytest.mark.parametrize("lesson_id, label, change", [
    ("activation-functions", "Six sigmoid layers", {"hidden": (16,)}),      # "one sigmoid layer ... gets above 90%"
    ("activation-functions", "Six ReLU layers", {"activation": "tanh"}),   # "press a to pick tanh, then r: it trains"
    ("multilayer-perceptron", "Race: SGD", {"lr": 0.08}),                  # "press ] three times ... keeps up"
])
def test_what_the_text_says_a_change_will_do(lesson_id: str, label: str, change: dict) -> None:
    """Claims made in prose about one change to an experiment hold too, not only the expect blocks."""
    lesson = next(x for x in COURSE.in_language(REFERENCE) if x.id == lesson_id)
    experiment = next(e for e in lesson.experiments if e.label == label)
    changed = dataclasses.replace(experiment, config=dataclasses.replace(experiment.config, **change))
    _, metrics = run_experiment(changed)
    assert metrics.val_accuracy is not None and metrics.val_accuracy >= 0.9
