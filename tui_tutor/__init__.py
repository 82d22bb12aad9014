"""tui-tutor: the first day of deep learning, in a terminal, with a real network training live."""

from __future__ import annotations

__version__ = "0.1.0"
