"""The app's training keys: run, pause, step, reset, learning rate, setup, compare.

A mixin of ``TutorApp`` so that the app module stays about lessons and layout; every method
here only queues commands for the training thread or draws what it sends back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message

from ..engine import ACTIVATIONS, DATASETS, OPTIMIZERS, RunConfig
from .backprop_view import on_screen
from .predict_view import PredictScreen, outcome_text
from .session import DIVERGED, DONE, PAUSED, READY, Judge, Session, Snapshot
from .strings import t
from .training_panel import TrainingPanel

if TYPE_CHECKING:
    from ..lessons import BrokenLesson, Lesson, Prediction
    from .lesson_view import LessonView

LR_MIN, LR_MAX = 1e-5, 1e3
CYCLES = {
    "activation": ["relu", "tanh", "sigmoid", "identity"],
    "optimizer": list(OPTIMIZERS),
    "dataset": list(DATASETS),
}
assert set(CYCLES["activation"]) == set(ACTIVATIONS)


@dataclass
class SnapshotReady(Message):
    snapshot: Snapshot

    def can_replace(self, message: Message) -> bool:
        """A newer snapshot of the same run makes an unread older one pointless."""
        return isinstance(message, SnapshotReady) and message.snapshot.run == self.snapshot.run \
            and message.snapshot.state == self.snapshot.state


class TrainingActions:
    # provided by TutorApp
    session: Session
    config: RunConfig
    snapshot: Snapshot | None
    previous: Snapshot | None
    compare: bool
    running: tuple[str, int] | None
    lang: str
    panel: TrainingPanel
    lesson: Lesson | BrokenLesson | None
    lesson_view: LessonView | None
    _footer_shown: tuple[bool, bool] = (False, False)
    ask_predictions: bool = True
    lessons: list[Lesson | BrokenLesson]
    guess: tuple[str, int, int] | None = None  # (lesson id, experiment index, choice) for the current run
    guess_after: int = 0  # the run id before it: the guess is judged only on a later run's end

    def run_experiment(self, lesson_id: str, index: int) -> None:
        """Run the lesson's experiment; where it carries a prediction, ask it first."""
        self.open_lesson(lesson_id)
        lesson = self.lesson
        if lesson is None or not lesson.experiments:
            return
        prediction = lesson.experiments[index].predict
        if prediction is None or not self.ask_predictions:
            self._play(lesson_id, index, None)
            return
        screen = PredictScreen(prediction, self.lang)

        def committed(choice: int | None) -> None:
            if screen.stop_asking:
                self.action_toggle_predictions()
            if choice is not None:
                self.progress.predict(lesson_id, index + 1, choice)
                self.save_progress()
            self._play(lesson_id, index, choice)

        self.push_screen(screen, committed)

    def action_toggle_predictions(self) -> None:
        self.ask_predictions = not self.ask_predictions
        self.notify(t(self.lang, "predict_on" if self.ask_predictions else "predict_off"), timeout=3)

    def _play(self, lesson_id: str, index: int, choice: int | None) -> None:
        lesson = self.lesson
        if lesson is None or lesson.id != lesson_id:
            return
        self.running = (lesson.id, index)
        if self.lesson_view is not None:
            self.lesson_view.set_running(index)
        prediction = lesson.experiments[index].predict
        judge = None
        if choice is not None and prediction is not None:
            from ..lessons import came_true  # the lessons' training helpers load on first use

            judge = partial(came_true, prediction)  # the claims are data: the same in every language
        self.start(lesson.experiments[index].config, train=True, judge=judge)
        if judge is not None:  # after start(), which forgets the guess of the run it replaces
            self.guess = (lesson_id, index, choice)

    def _guessed(self) -> Prediction | None:
        """The prediction guessed for this run, in the language on screen."""
        if self.guess is None:
            return None
        lesson_id, index = self.guess[:2]
        for entry in self.lessons:
            if entry.id == lesson_id and index < len(entry.experiments):
                return entry.experiments[index].predict
        return None

    def action_run(self) -> None:
        lesson = self.lesson
        if lesson is None or not lesson.experiments:
            self.running = None
            self.start(self.config, train=True)
            return
        index = 0
        if self.running and self.running[0] == lesson.id:
            index = (self.running[1] + 1) % len(lesson.experiments)
        self.run_experiment(lesson.id, index)

    def start(self, config: RunConfig, train: bool, judge: Judge | None = None) -> None:
        """Begin a new run; the one it replaces becomes the run to compare with.

        ``judge`` checks a committed prediction's claims against the run when it ends.
        """
        if self.snapshot is not None and self.snapshot.step > 0:
            self.previous = self.snapshot
        self.guess, self.guess_after = None, self.snapshot.run if self.snapshot is not None else 0
        self.config = config
        self.panel.set_config(config)
        self._send_view()
        self.session.load(config, train=train, judge=judge)

    def _send_view(self) -> None:
        if self.is_mounted:
            field = self.panel.field
            self.session.set_view(field.view() if field.display else None)
            self.session.set_network(self.panel.network.grid())

    def action_network(self) -> None:
        self.panel.toggle_network()
        self.call_after_refresh(self._send_view)  # the view's size is known after layout

    def action_arrow(self, key: str) -> None:
        """Arrows move the network view's focus while it is on; otherwise they turn pages and scroll."""
        network = self.panel.network
        if network.display and network.size.width:
            network.move(*{"left": (-1, 0), "right": (1, 0), "up": (0, -1), "down": (0, 1)}[key])
            return
        {"left": self.action_previous, "right": self.action_next,
         "up": lambda: self.action_scroll(-1), "down": lambda: self.action_scroll(1)}[key]()

    def action_pause(self) -> None:
        if self.snapshot is None:
            self.action_run()
        else:
            self.session.toggle_pause()

    def action_step(self) -> None:
        figure = on_screen(self.lesson_view) if self.lesson_view is not None else None
        if figure is not None:  # the backprop step-through on screen takes `s`
            figure.move(1)
            return
        if self.snapshot is None:
            self.start(self.config, train=False)
        self.session.step_once()

    def action_step_back(self) -> None:
        figure = on_screen(self.lesson_view) if self.lesson_view is not None else None
        if figure is not None:
            figure.move(-1)

    def action_reset(self) -> None:
        if self.snapshot is not None:
            self.session.reset()

    def action_lr(self, factor: float) -> None:
        lr = min(LR_MAX, max(LR_MIN, self.config.lr * factor))
        self.config = self.config.with_(lr=lr)
        self.panel.set_config(self.config)
        if self.snapshot is not None and self.snapshot.state != DIVERGED:
            self.session.set_lr(lr)
        self.notify(t(self.lang, "lr_changed", lr=lr), timeout=2)

    def action_cycle(self, what: str) -> None:
        options = CYCLES[what]
        value = options[(options.index(getattr(self.config, what)) + 1) % len(options)]
        changes: dict[str, object] = {what: value}
        if what == "dataset":
            changes["loss"] = None  # the new dataset's own loss
        config = self.config.with_(**changes)
        self.notify(t(self.lang, "setup_changed", what=what, value=value), timeout=2)
        if self.snapshot is None:
            self.config = config
            self.panel.set_config(config)
        else:  # keep exploring: a paused or fresh run stays still, any other starts at once
            self.start(config, train=self.snapshot.state not in (PAUSED, READY))

    def action_compare(self) -> None:
        if self.previous is None:
            self.notify(t(self.lang, "compare_none"), timeout=4)
            return
        self.compare = not self.compare
        what = _difference(self.previous.config, self.config)
        self.notify(t(self.lang, "compare_on", what=what) if self.compare else t(self.lang, "compare_off"),
                    timeout=3)
        self._show(self.snapshot)

    def action_explained_lesson(self) -> None:
        """Open the lesson that teaches what the last run's curves show."""
        verdict = self.snapshot.verdict if self.snapshot is not None else None
        if verdict is not None:
            self.open_lesson(verdict.lesson)

    def _publish(self, snapshot: Snapshot) -> None:
        """Called on the training thread: hand over without waiting."""
        self.post_message(SnapshotReady(snapshot))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        if not self.query(TrainingPanel):
            return  # shutting down: the panel is already gone
        self.snapshot = message.snapshot
        self._show(message.snapshot)
        self.footer_may_change()

    def footer_may_change(self) -> None:
        """Refresh the footer only when a key appears or goes. Each refresh rebuilds its keys,
        and Textual 8.2.8 keeps some memory per rebuild (about 20 KB): refreshing at every state
        change cost 20 MB over a million steps."""
        shown = (self.snapshot is not None, self.previous is not None)
        if shown != self._footer_shown:
            self._footer_shown = shown
            self.refresh_bindings()

    def _show(self, s: Snapshot | None) -> None:
        prev = self.previous.series if (self.compare and self.previous is not None) else None
        self.panel.previous = prev
        came = s.came_true if s is not None and s.run > self.guess_after else None
        prediction = self._guessed()
        self.panel.outcome = outcome_text(prediction, self.guess[2], came, self.lang) \
            if self.guess is not None and prediction is not None and came is not None else None
        self.panel.show(s)


def _difference(before: RunConfig, after: RunConfig) -> str:
    for name in ("dataset", "activation", "optimizer", "lr", "hidden"):
        a, b = getattr(before, name), getattr(after, name)
        if a != b:
            return f"{name} {a} → {b}"
    return before.activation
