"""Backpropagation by hand: a 2-2-1 network on one example, stepped through with `s` and `b`.

Forward first (inputs, each hidden unit, the output, the loss), then backward node by node, each
gradient written as its chain-rule product with the engine's own numbers (``trace_backprop``).
A table of every node grows as the steps reveal values (forward) and gradients (backward).
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from ..lessons import Figure
from .figure_view import FigureView

if TYPE_CHECKING:  # the trace needs numpy: it is imported when a lesson shows the figure
    from ..engine.backprop_trace import BackpropTrace

SUB = "₁₂"
WORDS = {
    "en": {"forward": "Forward", "backward": "Backward", "input": "the input and its target",
           "hidden": "hidden unit {j}", "output": "the output", "loss": "the loss",
           "dout": "the loss's slope at the output", "dv": "the output layer's weights",
           "dh": "back into hidden unit {j}", "dw": "hidden unit {j}'s weights",
           "matrix": "all together, as matrices: dW = xᵀ·dz", "keys": "s: next step · b: back",
           "node": "node", "value": "value", "column": "a column", "row": "a row"},
    "ko": {"forward": "순전파", "backward": "역전파", "input": "입력과 정답", "hidden": "은닉 뉴런 {j}",
           "output": "출력", "loss": "손실", "dout": "출력에서 손실의 기울기", "dv": "출력층의 가중치",
           "dh": "은닉 뉴런 {j}로 거슬러 가기", "dw": "은닉 뉴런 {j}의 가중치",
           "matrix": "행렬로 한꺼번에: dW = xᵀ·dz", "keys": "s: 다음 단계 · b: 이전 단계",
           "node": "노드", "value": "값", "column": "열", "row": "행"},
}
ACT_GRAD = {"tanh": "(1 − {h}²)", "sigmoid": "{h}(1 − {h})", "relu": "[{z} > 0]", "identity": "1"}


def num(v: float) -> str:
    """A number as the lesson prints it: three decimals, a real minus sign."""
    return f"{v:.3f}".replace("-", "−")


def par(v: float) -> str:
    """A factor in a product: negative numbers in parentheses, so that the signs read clearly."""
    return f"({num(v)})" if v < 0 else num(v)


def steps(tr: BackpropTrace, lang: str) -> list[tuple[str, list[str]]]:
    """(title, lines) per step: five forward, then backward node by node, then the matrix form."""
    w = WORDS.get(lang, WORDS["en"])
    fw, bw = w["forward"], w["backward"]
    x, W, b, z, h, v = tr.x, tr.W, tr.b, tr.z, tr.h, tr.v
    act = tr.activation
    out: list[tuple[str, list[str]]] = [
        (f"{fw}: {w['input']}", [f"x₁ = {num(x[0])}   x₂ = {num(x[1])}   y = {tr.y:g}"])]
    for j in range(2):
        s = SUB[j]
        out.append((f"{fw}: {w['hidden'].format(j=j + 1)}", [
            f"z{s} = W₁{s}·x₁ + W₂{s}·x₂ + b{s}",
            f"   = {par(W[0, j])}·{par(x[0])} + {par(W[1, j])}·{par(x[1])} + {par(b[j])} = {num(z[j])}",
            f"h{s} = {act}(z{s}) = {num(h[j])}"]))
    out_lines = [f"z = v₁·h₁ + v₂·h₂ + c = {par(v[0])}·{par(h[0])} + {par(v[1])}·{par(h[1])} + {par(tr.c)}"
                 f" = {num(tr.z_out)}"]
    if tr.loss_name == "bce":
        out_lines.append(f"ŷ = σ(z) = {num(tr.y_hat)}")
        loss_lines = ["L = −[y·log ŷ + (1 − y)·log(1 − ŷ)]",
                      f"  = −[{tr.y:g}·log {num(tr.y_hat)} + {1 - tr.y:g}·log {num(1 - tr.y_hat)}] = {num(tr.loss)}"]
        dout = [f"∂L/∂z = ŷ − y = {par(tr.y_hat)} − {par(tr.y)} = {num(tr.dz_out)}"]
    else:
        out_lines.append(f"ŷ = z = {num(tr.y_hat)}")
        loss_lines = [f"L = (ŷ − y)² = ({num(tr.y_hat)} − {par(tr.y)})² = {num(tr.loss)}"]
        dout = [f"∂L/∂z = 2(ŷ − y) = 2·({num(tr.y_hat)} − {par(tr.y)}) = {num(tr.dz_out)}"]
    out += [(f"{fw}: {w['output']}", out_lines), (f"{fw}: {w['loss']}", loss_lines),
            (f"{bw}: {w['dout']}", dout)]
    out.append((f"{bw}: {w['dv']}", [
        f"∂L/∂v₁ = ∂L/∂z · h₁ = {par(tr.dz_out)}·{par(h[0])} = {num(tr.dv[0])}",
        f"∂L/∂v₂ = ∂L/∂z · h₂ = {par(tr.dz_out)}·{par(h[1])} = {num(tr.dv[1])}",
        f"∂L/∂c  = ∂L/∂z · 1  = {num(tr.dc)}"]))
    for j in range(2):
        s = SUB[j]
        grad = ACT_GRAD.get(act, "{act}′").format(h=f"h{s}", z=f"z{s}", act=act)
        out.append((f"{bw}: {w['dh'].format(j=j + 1)}", [
            f"∂L/∂h{s} = ∂L/∂z · v{s} = {par(tr.dz_out)}·{par(v[j])} = {num(tr.dh[j])}",
            f"∂L/∂z{s} = ∂L/∂h{s} · {act}′(z{s}) = ∂L/∂h{s} · {grad}",
            f"      = {par(tr.dh[j])}·{par(tr.act_grad[j])} = {num(tr.dz[j])}"]))
        out.append((f"{bw}: {w['dw'].format(j=j + 1)}", [
            f"∂L/∂W₁{s} = ∂L/∂z{s} · x₁ = {par(tr.dz[j])}·{par(x[0])} = {num(tr.dW[0, j])}",
            f"∂L/∂W₂{s} = ∂L/∂z{s} · x₂ = {par(tr.dz[j])}·{par(x[1])} = {num(tr.dW[1, j])}",
            f"∂L/∂b{s}  = ∂L/∂z{s} · 1  = {num(tr.db[j])}"]))
    out.append((f"{bw}: {w['matrix']}", [
        f"x = [{num(x[0])}, {num(x[1])}]ᵀ ({w['column']}) · dz = [{num(tr.dz[0])}, {num(tr.dz[1])}] ({w['row']})",
        f"dW = [[{num(tr.dW[0, 0])}, {num(tr.dW[0, 1])}],",
        f"      [{num(tr.dW[1, 0])}, {num(tr.dW[1, 1])}]]"]))
    return out


FORWARD_STEPS = 5
TWO_COLUMNS = 54  # the width from which the node table is set in two columns
#: Two columns: rows of node_table's list side by side (x₁ x₂, z₁ z₂, h₁ h₂, z ŷ, L).
PAIRS: tuple[tuple[int, int | None], ...] = ((0, 1), (2, 4), (3, 5), (6, 7), (8, None))


def node_table(tr: BackpropTrace, step: int, lang: str, columns: int = 1) -> list[Text]:
    """Every node with its value once the forward pass reached it and ∂L/∂node once backward did.

    ``columns=2`` sets the nodes in pairs side by side (five rows instead of nine), so the figure
    stays short in a lesson pane.
    """
    w = WORDS.get(lang, WORDS["en"])
    # (name, value, forward step that reveals it, gradient, backward step that reveals it)
    rows: list[tuple[str, float, int, float | None, int]] = [
        ("x₁", tr.x[0], 0, None, 99), ("x₂", tr.x[1], 0, None, 99),
        ("z₁", tr.z[0], 1, tr.dz[0], 7), ("h₁", tr.h[0], 1, tr.dh[0], 7),
        ("z₂", tr.z[1], 2, tr.dz[1], 9), ("h₂", tr.h[1], 2, tr.dh[1], 9),
        ("z", tr.z_out, 3, tr.dz_out, 5), ("ŷ", tr.y_hat, 3, None, 99), ("L", tr.loss, 4, 1.0, 5),
    ]
    node, value = w["node"], w["value"]  # padded by display width: Korean letters take two cells
    head = Text(node + " " * max(1, 5 - cell_len(node)) + " " * max(1, 9 - cell_len(value)) + value
                + f"   ∂L/∂{node}", style="bold")
    cells = []
    for name, value, at, grad, back in rows:
        line = Text(f"{name:<5}")
        line.append(f"{num(value):>9}" if step >= at else f"{'·':>9}")
        line.append("   ")
        line.append(f"{num(grad):>8}" if grad is not None and step >= back else " " * 8, style="bold color(208)")
        cells.append(line)
    if columns < 2:
        for cell in cells:
            cell.rstrip()
        return [head, *cells]
    gap = Text(" " * 4)
    lines = [Text.assemble(head, gap, head.copy())]
    for left, right in PAIRS:  # unit 1 beside unit 2, the output beside its sigmoid
        line = Text.assemble(cells[left], gap, cells[right]) if right is not None else cells[left]
        line.rstrip()
        lines.append(line)
    return lines


def on_screen(scroller: Widget) -> BackpropView | None:
    """The step-through visible in ``scroller`` (a lesson view), if any: `s` and `b` then drive it."""
    top, height = scroller.scroll_offset.y, scroller.scrollable_content_region.height
    for view in scroller.query(BackpropView):
        region = view.virtual_region
        if view.display and region.y < top + height and region.bottom > top:
            return view
    return None


class BackpropView(FigureView):
    """The ``backprop`` figure: `s` steps forward and `b` back while it is on screen."""

    def __init__(self, figure: Figure, lang: str = "en") -> None:
        super().__init__(figure)
        self.lang = lang
        p: dict[str, Any] = figure.params
        from ..engine.backprop_trace import trace_backprop

        self.trace = trace_backprop(tuple(p["x"]), float(p["y"]), p.get("activation", "tanh"),
                                    int(p.get("seed", 0)), p.get("loss", "bce"))
        self.steps = steps(self.trace, lang)
        self.step = 0
        self._tallest = (0, 0)  # (width, rows of the tallest step at that width)

    def move(self, by: int) -> None:
        step = max(0, min(len(self.steps) - 1, self.step + by))
        if step != self.step:
            self.step, self._drawn = step, None
            self.refresh(layout=True)
        self.scroll_visible(animate=False)  # the step's formula sits at the figure's foot

    def _figure(self, width: int) -> Text:
        width = max(20, width)
        if self._drawn is None or width != self._width:
            self._width, self._drawn = width, self.draw(width)
            if self._tallest[0] != width:  # every step as tall as the tallest: the lesson never jumps
                rows = [len(self.draw(width, step).plain.split("\n")) for step in range(len(self.steps))]
                self._tallest = (width, max(rows))
            pad = self._tallest[1] - len(self._drawn.plain.split("\n"))
            if pad > 0:
                self._drawn.append("\n" * pad)
        return self._drawn

    def draw(self, width: int, step: int | None = None) -> Text:
        """The step on screen (or ``step``) at ``width`` columns."""
        step = self.step if step is None else step
        title, lines = self.steps[step]
        keys = WORDS.get(self.lang, WORDS["en"])["keys"]
        head = Text(f"{step + 1}/{len(self.steps)}  {title}", style="bold")
        if head.cell_len + 3 + cell_len(keys) <= width:  # the keys on the title's line when they fit
            head.append(" " * (width - head.cell_len - cell_len(keys)) + keys, style="dim")
            out = [head]
        else:
            out = [head, Text(keys, style="dim")]
        for line in lines:  # the step first, so that a short pane shows it; the table below
            indent = " " * (len(line) - len(line.lstrip()))
            out += [Text(part, style="color(75)") for part in textwrap.wrap(
                line.strip(), width, initial_indent=indent, subsequent_indent=indent + "    ")]
        out.append(Text())
        out += node_table(self.trace, step, self.lang, columns=2 if width >= TWO_COLUMNS else 1)
        for line in out:
            line.truncate(width)
        return Text("\n").join(out)
