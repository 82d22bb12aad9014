"""The real app in a pseudo-terminal, and the CLI, against a hostile environment (rows 2, 9, 12-14, 16-17, 20)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from conftest import make_app, until
from test_failures import Pty
from test_hostile_lessons import lessons_dir

ENV = {**os.environ, "TERM": "xterm-256color"}
#: Sequences only lesson content could have sent: window title / clipboard / hyperlink (OSC),
#: device control strings, privacy messages, a bell, a screen clear in the middle of a frame.
FROM_LESSON = [b"\x1bP", b"\x1b^", b"\x1b_", b"\x1bX", b"\x07", b"\xc2\x9b", b"\xc2\x9d",
               b"PWN\x07", b"MARK1\x1b[2JMARK2"]


def tutor(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui_tutor", *args], capture_output=True, text=True,
                          timeout=120, env=env or ENV, **kw)  # type: ignore[call-overload]


def test_no_escape_sequence_from_a_lesson_reaches_the_terminal(tmp_path: Path) -> None:
    """Row 2: read every byte the app writes while it shows escape-laden lessons."""
    root = lessons_dir(tmp_path, "ok-escapes.md", "ok-markup.md", "ok-emoji.md")
    env = {**ENV, "TUI_TUTOR_PROGRESS": str(tmp_path / "p.json")}
    term = Pty(["--lessons-dir", str(root)], env, size=(120, 40))
    try:
        assert term.read_until("MARK1".encode(), 30), term.out[-300:]
        for keys in (b"1", b"j" * 20, b"t", b"\x1b", b"n", b"x", b"n", b"\x10", b"\x1b", b"v", b"\x1b"):
            term.send(keys)
            deadline = time.monotonic() + 0.6
            while time.monotonic() < deadline:
                term.pump(0.1)
        os.kill(term.proc.pid, signal.SIGTERM)
        assert term.wait_exit(10) is not None
        assert "MARK1␛[2JMARK2".encode() in term.out  # the lesson's bytes arrived, as visible text
        # Textual's one OSC of its own sets the pointer shape (OSC 22 ... BEL); a lesson's would be
        # a window title (0), a hyperlink (8) or a clipboard write (52)
        out = re.sub(rb"\x1b\]22;[a-z-]*\x07", b"", term.out)
        for sequence in [*FROM_LESSON, b"\x1b]"]:
            assert sequence not in out, sequence
    finally:
        term.close()


def test_columns_and_lines_do_not_pin_the_size(tmp_path: Path, slow_lessons: Path) -> None:
    """Row 14: COLUMNS=5 LINES=2 in a 100x30 terminal gave a 5x2 app."""
    env = {**ENV, "COLUMNS": "5", "LINES": "2", "TUI_TUTOR_PROGRESS": str(tmp_path / "p.json")}
    term = Pty(["--lessons-dir", str(slow_lessons)], env, size=(100, 30))
    try:
        assert term.read_until(b"quit", 30)  # the footer: a whole frame was drawn
        rows = [int(m) for m in re.findall(rb"\x1b\[(\d+);\d+H", term.out)]
        assert rows and max(rows) >= 25, max(rows, default=0)
        term.send(b"q")
        term.wait_exit(10)
    finally:
        term.close()


def test_sigint_saves_and_exits_130(tmp_path: Path, slow_lessons: Path) -> None:
    """Row 16: SIGINT while training exited 0."""
    progress = tmp_path / "p.json"
    term = Pty(["--lessons-dir", str(slow_lessons)], {**ENV, "TUI_TUTOR_PROGRESS": str(progress)})
    try:
        assert term.read_until("1/1 Slow".encode(), 30)
        term.send(b"x")
        assert term.read_until(b"training", 20)
        os.kill(term.proc.pid, signal.SIGINT)
        assert term.wait_exit(5) is not None
        assert term.proc.returncode == 130
        assert json.loads(progress.read_text())["last_lesson"] == "slow"
    finally:
        term.close()


def test_ctrl_z_suspends(tmp_path: Path, slow_lessons: Path) -> None:
    """Row 20: Ctrl+Z did not suspend."""
    term = Pty(["--lessons-dir", str(slow_lessons)], {**ENV, "TUI_TUTOR_PROGRESS": str(tmp_path / "p.json")})
    try:
        assert term.read_until("1/1 Slow".encode(), 30)
        term.send(b"\x1a")
        deadline = time.monotonic() + 10
        stopped = False
        while time.monotonic() < deadline and not stopped:
            pid, status = os.waitpid(term.proc.pid, os.WUNTRACED | os.WNOHANG)
            stopped = pid != 0 and os.WIFSTOPPED(status)
            term.pump(0.05)
        assert stopped
        os.kill(term.proc.pid, signal.SIGCONT)
        term.send(b"q")
    finally:
        term.close()


def test_term_dumb_gets_a_sentence(tmp_path: Path, slow_lessons: Path) -> None:
    """Row 17: TERM=dumb still got full-screen 24-bit colour."""
    term = Pty(["--lessons-dir", str(slow_lessons)], {**ENV, "TERM": "dumb",
                                                      "TUI_TUTOR_PROGRESS": str(tmp_path / "p.json")})
    try:
        assert term.wait_exit(30) is not None
        assert term.proc.returncode == 2 and b"TERM=dumb" in term.out and b"\x1b[" not in term.out
    finally:
        term.close()


async def test_no_color_tells_curves_apart_by_glyph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Row 17: under NO_COLOR the curves were near-identical greys and the caption said blue/orange."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: bool(app.query("#chart-caption")))  # the views come after the first frame
        caption = str(app.query_one("#chart-caption", Static).render())
        assert "blue" not in caption and "++ validation" in caption  # the legend shows each glyph
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        await until(pilot, lambda: any("+" in s.text for s in app.panel.chart._strips[1:-3]))
        chart = "\n".join(strip.text for strip in app.panel.chart._strips)
        assert any(ch in chart for ch in "⠁⠂⠄⡀⠈⠐⠠⢀⣀⠤⠒⠉")  # training, braille


@pytest.mark.parametrize("stdin", ["pipe", "devnull"])
def test_no_terminal_exits_2_with_one_sentence(tmp_path: Path, stdin: str) -> None:
    """Row 9: `echo | tui-tutor` or no terminal at all spun at 100% CPU for ever."""
    r = tutor(input="\n") if stdin == "pipe" else tutor(stdin=subprocess.DEVNULL)
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "terminal" in r.stderr


@pytest.mark.parametrize("args", [
    ["train", "--seed", "-1"],
    ["train", "--weight-decay", "nan"],
    ["train", "--lr", "inf"],
    ["train", "--noise", "nan"],
    ["train", "--hidden", "2048,2048,2048,2048,2048,2048"],
    ["train", "--steps", "1e12"],
    ["--lesson", ""],
    ["--fps", "100000"],
])
def test_adversary_arguments_exit_2_with_one_line(args: list[str]) -> None:
    """Rows 12, 20."""
    r = tutor(*args)
    assert r.returncode == 2, r.stderr
    assert r.stdout == "" and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_json_to_a_full_disk_fails_with_one_line() -> None:
    """Row 12: `train --json >/dev/full` gave a traceback and exit 1 with no message."""
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "tui_tutor", "train", "--steps", "20", "--json"],
                           stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, env=ENV)
    assert r.returncode != 0
    assert len(r.stderr.strip().splitlines()) == 1 and "No space" in r.stderr


@pytest.mark.parametrize("args", [["lessons", "list", "--lang", "ko"], ["train", "--steps", "30"]])
def test_ascii_locale_does_not_crash(args: list[str]) -> None:
    """Row 13: LC_ALL=C PYTHONUTF8=0 gave UnicodeEncodeError."""
    r = tutor(*args, env={**ENV, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"})
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stderr and r.stdout


def test_ctrl_c_during_train_gives_partial_output() -> None:
    """Row 20: Ctrl+C during `train` printed nothing."""
    proc = subprocess.Popen([sys.executable, "-m", "tui_tutor", "train", "--hidden", "32", "--steps", "2000000",
                             "--json", "--force"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=ENV)
    time.sleep(4)  # imports done, training under way (the run would take minutes)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    result = json.loads(out)
    assert result["metrics"]["interrupted"] and result["metrics"]["steps"] > 0
    assert "interrupted at step" in err
