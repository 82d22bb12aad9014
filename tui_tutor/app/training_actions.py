"""The app's training keys, and the run model they share.

The panel holds a *setup* (``self.config``). ``x`` loads the lesson's next experiment into it and
runs it; ``r`` runs the setup again from step 0, with whatever the learner changed; ``a`` ``o``
``d`` ``[`` ``]`` only change the setup. Every run that trained a step becomes the run to compare
with when the next one starts, whichever key started it; ``c`` overlays it. Opening a lesson
loads its first experiment, ready and not running, and forgets the comparison.

A mixin of ``TutorApp`` so that the app module stays about lessons and layout; every method here
only queues commands for the training thread or draws what it sends back.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from textual.css.query import NoMatches
from textual.message import Message

from ..engine import RunConfig
from ..engine.catalog import ACTIVATION_NAMES, DATASET_NAMES, OPTIMIZER_NAMES  # names only: no numpy
from .session import DIVERGED, ERROR, READY, Session, Snapshot
from .strings import t
from .training_panel import TrainingPanel

if TYPE_CHECKING:
    from ..lessons import BrokenLesson, Lesson
    from .exercise_view import ExerciseView
    from .session import Judge
    from .lesson_view import LessonView

LR_MIN, LR_MAX = 1e-5, 1e3
CYCLES = {
    "activation": ["relu", "tanh", "sigmoid", "identity"],
    "optimizer": list(OPTIMIZER_NAMES),
    "dataset": list(DATASET_NAMES),
}
assert set(CYCLES["activation"]) == set(ACTIVATION_NAMES)


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
    lang: str
    panel: TrainingPanel
    lesson: Lesson | BrokenLesson | None
    lesson_view: LessonView | None
    _footer_shown: tuple[bool, bool] = (False, False)
    guess: tuple[str, int, int] | None  # InsideActions: the prediction committed for a run
    exercise: ExerciseView | None = None  # the exercise open in the lesson pane (exercise_view)
    # the run model's own state
    loaded: tuple[str, int] | None = None  # (lesson id, experiment index) the setup came from
    loaded_ran: bool = False  # has a run of the loaded experiment started? then x moves on
    seconds: float | None = None  # the loaded experiment's own pace
    run_number: int = 0  # the number of the latest run started; its snapshots carry it
    lesson_first_run: int = 1  # runs numbered below this belong to an earlier lesson
    _card_state: tuple[int, str] = (0, "")  # the run and state the cards show

    # -- lessons and experiments ----------------------------------------------------------------
    def lesson_opened(self) -> None:
        """A new lesson: no comparison with another lesson's run; its first experiment, ready.

        A lesson without experiments keeps the setup and the run; so does coming back to the
        lesson the setup came from (read on, come back: the run is still yours).
        """
        self.previous, self.compare = None, False
        self.panel.previous = None
        lesson = self.lesson
        if lesson is not None and self.loaded is not None and self.loaded[0] == lesson.id:
            self.mark_cards()
            return
        self.lesson_first_run = self.run_number + 1
        if lesson is None or not lesson.experiments:
            self.mark_cards()
            return
        self.load_experiment(0, train=False)

    def load_experiment(self, index: int, train: bool, judge: Judge | None = None) -> None:
        lesson = self.lesson
        assert lesson is not None
        experiment = lesson.experiments[index]
        self.loaded, self.loaded_ran, self.seconds = (lesson.id, index), train, experiment.seconds
        self.start(experiment.config, train=train, judge=judge)

    def next_experiment(self) -> int:
        """The experiment `x` runs: the loaded one until it has run, then the one after it."""
        lesson = self.lesson
        if lesson is None or self.loaded is None or self.loaded[0] != lesson.id:
            return 0
        index = self.loaded[1]
        return (index + 1) % len(lesson.experiments) if self.loaded_ran else index

    def action_run(self) -> None:
        """x: the lesson's next experiment; where the lesson has none, the setup again."""
        lesson = self.lesson
        if lesson is None or not lesson.experiments:
            self.action_rerun()
            return
        self.run_experiment(lesson.id, self.next_experiment())

    def run_experiment(self, lesson_id: str, index: int) -> None:
        """Load experiment ``index`` of a lesson into the setup and run it (x, command palette)."""
        self.open_lesson(lesson_id)
        lesson = self.lesson
        if lesson is None or not lesson.experiments:
            return
        experiment = lesson.experiments[index]
        # -- before starting an experiment: the learner's own changes are about to be replaced.
        mine = _differences(self.config, experiment.config) if self.loaded_config_changed() else ""
        if mine:
            self.notify(t(self.lang, "x_replaced", what=mine), timeout=6)
        self.ask_then_play(lesson.id, index)  # type: ignore[attr-defined]  # InsideActions: predict first

    def loaded_config_changed(self) -> bool:
        """Did the learner change the setup since an experiment was loaded into it?"""
        lesson = self.lesson
        if lesson is None or self.loaded is None or self.loaded[0] != lesson.id:
            return False
        return self.config != lesson.experiments[self.loaded[1]].config

    # -- starting, stepping, pausing ------------------------------------------------------------
    def start(self, config: RunConfig, train: bool, judge: Judge | None = None) -> None:
        """Begin a new run; the one it replaces becomes the run to compare with if it trained.

        ``judge`` checks a committed prediction's claims against the run when it ends.
        """
        if train:
            self.show_the_run()
        s = self.snapshot
        if s is not None and s.step > 0 and s.run >= self.lesson_first_run:
            self.previous = s
        self.config = config
        self.panel.set_config(config)
        self._send_view()
        self.guess = None  # a guess is about one run: not this one, unless it is asked again
        self.run_number = self.session.load(config, train=train, seconds=self.seconds, judge=judge)
        self.mark_cards(READY)

    def show_the_run(self) -> None:
        """A run is there to be watched: an exercise open in the lesson pane (its check where the
        chart goes) gives the pane back to the lesson and the panel back to the chart."""
        if self.exercise is not None and self.exercise.is_attached:
            self.show_lesson()  # type: ignore[attr-defined]  # TutorApp

    def _send_view(self) -> None:
        panels = self.query(TrainingPanel) if self.is_mounted else ()
        if not panels:
            return  # the app is taking its screen down: a late Live or resize has nothing to size
        panel = panels.first()
        field = panel.field if panel.live else None  # not yet: the panel tells us when (Live)
        self.session.set_view(field.view() if field is not None and field.display else None)
        self.session.set_network(panel.network_grid())

    def current(self) -> Snapshot | None:
        """The latest snapshot of the latest run: None until that run has reported."""
        s = self.snapshot
        return s if s is not None and s.run == self.run_number else None

    def action_rerun(self) -> None:
        """r: the setup again from step 0, with every change the learner made."""
        if self.loaded is not None and self.lesson is not None and self.loaded[0] == self.lesson.id:
            self.loaded_ran = True
        self.start(self.config, train=True)

    def action_pause(self) -> None:
        """space: start the setup if nothing is loaded or the run ended badly; else pause/resume."""
        s = self.current()
        if self.run_number == 0 or (s is not None and s.state in (DIVERGED, ERROR)):
            self.action_rerun()
            return
        self.show_the_run()
        self._mark_ran()
        self.session.toggle_pause()

    def action_step(self) -> None:
        """s: one step; before any run it loads the setup, ready, and steps it. Where the
        backprop step-through is on screen, s steps it instead."""
        figure = self.figure_on_screen()  # type: ignore[attr-defined]
        if figure is not None:
            figure.move(1)
            return
        s = self.current()
        if self.run_number == 0 or (s is not None and s.state in (DIVERGED, ERROR)):
            self.start(self.config, train=False)
        self.show_the_run()
        self._mark_ran()
        self.session.step_once()

    def _mark_ran(self) -> None:
        if self.loaded is not None and self.lesson is not None and self.loaded[0] == self.lesson.id:
            self.loaded_ran = True

    def action_pace(self) -> None:
        """f: watch pace or full speed, for this run and the ones after it."""
        self.session.set_paced(not self.session.paced)
        self.notify(t(self.lang, "pace_watch" if self.session.paced else "pace_full"), timeout=2)

    # -- changing the setup ---------------------------------------------------------------------
    def action_lr(self, factor: float) -> None:
        lr = min(LR_MAX, max(LR_MIN, self.config.lr * factor))
        self.change_setup(self.config.with_(lr=lr), t(self.lang, "lr_changed", lr=lr))

    def action_cycle(self, what: str) -> None:
        options = CYCLES[what]
        value = options[(options.index(getattr(self.config, what)) + 1) % len(options)]
        changes: dict[str, object] = {what: value}
        if what == "dataset":
            changes["loss"] = None  # the new dataset's own loss
        self.change_setup(self.config.with_(**changes), t(self.lang, "setup_changed", what=what, value=value))

    def change_setup(self, config: RunConfig, said: str) -> None:
        """The setup changes; the run on screen does not. r runs the new setup, so that c
        compares two whole runs, each of one setup."""
        self.config = config
        self.panel.set_config(config)
        self.panel.set_pending(self._pending())
        self.notify(f"{said} · {t(self.lang, 'setup_pending')}", timeout=3)

    def _pending(self) -> bool:
        """Does the setup differ from the run on screen? (Not while a new run is on its way.)"""
        s = self.current()
        return s is not None and s.config != self.config

    # -- comparing ------------------------------------------------------------------------------
    def action_compare(self) -> None:
        if self.previous is None:
            self.notify(t(self.lang, "compare_none"), timeout=4)
            return
        self.show_the_run()
        self.compare = not self.compare
        shown = self.snapshot.config if self.snapshot is not None else self.config
        what = _differences(self.previous.config, shown) or t(self.lang, "compare_same")
        self.notify(t(self.lang, "compare_on", what=what) if self.compare else t(self.lang, "compare_off"),
                    timeout=5)
        self._show(self.snapshot)

    # -- what the training thread sends back ----------------------------------------------------
    def _publish(self, snapshot: Snapshot) -> None:
        """Called on the training thread: hand over without waiting."""
        self.post_message(SnapshotReady(snapshot))

    def on_snapshot_ready(self, message: SnapshotReady) -> None:
        s = message.snapshot
        self.snapshot = s
        try:
            self._show(s)
        except NoMatches:
            return  # shutting down: the panel or its parts are already gone
        if s.run == self.run_number and (s.run, s.state) != self._card_state:
            self.mark_cards(s.state)
        self.footer_may_change()

    def mark_cards(self, state: str | None = None) -> None:
        """The loaded experiment's card says what its run is doing; the others how to run them."""
        view, lesson = self.lesson_view, self.lesson
        if view is None or lesson is None:
            return
        index = self.loaded[1] if self.loaded is not None and self.loaded[0] == lesson.id else None
        current = self.current()
        state = state or (current.state if current is not None else READY)
        self._card_state = (self.run_number, state)
        view.set_running(index, state)

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
        self.panel.set_pending(self._pending())
        self.panel.outcome = self.outcome(s)  # type: ignore[attr-defined]
        self.panel.show(s)

    # -- the setup editor, e (panelview) ---------------------------------------------------------
    def action_edit_setup(self) -> None:
        from .setup_editor import SetupEditor  # its engine field loads the exercise checker

        self.push_screen(SetupEditor(self.config, self.lang),  # type: ignore[attr-defined]
                         lambda config: self.apply_setup(config) if config is not None else None)

    def apply_setup(self, config: RunConfig) -> None:
        """The editor's setup is a change like ``[`` ``]`` ``a`` ``o`` ``d``, and Enter runs it at
        once, as ``r`` would: the run on screen becomes the comparison."""
        self.config = config
        self.action_rerun()
        self.notify(t(self.lang, "setup_applied"), timeout=2)  # type: ignore[attr-defined]


SETUP_FIELDS = ("dataset", "n", "noise", "hidden", "activation", "loss", "optimizer", "lr",
                "batch_size", "weight_decay", "steps", "seed")
assert set(SETUP_FIELDS) <= {f.name for f in fields(RunConfig)}


def _differences(before: RunConfig, after: RunConfig) -> str:
    """Every setup field that differs, 'lr 0.001 → 0.002, activation relu → identity'; '' if none."""
    out = []
    for name in SETUP_FIELDS:
        a, b = getattr(before, name), getattr(after, name)
        if name == "loss":
            a, b = before.resolved_loss, after.resolved_loss
        if name == "hidden":
            a, b = "-".join(map(str, a)) or "none", "-".join(map(str, b)) or "none"
        if a != b:
            out.append(f"{name} {_value(a)} → {_value(b)}")
    return ", ".join(out)


def _value(v: object) -> str:
    if v is None:
        return "full"  # batch size None: the full batch
    return f"{v:g}" if isinstance(v, float) else str(v)
