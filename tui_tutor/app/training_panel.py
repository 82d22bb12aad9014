"""The panel beside the lesson: setup, loss chart, decision boundary or fit, and status.

The views (the chart with plotext, the field with the data under it from numpy, the network
view) come just after the app's first frame (see ``go_live``): their imports cost about as much
as the rest of start-up, and their widgets some 5 ms of it; the first lesson can be read
without them. Until then the panel shows the setup and the status, and
keeps what it is given for the chart and the field.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from ..engine import RunConfig
from ..engine.catalog import dataset_info
from .colours import chart_legend, field_legend, fit_legend
from .field_view import FieldView
from .panel_text import explain_text, setup_text, status_text
from .session import DIVERGED, TRAINING, Snapshot
from .strings import t

if TYPE_CHECKING:
    from ..engine import SeriesView
    from .loss_chart import LossChart
    from .network_view import NetworkView

#: Seconds from the panel's mount to the chart and the data: a key pressed as the app appears
#: (n, x) is answered first, and a learner has not started reading by then.
LIVE_AFTER = 0.25

class TrainingPanel(Vertical):
    DEFAULT_CSS = """
    TrainingPanel { padding: 0 1; }
    TrainingPanel > #setup { height: auto; color: $text; padding: 0 0 1 0; }
    TrainingPanel > #status { height: auto; min-height: 2; }
    TrainingPanel .caption { color: $text-muted; height: auto; }  /* wraps, never cut */
    TrainingPanel > #views { height: 1fr; layout: vertical; }
    TrainingPanel #chart-box { height: 3fr; min-height: 6; }
    TrainingPanel #chart-box > LossChart { height: 1fr; }
    TrainingPanel #field-box { height: 2fr; min-height: 7; max-height: 19; }
    /* a wide panel puts the boundary beside the chart: both get the panel's full height */
    TrainingPanel.-side > #views { layout: horizontal; }
    TrainingPanel.-side #chart-box { width: 1fr; height: 1fr; }
    TrainingPanel.-side #field-box { width: 1fr; height: 1fr; max-height: 100%; padding: 0 0 0 1; }
    TrainingPanel > #explain { height: auto; color: $text-muted; }
    /* w: the network view takes the boundary's place, and more of the height */
    TrainingPanel #network { display: none; }
    TrainingPanel.-network #network { display: block; }
    TrainingPanel.-network #field { display: none; }
    TrainingPanel.-network #field-box { height: 3fr; max-height: 100%; }
    TrainingPanel.-network #chart-box { height: 2fr; }
    """
    SIDE_BY_SIDE = 76  # columns from which the chart and the boundary sit side by side

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
        self._legend_compare = False  # whether the chart's legend names the run before
        self.pending = False  # the setup differs from the run on screen
        self.badge = ""  # "your code" while the learner's exercises train the network
        self.titles: dict[str, str] = {}  # lesson id -> title, to name the lesson a verdict points at
        self.outcome: Text | None = None  # the learner's prediction beside what happened, once it ended
        self._chart: LossChart | None = None  # mounted by go_live
        self._network: NetworkView | None = None  # likewise
        self._field = FieldView(id="field")  # likewise, made here: the app asks it for its view
        self._captions = (Static(classes="caption", id="chart-caption"), Static(classes="caption", id="field-caption"))

    def compose(self) -> ComposeResult:
        yield Static(id="setup")
        yield Container(id="views")  # filled by go_live
        yield Static(status_text(None, self.lang, self.hint), id="status")
        yield Static(id="explain")

    def on_resize(self) -> None:
        self.set_class(self.size.width >= self.SIDE_BY_SIDE, "-side")

    def on_mount(self) -> None:
        self.set_timer(LIVE_AFTER, self.go_live)

    def go_live(self) -> None:
        """Mount the chart and the network view and draw the data under the field, once: what
        was kept is shown."""
        if self._chart is not None or not self.is_attached:
            return
        from .loss_chart import LossChart
        from .network_view import NetworkView

        try:
            views = self.query_one("#views")
        except NoMatches:  # the app is closing: nothing to draw on
            return
        self._chart = LossChart(id="chart")
        self._network = NetworkView(id="network")
        self._network.lang = self.lang
        views.mount_all([Vertical(self._captions[0], self._chart, id="chart-box"),
                         Vertical(self._captions[1], self._field, self._network, id="field-box")])
        self.captions()
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
    def live(self) -> bool:
        """Whether the views are mounted (``go_live``)."""
        return self._chart is not None

    @property
    def field(self) -> FieldView:
        """The decision boundary or fit; like the chart, asking for it makes the panel go live."""
        self.go_live()
        return self._field

    @property
    def network(self) -> NetworkView:
        """The network view; like the chart, asking for it makes the panel go live."""
        self.go_live()
        if self._network is None:
            raise NoMatches("the panel is closing: it has no network view")
        return self._network

    def network_grid(self):  # type: ignore[no-untyped-def]
        """Where the session should evaluate every neuron: None while the view is off or not yet
        mounted (asking must not make the panel go live before the first frame)."""
        return self._network.grid() if self._network is not None else None

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
        if self._network is not None:
            self._network.lang = lang
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
        if data_changed and self._chart is not None:  # before go_live, it draws the data
            self._draw_data(config)
        self._network_model(config)
        self.captions()

    def _draw_data(self, config: RunConfig) -> None:
        from ..engine import make_dataset

        data = make_dataset(config.dataset, n=config.n, noise=config.noise, seed=config.seed,
                            val_fraction=config.val_fraction)
        self.field.set_data(dataset_info(config.dataset), data)
        self.field.show(None, None)
        self._network_model(config)

    def _network_model(self, config: RunConfig) -> None:
        if self._network is not None and self.field._extent is not None:
            self._network.set_model(config.sizes, config.activation, dataset_info(config.dataset),
                                    self.field._extent)

    def captions(self) -> None:
        """The legends, as Textual text: translated, never cut (they wrap), and naming each
        series by its glyph too, so they hold without colour (NO_COLOR)."""
        if self.config is None or not self.live:
            return
        info = dataset_info(self.config.dataset)
        compare = bool(self.previous)
        self._captions[0].update(chart_legend(self.lang, compare, self.app.no_color))
        if info.n_inputs == 1:
            field = Text(f"{t(self.lang, 'fit_title')}: ").append_text(fit_legend(self.lang))
        else:
            classes = max(2, info.n_outputs)  # one output: two classes
            field = Text(f"{t(self.lang, 'field_title')}\n").append_text(field_legend(self.lang, classes))
        if self.has_class("-network"):
            field = Text(t(self.lang, "network_caption"))
        self._captions[1].update(field)

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
        if not self.query("#status"):
            return  # shutting down: the panel's children go before the panel
        self.snapshot = s
        if bool(self.previous) != self._legend_compare:
            self._legend_compare = bool(self.previous)
            self.captions()
        badge = f"[{self.badge}] " if self.badge else ""
        width = self.query_one("#status", Static).content_region.width
        status = status_text(s, self.lang, self.hint, self.pending, max(1, width - cell_len(badge)) if width else 0)
        if self.badge:
            status = Text.assemble((badge, "bold magenta"), status)
        self.query_one("#status", Static).update(status)
        self._explain()
        if s is None or self._chart is None or self._network is None:  # go_live shows the latest
            return
        diverged = s.step if s.state == DIVERGED else None
        self._chart.show(s.run, s.series, max(s.target, s.step), self.previous, diverged)
        if self.field.display:
            self.field.show(s.field_values, s.view)
        if self._network.display:
            self._network.show(s.neurons, s.weights, live=s.state == TRAINING)
