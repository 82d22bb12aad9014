"""The UI benchmark's building blocks, run for real on a short run: a pty, the app, keys, stats."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tui_tutor.cli import EXIT_OK, main
from tui_tutor.commands import uibench, uibench_runs
from tui_tutor.commands.uibench_pty import Terminal, child_env


def test_the_app_on_a_pty_paints_counts_bytes_answers_keys_and_leaves_stats(tmp_path: Path) -> None:
    """80x24, about 3 s: first paint, bytes while training, n -> new title, stats after q."""
    bench = uibench_runs.Bench(tmp_path, uibench_runs.write_lessons(tmp_path / "lessons"))
    stats = bench.next_stats()
    with bench.launch(80, 24, "--lesson", "bench-one", stats=stats) as term:
        paint = uibench_runs.painted(term, uibench_runs.title(1, 4, "Bench one"))
        assert 0 < paint < uibench_runs.STARTUP
        term.press("x")
        term.run_for(1.0)
        start = term.mark()
        term.run_for(1.0)
        assert term.mark() - start > 200  # the status line and chart repaint while training
        rows = term.bytes_by_row(start)
        assert rows and all(0 <= row <= 24 for row in rows)
        when, offset = term.press("n")
        seen = term.wait_for(uibench_runs.title(2, 4, "Bench two"), offset, 5.0)
        assert seen is not None and 0 < seen - when < 5.0
        pid = term.proc.pid
        term.close()
    assert term.proc.returncode is not None and not Path(f"/proc/{pid}").exists()  # reaped, gone
    numbers = uibench_runs.read_stats(stats)
    assert numbers["step"] > 0 and numbers["chart_frames"] > 0
    assert (tmp_path / "progress-1.json").exists()  # the learner's own progress was not touched


def test_the_benchmark_lessons_pass_lessons_check(tmp_path: Path) -> None:
    root = uibench_runs.write_lessons(tmp_path / "lessons")
    assert main(["lessons", "check", str(root)]) == EXIT_OK


def test_close_escalates_to_sigkill_for_a_child_that_ignores_q_and_sigterm(tmp_path: Path) -> None:
    stubborn = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); time.sleep(60)"
    term = Terminal([sys.executable, "-c", stubborn], 80, 24, child_env(tmp_path / "p.json"))
    assert term.wait_for(b"up", 0, 10.0) is not None
    began, fd = time.perf_counter(), term.fd
    code = term.close()
    assert code == -9 and time.perf_counter() - began < 12
    with pytest.raises(OSError):
        os.fstat(fd)  # the pty master is closed
    assert term.close() == -9  # closing again is harmless


def test_child_env_is_a_256_colour_local_terminal_unless_ssh(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setenv("COLORTERM", "truecolor")
    monkeypatch.setenv("SSH_CONNECTION", "1.2.3.4 5 6.7.8.9 22")
    local = child_env(tmp_path / "p.json")
    assert local["TERM"] == "xterm-256color" and "COLORTERM" not in local and "SSH_CONNECTION" not in local
    assert local["TUI_TUTOR_PROGRESS"] == str(tmp_path / "p.json")
    assert child_env(tmp_path / "p.json", ssh=True)["SSH_CONNECTION"]


def test_children_run_from_bytecode_kept_in_the_benchmarks_folder(tmp_path: Path, monkeypatch: Any) -> None:
    """As an installed app does, whatever the harness's own environment says about bytecode."""
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(tmp_path / "elsewhere"))
    env = child_env(tmp_path / "p.json", bytecode=tmp_path / "bytecode")
    assert "PYTHONDONTWRITEBYTECODE" not in env and env["PYTHONPYCACHEPREFIX"] == str(tmp_path / "bytecode")
    subprocess.run([sys.executable, "-c", "import tui_tutor.exit_codes"], env=env, check=True)
    assert list((tmp_path / "bytecode").rglob("exit_codes.*.pyc")) and not (tmp_path / "elsewhere").exists()


