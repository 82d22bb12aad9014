"""The panel beside the lesson: setup, loss chart, decision boundary or fit, and status."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from ..engine import RunConfig, SeriesView, dataset_info, make_dataset
from .field_view import FieldView
from .loss_chart import LossChart
from .network_view import NetworkView
from .session import DIVERGED, ERROR, TRAINING, Snapshot
from .strings import t

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


def status_text(s: Snapshot | None, lang: str, hint: str = "no_run") -> Text:
    """Two lines: the state and step, then the numbers; a hint before any run."""
    if s is None:
        return Text(t(lang, hint), style="italic")
    out = Text()
    state_style = {"training": "bold green", "paused": "bold yellow", "diverged": "bold red",
                   "error": "bold red", "done": "bold cyan"}.get(s.state, "bold")
    out.append(f"{STATE_MARK.get(s.state, '')} {t(lang, s.state)}", style=state_style)
    out.append(f"  {t(lang, 'step')} {s.step:,}")
    if s.state == TRAINING and s.steps_per_second:
        out.append(f"  {s.steps_per_second:,.0f} {t(lang, 'steps_s')}", style="dim")
    out.append("\n")
    if s.train_loss is not None:
        out.append(f"{t(lang, 'train')} {s.train_loss:.4f}  ")
    if s.val_loss is not None:
        out.append(f"{t(lang, 'val')} {s.val_loss:.4f}  ")
    if s.val_accuracy is not None:
        out.append(f"{t(lang, 'acc')} {s.val_accuracy:.1%}")
    if s.state in (DIVERGED, ERROR) and s.message:
        out.append(f"\n{s.message}", style="red")
        if s.state == DIVERGED:
            out.append(f"\n{t(lang, 'diverged_hint')}", style="italic")
    return out


def explain_text(s: Snapshot | None, lang: str, titles: dict[str, str]) -> Text:
    """The curve explained, and the key that opens the lesson teaching it; empty while training."""
    if s is None or s.verdict is None:
        return Text()
    out = Text(s.verdict.sentence(lang))
    title = titles.get(s.verdict.lesson)
    if title:
        out.append("\n" + t(lang, "explain_open", title=title), style="italic")
    return out


class TrainingPanel(Vertical):
    DEFAULT_CSS = """
    TrainingPanel { padding: 0 1; }
    TrainingPanel > #setup { height: auto; color: $text; padding: 0 0 1 0; }
    TrainingPanel > #status { height: auto; min-height: 2; }
    TrainingPanel > #explain { height: auto; color: $text-muted; }
    TrainingPanel > #network { display: none; }
    TrainingPanel.-network > #network { display: block; }
    TrainingPanel.-network > #field { display: none; }
    TrainingPanel.-network > #chart { height: 1fr; }
    TrainingPanel > .caption { color: $text-muted; text-style: italic; height: 1; }
    """

    def __init__(self, lang: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.lang = lang
        self.config: RunConfig | None = None
        self.snapshot: Snapshot | None = None
        self.previous: dict[str, SeriesView] | None = None
        self.compact = False
        self.hint = "no_run"  # what the status line says before any run
        self.badge = ""  # "your code" while the learner's exercises train the network
        self.titles: dict[str, str] = {}  # lesson id -> title, to name the lesson a verdict points at
        self.outcome: Text | None = None  # the learner's prediction beside what happened, once it ended

    def compose(self) -> ComposeResult:
        yield Static(id="setup")
        yield Static(t(self.lang, self._caption_key), classes="caption", id="chart-caption")
        yield LossChart(id="chart")
        yield Static(classes="caption", id="field-caption")
        yield FieldView(id="field")
        network = NetworkView(id="network")
        network.lang = self.lang
        yield network
        yield Static(status_text(None, self.lang, self.hint), id="status")
        yield Static(id="explain")

    @property
    def _caption_key(self) -> str:
        """Under NO_COLOR the caption names the curves by glyph, not by colour."""
        return "chart_caption_plain" if self.app.no_color else "chart_caption"

    @property
    def chart(self) -> LossChart:
        return self.query_one(LossChart)

    @property
    def field(self) -> FieldView:
        return self.query_one(FieldView)

    @property
    def network(self) -> NetworkView:
        return self.query_one(NetworkView)

    def toggle_network(self) -> bool:
        """`w`: the network view takes the decision boundary's place, or gives it back."""
        on = not self.has_class("-network")
        self.set_class(on, "-network")
        if self.config is not None:
            self.set_config(self.config)
        self.show(self.snapshot)
        return on

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self.network.lang = lang
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
        if data_changed:
            data = make_dataset(config.dataset, n=config.n, noise=config.noise, seed=config.seed,
                                val_fraction=config.val_fraction)
            self.field.set_data(info, data)
            self.field.show(None, None)
        if self.field._extent is not None:
            self.network.set_model(config.sizes, config.activation, info, self.field._extent)
        key = "fit_caption" if info.n_inputs == 1 else "field_caption"
        if self.has_class("-network"):
            key = "network_caption"
        self.query_one("#field-caption", Static).update(t(self.lang, key))

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        if self.snapshot is None:
            self.query_one("#status", Static).update(status_text(None, self.lang, hint))

    def set_badge(self, badge: str) -> None:
        self.badge = badge
        self.show(self.snapshot)

    def set_titles(self, titles: dict[str, str]) -> None:
        self.titles = titles
        self._explain()

    def _explain(self) -> None:
        """The prediction judged (if any), then the curve explained, under the status."""
        said = explain_text(self.snapshot, self.lang, self.titles)
        if self.outcome is not None:
            said = Text("\n").join([self.outcome, said]) if said else self.outcome
        widget = self.query_one("#explain", Static)
        widget.update(said)
        widget.display = bool(said.plain)  # no blank line taken from the field while there is nothing to say

    def show(self, s: Snapshot | None) -> None:
        self.snapshot = s
        status = status_text(s, self.lang, self.hint)
        if self.badge:
            status = Text.assemble((f"[{self.badge}] ", "bold magenta"), status)
        self.query_one("#status", Static).update(status)
        self._explain()
        if s is None:
            return
        self.chart.show(s.run, s.series, max(s.target, s.step), self.previous)
        if self.field.display:
            self.field.show(s.field_values, s.view)
        if self.network.display:
            self.network.show(s.neurons, s.weights, live=s.state == TRAINING)
