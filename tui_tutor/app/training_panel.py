"""The panel beside the lesson: setup, loss chart, decision boundary or fit, and status.

The chart (plotext) and the data under the field (numpy) come just after the app's first frame
(see ``go_live``): their imports cost about as much as the rest of start-up, and the first
lesson can be read without them. Until then the panel shows the setup and the status, and keeps
what it is given for the chart and the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from ..engine import RunConfig
from ..engine.catalog import dataset_info
from .field_view import FieldView
from .session import DIVERGED, ERROR, TRAINING, Snapshot
from .strings import t

if TYPE_CHECKING:
    from ..engine import SeriesView
    from .loss_chart import LossChart

#: Seconds from the panel's mount to the chart and the data: a key pressed as the app appears
#: (n, x) is answered first, and a learner has not started reading by then.
LIVE_AFTER = 0.25

STATE_MARK = {"ready": "■", "training": "▶", "paused": "❚❚", "diverged": "✗", "done": "✓", "error": "!"}


def setup_text(config: RunConfig, lang: str, compact: bool = False) -> Text:
    """The run named by the four components: Data / Model / Loss / Optimizer."""
    hidden = ("-".join(str(w) for w in config.sizes) + f" {config.activation}") if config.hidden \
        else f"{config.sizes[0]}-{config.sizes[-1]} ({t(lang, 'linear_model')})"
    data = config.dataset if compact else \
        f"{config.dataset} · {t(lang, 'points', n=config.n)} · {t(lang, 'noise')} {config.noise:g}"
    parts = [
        (t(lang, "data"), data),
        (t(lang, "model"), hidden),
        (t(lang, "loss"), config.resolved_loss),
        (t(lang, "optimizer"), f"{config.optimizer} lr {config.lr:g}"),
    ]
    out = Text()
    for i, (label, value) in enumerate(parts):
        if compact:
            out.append(("  " if i else "") + f"{label} ", style="bold")
            out.append(value)
        else:
            out.append(f"{label:<10}" if lang == "en" else f"{label}  ", style="bold")
            out.append(value + ("\n" if i < 3 else ""))
    return out


def status_text(s: Snapshot | None, lang: str, hint: str = "no_run", pending: bool = False) -> Text:
    """The state, step and pace; then the numbers; a hint before any run, and a line when the
    setup no longer matches the run on screen."""
    if s is None:
        return Text(t(lang, hint), style="italic")
    out = Text()
    state_style = {"training": "bold green", "paused": "bold yellow", "diverged": "bold red",
                   "error": "bold red", "done": "bold cyan"}.get(s.state, "bold")
    out.append(f"{STATE_MARK.get(s.state, '')} {t(lang, s.state)}", style=state_style)
    out.append(f"  {t(lang, 'step')} {s.step:,}")
    if s.state == TRAINING and s.steps_per_second:
        out.append(f"  {s.steps_per_second:,.0f} {t(lang, 'steps_s')}", style="dim")
    out.append(f"  {t(lang, 'pace_on' if s.paced else 'pace_off')}", style="dim")
    out.append("\n")
    if s.train_loss is not None:
        out.append(f"{t(lang, 'train')} {_loss(s.train_loss)}  ")
    if s.val_loss is not None:
        out.append(f"{t(lang, 'val')} {_loss(s.val_loss)}")
    if s.train_accuracy is not None and s.val_accuracy is not None:
        out.append(f"\n{t(lang, 'train_acc')} {s.train_accuracy:.1%}  {t(lang, 'val_acc')} {s.val_accuracy:.1%}")
    if pending:
        out.append(f"\n{t(lang, 'setup_changed_status')}", style="bold yellow")
    if s.state in (DIVERGED, ERROR) and s.message:
        out.append(f"\n{s.message}", style="red")
        if s.state == DIVERGED:
            out.append(f"\n{t(lang, 'diverged_hint')}", style="italic")
    return out


def _loss(x: float) -> str:
    """0.0123 to four places; a blown-up 236,256.66 as a whole number that can be read."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4f}"


