"""An exercise's file as the lesson pane shows it: the docstring as prose, then the code after it."""

from __future__ import annotations

import re

from rich.console import Group
from rich.padding import Padding
from rich.text import Text

_DOCSTRING = re.compile(r'\A\s*[rRuU]?("""|\'\'\')')


def doc_text(doc: str) -> Group:
    """The docstring as prose for a pane of any width: its plain lines joined into paragraphs
    that wrap, its indented lines (shapes, formulas) each kept whole, wrapping under their own
    indent rather than at the pane's edge."""
    parts: list[Padding | Text] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append(Text(" ".join(paragraph)))
            paragraph.clear()

    for line in doc.strip("\n").splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            flush()
            parts.append(Text(""))
        elif indent == 0:
            paragraph.append(line)
        else:
            flush()
            parts.append(Padding(Text(line.strip()), (0, 0, 0, indent)))
    flush()
    return Group(*parts)


def code_after_docstring(text: str) -> tuple[str, int]:
    """The file from the first line after its module docstring, and that line's number: the
    docstring is already shown above as prose, in the learner's language."""
    m = _DOCSTRING.match(text)
    end = text.find(m.group(1), m.end()) if m else -1
    if m is None or end < 0:
        return text, 1
    start = text.find("\n", end + 3) + 1 or len(text)
    line = text.count("\n", 0, start) + 1
    rest = text[start:]
    while rest.startswith("\n"):
        rest, line = rest[1:], line + 1
    return rest, line
