"""The browser classroom in a real headless Chromium: the tutor opens, pages and trains."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui_tutor.commands.classbench_proc import children
from tui_tutor.lessons import default_lessons_dir, load_course

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), "/usr/bin/chromium",
                             shutil.which("chromium"), shutil.which("chromium-browser")) if p
                 and Path(p).exists()), None)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SHOT = Path(os.environ.get("TUI_TUTOR_SCREENSHOT_DIR", ROOT / "tests" / "output")) / "classroom-web.png"

pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="no Chromium installed (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def web_server(tmp_path: Path):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "tui_tutor", "serve", "--web", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert proc.poll() is None, "tui-tutor serve --web exited"
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    tutors = children(proc.pid)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 5
    while (left := [pid for pid in tutors if Path(f"/proc/{pid}").exists()]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not left, "a browser session's tutor outlived the server"


def test_the_tutor_in_a_browser_opens_pages_and_trains(web_server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    lessons = load_course(default_lessons_dir()).in_language("en")
    first, second = (f"{i}/{len(lessons)} {lessons[i - 1].title}".encode() for i in (1, 2))
    drawn = bytearray()  # everything the tutor drew, as it came down the websocket

    def until(found, what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not found():
            assert time.monotonic() < deadline, f"{what} never appeared in the browser"
            page.wait_for_timeout(100)  # lets playwright deliver websocket frames

    def steps() -> int:
        counts = re.findall(rb"step (\d[\d,]*)", bytes(drawn))
        return int(counts[-1].replace(b",", b"")) if counts else -1

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            # No network here: only the server itself, never Google Fonts or the like.
            page.route(re.compile(r"^(?!http://127\.0\.0\.1:).*"), lambda route: route.abort())
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda f: drawn.extend(f if isinstance(f, bytes) else f.encode())))
            page.goto(web_server, wait_until="domcontentloaded")
            until(lambda: first in drawn, "the first lesson's title", timeout=60)
            page.locator(".textual-terminal").click()
            mark = len(drawn)
            page.keyboard.press("n")
            until(lambda: second in drawn[mark:], "the second lesson's title after n")
            page.keyboard.press("x")
            page.keyboard.press("1")  # the experiment's prediction: a guess, then the run plays
            until(lambda: steps() > 0, "a step count after x")
            before = steps()
            until(lambda: steps() > before, "a rising step count")
            page.wait_for_timeout(1500)
            SHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOT))
        finally:
            browser.close()
    assert steps() > before > 0
