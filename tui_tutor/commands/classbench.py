"""tui-tutor bench --class N: a whole class on one server, measured from the learners' side.

A real ``tui-tutor serve --ssh`` starts on a free loopback port; N simulated learners connect
with asyncssh's client, each with its own tutor process. They sit idle, then read (page with
PgDn, move between lessons with n and p, about one key a second), then some of them train (x,
a paced run of lesson 2's 128-128 net, started again when it ends) while all keep paging, then
they quit. Key-to-screen is the time from sending n or p to reading the new lesson's title in
the SSH stream: network, encryption, the server's relay and the tutor all included.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cli import EXIT_FAIL, EXIT_OK
from .classbench_proc import CpuMeter, children, memory_mb
from .classbench_report import goals, table

PASSWORD = "bench-class-password"
PGDN = "\x1b[6~"
LOST_KEY_MS = 2000.0  # a title that never came counts as this long, and the key as lost


@dataclass
class Sim:
    """One simulated learner and what it measured."""

    name: str
    learner: Any = None
    lesson: int = 1
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"reading": [], "training": []})
    lost_keys: int = 0
    error: str = ""
    exit_status: int | None = None


def run(args: argparse.Namespace) -> int:
    try:
        import asyncssh  # noqa: F401
    except ImportError:
        print("tui-tutor: the class benchmark needs the 'classroom' extra: "
              "pip install 'tui-tutor[classroom]'", file=sys.stderr)
        return EXIT_FAIL
    quick = args.quick
    plan = {"learners": args.class_size, "training": min(args.class_size, args.training or 10),
            "idle_s": 3.0 if quick else 6.0, "phase_s": 6.0 if quick else 15.0}
    try:
        with tempfile.TemporaryDirectory(prefix="tui-tutor-classbench-") as tmp:
            result = asyncio.run(measure(Path(tmp), plan, quiet=args.json))
    except Exception as e:  # a harness bug must still be one sentence
        print(f"tui-tutor: the class benchmark failed: {type(e).__name__}: {e}", file=sys.stderr)
        return EXIT_FAIL
    print(json.dumps(result, indent=2) if args.json else table(result))
    return EXIT_OK if all(g["met"] for g in result["goals"]) else EXIT_FAIL


async def measure(tmp: Path, plan: dict[str, Any], quiet: bool) -> dict[str, Any]:
    from ..lessons import default_lessons_dir, load_course

    lessons = load_course(default_lessons_dir()).in_language("en")
    titles = {n: f"{n}/{len(lessons)} {lessons[n - 1].title}" for n in (1, 2)}
    say = (lambda _m: None) if quiet else (lambda m: print(m, file=sys.stderr, flush=True))
    server, port = await _start_server(tmp, plan["learners"])
    sims = [Sim(f"learner{i:03d}") for i in range(plan["learners"])]
    result: dict[str, Any] = {"plan": plan, "machine": {"cpus": os.cpu_count(),
                              "loadavg_at_start": list(os.getloadavg())}}
    try:
        say(f"connecting {len(sims)} learners…")
        t0 = time.perf_counter()
        await asyncio.gather(*(_connect(s, port, titles[1]) for s in sims))
        result["connect_all_s"] = round(time.perf_counter() - t0, 1)
        live = [s for s in sims if not s.error]
        cpu = CpuMeter(server.pid)
        say("idle…")
        await _settle(live)
        cpu.start(time.perf_counter())
        await asyncio.sleep(plan["idle_s"])
        result["idle"] = cpu.stop(time.perf_counter())
        for phase, trainers in (("reading", []), ("training", live[:plan["training"]])):
            say(f"{phase}…")
            result[phase] = await _phase(phase, live, trainers, titles, plan["phase_s"], cpu)
            if phase == "training":
                mem = [memory_mb(pid) for pid in children(server.pid)]
                result["memory_mb"] = {
                    "rss_per_tutor_mean": round(statistics.fmean(m[0] for m in mem), 1) if mem else None,
                    "rss_per_tutor_max": round(max((m[0] for m in mem), default=0), 1),
                    "pss_per_tutor_mean": round(statistics.fmean(m[1] for m in mem), 1) if mem else None,
                    "server_rss": round(memory_mb(server.pid)[0], 1)}
        say("quitting…")
        await asyncio.gather(*(_quit(s) for s in live))
    finally:
        for s in sims:
            if s.learner is not None:
                s.learner.close()
        server.terminate()
        await asyncio.to_thread(server.wait, 10)
    result["failed_sessions"] = [{"learner": s.name, "why": s.error} for s in sims if s.error]
    result["lost_keys"] = sum(s.lost_keys for s in sims)
    result["goals"] = goals(result)
    return result


async def _start_server(tmp: Path, learners: int) -> tuple[subprocess.Popen[str], int]:
    (tmp / "password").write_text(PASSWORD + "\n")
    argv = [sys.executable, "-m", "tui_tutor", "serve", "--ssh", "--port", "0",
            "--password-file", str(tmp / "password"), "--host-key", str(tmp / "host_key"),
            "--progress-dir", str(tmp / "learners"), "--max-sessions", str(learners),
            "--idle-timeout", "0"]
    proc = subprocess.Popen(argv, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert proc.stderr is not None
    line = await asyncio.to_thread(proc.stderr.readline)
    if "serving the tutor over SSH on" not in line:
        proc.kill()
        raise RuntimeError(f"the server did not start: {line.strip() or proc.stderr.read()}")
    # Keep draining its log, so that a full pipe never blocks the server.
    asyncio.get_running_loop().run_in_executor(None, proc.stderr.read)
    return proc, int(line.rsplit(":", 1)[1].split()[0])


async def _settle(live: list[Sim], quiet_s: float = 1.0, limit_s: float = 20.0) -> None:
    """Wait until no tutor has drawn anything for ``quiet_s``: start-up work is not idling."""
    deadline = time.perf_counter() + limit_s
    while time.perf_counter() < deadline:
        before = sum(s.learner.total for s in live)
        await asyncio.sleep(quiet_s)
        if sum(s.learner.total for s in live) == before:
            return


async def _connect(sim: Sim, port: int, first_title: str) -> None:
    from ..serve.client import Learner

    try:
        sim.learner = await Learner.connect(port, sim.name, password=PASSWORD, cols=120, rows=40)
        if await sim.learner.wait_for(first_title, timeout=180) is None:
            sim.error = "the first lesson never appeared"
    except Exception as e:
        sim.error = f"could not connect: {type(e).__name__}: {e}"


async def _phase(name: str, live: list[Sim], trainers: list[Sim], titles: dict[int, str],
                 seconds: float, cpu: CpuMeter) -> dict[str, Any]:
    """Every learner pages for ``seconds``; ``trainers`` keep a run going all the while."""
    received = {s.name: s.learner.total for s in live}
    for sim in trainers:
        if sim.lesson != 2:
            await _move(sim, 2, titles, None)
        sim.learner.press("x")
        sim.learner.press("1")  # lesson 2's experiment asks a prediction first: commit a guess
    now = time.perf_counter()
    cpu.start(now)
    client_cpu = time.process_time()
    end = now + seconds
    await asyncio.gather(*(_read(s, titles, end, "training" if s in trainers else "reading",
                                 s in trainers) for s in live))
    used = cpu.stop(time.perf_counter())
    # The simulated learners share the machine: their own decrypting and searching is reported.
    used["cores_bench_client"] = round((time.process_time() - client_cpu) / used["seconds"], 3)
    keys = [ms for s in live for ms in s.latencies["training" if s in trainers else "reading"]]
    if name == "training":
        keys = [ms for s in trainers for ms in s.latencies["training"]]
    per_second = [(s.learner.total - received[s.name]) / used["seconds"] for s in live]
    return {"learners": len(live), "training": len(trainers), "cpu": used, **_spread(keys),
            "bytes_per_learner_per_s_mean": round(statistics.fmean(per_second)) if per_second else 0,
            "bytes_per_learner_per_s_max": round(max(per_second, default=0))}


async def _read(sim: Sim, titles: dict[int, str], end: float, kind: str, training: bool) -> None:
    rng = random.Random(sim.name)
    await asyncio.sleep(rng.uniform(0, 1.0))
    runs_seen = 0
    while time.perf_counter() < end and not sim.error:
        await _move(sim, 3 - sim.lesson, titles, kind)
        await asyncio.sleep(rng.uniform(0.3, 0.7))
        sim.learner.press(PGDN)
        await asyncio.sleep(rng.uniform(0.3, 0.7))
        if training and sim.learner.text().count("✓ done") > runs_seen:
            runs_seen = sim.learner.text().count("✓ done")
            sim.learner.press("r")  # the paced run ended: keep this learner training


async def _move(sim: Sim, lesson: int, titles: dict[int, str], kind: str | None) -> None:
    """Press n or p to reach ``lesson``, timing the new title's arrival."""
    sent, mark = sim.learner.press("n" if lesson > sim.lesson else "p")
    arrived = await sim.learner.wait_for(titles[lesson], mark, timeout=LOST_KEY_MS / 1000)
    if arrived is None:
        sim.lost_keys += 1
        if sim.learner.screen.closed.is_set():
            sim.error = "the session closed while paging"
        # where the tutor is now is unknown; it will show on the next key
        sim.lesson = lesson
    else:
        sim.lesson = lesson
    if kind:
        sim.latencies[kind].append(LOST_KEY_MS if arrived is None else 1000 * (arrived - sent))


async def _quit(sim: Sim) -> None:
    sim.exit_status = await sim.learner.quit(timeout=30)
    if sim.exit_status != 0 and not sim.error:
        sim.error = f"quit ended with status {sim.exit_status}"


def _spread(ms: list[float]) -> dict[str, Any]:
    if not ms:
        return {"keys": 0, "key_p50_ms": None, "key_p95_ms": None}
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"keys": len(ms), "key_p50_ms": round(statistics.median(ms), 1), "key_p95_ms": round(p95, 1),
            "key_max_ms": round(ordered[-1], 1)}
