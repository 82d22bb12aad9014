"""A block of lines that repaints only what changed.

Textual repaints a refreshed widget's line whole, from its left edge: there is no cell diff. A
picture split over several of these blocks side by side repaints only the block whose line
changed, which is what keeps the network view within the SSH budget.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


class Lines(Widget):
    """A block of lines that repaints only the lines that changed. The network view is a row of
    these, one per layer, so a tile that changes repaints its own column's line, not the whole
    row: Textual repaints a widget's line whole, and over SSH every cell costs about 20 bytes."""

    DEFAULT_CSS = """
    Lines { width: 0; height: 1fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._lines: list[Text] = []
        self._strips: list[Strip] = []
        self._width = 0

    def set_lines(self, lines: list[Text]) -> None:
        width, console = self.size.width, self.app.console

        def strip(line: Text) -> Strip:
            return Strip(list(line.render(console))).extend_cell_length(width).crop(0, width)

        if len(lines) != len(self._lines) or width != self._width:
            self._strips, self._width = [strip(line) for line in lines], width
            self.refresh()
        else:
            for y, (new, old) in enumerate(zip(lines, self._lines)):
                if new != old:
                    self._strips[y] = strip(new)
                    self.refresh(Region(0, y, width, 1))
        self._lines = lines

    def render_line(self, y: int) -> Strip:
        if y < len(self._strips):
            return self._strips[y].apply_style(self.rich_style)
        return Strip.blank(self.size.width, self.rich_style)

    def on_resize(self) -> None:
        lines, self._lines = self._lines, []
        self.set_lines(lines)
