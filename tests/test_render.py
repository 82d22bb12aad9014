"""The pure renderers: decision field, 1-D fit and lesson figures, checked cell by cell without Textual."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import numpy as np
import pytest
from rich.cells import cell_len
from rich.color import Color
from rich.style import Style
from rich.text import Text

from tui_tutor.app.canvas import (BINARY_FIELD, CLASS_POINT, FIT_CURVE, FIT_DATA, data_extent,
                                  grid_points, render_field, render_fit)
from tui_tutor.app.figures import ACTIVATIONS, render_figure

EXT = (-1.0, 1.0, -1.0, 1.0)
EVENTS = [{"year": 2012, "name": "AlexNet"}, {"year": 2013, "name": "DQN"},
          {"year": 2014, "name": "Seq2Seq"}, {"year": 2014, "name": "Adam"},
          {"year": 2014, "name": "GAN"}, {"year": 2015, "name": "ResNet"},
          {"year": 2017, "name": "Transformer"}, {"year": 2018, "name": "BERT"},
          {"year": 2019, "name": "GPT-2"}, {"year": 2020, "name": "GPT-3"},
          {"year": 2020, "name": "SimCLR"}]
W1 = [[1, 2], [0, -1], [3, 1]]
W2 = [[1, 0, 2], [-1, 1, 0]]
WIDTHS = [20, 30, 45, 60, 80, 100, 120]


def lines_of(text: Text) -> list[str]:
    return text.plain.split("\n")


def pixel(text: Text, cols: int, r: int, c: int) -> Color | None:
    """Colour of pixel (r, c) of a half-block image: top pixel of a cell is fg of "▀", etc."""
    offset = (r // 2) * (cols + 1) + c
    style = Style.combine([s.style for s in text.spans if s.start <= offset < s.end] or [Style()])
    char = text.plain[offset]
    top, bottom = {"▀": (style.color, style.bgcolor), "▄": (style.bgcolor, style.color),
                   " ": (style.bgcolor, style.bgcolor)}[char]
    return bottom if r % 2 else top


def c(name: str) -> Color:
    return Color.parse(name)


# ── grid_points and data_extent ─────────────────────────────────────────────────────────────────


def test_grid_points_are_pixel_centres_top_row_first() -> None:
    G = grid_points((0.0, 4.0, 0.0, 2.0), cols=4, rows=1)  # 4 x 2 pixels of 1 x 1
    assert G.shape == (8, 2)
    assert G[0].tolist() == [0.5, 1.5] and G[3].tolist() == [3.5, 1.5]  # top row, left to right
    assert G[4].tolist() == [0.5, 0.5] and G[7].tolist() == [3.5, 0.5]
    big = grid_points(EXT, 7, 3).reshape(6, 7, 2)
    assert np.all(np.diff(big[:, 0, 1]) < 0) and np.all(np.diff(big[0, :, 0]) > 0)


def test_data_extent_pads_and_does_not_jitter() -> None:
    X = np.array([[0.0, 0.0], [1.0, 2.0]])
    xmin, xmax, ymin, ymax = data_extent(X)
    assert xmin < 0 and xmax > 1 and ymin < 0 and ymax > 2
    assert data_extent(X * 1.001 + 0.0005) == data_extent(X)
    x0, x1, y0, y1 = data_extent(np.array([[0.0], [3.0]]), y=np.array([-5.0, 5.0]))
    assert x0 < 0 < 3 < x1 and y0 < -5 and y1 > 5


# ── render_field ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("task", ["binary", "multiclass"])
@pytest.mark.parametrize("cols,rows", [(1, 1), (7, 3), (60, 20)])
def test_field_has_rows_lines_of_cols_cells(task: str, cols: int, rows: int) -> None:
    rng = np.random.default_rng(0)
    values = rng.random(2 * rows * cols) if task == "binary" else rng.integers(0, 3, 2 * rows * cols)
    lines = lines_of(render_field(values.astype(float), task, cols, rows))
    assert len(lines) == rows and all(cell_len(line) == cols for line in lines)


def test_empty_area_gives_empty_text() -> None:
    assert render_field(np.zeros(0), "binary", 0, 5).plain == ""
    assert render_fit(np.zeros(3), np.zeros(3), np.zeros(3), np.zeros(3), 5, 0, EXT).plain == ""


def test_wrong_number_of_values_is_a_programmer_error() -> None:
    with pytest.raises(ValueError):
        render_field(np.zeros(10), "binary", 4, 4)


def test_points_are_painted_in_their_class_colour() -> None:
    cols, rows = 10, 4
    G = grid_points(EXT, cols, rows)
    P = np.array([G[2 * cols + 3], G[5 * cols + 8], [5.0, 5.0]])  # pixels (2, 3), (5, 8), outside
    text = render_field(np.full(2 * rows * cols, np.nan), "binary", cols, rows, P, np.array([1, 0, 1]), EXT)
    neutral = c(BINARY_FIELD[2])
    assert pixel(text, cols, 2, 3) == c(CLASS_POINT[1])
    assert pixel(text, cols, 5, 8) == c(CLASS_POINT[0])
    assert pixel(text, cols, 3, 3) == neutral and pixel(text, cols, 2, 4) == neutral
    painted = sum(pixel(text, cols, r, k) != neutral for r in range(2 * rows) for k in range(cols))
    assert painted == 2  # the point outside the extent is skipped


def test_multiclass_points_use_three_colours() -> None:
    cols, rows = 6, 2
    G = grid_points(EXT, cols, rows)
    P = G[[0, 1, 2]]
    text = render_field(np.full(2 * rows * cols, np.nan), "multiclass", cols, rows, P, np.array([0, 1, 2]), EXT)
    assert [pixel(text, cols, 0, k) for k in range(3)] == [c(name) for name in CLASS_POINT]


def test_nan_values_are_drawn_neutral() -> None:
    cols, rows = 8, 3
    nan = render_field(np.full(2 * rows * cols, np.nan), "binary", cols, rows)
    half = render_field(np.full(2 * rows * cols, 0.5), "binary", cols, rows)
    assert nan == half
    multi = render_field(np.full(2 * rows * cols, np.nan), "multiclass", cols, rows)
    assert len(lines_of(multi)) == rows


def test_same_input_same_text_and_small_changes_do_not_repaint() -> None:
    cols, rows = 30, 10
    G = grid_points(EXT, cols, rows)
    P = 0.1 + 0.2 * np.floor((G[:, 0] + 1) * 2.49)  # bin centres: 0.1, 0.3, ..., 0.9
    a = render_field(P, "binary", cols, rows)
    b = render_field(P.copy(), "binary", cols, rows)
    assert a.plain == b.plain and a.spans == b.spans
    nudged = render_field(P + 0.01 * np.sin(np.arange(P.size)), "binary", cols, rows)
    assert nudged == a


def test_confident_and_uncertain_fields_differ() -> None:
    n = 2 * 4 * 5
    confident = render_field(np.full(n, 0.99), "binary", 5, 4)
    unsure = render_field(np.full(n, 0.65), "binary", 5, 4)
    other = render_field(np.full(n, 0.01), "binary", 5, 4)
    assert confident != unsure and confident != other and unsure != other


def test_field_renders_fast() -> None:
    cols, rows = 60, 20
    G = grid_points(EXT, cols, rows)
    P = 1 / (1 + np.exp(-6 * G[:, 0] * G[:, 1]))
    X = np.random.default_rng(1).uniform(-1, 1, (300, 2))
    best = min(_timed(lambda: render_field(P, "binary", cols, rows, X, X[:, 0] > 0, EXT)) for _ in range(5))
    assert best < 0.010


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


# ── render_fit ──────────────────────────────────────────────────────────────────────────────────


def curve_pixels(text: Text, cols: int, rows: int, colour: str) -> set[tuple[int, int]]:
    return {(r, k) for r in range(2 * rows) for k in range(cols) if pixel(text, cols, r, k) == c(colour)}


def test_fit_dimensions_and_curve_in_every_column() -> None:
    cols, rows = 40, 8
    cx = np.linspace(-1, 1, 80)
    text = render_fit(np.zeros(0), np.zeros(0), cx, 0.8 * cx, cols, rows, EXT)
    lines = lines_of(text)
    assert len(lines) == rows and all(cell_len(line) == cols for line in lines)
    on = curve_pixels(text, cols, rows, FIT_CURVE)
    assert {k for _, k in on} == set(range(cols))
    left, right = min(r for r, k in on if k == 0), min(r for r, k in on if k == cols - 1)
    assert left > right  # rising line: higher up (smaller row) on the right


def test_fit_shows_data_and_connects_jumps() -> None:
    cols, rows = 20, 6
    x, y = np.array([-0.95, 0.95]), np.array([0.95, -0.95])
    cx = np.linspace(-1, 1, 200)
    step = np.where(cx < 0, -0.9, 0.9)
    text = render_fit(x, y, cx, step, cols, rows, EXT)
    assert pixel(text, cols, 0, 0) == c(FIT_DATA) and pixel(text, cols, 2 * rows - 1, cols - 1) == c(FIT_DATA)
    on = curve_pixels(text, cols, rows, FIT_CURVE)
    low, high = max(r for r, _ in on), min(r for r, _ in on)
    assert {r for r, _ in on} == set(range(high, low + 1))  # no vertical gap at the jump


def test_fit_skips_non_finite_curve_points() -> None:
    cols, rows = 20, 5
    cx = np.linspace(-1, 1, 40)
    cy = 0.5 * cx
    cy[5], cy[20], cy[30] = np.nan, np.inf, -np.inf
    text = render_fit(np.zeros(0), np.zeros(0), cx, cy, cols, rows, EXT)
    assert len(curve_pixels(text, cols, rows, FIT_CURVE)) >= cols
    blank = render_fit(np.zeros(0), np.zeros(0), cx, np.full(40, np.nan), cols, rows, EXT)
    assert blank.plain.strip() == "" and not curve_pixels(blank, cols, rows, FIT_CURVE)


# ── figures ─────────────────────────────────────────────────────────────────────────────────────


FIGURES = [("activations", {"functions": ["relu", "sigmoid", "tanh"], "derivatives": True}),
           ("activations", {"functions": ["relu", "sigmoid", "tanh", "identity"]}),
           ("linear-collapse", {"W1": W1, "W2": W2}),
           ("linear-collapse", {"W1": [[0.5, -1 / 3, 2.25]], "W2": [[1.5], [-2], [0.1]]}),
           ("timeline", {"events": EVENTS}),
           ("unknown-kind", {})]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind,params", FIGURES)
def test_every_figure_fits_its_width(kind: str, params: dict, width: int) -> None:
    text = render_figure(kind, params, width)
    assert text.plain.strip()
    assert max(cell_len(line) for line in lines_of(text)) <= width


def test_unknown_kind_says_so() -> None:
    assert "'spiral'" in render_figure("spiral", {}, 40).plain


def test_activation_formulas_match_finite_differences() -> None:
    z = np.linspace(-4, 4, 81)
    z = z[np.abs(z) > 1e-3]  # ReLU has no derivative at 0
    for name, (f, df, (ylo, yhi), _, _) in ACTIVATIONS.items():
        numeric = (f(z + 1e-6) - f(z - 1e-6)) / 2e-6
        assert np.allclose(df(z), numeric, atol=1e-6), name
        assert ylo <= f(z).min() and f(z).max() <= yhi and ylo <= df(z).min() and df(z).max() <= yhi


@pytest.mark.parametrize("width", [30, 120])
def test_derivative_legend_only_when_asked(width: int) -> None:
    with_d = render_figure("activations", {"functions": ["sigmoid"], "derivatives": True}, width).plain
    without = render_figure("activations", {"functions": ["sigmoid"], "derivatives": False}, width).plain
    plain = render_figure("activations", {"functions": ["sigmoid"]}, width).plain
    assert "f′(z)" in with_d and "σ′(z) = σ(z)" in with_d.replace("\n", " ")
    assert "f′(z)" not in without and "f′(z)" not in plain and "σ′" not in without
    assert "σ(z) = 1/(1 + e⁻ᶻ)" in without and "1┤" in without and "0┤" in without


def test_activation_panels_go_side_by_side_when_wide() -> None:
    params = {"functions": ["relu", "tanh"]}
    wide, narrow = render_figure("activations", params, 120).plain, render_figure("activations", params, 30).plain
    assert any("ReLU(z)" in line and "tanh(z)" in line for line in lines_of(Text(wide)))
    assert not any("ReLU(z)" in line and "tanh(z)" in line for line in lines_of(Text(narrow)))
    assert len(narrow.split("\n")) > len(wide.split("\n"))


def test_identity_is_drawn_as_a_rising_diagonal() -> None:
    lines = render_figure("activations", {"functions": ["identity"]}, 60).plain.split("\n")
    plot = [line for line in lines if line[2:3] in ("┤", "│")]
    first_dot = [min(i for i, ch in enumerate(line) if 0x2800 < ord(ch) <= 0x28FF) for line in plot]
    assert first_dot == sorted(first_dot, reverse=True) and first_dot[0] > first_dot[-1]


def numbers(s: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", s)]


@pytest.mark.parametrize("W1_,W2_", [(W1, W2), ([[0.5, -1 / 3, 2.25]], [[1.5], [-2], [0.1]])])
def test_linear_collapse_product_is_right(W1_: list, W2_: list) -> None:
    A, B = np.array(W1_, dtype=float), np.array(W2_, dtype=float)
    lines = render_figure("linear-collapse", {"W1": W1_, "W2": W2_}, 20).plain.split("\n")
    at = lines.index("W = W₂·W₁ =")
    block = lines[at + 1:lines.index("", at)]
    shown = np.array([numbers(line) for line in block])
    assert np.allclose(shown, B @ A, rtol=1e-2)
    for width in WIDTHS:
        plain = render_figure("linear-collapse", {"W1": W1_, "W2": W2_}, width).plain
        plain = plain[plain.index("x = ["):].replace("\n  ", " ")  # join wrapped vectors
        x = np.arange(1, A.shape[1] + 1)
        via_layers = re.search(r"W₂\(W₁x\) = \[([^\]]*)\]", plain).group(1)
        via_product = re.search(r"\(W₂W₁\)x = \[([^\]]*)\]", plain).group(1)
        assert np.allclose(numbers(via_layers), B @ (A @ x), rtol=1e-2)
        assert numbers(via_layers) == numbers(via_product) and "✓" in plain


def test_linear_collapse_layout_follows_width() -> None:
    wide = render_figure("linear-collapse", {"W1": W1, "W2": W2}, 120).plain
    narrow = render_figure("linear-collapse", {"W1": W1, "W2": W2}, 20).plain
    assert any("·" in line and "=" in line and "⎦" in line for line in wide.split("\n"))
    assert "W = W₂·W₁ =" in narrow and "W = W₂·W₁ =" not in wide


def test_linear_collapse_with_mismatched_shapes_explains() -> None:
    text = render_figure("linear-collapse", {"W1": [[1, 2]], "W2": [[1, 2, 3]]}, 40).plain
    assert "not defined" in text


@pytest.mark.parametrize("width", WIDTHS)
def test_timeline_has_every_name_and_each_year_once(width: int) -> None:
    plain = render_figure("timeline", {"events": EVENTS}, width).plain
    for event in EVENTS:
        assert re.search(rf"(^|\s){re.escape(event['name'])}(\s|$)", plain, re.M), (width, event)
    for year in {e["year"] for e in EVENTS}:
        assert plain.count(str(year)) == 1


def test_timeline_is_horizontal_when_wide_and_vertical_when_narrow() -> None:
    wide = render_figure("timeline", {"events": EVENTS}, 120).plain.split("\n")
    narrow = render_figure("timeline", {"events": EVENTS}, 30).plain.split("\n")
    assert any(line.count("●") == 8 for line in wide)
    assert len(narrow) == len(EVENTS) and all(line.count("●") == 1 for line in narrow)
    assert narrow[3].startswith(" ") and "Adam" in narrow[3]  # a shared year is written once