class TrainingPanel(Vertical):
    DEFAULT_CSS = """
    TrainingPanel { padding: 0 1; }
    TrainingPanel > #setup { height: auto; color: $text; padding: 0 0 1 0; }
    TrainingPanel > #status { height: auto; min-height: 2; }
    TrainingPanel > .caption { color: $text-muted; text-style: italic; height: 1; }
    TrainingPanel > #chart-slot { height: 3fr; min-height: 5; }
    """

    class Live(Message):
        """The chart is mounted and the field has its data: the field can be predicted on."""

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.config: RunConfig | None = None
        self.snapshot: Snapshot | None = None
        self.previous: dict[str, SeriesView] | None = None
        self.compact = False
        self.hint = "no_run"  # what the status line says before any run
        self.pending = False  # the setup differs from the run on screen
        self.badge = ""  # "your code" while the learner's exercises train the network
        self._chart: LossChart | None = None  # mounted by go_live

    def compose(self) -> ComposeResult:
        yield Static(id="setup")
        yield Static(t(self.lang, self._caption_key), classes="caption", id="chart-caption")
        yield Static(id="chart-slot")  # the chart's place until go_live, the same size
        yield Static(classes="caption", id="field-caption")
        yield FieldView(id="field")
        yield Static(status_text(None, self.lang, self.hint), id="status")

    @property
    def _caption_key(self) -> str:
        """Under NO_COLOR the caption names the curves by glyph, not by colour."""
        return "chart_caption_plain" if self.app.no_color else "chart_caption"

    def on_mount(self) -> None:
        self.set_timer(LIVE_AFTER, self.go_live)

    def go_live(self) -> None:
        """Mount the chart and draw the data under the field, once: what was kept is shown."""
        if self._chart is not None or not self.is_attached:
            return
        from .loss_chart import LossChart

        try:
            slot = self.query_one("#chart-slot")
        except NoMatches:  # the app is closing: nothing to draw on
            return
        self._chart = LossChart(id="chart")
        self.mount(self._chart, after=slot)
        slot.remove()
        if self.config is not None:
            self._draw_data(self.config)
        self.show(self.snapshot)
        self.post_message(self.Live())

    @property
    def chart(self) -> LossChart:
        """The chart; asked for before the panel went live (g at once, a test), it goes live now."""
        self.go_live()
        if self._chart is None:
            raise NoMatches("the panel is closing: it has no chart")
        return self._chart

    @property
    def field(self) -> FieldView:
        return self.query_one(FieldView)

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.query_one("#chart-caption", Static).update(t(lang, self._caption_key))
        if self.config is not None:
            self.set_config(self.config)
        self.show(self.snapshot)

    def set_compact(self, compact: bool) -> None:
        self.compact = compact
        if self.config is not None:
            self.set_config(self.config)

    def set_config(self, config: RunConfig) -> None:
        """A new setup: redraw its description and the data under the field."""
        data_changed = self.config is None or (config.dataset, config.n, config.noise, config.seed) != (
            self.config.dataset, self.config.n, self.config.noise, self.config.seed)
        self.config = config
        self.query_one("#setup", Static).update(setup_text(config, self.lang, self.compact))
        info = dataset_info(config.dataset)
        if data_changed and self._chart is not None:  # before go_live, it draws the data
            self._draw_data(config)
        key = "fit_caption" if info.n_inputs == 1 else "field_caption"
        self.query_one("#field-caption", Static).update(t(self.lang, key))

    def _draw_data(self, config: RunConfig) -> None:
        from ..engine import make_dataset

        data = make_dataset(config.dataset, n=config.n, noise=config.noise, seed=config.seed,
                            val_fraction=config.val_fraction)
        self.field.set_data(dataset_info(config.dataset), data)
        self.field.show(None, None)

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        if self.snapshot is None:
            self.query_one("#status", Static).update(status_text(None, self.lang, hint))

    def set_pending(self, pending: bool) -> None:
        if pending != self.pending:
            self.pending = pending
            self.show(self.snapshot)

    def set_badge(self, badge: str) -> None:
        self.badge = badge
        self.show(self.snapshot)

    def show(self, s: Snapshot | None) -> None:
        self.snapshot = s
        status = status_text(s, self.lang, self.hint, self.pending)
        if self.badge:
            status = Text.assemble((f"[{self.badge}] ", "bold magenta"), status)
        self.query_one("#status", Static).update(status)
        if s is None or self._chart is None:  # go_live shows the latest snapshot
            return
        diverged = s.step if s.state == DIVERGED else None
        self._chart.show(s.run, s.series, max(s.target, s.step), self.previous, diverged)
        if self.field.display:
            self.field.show(s.field_values, s.view)
