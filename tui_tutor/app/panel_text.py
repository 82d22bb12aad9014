"""What the panel says in words: the setup, the run's status and the curve explained.

Pure functions from a config or a snapshot to Rich ``Text``, so they are tested without the app
and read without the widget around them.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from ..engine import RunConfig
from .session import DIVERGED, ERROR, TRAINING, Snapshot
from .strings import t

STATE_MARK = {"ready": "■", "training": "▶", "paused": "❚❚", "diverged": "✗", "done": "✓", "error": "!"}


def setup_text(config: RunConfig, lang: str, compact: bool = False) -> Text:
    """The run named by the four components: Data / Model / Loss / Optimizer.

    Every setup field the editor offers is here; those left at their defaults (seed 0, full
    batch, no weight decay) are left out. Labels line up by display width, so Korean ones align.
    """
    hidden = ("-".join(str(w) for w in config.sizes) + f" {config.activation}") if config.hidden \
        else f"{config.sizes[0]}-{config.sizes[-1]} ({t(lang, 'linear_model')})"
    data = config.dataset if compact else \
        f"{config.dataset} · {t(lang, 'points', n=f'{config.n:,}')} · {t(lang, 'noise')} {config.noise:g}"
    optimizer = f"{config.optimizer} {t(lang, 'lr')} {config.lr:g}"
    if not compact:
        if config.seed:
            data += f" · {t(lang, 'seed')} {config.seed}"
        optimizer += f" · {t(lang, 'n_steps', n=f'{config.steps:,}')}"
        if config.batch_size:
            optimizer += f" · {t(lang, 'batch')} {config.batch_size}"
        if config.weight_decay:
            optimizer += f" · {t(lang, 'decay')} {config.weight_decay:g}"
    parts = [
        (t(lang, "data"), data),
        (t(lang, "model"), hidden),
        (t(lang, "loss"), config.resolved_loss),
        (t(lang, "optimizer"), optimizer),
    ]
    width = max(cell_len(label) for label, _ in parts) + 1
    out = Text()
    for i, (label, value) in enumerate(parts):
        if compact:
            out.append(("  " if i else "") + f"{label} ", style="bold")
            out.append(value)
        else:
            out.append(label + " " * (width - cell_len(label)), style="bold")
            out.append(value + ("\n" if i < 3 else ""))
    return out


def status_text(s: Snapshot | None, lang: str, hint: str = "no_run", pending: bool = False,
                width: int = 0) -> Text:
    """The state, step and pace; then the numbers; a hint before any run, and a line when the
    setup no longer matches the run on screen.

    The first line never wraps within ``width`` (0: any): the speed goes first, then the pace,
    or every change in the speed's digits would move the boundary below up or down a line.
    """
    if s is None:
        return Text(t(lang, hint), style="italic")
    out = Text()
    state_style = {"training": "bold green", "paused": "bold yellow", "diverged": "bold red",
                   "error": "bold red", "done": "bold cyan"}.get(s.state, "bold")
    out.append(f"{STATE_MARK.get(s.state, '')} {t(lang, s.state)}", style=state_style)
    out.append(f"  {t(lang, 'step')} {s.step:,}")
    extras = [f"  {t(lang, 'pace_on' if s.paced else 'pace_off')}"]
    if s.state == TRAINING and s.steps_per_second:
        extras.insert(0, f"  {s.steps_per_second:,.0f} {t(lang, 'steps_s')}")
    while extras and width and out.cell_len + sum(cell_len(e) for e in extras) > width:
        extras.pop(0)
    for extra in extras:
        out.append(extra, style="dim")
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


def explain_text(s: Snapshot | None, lang: str, titles: dict[str, str]) -> Text:
    """The curve explained, and the key that opens the lesson teaching it; empty while training."""
    if s is None or s.verdict is None:
        return Text()
    out = Text(s.verdict.sentence(lang))
    title = titles.get(s.verdict.lesson)
    if title:
        out.append("\n" + t(lang, "explain_open", title=title), style="italic")
    return out


def _loss(x: float) -> str:
    """0.0123 to four places; a blown-up 236,256.66 as a whole number that can be read."""
    return f"{x:,.0f}" if abs(x) >= 1000 else f"{x:.4f}"
