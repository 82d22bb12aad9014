"""Command palette entries: go to a lesson, run an experiment.

Titles and labels come from lesson files, so every prompt and help text is a ``Content`` built
from plain text: Textual parses a plain ``str`` there as markup, where ``[@click=...]`` acts.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from .app import TutorApp


class LessonCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        app = cast("TutorApp", self.app)
        out: list[tuple[str, str, object]] = []
        for lesson in app.lessons:
            out.append((f"Go to lesson {lesson.order}: {lesson.title}", lesson.summary,
                        partial(app.open_lesson, lesson.id)))
        out.append(("Exercises: implement the network yourself", "edit a file, the checker grades it",
                    app.open_exercises))
        out.append(("Train with your code / with the engine", "needs the layer, activation, loss, optimizer exercises",
                    partial(_switch_your_code, app)))
        for lesson in app.lessons:
            for i, e in enumerate(lesson.experiments):
                out.append((f"Run experiment: {e.label} (lesson {lesson.order})", lesson.title,
                            partial(app.run_experiment, lesson.id, i)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(Content(title), callback, help=Content(help_text))  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _highlight(matcher, title), callback, help=Content(help_text))  # type: ignore[arg-type]


def _highlight(matcher: Matcher, title: str) -> Content:
    """``matcher.highlight`` without its markup parsing: the matched letters of plain text."""
    content = Content(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _switch_your_code(app: TutorApp) -> None:
    from .your_code import toggle_your_code

    toggle_your_code(app, then_run=False)

