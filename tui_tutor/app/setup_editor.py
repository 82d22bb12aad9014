"""The setup editor (`e`): every field of a run, typed or chosen, checked as the learner types.

Each field is checked on its own against the setup as it was, so a sentence appears under the
field that caused it; what only a combination of fields breaks (the loss for the dataset, the
cost of the whole run) appears once at the bottom. The sentences come from ``RunConfig.problems``
then ``RunConfig.limit_problem`` (the cost bound): the same checks, in the same order, that the
lesson loader and ``tui-tutor train`` pass through, so the editor can never accept what they
refuse. Enter applies and runs; Esc leaves the setup as it was.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from ..engine.catalog import ACTIVATION_NAMES, DATASET_NAMES, LOSS_NAMES, MAX_POINTS, OPTIMIZER_NAMES
from ..engine.config import MAX_DEPTH, MAX_WIDTH, RunConfig
from .strings import STRINGS, t

AUTO = "auto"  # the loss Select's value for "the dataset's own loss" (None in RunConfig)


class Invalid(ValueError):
    """A field's text is not the kind of value it needs; the message is a strings key."""

    def __init__(self, key: str, **kwargs: object) -> None:
        super().__init__(key)
        self.key, self.kwargs = key, kwargs


def _int(text: str) -> int:
    """A whole number; "1e6" and "100_000" are whole numbers too."""
    text = text.strip().replace("_", "")
    try:
        return int(text)
    except ValueError:
        pass
    try:
        x = float(text)
    except ValueError:
        raise Invalid("need_int", example=400) from None
    if not math.isfinite(x) or x != int(x):
        raise Invalid("need_int", example=400)
    return int(x)


def _number(text: str) -> float:
    try:
        return float(text.strip().replace("_", ""))  # "nan" and "inf" parse; problems() refuses them
    except ValueError:
        raise Invalid("need_number", example=0.01) from None


def _widths(text: str) -> tuple[int, ...]:
    parts = [p for p in text.replace("-", ",").replace(" ", ",").split(",") if p]
    try:
        return tuple(_int(p) for p in parts)
    except Invalid:
        raise Invalid("need_widths") from None


def _batch(text: str) -> int | None:
    return _int(text) if text.strip() else None


@dataclass(frozen=True)
class Field:
    name: str  # the RunConfig field
    parse: Callable[[str], Any] | None  # text -> value for an Input; None for a Select
    show: Callable[[Any], str] = str
    options: tuple[str, ...] = ()
    hint: str | None = None  # a strings key for the Input's placeholder


FIELDS = (
    Field("dataset", None, options=DATASET_NAMES),
    Field("n", _int),
    Field("noise", _number, lambda v: f"{v:g}"),
    Field("hidden", _widths, lambda v: ",".join(str(w) for w in v), hint="hint_hidden"),
    Field("activation", None, options=ACTIVATION_NAMES),
    Field("loss", None, options=(AUTO, *LOSS_NAMES)),
    Field("optimizer", None, options=OPTIMIZER_NAMES),
    Field("lr", _number, lambda v: f"{v:g}"),
    Field("batch_size", _batch, lambda v: "" if v is None else str(v), hint="hint_batch"),
    Field("weight_decay", _number, lambda v: f"{v:g}"),
    Field("steps", _int),
    Field("seed", _int),
)


def refusals(config: RunConfig) -> list[str]:
    """Why ``config`` cannot start: its problems, or else the cost bound, as the lesson loader asks."""
    return config.problems() or [p for p in (config.limit_problem(),) if p]


