"""Failure handling: key fuzz, signals, absurd settings and broken lesson folders."""

from __future__ import annotations

import asyncio
import fcntl
import json
import os
import random
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from conftest import make_app, until
from tui_tutor.app.app import TutorApp
from tui_tutor.app.exercise_view import open_exercise_view
from tui_tutor.app.lesson_view import BrokenLessonView

KEYS = list("npjktxsr[]aodcvl123456789?") + [
    "space", "right", "left", "up", "down", "pageup", "pagedown", "home", "end", "escape",
    "enter", "tab", "ctrl+p", "backspace", "z", "y", "question_mark",
    "left_square_bracket", "right_square_bracket",
]
SIZES = [(30, 8), (40, 12), (60, 20), (80, 24), (100, 30), (120, 40), (45, 9)]


def send_keys(app: TutorApp, keys: list[str]) -> None:
    """Type without waiting for the process to go idle, which it never does while training
    (``pilot.press`` waits up to two seconds a key for that)."""
    for key in keys:
        char = key if len(key) == 1 else {"space": " ", "question_mark": "?", "enter": "\r",
                                          "left_square_bracket": "[", "right_square_bracket": "]"}.get(key)
        event = events.Key(key, char)
        event.set_sender(app)
        app._driver.send_message(event)


async def processed(app: TutorApp, timeout: float = 30.0) -> None:
    """Wait until the app has handled every message sent to it so far."""
    done = asyncio.Event()
    app.call_later(done.set)
    await asyncio.wait_for(done.wait(), timeout)


async def test_two_thousand_random_keys_and_resizes_while_training(tmp_path: Path, slow_lessons: Path) -> None:
    rng = random.Random(1234)
    app = make_app(tmp_path, lessons=slow_lessons)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "training")
        pressed = 0
        while pressed < 2000:
            batch = [rng.choice(KEYS) for _ in range(40)]
            send_keys(app, batch)
            pressed += len(batch)
            await processed(app)  # typed as fast as the app takes them, never a backlog
            await pilot.resize_terminal(*rng.choice(SIZES))
        # still usable: close whatever is open, then navigate and train
        await pilot.resize_terminal(120, 40)
        while len(app.screen_stack) > 1:
            await pilot.press("escape")
        if open_exercise_view(app) is not None:  # an exercise open in the lesson pane: esc closes it too
            await pilot.press("escape")
        run = app.run_number
        await pilot.press("r")  # the setup again, whatever the keys made of it
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.run > run
                    and app.snapshot.state in ("training", "diverged", "done", "error"))
        assert app.lesson is not None and app.lesson_view is not None


async def test_absurd_learning_rate_diverges_with_a_message(tmp_path: Path) -> None:
    app = make_app(tmp_path, start="activation-functions")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "done")
        for _ in range(30):  # 0.01 · 2³⁰ is far past the cap
            await pilot.press("right_square_bracket")
        assert app.config.lr == 1e3
        await pilot.press("r")  # run again, at that rate
        await until(pilot, lambda: app.snapshot is not None and app.snapshot.state == "diverged")
        status = str(app.panel.query_one("#status", Static).render())
        assert "diverged at step" in status and "smaller learning rate" in status
        await until(pilot, lambda: bool(app.panel.chart._strips))  # mounted just after the first frame
        for strip in app.panel.chart._strips:
            assert "nan" not in strip.text.lower() and "inf" not in strip.text.lower()


