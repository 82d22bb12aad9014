"""An exercise's check, shown in the panel where the chart and the boundary go.

While an exercise is open the panel keeps its setup and status lines (the "your code" badge stays
in sight) and this view takes the place of the chart and the boundary: the learner reads the task
on the left and sees the checker's verdict on the right, as a lesson's text sits beside its run.
The view mounts itself into the panel and sets the panel's ``-exercise`` class; removing it gives
the chart back.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ..exercises import Result, get
from ..exercises.text import clean, status_mark, strings
from .strings import t

@dataclass
class Checked(Message):
    """Results from a check worker, posted (a thread worker must not wait on the UI: if the app
    is leaving, ``call_from_thread`` would wait for ever)."""

    results: list[Result]


STYLE = {"pass": "bold green", "fail": "bold red", "error": "bold red", "todo": "bold yellow"}
#: Lines of the learner's printed output shown back (the child keeps the first 2,000 characters).
PRINTED_LINES = 8


def result_text(name: str, result: Result | None, lang: str, checking: bool = False) -> Text:
    """What the checker said about ``name``: its status, the first thing wrong, what it printed."""
    words = strings(lang)
    out = Text()
    out.append(t(lang, "ex_check_title", name=name) + "\n", style="bold")
    if result is None:
        out.append(words["checking"], style="italic")
        return out
    out.append(f"{status_mark(result.status)} {words[result.status]}", style=STYLE.get(result.status, ""))
    if checking:
        out.append(f"  {words['checking']}", style="dim italic")
    out.append("\n")
    if result.message:
        out.append("\n" + clean(result.message) + "\n")
    if result.passed:
        out.append("\n" + t(lang, "ex_passed_next"), style="green")
    elif result.tries:
        out.append("\n" + t(lang, "ex_tries", n=result.tries), style="dim")
    if result.output.strip():
        out.append(f"\n\n{words['printed']}\n", style="dim")
        out.append("\n".join(clean(result.output).splitlines()[:PRINTED_LINES]))
    return out


def exercise_title(name: str, lang: str) -> str:
    return get(name).title.get(lang, name)


class ExerciseResults(VerticalScroll, can_focus=False):
    """The check of the open exercise; the exercise view in the lesson pane updates it."""

    SCOPED_CSS = False  # these rules reach the panel around this view
    DEFAULT_CSS = """
    TrainingPanel.-exercise > #views { display: none; }
    ExerciseResults { height: 1fr; padding: 0 0 1 0; }
    ExerciseResults > Static { height: auto; }
    """

    def __init__(self, name: str, lang: str) -> None:
        super().__init__()  # no id: the old one may still be leaving when the next mounts
        self.exercise, self.lang = name, lang
        self._text = result_text(name, None, lang)
        self._static = Static(self._text)  # kept: a check may come back before it is mounted

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._static

    def show(self, result: Result | None, checking: bool = False) -> None:
        self._text = result_text(self.exercise, result, self.lang, checking)
        self._static.update(self._text)

    @property
    def text(self) -> str:
        """What the view says now, as plain text (for tests and the curious)."""
        return self._text.plain