def _result(ssh_bytes: float, p95: float, cpu: float = 20.0) -> dict[str, Any]:
    traffic = [{"cols": 120, "rows": 40, "ssh": ssh, "bytes_per_s": b, "chart_updates_per_s": f,
                "steps_per_s_wall": 900.0, "busiest_rows": [[30, 1000]], "finished_early": False}
               for ssh, b, f in ((True, ssh_bytes, 3.0), (False, 15000.0, 6.0))]
    return {
        "mode": "quick", "plan": uibench.QUICK, "seconds": 1.0, "errors": ["memory: it failed."],
        "machine": {"cores": 2, "load_1min": 0.1, "python": "3.11",
                    "OPENBLAS_NUM_THREADS": "unset", "OMP_NUM_THREADS": "unset"},
        "traffic": traffic,
        "latency": {"presses": 4, "missed": 0, "p50_ms": 20.0, "p95_ms": p95, "max_ms": p95,
                    "trained_throughout": True},
        "first_paint": {"launches": 1, "app_s": 0.3, "bare_s": 0.25, "ratio": 1.2, "first_switch_ms": 30.0,
                        "first_run_ms": 80.0},
        "idle": {"seconds": 10.0, "cpu_s": 0.01, "cpu_percent": 0.1, "rss_mb": 60.0, "bytes": 0},
        "run_cpu": {"full_speed_asked": False, "seconds": 3.0, "steps_per_s": 2500.0, "cpu_percent": cpu,
                    "steps_cost_percent": 10.0, "overhead_percent": cpu - 10.0, "paced": cpu < 50,
                    "headless_steps_per_cpu_s": 25000.0},
        "throughput": {"app_steps_per_s": 900.0, "app_steps_per_s_training": 950.0, "headless_steps": 9000,
                       "headless_steps_per_s": 1000.0, "ratio": 0.9},
        "memory": None,
    }


def test_goals_judge_each_number_and_a_failed_measurement_is_a_missed_goal() -> None:
    goals = {g["name"]: g for g in uibench.goals(_result(ssh_bytes=7000, p95=40))}
    assert goals["bytes/s at 120x40 over SSH"]["met"] and goals["key-to-screen p95 while training"]["met"]
    assert not goals["RSS growth over 100,000 steps"]["met"] and goals["RSS growth over 100,000 steps"]["value"] is None
    worse = {g["name"]: g for g in uibench.goals(_result(ssh_bytes=9000, p95=60))}
    assert not worse["bytes/s at 120x40 over SSH"]["met"] and not worse["key-to-screen p95 while training"]["met"]


def test_a_run_that_spins_a_core_misses_the_cpu_goal_and_the_table_says_so() -> None:
    calm = {g["name"]: g for g in uibench.goals(_result(ssh_bytes=7000, p95=40, cpu=20.0))}
    assert calm["CPU of a run beyond its steps"]["met"] and calm["CPU while idle"]["met"]
    spinning = _result(ssh_bytes=7000, p95=40, cpu=100.0)
    spinning["goals"] = uibench.goals(spinning)
    assert not {g["name"]: g for g in spinning["goals"]}["CPU of a run beyond its steps"]["met"]
    text = " ".join(uibench.table(spinning).split())
    assert "a run at full speed" in text and "the interface adds 90%" in text


def test_cpu_seconds_counts_a_busy_child_and_step_is_read_off_the_screen(tmp_path: Path) -> None:
    busy = ("import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"
            "print('step 1,234', flush=True); time.sleep(30)")
    with Terminal([sys.executable, "-c", busy], 80, 24, child_env(tmp_path / "p.json")) as term:
        assert term.wait_for(b"step 1,234", 0, 20.0) is not None
        used = term.cpu_seconds()
        assert used is not None and used >= 0.25
        assert uibench_runs._step_on_screen(term) == 1234
        term.close()


def test_the_table_fits_80_columns_and_names_what_was_not_measured() -> None:
    result = _result(ssh_bytes=9000, p95=60)
    result["goals"] = uibench.goals(result)
    text = uibench.table(result)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "MISSED" in text and "not measured: memory" in text


def test_a_traceback_the_app_prints_is_reported_by_its_last_line(tmp_path: Path) -> None:
    bench = uibench_runs.Bench(tmp_path, tmp_path)
    crash = Terminal([sys.executable, "-c", "raise ValueError('boom')"], 80, 24, child_env(tmp_path / "p.json"))
    bench.terminals.append(("crash", crash))
    crash.wait_exit(10.0)
    with pytest.raises(ChildProcessError):
        crash.press("x")  # a measurement that outlives the app says so
    crash.close()
    assert bench.tracebacks() == ["1 of 1 launches (first: crash): ValueError: boom"]


def test_the_memory_run_keeps_going_round_after_round(tmp_path: Path) -> None:
    """A round of the small net takes about half a second with the fused engine, too short for
    '▶ training' to be drawn between two '✓ done': the harness stopped after two rounds and
    reported a million-step goal it never ran. Three rounds here, a few seconds."""
    bench = uibench_runs.Bench(tmp_path, uibench_runs.write_lessons(tmp_path / "lessons"))
    per_run = uibench_runs.SMALL["steps"]
    out = uibench_runs.memory(bench, 3 * per_run, cap=60.0)
    assert out["reached"] and out["steps"] >= 3 * per_run
    assert len(out["rss_mb_each_run"]) == 3
