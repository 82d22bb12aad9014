"""Keys that look inside a run: predict before it (x asks), the network view (w, arrows), the
backprop step-through (s, b when it is on screen) and the lesson that explains a curve (m).

A mixin of ``TutorApp`` beside ``TrainingActions``, whose run model it uses: a prediction is
asked before ``load_experiment`` and judged on the training thread when that run ends.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from .backprop_view import BackpropView, on_screen
from .predict_view import PredictScreen, outcome_text
from .strings import t

if TYPE_CHECKING:
    from ..lessons import BrokenLesson, Lesson, Prediction
    from ..progress import Progress
    from .lesson_view import LessonView
    from .session import Judge, Snapshot
    from .training_panel import TrainingPanel


class InsideActions:
    # provided by TutorApp and TrainingActions
    lang: str
    lesson: Lesson | BrokenLesson | None
    lessons: list[Lesson | BrokenLesson]
    lesson_view: LessonView | None
    panel: TrainingPanel
    progress: Progress
    snapshot: Snapshot | None
    run_number: int
    # this mixin's own state
    ask_predictions: bool = True
    guess: tuple[str, int, int] | None = None  # (lesson id, experiment index, choice) of a run
    guess_run: int = 0  # the run number the guess is about; any other run is not judged

    # -- predict, then run ----------------------------------------------------------------------
    def ask_then_play(self, lesson_id: str, index: int) -> None:
        """Run the lesson's experiment; where it carries a prediction, ask it first."""
        lesson = self.lesson
        assert lesson is not None
        prediction = lesson.experiments[index].predict
        if prediction is None or not self.ask_predictions:
            self.load_experiment(index, train=True)  # type: ignore[attr-defined]
            return
        screen = PredictScreen(prediction, self.lang)

        def committed(choice: int | None) -> None:
            if screen.stop_asking:
                self.action_toggle_predictions()
            if choice is not None:
                self.progress.predict(lesson_id, index + 1, choice)
                self.save_progress()  # type: ignore[attr-defined]
            self._play(lesson_id, index, choice)

        self.push_screen(screen, committed)  # type: ignore[attr-defined]

    def action_toggle_predictions(self) -> None:
        self.ask_predictions = not self.ask_predictions
        self.notify(t(self.lang, "predict_on" if self.ask_predictions else "predict_off"),  # type: ignore[attr-defined]
                    timeout=3)

    def _play(self, lesson_id: str, index: int, choice: int | None) -> None:
        lesson = self.lesson
        if lesson is None or lesson.id != lesson_id:
            return  # the learner moved on while the question was open
        prediction = lesson.experiments[index].predict
        judge: Judge | None = None
        if choice is not None and prediction is not None:
            from ..lessons import came_true  # the lessons' training helpers load on first use

            judge = partial(came_true, prediction)  # the claims are data: the same in every language
        self.load_experiment(index, train=True, judge=judge)  # type: ignore[attr-defined]
        if judge is not None and choice is not None:  # after the load, which forgets the last guess
            self.guess, self.guess_run = (lesson_id, index, choice), self.run_number

    def _guessed(self) -> Prediction | None:
        """The prediction guessed for this run, in the language on screen."""
        if self.guess is None:
            return None
        lesson_id, index = self.guess[:2]
        for entry in self.lessons:
            if entry.id == lesson_id and index < len(entry.experiments):
                return entry.experiments[index].predict
        return None

    def outcome(self, s: Snapshot | None) -> object | None:
        """The guess beside what happened, once the guessed run has ended; else None."""
        if s is None or self.guess is None or s.run != self.guess_run or s.came_true is None:
            return None
        prediction = self._guessed()
        return outcome_text(prediction, self.guess[2], s.came_true, self.lang) if prediction else None

    # -- the network view, w --------------------------------------------------------------------
    def action_network(self) -> None:
        self.panel.toggle_network()
        self.call_after_refresh(self._send_view)  # type: ignore[attr-defined]  # its size is known after layout

    def action_arrow(self, key: str) -> None:
        """Arrows move the network view's focus while it is on; otherwise they turn pages and scroll."""
        network = self.panel.network
        if network.display and network.size.width:
            network.move(*{"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}[key])
            return
        {"left": self.action_previous, "right": self.action_next,  # type: ignore[attr-defined]
         "up": lambda: self.action_scroll(-1), "down": lambda: self.action_scroll(1)}[key]()  # type: ignore[attr-defined]

    # -- the backprop step-through, s and b -----------------------------------------------------
    def figure_on_screen(self) -> BackpropView | None:
        return on_screen(self.lesson_view) if self.lesson_view is not None else None

    def action_step_back(self) -> None:
        figure = self.figure_on_screen()
        if figure is not None:
            figure.move(-1)

    # -- the curve explained, m -----------------------------------------------------------------
    def action_explained_lesson(self) -> None:
        """Open the lesson that teaches what the last run's curves show."""
        verdict = self.snapshot.verdict if self.snapshot is not None else None
        if verdict is not None:
            self.open_lesson(verdict.lesson)  # type: ignore[attr-defined]
