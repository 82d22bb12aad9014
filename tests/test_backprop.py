"""Backpropagation by hand: the step-through's numbers are the engine's, and the gradients are right."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import make_app, until
from tui_tutor.app.backprop_view import BackpropView, num, steps
from tui_tutor.engine import MLP, get_loss
from tui_tutor.engine.backprop_trace import numeric_grads, trace_backprop
from tui_tutor.lessons import Figure, LessonError, load_lesson

CASES = [((1.0, -0.5), 1.0, "tanh", "bce"), ((0.3, 0.8), 0.0, "relu", "bce"),
         ((-1.2, 0.4), 0.7, "sigmoid", "mse"), ((2.0, 1.0), -1.0, "identity", "mse")]


@pytest.mark.parametrize("x, y, activation, loss", CASES)
def test_the_trace_is_the_engines_forward_and_backward(x, y, activation, loss) -> None:
    tr = trace_backprop(x, y, activation, seed=3, loss=loss)
    model = MLP([2, 2, 1], activation=activation, seed=3)
    logits = model.forward(np.array([x]))
    L, dlogits = get_loss(loss)(logits, np.array([[y]]))
    model.backward(dlogits)
    assert tr.loss == pytest.approx(L) and tr.z_out == pytest.approx(logits[0, 0])
    np.testing.assert_allclose(tr.grads(), model.grads)
    np.testing.assert_allclose(tr.h, model.layers[0].h[0])


@pytest.mark.parametrize("x, y, activation, loss", CASES)
def test_the_chain_rule_agrees_with_a_numeric_gradient(x, y, activation, loss) -> None:
    tr = trace_backprop(x, y, activation, seed=3, loss=loss)
    np.testing.assert_allclose(tr.grads(), numeric_grads(x, y, activation, seed=3, loss=loss),
                               rtol=1e-5, atol=1e-8)
    # each product written in the step-through multiplies out to the value it states
    np.testing.assert_allclose(tr.dz, tr.dh * tr.act_grad)
    np.testing.assert_allclose(tr.dh, tr.dz_out * tr.v)
    np.testing.assert_allclose(tr.dW, np.outer(tr.x, tr.dz))


def test_every_step_prints_the_real_numbers_in_english_and_korean() -> None:
    tr = trace_backprop((1.0, -0.5), 1.0, "tanh", 0)
    en, ko = steps(tr, "en"), steps(tr, "ko")
    assert len(en) == len(ko) == 12
    text = "\n".join(line for _, lines in en for line in lines)
    for value in (*tr.z, *tr.h, tr.z_out, tr.y_hat, tr.loss, tr.dz_out, *tr.dv, *tr.dh, *tr.dz, *tr.dW.ravel()):
        assert num(value) in text
    assert en[0][0].startswith("Forward") and en[5][0].startswith("Backward") and ko[5][0].startswith("역전파")
    assert "∂L/∂z₁ = ∂L/∂h₁ · tanh′(z₁)" in text
    korean = "\n".join(line for _, lines in ko for line in lines)
    assert "(열)" in korean and not any(word in korean for word in ("column", "row"))  # no English left


def test_a_backprop_figure_with_a_bad_key_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "01-x.md"
    path.write_text('+++\nid = "x"\ntitle = "X"\norder = 1\nsummary = "s"\n+++\n\n```figure\nkind = "backprop"\n'
                    'x = [1.0]\ny = 1\n```\n', encoding="utf-8")
    with pytest.raises(LessonError) as e:
        load_lesson(path, "en")
    assert any(p.line == 10 and "x" in p.message for p in e.value.problems), e.value.problems


async def test_s_and_b_step_the_figure_only_while_it_is_on_screen(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="multilayer-perceptron")
    async with app.run_test(size=(120, 40)) as pilot:
        (figure,) = app.lesson_view.query(BackpropView)
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        at = app.snapshot.step
        await pilot.press("s")  # the figure is further down: `s` is a training step
        await until(pilot, lambda: app.snapshot.step == at + 1)
        assert figure.step == 0
        figure.scroll_visible(animate=False, top=True)
        await pilot.pause()
        await pilot.press("s", "s", "s", "b")
        await pilot.pause(0.1)
        assert figure.step == 2 and app.snapshot.step == at + 1
        assert "hidden unit 2" in str(figure.render().renderables[0])


def test_step_through_snapshot(snap_compare) -> None:  # type: ignore[no-untyped-def]
    """The step-through at its first backward step into a hidden unit: values and gradients."""
    from textual.app import App

    class One(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            view = BackpropView(Figure("backprop", {"x": [1.0, -0.5], "y": 1}, "A 2-2-1 net.", 1))
            view.step = 7
            yield view

    assert snap_compare(One(), terminal_size=(70, 30))


def test_every_step_is_as_tall_as_the_tallest_so_the_lesson_below_never_jumps() -> None:
    view = BackpropView(Figure("backprop", {"x": [1.0, -0.5], "y": 1}, "", 1))
    heights = set()
    for step in range(len(view.steps)):
        view.step, view._drawn = step, None  # as move() leaves it, without an app to refresh
        heights.add(len(view._figure(64).plain.split("\n")))
    assert len(heights) == 1 and len({len(view.draw(64, s).plain.split("\n")) for s in range(12)}) > 1


def test_lessons_check_counts_the_figure_as_tall_as_it_draws() -> None:
    from tui_tutor.lessons.lint import CARD_INSET, FIGURE_ROWS, PANE_COLUMNS

    for lang in ("en", "ko"):
        view = BackpropView(Figure("backprop", {"x": [1.0, -0.5], "y": 1}, "", 1), lang)
        assert len(view._figure(PANE_COLUMNS - CARD_INSET).plain.split("\n")) <= FIGURE_ROWS["backprop"]


@pytest.mark.parametrize(("loss", "y", "ok"), [("", 0.5, False), ('loss = "bce"\n', 2, False),
                                               ('loss = "bce"\n', 1, True), ('loss = "mse"\n', 2.5, True)])
def test_a_bce_figure_takes_a_label_as_its_target(tmp_path: Path, loss: str, y: float, ok: bool) -> None:
    """BCE's −[y·log ŷ + (1 − y)·log(1 − ŷ)] is a loss only for y in {0, 1}; the figure would have
    drawn any y as if it were one."""
    path = tmp_path / "01-x.md"
    path.write_text('+++\nid = "x"\ntitle = "X"\norder = 1\nsummary = "s"\n+++\n\n```figure\nkind = "backprop"\n'
                    f'x = [1.0, 0.5]\n{loss}y = {y}\n```\n', encoding="utf-8")
    if ok:
        load_lesson(path, "en")
        return
    with pytest.raises(LessonError) as e:
        load_lesson(path, "en")
    line = 11 + bool(loss)
    assert any(p.line == line and "0 or 1" in p.message for p in e.value.problems), e.value.problems
