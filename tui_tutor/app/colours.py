"""One meaning per colour across the panel, from the Okabe–Ito palette (safe for colour blindness).

Okabe & Ito (2008) chose eight colours that people with any common form of colour blindness can
still tell apart. Each colour here means one thing wherever it appears: a learner who has seen
orange as "class 1" in the boundary never meets orange as "validation" in the chart. Grey means
"the run before", the only neutral; everything else is text colour.
"""

from __future__ import annotations

from rich.text import Text

from .strings import t

# The palette, by Okabe and Ito's names.
ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW = "#E69F00", "#56B4E9", "#009E73", "#F0E442"
BLUE, VERMILLION, REDDISH_PURPLE = "#0072B2", "#D55E00", "#CC79A7"
GREY = "#8C8C8C"  # mid grey: readable on the dark and the light theme alike

#: The classes of a classification set: points and the shades of the model's answer.
CLASSES = (BLUE, ORANGE, REDDISH_PURPLE)
#: The loss chart's series and, without colour (NO_COLOR), the glyph that tells each apart.
TRAIN_LOSS, VAL_LOSS, BEFORE = BLUISH_GREEN, VERMILLION, GREY
#: The fit view of a 1-D regression set: the data and the model's prediction.
FIT_DATA, FIT_MODEL = SKY_BLUE, YELLOW

#: What a learner sees of each chart series: (key of its name, colour, plotext marker with colour,
#: marker without colour). ASCII or braille only: plotext 5 measures wide characters wrong.
SERIES = {
    "train": ("legend_train", TRAIN_LOSS, "braille", "braille"),
    "val": ("legend_val", VAL_LOSS, "braille", "+"),
    "before": ("legend_before", BEFORE, "braille", "."),
}
SAMPLE = {"braille": "⠤⠤", "+": "++", ".": ".."}  # how each marker looks, for the legend


def chart_legend(lang: str, compare: bool, no_color: bool) -> Text:
    """The chart's legend as a Textual caption: translated, and telling series apart by glyph
    when there is no colour, so it never needs to say "the blue line"."""
    out = Text(f"{t(lang, 'legend_loss')}: ")
    names = ["train", "val", *(["before"] if compare else [])]
    for i, name in enumerate(names):
        key, colour, marker, plain = SERIES[name]
        out.append("  " if i else "")
        out.append(SAMPLE[plain if no_color else marker], style="" if no_color else f"bold {colour}")
        out.append(f" {t(lang, key)}")
    return out


def field_legend(lang: str, classes: int) -> Text:
    """What the boundary's marks mean, each mark drawn as it is in the field."""
    out = Text()
    for k in range(classes):
        out.append("■", style=CLASSES[k])
    out.append(f" {t(lang, 'legend_classes')}  ")
    out.append("▀", style=CLASSES[0])
    out.append(f" {t(lang, 'legend_train_point')}  ")
    out.append("o", style=f"bold {CLASSES[0]}")
    out.append(f" {t(lang, 'legend_val_point')}  ")
    out.append("x", style=f"bold {CLASSES[0]}")
    out.append(f" {t(lang, 'legend_wrong')}")
    return out


def fit_legend(lang: str) -> Text:
    out = Text()
    out.append("▀", style=FIT_DATA)
    out.append(f" {t(lang, 'legend_fit_data')}  ")
    out.append("▀▀", style=FIT_MODEL)
    out.append(f" {t(lang, 'legend_fit_model')}")
    return out