def _write_lessons(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "en" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


GOOD = """+++
id = "{id}"
title = "{title}"
order = {order}
summary = "Fine."
+++

Hello.

```quiz
question = "Q?"
choices = ["a", "b"]
answer = 1
explanation = "E."
```
"""
HUGE = GOOD + """
```experiment
label = "huge"
dataset = "xor"
hidden = [1000000]
n = 1000000
expect = {{ val_accuracy_min = 0.9 }}
```
"""


async def test_broken_lessons_are_shown_and_the_rest_work(tmp_path: Path) -> None:
    root = _write_lessons(tmp_path / "lessons", {
        "01-first.md": GOOD.format(id="first", title="First", order=1),
        "02-huge.md": HUGE.format(id="huge", title="Huge", order=2),
        "03-third.md": GOOD.format(id="third", title="Third", order=3).replace("+++\n\nHello", "\nHello", 1),
        "04-last.md": GOOD.format(id="last", title="Last", order=4),
    })
    app = make_app(tmp_path, lessons=root)
    async with app.run_test(size=(120, 40)) as pilot:
        assert [lesson.title for lesson in app.lessons] == ["First", "02-huge.md", "03-third.md", "Last"]
        await pilot.press("n")
        broken = app.screen.query_one(BrokenLessonView)
        text = " ".join(str(s.render()) for s in broken.query(Static))
        assert "02-huge.md" in text and "hidden has an item that must be between 1 and 1024" in text
        assert "n must be between 4 and 10000" in text
        await pilot.press("n", "n")
        assert app.lesson.title == "Last" and app.lesson_view is not None
        await pilot.press("1")
        assert app.lesson_view.quiz_cards[0].answer == 1


@pytest.mark.parametrize("setup", ["empty", "missing", "unreadable"])
def test_unusable_lessons_dir_exits_2_with_a_sentence(tmp_path: Path, setup: str) -> None:
    target = tmp_path / "lessons"
    if setup == "empty":
        target.mkdir()
    elif setup == "unreadable":
        (target / "en").mkdir(parents=True)
        (target / "en" / "01-x.md").write_bytes(b"\xff\xfe\x00")
    r = subprocess.run([sys.executable, "-m", "tui_tutor", "--lessons-dir", str(target)],
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "TUI_TUTOR_PROGRESS": str(tmp_path / "p.json")})
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and str(target) in r.stderr
    assert "Traceback" not in r.stderr


# -- the real app in a pseudo-terminal -------------------------------------------------------------

class Pty:
    def __init__(self, args: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.proc = subprocess.Popen([sys.executable, "-m", "tui_tutor", *args], stdin=slave, stdout=slave,
                                     stderr=slave, env=env, start_new_session=True, close_fds=True)
        os.close(slave)
        self.out = b""

    def read_until(self, needle: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while needle not in self.out:
            left = deadline - time.monotonic()
            if left <= 0 or not self.pump(left):
                return needle in self.out
        return True

    def pump(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], min(timeout, 0.1))
        if ready:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            self.out += chunk
        return True

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def wait_exit(self, timeout: float) -> float | None:
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.proc.poll() is not None:
                return time.monotonic() - start
            self.pump(0.02)
        return None

    def close_master(self) -> None:
        """Hang up: close our side of the terminal (once; the fd number may be reused after)."""
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.close_master()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_mid_training_exits_saves_and_restores(tmp_path: Path, slow_lessons: Path, signum: int) -> None:
    progress = tmp_path / "progress.json"
    env = {**os.environ, "TERM": "xterm-256color", "TUI_TUTOR_PROGRESS": str(progress)}
    term = Pty(["--lessons-dir", str(slow_lessons)], env)
    try:
        assert term.read_until("1/1 Slow".encode(), 30), term.out[-500:]
        term.send(b"x")
        assert term.read_until("training".encode(), 20)
        os.kill(term.proc.pid, signum)
        took = term.wait_exit(5)
        assert took is not None and took < 1.0, f"exit took {took}"
        assert term.proc.returncode in (128 + signum, -signum, 0)
        assert b"\x1b[?1049l" in term.out  # left the alternate screen: the terminal is restored
        saved = json.loads(progress.read_text())
        assert saved["last_lesson"] == "slow"
    finally:
        term.close()


def test_hangup_after_the_terminal_is_gone(tmp_path: Path, slow_lessons: Path) -> None:
    """A dropped SSH link: the terminal disappears, then SIGHUP arrives."""
    progress = tmp_path / "progress.json"
    env = {**os.environ, "TERM": "xterm-256color", "TUI_TUTOR_PROGRESS": str(progress)}
    term = Pty(["--lessons-dir", str(slow_lessons)], env)
    try:
        assert term.read_until("1/1 Slow".encode(), 30)
        term.send(b"x")
        assert term.read_until("training".encode(), 20)
        term.close_master()
        os.kill(term.proc.pid, signal.SIGHUP)
        start = time.monotonic()
        while term.proc.poll() is None and time.monotonic() - start < 5:
            time.sleep(0.01)
        assert term.proc.poll() is not None and time.monotonic() - start < 1.0
        assert json.loads(progress.read_text())["last_lesson"] == "slow"
    finally:
        term.close()
