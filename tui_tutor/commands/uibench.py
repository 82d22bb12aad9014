"""tui-tutor bench --ui: what the live app costs a learner's terminal, measured on a real pty.

The engine benchmark says how fast numpy trains; this one says what a learner feels: bytes
sent down an SSH link while a net trains, how fast the screen answers a key, how long the app
takes to appear, how much training the UI costs, and whether a long session leaks memory.
Each number comes from the installed app running as a child process (see ``uibench_pty``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from ..cli import EXIT_FAIL, EXIT_OK
from . import uibench_runs as runs
from .uibench_pty import app_argv, child_env

FULL = {"window": 8.0, "presses": 40, "launches": 5, "memory_steps": 1_000_000, "memory_cap": 150.0,
        "headless_seconds": 10.0, "idle_seconds": 30.0, "run_window": 5.0}
QUICK = {"window": 3.0, "presses": 16, "launches": 3, "memory_steps": 100_000, "memory_cap": 40.0,
         "headless_seconds": 4.0, "idle_seconds": 10.0, "run_window": 3.0}
IDLE_GOAL = 1.0  # % of a core with the app open and nothing training
RUN_OVERHEAD_GOAL = 20.0  # % of a core a run may cost beyond what its steps cost headless
SIZES = [(80, 24), (120, 40)]
METHOD = {
    "traffic": "Launch on the benchmark's lessons, press x (spiral, 32-32 tanh, n 2000, 20,000 steps "
               "paced over 60 s as a learner watches it, so it trains through the whole window), wait 1 s, "
               "then count every byte the app writes to the pty during the window. SSH rows set "
               "SSH_CONNECTION in the app's environment. Chart/s is the app's own frame count "
               "(TUI_TUTOR_STATS, counted from launch) over the time from x to q; steps/s is the "
               "step reached over that same time.",
    "latency": "At 120x40 while lesson 1's spiral trains, press n and p in turn, 0.3 s apart: the "
               "time from writing the key to reading the new lesson's 'N/M Title' in the output. "
               "A key whose title never came counts as 2000 ms.",
    "first_paint": "Launch to the first byte of the first lesson's title (shipped lessons, "
                   "120x40, a fresh progress file), against a bare Textual app whose one Static "
                   "says 'ready'; taken in turns, median of each. Both run from bytecode, as an "
                   "installed package does: every launch keeps its compiled modules in the "
                   "harness's temp folder (PYTHONPYCACHEPREFIX; PYTHONDONTWRITEBYTECODE dropped), "
                   "and a first round of these launches, not counted, compiles them. The same "
                   "launch then presses n (first lesson switch: key to the second title); a "
                   "third launch, on the benchmark's lessons, presses x once painted (first run: "
                   "key to '▶ training').",
    "idle": "A first launch on the shipped lessons at 120x40, nothing pressed: 2 s after the "
            "first paint, resident memory (VmRSS), then the CPU time of all the app's threads "
            "(/proc/PID/stat) over the idle window.",
    "run": "Lesson 4's small xor net (8 tanh, n 400, 20,000 steps): x, 1 s, then the app's CPU "
           "time over the window against the CPU time its steps in that window (its 'step N') "
           "cost headless (same net, fresh process, per CPU second of its thread). Where the app "
           "paces runs this is a paced run, and the overhead is what the interface adds. A run "
           "counts as paced when CPU time plus run-queue wait (what it asked for) is under half "
           "a core.",
    "throughput": "The app's steps/s at 120x40 (local) at full speed (x, then f): step reached over "
                  "wall time from x to q. "
                  "Headless: the same run built and stepped as the app's session does it (a worker "
                  "thread, evaluating every 50 steps) in a fresh process, after a warm-up; best of "
                  "a run before and one after the app's. Not 'tui-tutor train', which evaluates "
                  "every steps/500 steps and so would flatter the app on runs under 25,000 steps.",
    "memory": "A small xor net (8 tanh, n 400, 20,000 steps a run) at 120x40 at full speed (f); space continues a "
              "finished run, pressed on each '✓ done'. VmRSS after the first run and after the "
              "last; chart build time is the app's mean of its first and last 20 builds.",
}


def run(args: argparse.Namespace) -> int:
    """Measure, report, and exit 0 only when every goal is met; never a traceback."""
    plan = QUICK if args.quick else FULL
    if getattr(args, "network", False):
        plan = {**plan, "network_only": True}
    previous = signal.signal(signal.SIGTERM, _exit_on_term)  # unwinds, so children get closed
    try:
        with tempfile.TemporaryDirectory(prefix="tui-tutor-uibench-") as tmp:
            result = measure(Path(tmp), plan, quiet=args.json)
        report = json.dumps(result, indent=2, allow_nan=False) if args.json else table(result)
    except Exception as e:  # a harness bug must still be one sentence
        print(f"tui-tutor: the UI benchmark failed: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_FAIL
    finally:
        signal.signal(signal.SIGTERM, previous)
    print(report)
    return EXIT_OK if result["goals"] and all(g["met"] for g in result["goals"]) else EXIT_FAIL


def _exit_on_term(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def measure(tmp: Path, plan: dict[str, Any], quiet: bool = True) -> dict[str, Any]:
    started = time.perf_counter()
    bench = runs.Bench(tmp, runs.write_lessons(tmp / "lessons"))
    result: dict[str, Any] = {"mode": "quick" if plan is QUICK else "full", "plan": plan, "machine": machine(),
                              "method": METHOD, "errors": []}

    def step(name: str, fn: Callable[[], Any]) -> Any:
        if not quiet:
            print(f"measuring {name}…", file=sys.stderr, flush=True)
        try:
            return fn()
        except runs.Failed as e:
            result["errors"].append(f"{name}: {e}")
        except ChildProcessError as e:
            result["errors"].append(f"{name}: {e}.")
        except OSError as e:
            result["errors"].append(f"{name}: could not run the app in a pseudo-terminal ({e.strerror or e}).")
        except Exception as e:  # a surprise in one measurement must not lose the others
            result["errors"].append(f"{name}: the harness hit {type(e).__name__}: {e}.")
        return None

    # Headless twice, before and after the app runs, best of the two: a passing load on a small
    # machine should not make the app look better than it is.
    if plan.get("network_only"):  # --network: the network view's traffic, and nothing else
        result["traffic"] = [t for ssh in (False, True)
                             if (t := step(f"traffic 120x40 {'ssh' if ssh else 'local'}, network view",
                                           lambda: runs.traffic(bench, 120, 40, ssh, plan["window"], keys="w")))]
        result.update(latency=None, first_paint=None, throughput=None, memory=None,
                      app_tracebacks=bench.tracebacks(), seconds=round(time.perf_counter() - started, 1))
        result["goals"] = [g for g in goals(result) if "120x40" in g["name"]]
        return result
    early = step("headless training", lambda: headless_run(bench, plan["headless_seconds"] / 2))
    result["traffic"] = [t for cols, rows in SIZES for ssh in (False, True)
                         if (t := step(f"traffic {cols}x{rows} {'ssh' if ssh else 'local'}",
                                       lambda: runs.traffic(bench, cols, rows, ssh, plan["window"])))]
    result["latency"] = step("key latency", lambda: runs.latency(bench, plan["presses"]))
    result["first_paint"] = step("first paint", lambda: runs.first_paint(bench, plan["launches"]))
    result["idle"] = step("idle", lambda: runs.idle(bench, plan["idle_seconds"]))
    result["run_cpu"] = step("CPU during a run", lambda: run_cpu(bench, plan))
    result["throughput"] = step("throughput", lambda: throughput(bench, plan, early))
    result["memory"] = step("memory", lambda: runs.memory(bench, plan["memory_steps"], plan["memory_cap"]))
    result["app_tracebacks"] = bench.tracebacks()
    result["seconds"] = round(time.perf_counter() - started, 1)
    result["goals"] = goals(result)
    return result


def throughput(bench: runs.Bench, plan: dict[str, Any], early: dict[str, float] | None) -> dict[str, Any]:
    local = runs.full_speed(bench, plan["window"])
    app = local["steps_per_s_wall"]
    late = headless_run(bench, plan["headless_seconds"] / 2)
    best = max([r for r in (early, late) if r], key=lambda r: r["steps_per_s"])
    return {"app_steps_per_s": app, "app_steps_per_s_training": local["steps_per_s_training"],
            "headless_steps": best["steps"], "headless_steps_per_s": best["steps_per_s"],
            "headless_runs_steps_per_s": [r["steps_per_s"] for r in (early, late) if r],
            "ratio": app / best["steps_per_s"]}


def run_cpu(bench: runs.Bench, plan: dict[str, Any]) -> dict[str, Any]:
    alone = headless_run(bench, plan["headless_seconds"] / 2, "SMALL")
    return {**runs.run_cpu(bench, plan["run_window"], alone["steps_per_cpu_s"], full_speed=False),
            "headless_steps_per_cpu_s": alone["steps_per_cpu_s"]}


def headless_run(bench: runs.Bench, seconds: float, preset: str = "TRAIN") -> dict[str, float]:
    """Steps/s of the same spiral run without the UI: a fresh process, the same environment.

    Not ``tui-tutor train``: it evaluates every steps // 500 steps, so any run shorter than the
    app's 20,000-step experiment would evaluate more often than the app does and flatter it.
    This builds the trainer exactly as the app's session does (evaluating every 50 steps).
    """
    code = f"from tui_tutor.commands.uibench import headless_rate; headless_rate({seconds!r}, {preset!r})"
    env = child_env(bench.tmp / "progress-headless.json", bytecode=bench.bytecode)
    try:
        done = subprocess.run([app_argv()[0], "-c", code], capture_output=True, text=True, env=env,
                              timeout=seconds + 60)
        return json.loads(done.stdout)
    except (subprocess.TimeoutExpired, ValueError):
        raise runs.Failed("the headless training run failed or did not finish in time.") from None


def headless_rate(seconds: float, preset: str = "TRAIN") -> None:
    """In the child of ``headless_run``: step as the app's session does, then print JSON.

    On a second thread, as in the app: with glibc a thread's heap serves the per-step temporaries
    faster than the main one (910 against 765 steps/s here), and the point is the UI's cost.
    """
    import threading

    from ..engine import RunConfig

    # A preset's "seconds" is the app's pace, not the engine's: dropped here.
    chosen = {k: v for k, v in getattr(runs, preset).items() if k != "seconds"}
    config = RunConfig(**{**chosen, "hidden": tuple(chosen["hidden"])})
    trainer = config.build(eval_every=max(1, min(50, config.steps // 200)))  # as app/session.py does
    out: dict[str, float] = {}

    def work() -> None:
        for _ in range(20):
            trainer.step()
        first, start, cpu = trainer.step_count, time.perf_counter(), time.thread_time()
        while (elapsed := time.perf_counter() - start) < seconds and trainer.step_count < config.steps:
            for _ in range(50):  # not trainer.run(): it evaluates at the end of every call
                trainer.step()
        steps, cpu = trainer.step_count - first, time.thread_time() - cpu
        out.update(steps=steps, seconds=elapsed, steps_per_s=steps / elapsed, steps_per_cpu_s=steps / max(cpu, 1e-9))

    worker = threading.Thread(target=work, name="headless-training")
    worker.start()
    worker.join()
    print(json.dumps(out))


def machine() -> dict[str, Any]:
    # Read after tui_tutor was imported (it may set them), so: what the children inherit.
    blas = {v: os.environ.get(v, "unset") for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    return {"cores": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2), "python": sys.version.split()[0],
            **blas}


def _traffic(traffic: list[dict[str, Any]], cols: int, rows: int, ssh: bool) -> dict[str, Any] | None:
    return next((t for t in traffic if (t["cols"], t["rows"], t["ssh"]) == (cols, rows, ssh)), None)


def goals(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every goal, met or not; a measurement that failed is a goal missed (value null)."""
    out: list[dict[str, Any]] = []

    def goal(name: str, value: float | None, op: str, limit: float, unit: str, valid: bool = True) -> None:
        met = valid and value is not None and (value <= limit if op == "<=" else value >= limit)
        out.append({"name": name, "value": value, "goal": f"{op} {limit:g}", "unit": unit, "met": met})

    for ssh, max_bytes, min_frames in ((True, 8000, 2), (False, 20000, 4)):
        t = _traffic(result["traffic"], 120, 40, ssh) or {}
        link = "over SSH" if ssh else "locally"
        goal(f"bytes/s at 120x40 {link}", t.get("bytes_per_s"), "<=", max_bytes, "B/s")
        goal(f"chart updates/s at 120x40 {link}", t.get("chart_updates_per_s"), ">=", min_frames, "/s")
    latency, paint = result["latency"] or {}, result["first_paint"] or {}
    goal("key-to-screen p95 while training", latency.get("p95_ms"), "<=", 50, "ms")
    goal("first paint vs bare Textual", paint.get("ratio"), "<=", 1.5, "x")
    goal("first lesson switch (fresh launch)", paint.get("first_switch_ms"), "<=", 50, "ms")
    goal("in-app training vs headless", (result["throughput"] or {}).get("ratio"), ">=", 0.8, "x")
    idle, run = result.get("idle") or {}, result.get("run_cpu") or {}
    goal("CPU while idle", idle.get("cpu_percent"), "<=", IDLE_GOAL, "%")
    goal("CPU of a run beyond its steps", run.get("overhead_percent"), "<=", RUN_OVERHEAD_GOAL, "%")
    memory = result["memory"] or {}
    reached = memory.get("reached", False)
    goal(f"RSS growth over {result['plan']['memory_steps']:,} steps", memory.get("growth_mb"), "<=", 20, "MB",
         valid=reached)  # growth over fewer steps proves nothing
    first, last = memory.get("chart_build_ms_first"), memory.get("chart_build_ms_last")
    goal("chart build time, last vs first", last / first if first and last else None, "<=", 1.5, "x")
    return out


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, 78, initial_indent="  ", subsequent_indent="  ")


