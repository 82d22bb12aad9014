"""The picture beside the chart: the decision boundary for 2-D data, the fitted curve for 1-D.

It repaints only when the drawn picture changes. The field is quantized to a few shades, so once
training settles the picture stops changing and costs nothing to keep on screen. The boundary keeps
the data's aspect ratio (square pixels), centred in the widget, so a circle looks like a circle.

The widget is in the app's first frame, empty; numpy and the drawing code (``canvas``) are
imported by the methods that are handed arrays, which exist only once numpy has been loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from ..engine.catalog import DatasetInfo
from .line_block import Lines
from .session import View

if TYPE_CHECKING:
    import numpy as np

    from ..engine import Dataset
    from .canvas import Extent


@dataclass(frozen=True)
class PointsView(View):
    """A boundary view that also asks the model about the data points themselves (training, then
    validation), so that a point is marked wrong exactly when the model gets it wrong, not when
    the pixel under it does."""

    points: np.ndarray | None = field(default=None, compare=False, repr=False)


class FieldView(Lines):
    """The decision boundary or the fit, centred; while training most of the field keeps its
    shade from one update to the next, and ``Lines`` repaints only the lines that changed."""

    DEFAULT_CSS = """
    FieldView { height: 1fr; min-height: 4; width: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._info: DatasetInfo | None = None
        self._data: Dataset | None = None
        self._extent: Extent | None = None
        self._fit_y: tuple[float, float] = (-1.0, 1.0)
        self._last: tuple[np.ndarray | None, View | None] = (None, None)
        self._points: np.ndarray | None = None  # training then validation inputs

    def set_data(self, info: DatasetInfo, data: Dataset) -> None:
        import numpy as np

        from .canvas import data_extent

        self._info, self._data = info, data
        X = np.concatenate([data.X_train, data.X_val])
        self._points = X
        if info.n_inputs == 2:
            self._extent = data_extent(X)
        else:
            y = np.concatenate([data.y_train, data.y_val]).reshape(-1)
            x0, x1, _, _ = data_extent(np.column_stack([X[:, 0], y]))
            pad = 0.15 * (y.max() - y.min() + 1e-9)
            self._fit_y = (float(y.min() - pad), float(y.max() + pad))
            self._extent = (x0, x1, *self._fit_y)

    def view(self) -> View | None:
        """The grid the session should predict on, for the current size."""
        if self._extent is None or self._info is None or self.size.width < 4 or self.size.height < 2:
            return None
        if self._info.n_inputs == 2:
            from .canvas import square_pixels

            return PointsView(*square_pixels(self._extent, self.size.width, self.size.height),
                              points=self._points)
        return View(self.size.width * 2, self.size.height, self._extent, inputs=1)  # two x per cell

    def show(self, values: np.ndarray | None, view: View | None) -> None:
        if self._info is None or self._data is None or self._extent is None:
            return
        import numpy as np

        from .canvas import render_field, render_fit, square_pixels

        self._last = (values, view)
        cols, rows = self.size.width, self.size.height
        if cols < 1 or rows < 1:
            return
        d = self._data
        if values is None or view is None or view != self.view():
            values = None
        if self._info.n_inputs == 2:
            cols, rows, extent = square_pixels(self._extent, cols, rows)
            pixels, answers = 2 * rows * cols, None
            if values is None:
                values = np.full(pixels, np.nan)  # no answer yet: neutral, nothing judged
            elif len(values) == pixels + len(d.X_train) + len(d.X_val):
                at = values[pixels:]
                answers = (at[:len(d.X_train)], at[len(d.X_train):])
            text = render_field(values[:pixels], self._info.task, cols, rows,
                                points=d.X_train, labels=np.asarray(d.y_train).reshape(-1),
                                extent=extent, val_points=d.X_val,
                                val_labels=np.asarray(d.y_val).reshape(-1), answers=answers)
        else:
            xs = grid_points_1d(self._extent, cols * 2)
            curve = values if values is not None else np.full(len(xs), np.nan)
            text = render_fit(d.X_train[:, 0], np.asarray(d.y_train).reshape(-1), xs, curve,
                              cols, rows, self._extent)
        self._set_lines(text)

    def _set_lines(self, text: Text) -> None:
        """The picture centred in the widget, as lines."""
        lines = text.split("\n", allow_blank=True)
        left = max(0, (self.size.width - max((line.cell_len for line in lines), default=0)) // 2)
        top = max(0, (self.size.height - len(lines)) // 2)
        self.set_lines([Text()] * top + [Text(" " * left) + line if left else line for line in lines])

    class Resized(Message):
        """The grid to predict on changed: the app sends the session the new view."""

    def on_resize(self) -> None:
        self.show(*self._last)
        self.post_message(self.Resized())


def grid_points_1d(extent: Extent, n: int) -> np.ndarray:
    import numpy as np

    return np.linspace(extent[0], extent[1], n)


def grid_for(view: View) -> np.ndarray:
    """What the session predicts at: the pixel grid (2-D) or x positions (1-D)."""
    import numpy as np

    from .canvas import grid_points

    if view.inputs == 1:
        return grid_points_1d(view.extent, view.cols)[:, None]
    grid = grid_points(view.extent, view.cols, view.rows)
    points = getattr(view, "points", None)
    return grid if points is None else np.concatenate([grid, points])
