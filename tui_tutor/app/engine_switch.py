"""The setup editor's "engine" field: the built-in engine, or your code.

Your code can train a run once the exercises that run calls pass: the layer (``affine_forward``,
``dense_backward``), the activation, the loss and the optimizer. Checking them runs the learner's
files in a child process, so the field opens disabled, checks in a thread worker, and follows the
form from then on: choosing an optimizer whose exercise fails disables it again, with the sentence
saying which exercise to finish. Applying the form switches through ``YourCode.switch``, the same
path as ``y``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Select, Static
from textual.worker import get_current_worker

from ..engine import RunConfig
from ..exercises import check, exercises
from .exercise_results import Checked
from .strings import t

if TYPE_CHECKING:
    from .app import TutorApp


def your_code(app: TutorApp):  # type: ignore[no-untyped-def]
    """The app's "your code" mode, imported on first use: it brings the engine and numpy, which
    the app does not load before its first frame."""
    from .your_code import your_code as mode

    return mode(app)

ENGINE, YOURS = "engine", "yours"


class EngineSwitch(Vertical):
    DEFAULT_CSS = """
    EngineSwitch { height: auto; }
    EngineSwitch > .row { height: 1; }
    EngineSwitch > .row > .label { width: auto; height: 1; }
    EngineSwitch > .row > Select { width: 1fr; }
    EngineSwitch > #engine-why { color: $text-muted; text-style: italic; height: auto; padding: 0 0 0 2; }
    """

    def __init__(self, lang: str, label_width: int, config: RunConfig) -> None:
        super().__init__(id="engine-switch")
        self.lang, self.label_width, self.config = lang, label_width, config
        self.passed: set[str] | None = None  # the training exercises that pass; None until checked
        self.no_workspace = False
        self.reason: str | None = t(lang, "engine_checking")

    def compose(self) -> ComposeResult:
        label = t(self.lang, "f_engine")
        on = your_code(self.app).on  # type: ignore[arg-type]
        with Horizontal(classes="row"):
            yield Static(label + " " * max(1, self.label_width - cell_len(label)), classes="label", markup=False)
            yield Select([(t(self.lang, "engine_builtin"), ENGINE), (t(self.lang, "engine_yours"), YOURS)],
                         value=YOURS if on else ENGINE, allow_blank=False, compact=True, disabled=True,
                         id="field-engine")
        yield Static(self.reason or "", id="engine-why", markup=False)

    def on_mount(self) -> None:
        workspace = your_code(self.app).workspace  # type: ignore[arg-type]
        if not workspace.is_dir():  # never done an exercise: nothing to check, nothing created
            self.passed, self.no_workspace = set(), True
            self._decide(t(self.lang, "engine_no_workspace"))
            return
        self.run_worker(self._check, thread=True, group="engine-switch", exclusive=True)

    def _check(self) -> None:
        names = [ex.name for ex in exercises() if ex.part]
        try:
            results = check(your_code(self.app).workspace, names, lang=self.lang, record=False)  # type: ignore[arg-type]
        except OSError:
            results = []
        if not get_current_worker().is_cancelled:
            self.post_message(Checked([r for r in results if r.passed]))  # the ones that pass

    def on_checked(self, message: Checked) -> None:
        message.stop()
        if self.is_attached:
            self.passed = {r.name for r in message.results}
            self.follow(self.config)

    @property
    def select(self) -> Select[str]:
        return self.query_one("#field-engine", Select)

    def follow(self, config: RunConfig | None) -> None:
        """The form changed: can its setup train on your code? (None: the form has errors.)"""
        if config is None:
            return
        self.config = config
        if self.passed is None or self.no_workspace:
            return  # still checking, or the sentence about opening Exercises stays
        from ..exercises.trainer import cannot_train  # numpy: loaded once the editor asks

        self._decide(cannot_train(config, self.passed, self.lang))

    def _decide(self, reason: str | None) -> None:
        self.reason = reason
        select = self.select
        select.disabled = reason is not None
        if reason is not None and select.value == YOURS:
            select.value = ENGINE  # this run cannot use your code: the sentence says why
        self.query_one("#engine-why", Static).update(reason or t(self.lang, "engine_ready"))

    @property
    def wanted(self) -> bool:
        """Does the form ask to train on your code?"""
        return self.select.value == YOURS and not self.select.disabled

    def apply(self, app: TutorApp) -> None:
        """Switch to what the form says, the way ``y`` does; left alone while still checking."""
        if self.passed is None:
            return
        mode = your_code(app)
        if self.wanted != mode.on:
            mode.switch(app)
