"""Untrusted text made safe to show: the one sanitiser for lesson files, saved state and the CLI.

Teachers share lesson folders and a classroom server shows them to a whole class, so a lesson must
be as harmless as a Markdown file in a viewer. Everything a lesson (or a file name, or a saved
progress file) contributes to the screen goes through ``clean`` first, once, where it is read:

- control characters become visible: ESC shows as ``␛`` (the Unicode control pictures), so
  ``ESC ]0;title BEL`` or ``ESC [2J`` reach the terminal as harmless text, never as a command;
  C1 controls (0x80-0x9F, which some terminals also obey) become ``�``;
- line breaks of every kind become ``\\n`` (or one space in a single-line field) and tabs spaces,
  so a line is as wide as it is measured;
- clusters that terminals and Textual measure differently are taken apart: zero-width joiners,
  variation selectors, skin-tone modifiers and other invisible format characters are dropped
  (an emoji family becomes its members, each two cells everywhere), flags become their two
  letters, and a combining mark with nothing to combine with is dropped, so nothing is left
  drawn on a neighbouring cell;
- a lone surrogate (possible in JSON) becomes ``�`` instead of failing when it is encoded.

This module imports only the standard library and Rich's cell measurement, the one Textual uses.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from rich.cells import get_character_cell_size

#: At most this many zero-width marks on one character; more only pile up above and below it.
MAX_MARKS = 2
REPLACEMENT = "\ufffd"
_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
#: Everything ``clean`` may change; text without any of these is returned as it is.
#: Every character outside it is one cell wide and no mark, in Rich's measure too (a test checks
#: this; U+3164 HANGUL FILLER is left out because Rich measures it as zero cells).
_SUSPECT = re.compile("[^\x20-\x7e\n\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0482\u2010-\u2027\u2030-\u205e"
                      "\u2070-\u20cf\u2100-\u2bff\u3000-\u3029\u3131-\u3163\u3165-\u318e\u4e00-\u9fff"
                      "\uac00-\ud7a3\uff01-\uff60]")
_SUSPECT_RUN = re.compile(_SUSPECT.pattern + "+")
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_FLAG_LETTERS = range(0x1F1E6, 0x1F200)
_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def clean(text: str, *, line: bool = False) -> str:
    """``text`` with nothing a terminal would obey and nothing measured wrongly.

    ``line=True`` for one-line fields (titles, labels, choices, file names): breaks and tabs
    become single spaces and the ends are stripped.
    """
    text = _normalised(text, line)
    if not _SUSPECT.search(text):
        return text
    # Only the runs of suspect characters need a look, each on its own: how many zero-width
    # marks a run may keep depends only on the character before it, since every other character
    # is one cell wide and no mark. A lesson is cleaned 30x faster than character by character.
    return _SUSPECT_RUN.sub(lambda m: _clean_run(m.group(), _marks_before(text, m.start())), text)


def _normalised(text: str, line: bool) -> str:
    """Every line break as ``\\n`` (in a one-line field: spaces), tabs as spaces."""
    if not isinstance(text, str):
        text = str(text)
    text = _BREAKS.sub("\n", text)
    if line:
        return " ".join(text.replace("\t", " ").split("\n")).strip()
    if "\t" in text:
        return "\n".join(part.expandtabs(4) for part in text.split("\n"))
    return text


def _marks_before(text: str, at: int) -> int:
    """The mark count ``_clean_run`` starts from at ``text[at]``: after a letter, none yet; at a
    line start or after a space, too many already (a mark there has nothing to sit on)."""
    return MAX_MARKS + 1 if at == 0 or text[at - 1] in " \n" else 0


def _clean_run(run: str, marks: int) -> str:
    """``run`` made safe, character by character; ``marks``: zero-width marks since the last
    character with a width."""
    out: list[str] = []
    for ch in run:
        code = ord(ch)
        if ch == "\n":
            out.append(ch)
            marks = MAX_MARKS + 1  # nothing at a line start to combine with
            continue
        if code < 0x20:
            out.append(chr(0x2400 + code))  # ␀ .. ␟, ␛ for ESC
        elif code == 0x7F:
            out.append("\u2421")  # ␡
        elif 0x80 <= code < 0xA0:
            out.append(REPLACEMENT)
        elif code in _FLAG_LETTERS:
            out.append(chr(ord("A") + code - 0x1F1E6))
        elif code in _SKIN_TONES or any(code in r for r in _SELECTORS):
            continue
        else:
            category = unicodedata.category(ch)
            if category == "Cs":
                out.append(REPLACEMENT)
            elif category == "Cf":
                continue  # zero-width joiners and spaces, bidi overrides, BOM, soft hyphen, tags
            elif get_character_cell_size(ch) == 0 or category in ("Mn", "Me"):
                if marks >= MAX_MARKS:
                    continue
                marks += 1
                out.append(ch)
                continue
            else:
                out.append(ch)
        marks = MAX_MARKS + 1 if ch == " " else 0
    return "".join(out)


def clean_tree(value: Any, *, line_keys: frozenset[str] = frozenset()) -> Any:
    """Every string in parsed TOML or JSON cleaned; keys listed in ``line_keys`` as one line."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [clean_tree(v, line_keys=line_keys) for v in value]
    if isinstance(value, dict):
        return {clean(k, line=True): (_one_line(v) if k in line_keys else clean_tree(v, line_keys=line_keys))
                for k, v in value.items()}
    return value


def _one_line(value: Any) -> Any:
    if isinstance(value, str):
        return clean(value, line=True)
    if isinstance(value, list):
        return [_one_line(v) for v in value]
    return clean_tree(value)


def shown(value: object) -> str:
    """A path, file name or argument as one safe line, for messages."""
    return clean(str(value), line=True)


def is_safe(text: str) -> bool:
    """True when ``text`` holds no control character a terminal could act on (tests use this)."""
    return not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", text)