def check(base: RunConfig, texts: dict[str, str],
          lang: str = "en") -> tuple[RunConfig | None, dict[str, str], list[str]]:
    """The setup the form describes (None while anything is wrong), one sentence per invalid
    field, and the problems that belong to no single field. ``texts`` holds each field's text
    (a Select's value). A problem is put under a field when changing that field alone, from the
    setup the editor opened with, causes it."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for f in FIELDS:
        text = texts[f.name]
        try:
            values[f.name] = f.parse(text) if f.parse else (None if text == AUTO else text)
        except Invalid as e:
            errors[f.name] = t(lang, e.key, **e.kwargs)
    full = base.with_(**values)
    problems = refusals(full)
    for name, value in values.items():
        alone = set(refusals(base.with_(**{name: value})))
        hit = next((p for p in problems if p in alone), None)
        if hit is not None:
            errors[name] = hit
    shown = set(errors.values())
    summary = [p for p in problems if p not in shown]
    if lang != "en":
        errors = {name: in_words(lang, name, values[name], text) if name in values else text
                  for name, text in errors.items()}
    return (None if errors or problems else full), errors, summary


def in_words(lang: str, name: str, value: Any, sentence: str) -> str:
    """The engine's sentence about one field in the learner's language, where the app has it.

    The engine speaks English (it is shared with the command line); the common range checks
    are said again here from the same limits. Anything else stays as the engine said it.
    """
    broken: dict[str, Callable[[Any], bool]] = {
        "n": lambda v: not 4 <= v <= MAX_POINTS,
        "noise": lambda v: not 0 <= v <= 10,
        "hidden": lambda v: len(v) > MAX_DEPTH or any(not 1 <= w <= MAX_WIDTH for w in v),
        "lr": lambda v: not (v > 0 and math.isfinite(v)),
        "batch_size": lambda v: v is not None and v < 1,
        "weight_decay": lambda v: not (v >= 0 and math.isfinite(v)),
        "steps": lambda v: v < 1,
        "seed": lambda v: v < 0,
    }
    key = f"bad_{name}"
    if name not in broken or key not in STRINGS.get(lang, {}) or not broken[name](value):
        return sentence
    return t(lang, key, most=f"{MAX_POINTS:,}", widest=f"{MAX_WIDTH:,}", deepest=MAX_DEPTH)


class SetupEditor(ModalScreen[RunConfig | None]):
    """A form over the whole setup; dismisses with the new RunConfig, or None on Esc."""

    DEFAULT_CSS = """
    SetupEditor { align: center middle; }
    SetupEditor > #editor {
        width: 78; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SetupEditor #editor-title { text-style: bold; color: $accent; }
    SetupEditor #editor-keys { color: $text-muted; text-style: italic; }
    SetupEditor #fields { height: auto; max-height: 1fr; }
    SetupEditor .row { height: 1; }
    SetupEditor .label { width: auto; height: 1; }
    SetupEditor .row Input, SetupEditor .row Select { width: 1fr; }
    SetupEditor .error { color: $error; height: auto; padding: 0 0 0 2; }
    SetupEditor .error.-empty { display: none; }
    SetupEditor #summary { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("enter", "apply", "apply", priority=True),
        Binding("escape", "cancel", "cancel"),
    ]

    def __init__(self, config: RunConfig, lang: str) -> None:
        super().__init__()
        self.base, self.lang = config, lang
        self.config: RunConfig | None = config
        self.errors: dict[str, str] = {}
        self.summary: list[str] = []

    def compose(self) -> ComposeResult:
        labels = {f.name: t(self.lang, f"f_{f.name}") for f in FIELDS}
        width = max(cell_len(label) for label in labels.values()) + 2  # aligned by display width
        with Vertical(id="editor"):
            yield Static(t(self.lang, "setup_title"), id="editor-title", markup=False)
            with VerticalScroll(id="fields"):
                for f in FIELDS:
                    label = labels[f.name]
                    with Horizontal(classes="row"):
                        yield Static(label + " " * (width - cell_len(label)), classes="label", markup=False)
                        yield self._widget(f)
                    yield Static("", id=f"error-{f.name}", classes="error -empty", markup=False)
            yield Static("", id="summary", markup=False)
            yield Static(t(self.lang, "setup_keys"), id="editor-keys", markup=False)

    def _widget(self, f: Field) -> Input | Select[str]:
        value = getattr(self.base, f.name)
        if f.parse is None:
            current = AUTO if value is None else value
            options = [(t(self.lang, "loss_auto") if o == AUTO else o, o) for o in f.options]
            return Select(options, value=current, allow_blank=False, compact=True, id=f"field-{f.name}")
        placeholder = t(self.lang, f.hint) if f.hint else ""
        return Input(f.show(value), placeholder=placeholder, compact=True, id=f"field-{f.name}")

    def on_mount(self) -> None:
        self.query_one(f"#field-{FIELDS[0].name}").focus()

    def texts(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for f in FIELDS:
            widget = self.query_one(f"#field-{f.name}")
            out[f.name] = widget.value if isinstance(widget, Input) else str(widget.value)
        return out

    def validate(self) -> None:
        self.config, self.errors, self.summary = check(self.base, self.texts(), self.lang)
        for f in FIELDS:
            message = self.errors.get(f.name, "")
            error = self.query_one(f"#error-{f.name}", Static)
            error.update(message)
            error.set_class(not message, "-empty")
            self.query_one(f"#field-{f.name}").set_class(bool(message), "-invalid")
        self.query_one("#summary", Static).update("\n".join(self.summary))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.validate()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        self.validate()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter picks an item in an open list; everywhere else it applies the form."""
        focused = self.focused
        if action == "apply" and focused is not None and isinstance(focused.parent, Select):
            return False  # the open list of a Select (its only focusable child)
        return True

    def action_apply(self) -> None:
        self.validate()
        if self.config is None:
            self.notify(t(self.lang, "setup_fix"), severity="error", timeout=4)
            bad = next((f.name for f in FIELDS if f.name in self.errors), None)
            if bad is not None:
                self.query_one(f"#field-{bad}").focus()
            return
        self.dismiss(self.config)

    def action_cancel(self) -> None:
        self.dismiss(None)