def table(r: dict[str, Any]) -> str:
    m = r["machine"]
    lines = [f"tui-tutor bench --ui ({r['mode']}, {r['seconds']} s): the app on a pty, xterm-256color",
             f"{m['cores']} cores, load {m['load_1min']}, python {m['python']}",
             f"BLAS threads the app runs with: OPENBLAS_NUM_THREADS={m['OPENBLAS_NUM_THREADS']} "
             f"OMP_NUM_THREADS={m['OMP_NUM_THREADS']}", "",
             "Terminal traffic while training (KB = 1000 bytes)", *_wrap(METHOD["traffic"]),
             f"  {'size':<8}{'link':<7}{'KB/s':>8}{'chart/s':>9}{'steps/s':>9}{'':>3}busiest rows (B/s)"]
    for t in r["traffic"]:
        rows = " ".join(f"{row}:{n}" for row, n in t["busiest_rows"][:3])
        size = f"{t['cols']}x{t['rows']}"
        size += " w" if t.get("keys") else ""
        lines.append(f"  {size:<8}{'ssh' if t['ssh'] else 'local':<7}{t['bytes_per_s'] / 1000:>8.1f}"
                     f"{t['chart_updates_per_s']:>9.1f}{t['steps_per_s_wall']:>9.0f}   {rows}"
                     + ("  (run ended early)" if t["finished_early"] else ""))
    if (lat := r["latency"]) is not None:
        lines += ["", "Key to screen, n/p while training", *_wrap(METHOD["latency"]),
                  *_wrap(f"{lat['presses']} keys: p50 {lat['p50_ms']:.0f} ms, p95 {lat['p95_ms']:.0f} ms, "
                         f"max {lat['max_ms']:.0f} ms, missed {lat['missed']}"
                         + ("" if lat["trained_throughout"] else " (training was not running throughout)"))]
    if (p := r["first_paint"]) is not None:
        lines += ["", "First paint", *_wrap(METHOD["first_paint"]),
                  f"  tui-tutor {p['app_s']:.2f} s, bare Textual {p['bare_s']:.2f} s: {p['ratio']:.2f}x "
                  f"(median of {p['launches']})"]
    if (p := r["first_paint"]) is not None and "first_switch_ms" in p:
        lines += _wrap(f"first lesson switch {p['first_switch_ms']:.0f} ms, first run (x) {p['first_run_ms']:.0f} ms "
                       "(medians, fresh launches)")
    if (idle := r.get("idle")) is not None:
        lines += ["", "Idle", *_wrap(METHOD["idle"]),
                  *_wrap(f"{idle['cpu_percent']:.2f}% of a core over {idle['seconds']:.0f} s ({idle['cpu_s']:.2f} s "
                         f"CPU, {idle['bytes']:,} bytes sent); {idle['rss_mb']:.1f} MB resident after start-up")]
    if (run := r.get("run_cpu")) is not None:
        kind = "a paced run" if run["paced"] else "a run at full speed (the app does not pace it)"
        lines += ["", "CPU during a run", *_wrap(METHOD["run"]),
                  *_wrap(f"{kind}: {run['steps_per_s']:,.0f} steps/s, {run['cpu_percent']:.0f}% of a core "
                         f"(asked for {run.get('demand_percent', run['cpu_percent']):.0f}% with its wait for a core); "
                         f"the same steps headless ({run['headless_steps_per_cpu_s']:,.0f} per CPU second) cost "
                         f"{run['steps_cost_percent']:.0f}%: the interface adds {run['overhead_percent']:.0f}%")]
    if (tp := r["throughput"]) is not None:
        lines += ["", "Training throughput", *_wrap(METHOD["throughput"]),
                  *_wrap(f"app {tp['app_steps_per_s']:,.0f} steps/s ({tp['app_steps_per_s_training']:,.0f} "
                         f"inside its training slices), headless {tp['headless_steps_per_s']:,.0f} steps/s "
                         f"over {tp['headless_steps']:,} steps: {tp['ratio']:.0%}")]
    if (mem := r["memory"]) is not None:
        lines += ["", "Memory over a long session", *_wrap(METHOD["memory"]),
                  *_wrap(f"{mem['steps']:,} steps in {mem['seconds']:.0f} s: RSS {mem['rss_warm_mb']:.1f} -> "
                         f"{mem['rss_end_mb']:.1f} MB ({mem['growth_mb']:+.1f} MB); chart build "
                         f"{mem['chart_build_ms_first']:.1f} -> {mem['chart_build_ms_last']:.1f} ms"
                         + ("" if mem["reached"] else f" (stopped short of {mem['target_steps']:,} at the time cap)"))]
    lines += ["", "Goals (exit status 0 only when all are met)"]
    for g in r["goals"]:
        value = "n/a" if g["value"] is None else f"{g['value']:,.2f}" if g["value"] < 100 else f"{g['value']:,.0f}"
        lines.append(f"  {'met' if g['met'] else 'MISSED':<7}{g['name']:<40}{value:>9} {g['unit']:<4}"
                     f"(goal {g['goal']})")
    if any(g["name"].startswith("first paint") and not g["met"] for g in r["goals"]):
        lines += _wrap("first paint: before its first frame the app reads one lesson file and runs no "
                       "garbage collection; what is left is Textual drawing lesson 1's Markdown above "
                       "a footer (a bare app doing that is about 1.3x: Rich's Markdown imports "
                       "markdown-it and, through rich.syntax, Pygments), the app's own modules "
                       "(about 15 ms) and its lesson file (3-4 ms). A load on the machine "
                       "stretches the app's longer start more than the bare app's: measure on a "
                       "quiet machine.")
    for error in r["errors"]:
        lines += _wrap(f"not measured: {error}")
    for crash in r.get("app_tracebacks", []):
        lines += _wrap(f"the app printed a traceback in {crash}")
    return "\n".join(lines)
