"""Command palette entries: go to a lesson, run an experiment."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

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
            yield DiscoveryHit(title, callback, help=help_text)  # type: ignore[arg-type]

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]


def _switch_your_code(app: TutorApp) -> None:
    from .your_code import toggle_your_code

    toggle_your_code(app, then_run=False)
