"""Saved progress as untrusted input: merged, never overwritten unread, never fatal (rows 3-4, 8, 10-11, 19-20)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tui_tutor import progress as store
from tui_tutor.progress_saver import Saver


def test_two_tutors_on_one_data_dir_keep_both(tmp_path: Path) -> None:
    """Row 3: A answers in lessons 1-2, B in lesson 9; A quits, then B. Nothing is lost."""
    path = tmp_path / "progress.json"
    a, b = store.load(path).progress, store.load(path).progress
    a.visit("one", "en"); a.answer("one", 1, 2); a.visit("two", "en"); a.answer("two", 1, 3)
    time.sleep(0.01)
    b.visit("nine", "en"); b.answer("nine", 2, 1)
    store.save(a, path)
    store.save(b, path)
    saved = store.load(path).progress
    assert saved.visited == {"one", "two", "nine"}
    assert saved.answers == {"one": {1: 2}, "two": {1: 3}, "nine": {2: 1}}
    assert saved.last_lesson == "nine"  # the latest visit wins, not the last to quit
    store.save(a, path)  # A saving again later does not take the last lesson back
    assert store.load(path).progress.last_lesson == "nine"


def test_saves_from_many_threads_lose_nothing(tmp_path: Path) -> None:
    """The fcntl lock: concurrent read-merge-write cycles do not drop each other's answers."""
    path = tmp_path / "progress.json"

    def tutor(i: int) -> None:
        p = store.Progress()
        p.answer(f"lesson-{i}", 1, 1)
        store.save(p, path)

    threads = [threading.Thread(target=tutor, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(store.load(path).progress.answers) == {f"lesson-{i}" for i in range(12)}


def test_unreadable_file_is_left_alone_and_never_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Row 4: a file the app cannot read (mode 000 as a user) was overwritten."""
    path = tmp_path / "progress.json"
    path.write_text('{"version": 1, "visited": ["precious"]}', encoding="utf-8")
    real = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "progress.json":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    loaded = store.load(path)
    assert loaded.notice and "left as it is" in loaded.notice
    with pytest.raises(OSError):
        store.save(loaded.progress, path)
    monkeypatch.undo()
    assert json.loads(path.read_text())["visited"] == ["precious"]


def test_a_directory_or_newer_file_is_not_overwritten(tmp_path: Path) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text('{"version": 99, "whatever": 1}', encoding="utf-8")
    loaded = store.load(newer)
    assert loaded.notice and "newer" in loaded.notice
    with pytest.raises(store.NotOverwritten):
        store.save(store.Progress(visited={"x"}), newer)
    assert json.loads(newer.read_text()) == {"version": 99, "whatever": 1}
    folder = tmp_path / "dir.json"
    folder.mkdir()
    assert store.load(folder).notice
    with pytest.raises(OSError):
        store.save(store.Progress(), folder)
    assert folder.is_dir()


@pytest.mark.parametrize("text, kept", [
    ('{"version":1,"answers":{"x":{"1":Infinity}},"visited":["a"]}', {"a"}),
    ('{"version":1,"visited":"introduction"}', set()),
    ('{"version":1,"visited":["a", 3, null, ["b"]], "answers": [1], "lang": 7, "last_lesson": {}}', {"a"}),
    ('{"version":1,"visited":["a"],"answers":{"x":{"1":1e400,"2":true,"99999":1,"3":2}}}', {"a"}),
])
def test_bad_values_are_dropped_one_by_one(tmp_path: Path, text: str, kept: set[str]) -> None:
    """Rows 8, 20: Infinity raised OverflowError; "visited": "introduction" became single letters."""
    path = tmp_path / "progress.json"
    path.write_text(text, encoding="utf-8")
    loaded = store.load(path)
    assert loaded.progress.visited == kept
    assert loaded.notice and "left out" in loaded.notice
    store.save(loaded.progress, path)
    assert set(json.loads(path.read_text())["visited"]) == kept
    if '"3":2' in text:
        assert loaded.progress.answers == {"x": {3: 2}}


def test_deep_nesting_is_set_aside_not_fatal(tmp_path: Path) -> None:
    """Row 8: arrays nested 100k deep raised RecursionError and the app would not start."""
    path = tmp_path / "progress.json"
    path.write_text('{"version":1,"answers":' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    loaded = store.load(path)
    assert loaded.progress == store.Progress() and loaded.notice
    assert list(tmp_path.glob("progress.json.corrupt-*"))


def test_unknown_fields_are_kept(tmp_path: Path) -> None:
    """Another version's fields (say, a per-quiz record) survive a save by this one."""
    path = tmp_path / "progress.json"
    path.write_text('{"version":1,"streaks":{"x":[1,2]},"visited":["a"]}', encoding="utf-8")
    loaded = store.load(path)
    assert loaded.notice is None
    store.save(loaded.progress, path)
    assert json.loads(path.read_text())["streaks"] == {"x": [1, 2]}


def test_symlinked_progress_is_written_through(tmp_path: Path) -> None:
    """Row 20: a symlinked progress.json became a regular file."""
    target = tmp_path / "synced" / "real.json"
    target.parent.mkdir()
    link = tmp_path / "progress.json"
    link.symlink_to(target)
    store.save(store.Progress(visited={"a"}), link)
    assert link.is_symlink() and json.loads(target.read_text())["visited"] == ["a"]


def test_stale_temporary_files_are_cleaned(tmp_path: Path) -> None:
    """Row 20: a kill -9 mid-save left .progress-*.tmp behind for ever."""
    stale = tmp_path / ".progress-abc.tmp"
    stale.write_text("half")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    fresh = tmp_path / ".progress-new.tmp"
    fresh.write_text("in flight")
    store.save(store.Progress(), tmp_path / "progress.json")
    assert not stale.exists() and fresh.exists()


@pytest.mark.parametrize("setup", ["directory", "readonly-folder", "data-home-is-a-file"])
def test_reset_progress_never_raises(tmp_path: Path, setup: str) -> None:
    """Row 10: --reset-progress gave a traceback."""
    env = {**os.environ, "TERM": "xterm-256color"}
    if setup == "directory":
        path = tmp_path / "progress.json"
        path.mkdir()
        (path / "x").write_text("x")
        assert store.reset(path)
    elif setup == "readonly-folder":
        path = tmp_path / "ro" / "progress.json"
        path.parent.mkdir()
        path.write_text("{}")
        path.parent.chmod(0o500)
        try:
            message = store.reset(path)
            assert message is None or "Could not forget" in message  # root may still delete
        finally:
            path.parent.chmod(0o700)
    else:
        home = tmp_path / "file"
        home.write_text("")
        env["XDG_DATA_HOME"] = str(home)
        path = home / "tui-tutor" / "progress.json"
        r = subprocess.run([sys.executable, "-c", "from tui_tutor import progress as p; "
                            "print(p.reset(p.default_path())); print(p.load(p.default_path()).notice)"],
                           env=env, capture_output=True, text=True, timeout=30)
        assert r.returncode == 0 and "Traceback" not in r.stderr


def test_saver_works_off_the_ui_thread_and_the_latest_state_wins(tmp_path: Path) -> None:
    """Row 19: save and fsync on the UI thread froze the app for seconds with a big file."""
    path = tmp_path / "progress.json"
    gate = threading.Event()
    written: list[tuple[str | None, str]] = []

    def slow_write(p: store.Progress, target: Path) -> None:
        gate.wait(5)
        written.append((p.last_lesson, threading.current_thread().name))
        store.save(p, target)

    saver = Saver(path, write=slow_write)
    progress = store.Progress()
    start = time.monotonic()
    for lesson in ("a", "b", "c", "d"):
        progress.visit(lesson, "en")
        saver.submit(progress)
    assert time.monotonic() - start < 0.5  # submit returned at once while the writer was blocked
    gate.set()
    assert saver.flush(5)
    assert written[-1][0] == "d" and len(written) <= 2  # "b" and "c" were replaced, never written
    assert all(name == "progress-saver" for _, name in written)
    assert store.load(path).progress.last_lesson == "d"


def test_saver_reports_errors_without_dying(tmp_path: Path) -> None:
    errors: list[str] = []
    folder = tmp_path / "dir.json"
    folder.mkdir()
    saver = Saver(folder, on_error=errors.append)
    saver.submit(store.Progress())
    assert saver.flush(5) and errors
    saver.path = tmp_path / "ok.json"
    saver.submit(store.Progress(visited={"a"}))
    assert saver.flush(5) and (tmp_path / "ok.json").exists()


def test_saved_language_without_lessons_is_not_fatal(tmp_path: Path) -> None:
    """Row 11: a saved "lang": "ko" with an English-only folder, or "fr", stopped the app (exit 2)."""
    from tui_tutor.commands import app as app_command

    lessons = tmp_path / "lessons" / "en"
    lessons.mkdir(parents=True)
    (lessons / "01-a.md").write_text('+++\nid = "a"\ntitle = "A"\norder = 1\nsummary = "S."\n+++\n\nText.\n')
    for lang in ("ko", "fr"):
        path = tmp_path / f"{lang}.json"
        path.write_text(json.dumps({"version": 1, "lang": lang}))
        code = (f"import sys, argparse; from tui_tutor.commands import app; from unittest import mock\n"
                f"app.terminal_problem = lambda: None\n"
                f"with mock.patch('tui_tutor.app.app.TutorApp.run', lambda self, **k: print('LANG', self.lang)):\n"
                f"    sys.exit(app.run(argparse.Namespace(lessons_dir=__import__('pathlib').Path({str(tmp_path / 'lessons')!r}),"
                f" lang=None, lesson=None, fps=None, reset_progress=False)))")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                           env={**os.environ, "TUI_TUTOR_PROGRESS": str(path)})
        assert r.returncode == 0, r.stderr
        assert "LANG en" in r.stdout
    assert app_command is not None
