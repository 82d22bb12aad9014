"""Progress survives restarts, corruption and a kill in the middle of a write."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tui_tutor import progress as store


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "progress.json"
    p = store.Progress(lang="ko", last_lesson="activation-functions", visited={"introduction"})
    p.answer("introduction", 1, 3)
    store.save(p, path)
    loaded = store.load(path)
    assert loaded.notice is None
    assert loaded.progress == p


def test_missing_file_is_a_fresh_start(tmp_path: Path) -> None:
    loaded = store.load(tmp_path / "none.json")
    assert loaded.progress == store.Progress() and loaded.notice is None


def test_corrupt_file_is_set_aside_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text("{ not json", encoding="utf-8")
    loaded = store.load(path)
    assert loaded.progress == store.Progress()
    assert loaded.notice and "kept as" in loaded.notice
    aside = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == "{ not json"
    assert not path.exists()


def test_wrong_shape_is_also_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "answers": {"x": {"one": "two"}}}))
    assert store.load(path).notice is not None


def test_xdg_data_home_is_respected(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert store.default_path() == tmp_path / "tui-tutor" / "progress.json"


WRITER = """
import sys
from pathlib import Path
from tui_tutor import progress as store
path = Path(sys.argv[1])
big = {f"lesson-{i}": {q: q for q in range(1, 9)} for i in range(3000)}
print("ready", flush=True)
i = 0
while True:
    i += 1
    store.save(store.Progress(lang="en", last_lesson=f"step-{i}", answers=big), path)
"""


def test_kill_9_during_writes_never_leaves_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    store.save(store.Progress(lang="en", last_lesson="before"), path)
    for _ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        # let it get into the middle of writing, then kill it without warning
        while not any(p.name.startswith(".progress-") for p in tmp_path.iterdir()):
            pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        loaded = store.load(path)
        assert loaded.notice is None, loaded.notice
        assert loaded.progress.last_lesson is not None
