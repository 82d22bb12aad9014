"""tui-tutor bench: engine steps per second against a fair numpy baseline and, if installed, PyTorch.

Each net trains full batch with Adam, tanh and BCE in float64 on one thread. The engine is timed
as the app runs it: a Trainer that also evaluates the train and validation sets every 10 steps.
The numpy baseline is a learner's best first try (``bench_steps.numpy_baseline_step``): one
``@`` per layer, activations kept for backward, Adam array by array, no evaluation. The
implementations are timed in turns, several rounds, and each ratio is the median of the
per-round ratios, so that a busy machine slows both sides of a ratio alike. Each implementation
steps in a process of its own (see ``Worker``), started with the thread limits in place before
numpy loads.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from ..cli import EXIT_FAIL, EXIT_OK
from .bench_steps import EVAL_EVERY

NETS: list[tuple[list[int], int]] = [
    ([2, 8, 8, 1], 400),
    ([2, 16, 16, 1], 400),
    ([2, 64, 64, 1], 1000),
    ([2, 256, 256, 1], 2000),
]
SMALL = 2  # the first two nets are what learners run
GOAL_TORCH_SMALL, GOAL_BASELINE_SMALL, GOAL_LARGE = 6.0, 1.5, 1.0
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
#: Set on some machines to work around old OpenBLAS builds; they pin a current numpy to slower
#: kernels, so the child drops them unless TUI_TUTOR_BENCH_BLAS=keep (the table names the kernel).
OPENBLAS_PINS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
FULL = {"rounds": 7, "seconds": 0.25}
QUICK = {"rounds": 3, "seconds": 0.1}


def run(args: argparse.Namespace) -> int:
    env = {**os.environ, **{v: "1" for v in THREAD_VARS}}
    if os.environ.get("TUI_TUTOR_BENCH_BLAS") != "keep":
        for name in OPENBLAS_PINS:
            env.pop(name, None)
    cmd = [sys.executable, "-c", "from tui_tutor.commands.bench import measure_all; measure_all()"]
    if args.quick:
        env["TUI_TUTOR_BENCH_QUICK"] = "1"
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"tui-tutor: the benchmark failed: {proc.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return EXIT_FAIL
    result = json.loads(proc.stdout)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return EXIT_OK if result["goal_met"] else EXIT_FAIL


def compare(timers: dict[str, Callable[[float], float]], rounds: int, seconds: float) -> dict[str, Any]:
    """Each timer (seconds -> steps/s) run in turn, ``rounds`` times with the order rotating:
    median rates, and for each other implementation the median of the per-round ratios."""
    names = list(timers)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names):] + names[: r % len(names)]:
            rates[name].append(timers[name](seconds))
    out: dict[str, Any] = {name: statistics.median(v) for name, v in rates.items()}
    out["ratios"] = {other: statistics.median(a / b for a, b in zip(rates["engine"], rates[other]))
                     for other in names if other != "engine"}
    return out


class Worker:
    """One implementation stepping in its own process, timed on request.

    Each gets a process of its own, as it would in real use: importing torch, or another
    implementation's allocations, changes how the C library hands out memory, and with it how
    many page faults a step that allocates its arrays pays (the numpy baseline ran 2.7x faster
    on 2-256-256-1 beside torch than alone).
    """

    def __init__(self, name: str, sizes: list[int], n: int) -> None:
        code = f"from tui_tutor.commands.bench_steps import serve; serve({name!r}, {sizes!r}, {n!r})"
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdin is not None
        self.version = self.proc.stdout.readline().split()[1:]  # "ready [version]", after a warm-up

    def __call__(self, seconds: float) -> float:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(f"{seconds}\n")
        self.proc.stdin.flush()
        return float(self.proc.stdout.readline())

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(10)


def measure_all() -> None:
    plan = QUICK if os.environ.get("TUI_TUTOR_BENCH_QUICK") else FULL
    rows = []
    names = ["engine", "numpy_baseline"] + (["torch"] if importlib.util.find_spec("torch") else [])
    torch_version = None
    for sizes, n in NETS:
        workers = {name: Worker(name, sizes, n) for name in names}
        try:
            seconds = plan["seconds"] * (4 if n >= 1000 else 1)  # a step of the big nets takes ms
            measured = compare(dict(workers), plan["rounds"], seconds)
        finally:
            for worker in workers.values():
                worker.close()
        if "torch" in workers:
            torch_version = " ".join(workers["torch"].version) or None
        rows.append({"net": "-".join(map(str, sizes)), "points": n, "engine": measured["engine"],
                     "numpy_baseline": measured["numpy_baseline"], "torch": measured.get("torch"),
                     "ratios": measured["ratios"]})
    import numpy as np

    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or _cpu_name()}",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas_kernel": blas_kernel(),
        "openblas_pins": {name: os.environ[name] for name in OPENBLAS_PINS if name in os.environ},
        "torch": torch_version,
        "rounds": plan["rounds"],
        "eval_every": EVAL_EVERY,
        "rows": rows,
    }
    result["goals"] = goals(rows)
    result["goal_met"] = all(g["met"] for g in result["goals"])
    json.dump(result, sys.stdout)


def blas_kernel() -> str:
    """The OpenBLAS kernel numpy runs (e.g. "Haswell", "SkylakeX"), read from the loaded library."""
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "openblas" in line.lower() and ".so" in line})
        for path in paths:
            lib = ctypes.CDLL(path)
            for name in ("scipy_openblas_get_corename64_", "scipy_openblas_get_corename",
                         "openblas_get_corename64_", "openblas_get_corename"):
                fn = getattr(lib, name, None)
                if fn is not None:
                    fn.restype = ctypes.c_char_p
                    return str(fn().decode())
    except OSError:
        pass
    return "unknown"


def _cpu_name() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def goals(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for i, row in enumerate(rows):
        small = i < SMALL
        for ref, goal in (("numpy_baseline", GOAL_BASELINE_SMALL if small else GOAL_LARGE),
                          ("torch", GOAL_TORCH_SMALL if small else GOAL_LARGE)):
            if ref not in row["ratios"]:
                continue
            ratio = row["ratios"][ref]
            out.append({"net": row["net"], "against": ref, "ratio": ratio, "goal": goal, "met": ratio >= goal})
    return out


def table(result: dict[str, Any]) -> str:
    pins = ", ".join(f"{k}={v}" for k, v in result["openblas_pins"].items()) or "none"
    lines = [f"full-batch Adam steps/s, tanh + BCE, float64, 1 thread — {result['machine']}",
             f"python {result['python']}, numpy {result['numpy']} (OpenBLAS {result['blas_kernel']}, "
             f"pins: {pins}), torch {result['torch'] or 'not installed'}",
             f"tui-tutor evaluates every {result['eval_every']} steps, as in the app; "
             f"median of {result['rounds']} interleaved rounds; ratio = median of per-round ratios",
             "",
             f"{'net':<14}{'points':>7}{'tui-tutor':>11}{'numpy baseline':>16}{'ratio':>7}{'torch':>9}{'ratio':>7}"]
    for row in result["rows"]:
        torch, ratios = row["torch"], row["ratios"]
        lines.append(
            f"{row['net']:<14}{row['points']:>7}{row['engine']:>11,.0f}{row['numpy_baseline']:>16,.0f}"
            f"{ratios['numpy_baseline']:>6.2f}x"
            + (f"{torch:>9,.0f}{ratios['torch']:>6.2f}x" if torch else f"{'-':>9}{'-':>7}")
        )
    lines.append("")
    for g in result["goals"]:
        mark = "met " if g["met"] else "MISSED"
        lines.append(f"{mark:<7}{g['net']:<14} vs {g['against']:<15} {g['ratio']:.2f}x (goal {g['goal']:g}x)")
    if not result["goal_met"]:
        lines += ["", "What limits a small net: each array call costs about a microsecond whatever its size,",
                  "and a step is about 35 of them; with OPENBLAS_CORETYPE pinning an older kernel, small",
                  "matrix products cost 2-3x more (run without TUI_TUTOR_BENCH_BLAS=keep)."]
    return "\n".join(lines)
