"""A lesson figure, drawn to the width it is given, with its translated caption below.

The figures are drawn with numpy (``figures``), imported when the first one is drawn: most
lessons have none, and the app's first frame should not wait for numpy.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.widget import Widget

from ..lessons import Figure


class FigureView(Widget):
    DEFAULT_CSS = """
    FigureView { height: auto; margin: 1 0; padding: 0 1; border: round $surface-lighten-2; }
    """

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.figure = figure
        self._width = 0
        self._drawn: Text | None = None

    def _figure(self, width: int) -> Text:
        """Drawn once per width: layout asks for the height, then the lines, at the same width."""
        from .figures import render_figure

        width = max(20, width)
        if self._drawn is None or width != self._width:
            self._width, self._drawn = width, render_figure(self.figure.kind, self.figure.params, width)
        return self._drawn

    def render(self) -> Group:
        caption = Text(self.figure.caption, style="italic dim") if self.figure.caption else Text()
        return Group(self._figure(self.content_size.width or 60), caption)

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[no-untyped-def]
        caption = Text(self.figure.caption).wrap(self.app.console, max(1, width)) if self.figure.caption else []
        return len(self._figure(width).plain.split("\n")) + len(caption)
