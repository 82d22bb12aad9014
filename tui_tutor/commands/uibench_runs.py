"""The measurements of ``tui-tutor bench --ui``: each one launches the real app on a pty.

Every run gets a lesson folder written to a temp dir, so that what trains (and for how long) is
fixed by the benchmark, not by whatever the shipped lessons say today; the lesson prose is
borrowed from the shipped lessons so that rendering costs what a real lesson costs.
"""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..lessons import default_lessons_dir, load_course
from .uibench_pty import Terminal, app_argv, child_env

STARTUP = 30.0  # seconds an app may take to paint before the run counts as failed
KEY_TIMEOUT = 2.0  # seconds to wait for a lesson change; a key never answered counts as this
#: Paced to last 60 s (333 steps/s): the run a learner watches, training through every window.
TRAIN = dict(dataset="spiral", hidden=[32, 32], activation="tanh", n=2000, steps=20000, seconds=60)
SMALL = dict(dataset="xor", hidden=[8], activation="tanh", n=400, steps=20000)
TITLES = ["Bench one", "Bench two", "Bench three", "Bench memory"]
ANSI = re.compile(r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")
TRAINING, DONE = "▶ training".encode(), "✓ done".encode()
BARE = ("from textual.app import App\nfrom textual.widgets import Static\n"
        "class Bare(App):\n    def compose(self):\n        yield Static('ready')\nBare().run()\n")


class Failed(Exception):
    """A measurement could not be taken; the message is one sentence for the user."""


def _experiment(label: str, preset: dict[str, Any]) -> str:
    lines = [f'label = "{label}"'] + [f"{k} = {json.dumps(v)}" for k, v in preset.items()]
    return "```experiment\n" + "\n".join(lines) + "\nexpect = { val_accuracy_min = 0.5 }\n```\n"


EXPERIMENT_BLOCK = re.compile(r"^```experiment\n.*?^```\n", re.S | re.M)


def _shipped_bodies() -> list[str]:
    """The three longest shipped English lessons, without their front matter or experiments:
    opening a lesson with an experiment loads its setup, which would stop the benchmark's run."""
    files = sorted((default_lessons_dir() / "en").glob("[0-9][0-9]-*.md"), key=lambda p: -p.stat().st_size)
    bodies = []
    for path in files[:3]:
        parts = path.read_text(encoding="utf-8").split("+++\n", 2)
        if len(parts) == 3:
            bodies.append(EXPERIMENT_BLOCK.sub("", parts[2]))
    return bodies or ["# Reading\n\nA paragraph of lesson text.\n"]


def write_lessons(root: Path) -> Path:
    """One language, four lessons: 1 trains long (spiral), 2 and 3 are prose, 4 trains fast (xor)."""
    bodies = _shipped_bodies()
    folder = root / "en"
    folder.mkdir(parents=True, exist_ok=True)
    for i, title in enumerate(TITLES, 1):
        slug = title.lower().replace(" ", "-")
        front = f'+++\nid = "{slug}"\ntitle = "{title}"\norder = {i}\nsummary = "Benchmark lesson {i}."\n+++\n\n'
        preset = {1: _experiment("Long spiral", TRAIN), 4: _experiment("Fast xor", SMALL)}.get(i, "")
        body = bodies[(i - 1) % len(bodies)] if i < 4 else "# Memory\n\nTrains a small net for long.\n"
        (folder / f"{i:02d}-{slug}.md").write_text(front + preset + "\n" + body, encoding="utf-8")
    course = load_course(root)
    if course.problems or len(course.in_language("en")) != len(TITLES):
        first = course.problems[0] if course.problems else "a lesson is missing"
        raise Failed(f"the benchmark's own lessons do not load ({first}).")
    return root


def title(n: int, total: int, name: str) -> bytes:
    """What the title bar shows for a lesson: 'tui-tutor · 2/4 Bench two'."""
    return f"{n}/{total} {name}".encode()


@dataclass
class Bench:
    """Where a benchmark keeps its files; every launch gets a fresh progress file."""

    tmp: Path
    lessons: Path
    launches: int = 0
    terminals: list[tuple[str, Terminal]] = field(default_factory=list)

    def launch(self, cols: int, rows: int, *args: str, ssh: bool = False,
               stats: Path | None = None, shipped: bool = False, bare: bool = False) -> Terminal:
        """The app on the benchmark's lessons (``shipped``: the real ones; ``bare``: no tutor)."""
        self.launches += 1
        progress = self.tmp / f"progress-{self.launches}.json"
        own = () if shipped else ("--lessons-dir", str(self.lessons))
        own += ("--no-predict",)  # x measures the run: a prediction's question would hold it back
        argv = [app_argv()[0], "-c", BARE] if bare else app_argv(*own, *args)
        term = Terminal(argv, cols, rows, child_env(progress, ssh=ssh, stats=stats, bytecode=self.bytecode))
        label = "bare Textual" if bare else " ".join(["tui-tutor", *args, f"at {cols}x{rows}"] + ["over SSH"] * ssh)
        self.terminals.append((label, term))
        return term

    @property
    def bytecode(self) -> Path:
        """Every child's compiled modules, made by its first launch: see ``child_env``."""
        return self.tmp / "bytecode"

    def tracebacks(self) -> list[str]:
        """Tracebacks in the app's output (the learner would have seen them), one line per kind."""
        seen: dict[str, list[str]] = {}
        for label, term in self.terminals:
            text = term.text_since(0)
            at = text.rfind("Traceback (most recent call last)")
            if at >= 0:
                lines = [line.strip() for line in ANSI.sub("", text[at:]).splitlines() if line.strip()]
                seen.setdefault(lines[-1][:160], []).append(label)
        return [f"{len(labels)} of {len(self.terminals)} launches (first: {labels[0]}): {error}"
                for error, labels in seen.items()]

    def next_stats(self) -> Path:
        """Where the next launch should leave its TUI_TUTOR_STATS."""
        return self.tmp / f"stats-{self.launches + 1}.json"


def painted(term: Terminal, needle: bytes) -> float:
    """Seconds from launch until ``needle`` is on screen; Failed if it never comes."""
    seen = term.wait_for(needle, 0, STARTUP)
    if seen is None:
        tail = " ".join(ANSI.sub("", term.text_since(max(0, term.total - 600))).split())[-160:]
        raise Failed(f"the app never showed {needle.decode()!r}" + (f" (it printed: {tail})" if tail else "") + ".")
    return seen - term.started


STATS = ("chart_frames", "chart_build_ms_first", "chart_build_ms_last", "steps_trained", "training_seconds", "step")


def read_stats(path: Path) -> dict[str, float]:
    """What the app left in TUI_TUTOR_STATS on exit; Failed names what is missing."""
    try:
        stats = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Failed(f"the app wrote no statistics to {path.name} on exit (TUI_TUTOR_STATS).") from None
    missing = [key for key in STATS if not isinstance(stats.get(key), (int, float))]
    if missing:
        raise Failed(f"the app's statistics lack {', '.join(missing)}.")
    return stats


def traffic(bench: Bench, cols: int, rows: int, ssh: bool, window: float, keys: str = "") -> dict[str, Any]:
    """Bytes/s while the long spiral trains; chart frames and steps from the app's own stats.
    ``keys`` are pressed before x (``w``: the network view in place of the decision boundary)."""
    path = bench.next_stats()
    with bench.launch(cols, rows, "--lesson", "bench-one", ssh=ssh, stats=path) as term:
        painted(term, title(1, 4, TITLES[0]))
        for key in keys:
            term.press(key)
            term.run_for(0.3)
        pressed, _ = term.press("x")
        term.run_for(1.0)
        start, began = term.mark(), time.perf_counter()
        term.run_for(window)
        sent, seconds = term.mark() - start, time.perf_counter() - began
        by_row = term.bytes_by_row(start)
        quit_at = time.perf_counter()
        term.close()
    stats = read_stats(path)
    trained = quit_at - pressed
    if stats.get("step", 0) <= 0:
        raise Failed(f"pressing x at {cols}x{rows} did not start training.")
    return {
        "cols": cols, "rows": rows, "ssh": ssh, "keys": keys, "window_s": round(seconds, 2),
        "bytes": sent, "bytes_per_s": sent / seconds,
        "chart_frames": stats["chart_frames"], "chart_updates_per_s": stats["chart_frames"] / trained,
        "steps": stats["step"], "steps_per_s_wall": stats["step"] / trained,
        "steps_per_s_training": stats["steps_trained"] / max(stats["training_seconds"], 1e-9),
        "finished_early": stats["step"] >= TRAIN["steps"],
        "busiest_rows": [[row, round(n / seconds)] for row, n in sorted(by_row.items(), key=lambda r: -r[1])[:8] if n],
    }


def full_speed(bench: Bench, window: float) -> dict[str, Any]:
    """The spiral at full speed (x, then f) at 120x40: the app's steps/s against headless."""
    path = bench.next_stats()
    with bench.launch(120, 40, "--lesson", "bench-one", stats=path) as term:
        painted(term, title(1, 4, TITLES[0]))
        pressed, _ = term.press("x")
        term.press("f")
        term.run_for(1.0 + window)
        quit_at = time.perf_counter()
        term.close()
    stats = read_stats(path)
    if stats.get("step", 0) <= 0:
        raise Failed("pressing x and f did not start training at full speed.")
    return {"steps": stats["step"], "steps_per_s_wall": stats["step"] / (quit_at - pressed),
            "steps_per_s_training": stats["steps_trained"] / max(stats["training_seconds"], 1e-9),
            "finished_early": stats["step"] >= TRAIN["steps"]}


def latency(bench: Bench, presses: int) -> dict[str, Any]:
    """n and p in turn while lesson 1 trains: key written -> the new title read back."""
    path = bench.next_stats()
    one, two = title(1, 4, TITLES[0]), title(2, 4, TITLES[1])
    samples: list[float] = []
    missed = 0
    with bench.launch(120, 40, "--lesson", "bench-one", stats=path) as term:
        painted(term, one)
        term.press("x")
        term.run_for(1.0)
        for i in range(presses):
            key, needle = ("n", two) if i % 2 == 0 else ("p", one)
            when, offset = term.press(key)
            seen = term.wait_for(needle, offset, KEY_TIMEOUT)
            samples.append(1000 * ((seen if seen is not None else when + KEY_TIMEOUT) - when))
            missed += seen is None
            term.run_for(0.3)
        term.close()
    stats = read_stats(path)
    if missed == presses:
        raise Failed("no lesson change ever showed on screen after n or p.")
    ranked = sorted(samples)
    return {
        "presses": presses, "missed": missed, "samples_ms": [round(ms, 1) for ms in samples],
        "p50_ms": _rank(ranked, 0.50), "p95_ms": _rank(ranked, 0.95), "max_ms": ranked[-1],
        "trained_throughout": 0 < stats.get("step", 0) < TRAIN["steps"],
    }


def _rank(ranked: list[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually observed."""
    return ranked[max(0, math.ceil(q * len(ranked)) - 1)]


def first_paint(bench: Bench, launches: int) -> dict[str, Any]:
    """Launch to first lesson title, against a bare one-line Textual app; taken in turns.

    Each launch is a first launch (a fresh progress file), from bytecode: a first round, not
    counted, compiles what each side imports, as installing a package does (see ``child_env``).
    The same launch then presses n: the first lesson switch, which may pay for whatever start-up
    put off. A third launch, on the benchmark's lessons, presses x as soon as it has painted:
    the first run.
    """
    course = load_course(default_lessons_dir())
    lessons = course.in_language("en")
    if len(lessons) < 2:
        raise Failed("the shipped lessons did not load, so the app has nothing to paint.")
    first, second = (title(lesson.order, len(lessons), lesson.title) for lesson in lessons[:2])
    app, bare, switch, run = [], [], [], []
    for _ in range(launches + 1):  # the first round is not counted: see the docstring
        with bench.launch(120, 40, bare=True) as term:
            bare.append(painted(term, b"ready"))
            term.close("ctrl+q")
        with bench.launch(120, 40, shipped=True) as term:
            app.append(painted(term, first))
            when, offset = term.press("n")
            seen = term.wait_for(second, offset, KEY_TIMEOUT)
            switch.append(1000 * ((seen if seen is not None else when + KEY_TIMEOUT) - when))
            term.close()
        with bench.launch(120, 40, "--lesson", "bench-one") as term:
            painted(term, title(1, 4, TITLES[0]))
            when, offset = term.press("x")
            seen = term.wait_for(TRAINING, offset, STARTUP)
            if seen is None:
                raise Failed("x on a fresh launch never showed '▶ training'.")
            run.append(1000 * (seen - when))
            term.close()
    app, bare, switch, run = app[1:], bare[1:], switch[1:], run[1:]
    return {"launches": launches, "app_s": statistics.median(app), "bare_s": statistics.median(bare),
            "ratio": statistics.median(app) / statistics.median(bare),
            "app_samples_s": [round(s, 3) for s in app], "bare_samples_s": [round(s, 3) for s in bare],
            "first_switch_ms": statistics.median(switch), "first_run_ms": statistics.median(run),
            "first_switch_samples_ms": [round(ms, 1) for ms in switch],
            "first_run_samples_ms": [round(ms, 1) for ms in run]}


def idle(bench: Bench, seconds: float) -> dict[str, Any]:
    """CPU the app uses while open and doing nothing, and its resident memory after start-up.

    A first launch on the shipped lessons at 120x40; after painting, 2 s for anything start-up
    put off, then the CPU time of all its threads over ``seconds``.
    """
    course = load_course(default_lessons_dir())
    lessons = course.in_language("en")
    if not lessons:
        raise Failed("the shipped lessons did not load, so the app has nothing to paint.")
    with bench.launch(120, 40, shipped=True) as term:
        painted(term, title(lessons[0].order, len(lessons), lessons[0].title))
        term.run_for(2.0)
        rss = term.rss_mb()
        cpu0, began = term.cpu_seconds(), time.perf_counter()
        start = term.mark()
        term.run_for(seconds)
        cpu1, wall = term.cpu_seconds(), time.perf_counter() - began
        sent = term.mark() - start
        term.close()
    if cpu0 is None or cpu1 is None or rss is None:
        raise Failed("could not read the app's CPU time or memory from /proc.")
    return {"seconds": round(wall, 1), "cpu_s": round(cpu1 - cpu0, 3), "cpu_percent": 100 * (cpu1 - cpu0) / wall,
            "rss_mb": rss, "bytes": sent}


def run_cpu(bench: Bench, window: float, steps_per_cpu_s: float, full_speed: bool) -> dict[str, Any]:
    """CPU the app uses during a run of the small xor net, against what its steps cost alone.

    x starts the lesson's run (paced, where the app paces runs; ``full_speed`` presses f first to
    ask for full speed). CPU time is read from /proc over ``window``, or until the run ends; the
    steps taken in the window come from the status line's 'step N'. What the steps cost is steps / the headless
    rate of the same net per CPU second (``steps_per_cpu_s``), which a busy machine does not skew.
    """
    with bench.launch(120, 40, "--lesson", "bench-memory") as term:
        painted(term, title(4, 4, TITLES[3]))
        if full_speed:
            term.press("f")
            term.run_for(0.3)
        _, offset = term.press("x")
        if term.wait_for(TRAINING, offset, STARTUP) is None:
            raise Failed("x on lesson 4 never showed '▶ training'.")
        term.run_for(0.3)
        if term.find(DONE, offset) >= 0:
            raise Failed("lesson 4's run ended before its CPU could be measured (it is not paced).")
        start = term.mark()
        step0, cpu0, wait0, began = _step_on_screen(term), term.cpu_seconds(), term.runqueue_seconds(), time.perf_counter()
        finished = term.wait_for(DONE, start, window) is not None  # the window ends with the run
        step1, cpu1, wait1 = _step_on_screen(term), term.cpu_seconds(), term.runqueue_seconds()
        wall = time.perf_counter() - began
        term.close()
    if cpu0 is None or cpu1 is None:
        raise Failed("could not read the app's CPU time from /proc.")
    if finished and wall < 1.0:
        raise Failed(f"lesson 4's run ended {wall:.1f} s into the window, too soon to measure: "
                     "the app ran it at full speed, not paced.")
    if step0 is None or step1 is None or step1 <= step0:
        raise Failed("the run's 'step N' did not advance on screen during the window.")
    steps_per_s = (step1 - step0) / wall
    cpu = (cpu1 - cpu0) / wall
    cost = steps_per_s / steps_per_cpu_s
    # What the app asked for: CPU it got plus time it waited for a core (a busy machine hides a
    # spinning thread's CPU, not its wait). A run at full speed asks for at least a core.
    demand = cpu + ((wait1 - wait0) / wall if wait0 is not None and wait1 is not None else 0.0)
    return {"full_speed_asked": full_speed, "seconds": round(wall, 2), "run_ended": finished, "steps_per_s": steps_per_s,
            "cpu_percent": 100 * cpu, "steps_cost_percent": 100 * cost, "overhead_percent": 100 * (cpu - cost),
            "demand_percent": 100 * demand, "paced": demand < 0.5}


STEP = re.compile(rb"step ([0-9][0-9,]*)")


def _step_on_screen(term: Terminal) -> int | None:
    """The last 'step N' the app drew (the status line), or None."""
    found = STEP.findall(ANSI.sub("", term.text_since(max(0, term.total - 20000))).encode())
    return int(found[-1].replace(b",", b"")) if found else None


def memory(bench: Bench, target: int, cap: float) -> dict[str, Any]:
    """RSS after a first run of the small net, then after ``target`` steps of continued runs.

    A run stops at its ``steps``; space on a finished run trains another round. The status line
    says which state the run is in, so the harness presses space only after seeing "✓ done" at
    the step that round ends on. (A round of the fused engine can take half a second, so the
    "▶ training" in between may never be drawn: it is not waited for.)
    """
    path = bench.next_stats()
    per_run = SMALL["steps"]
    rounds, warm, curve = 0, None, []
    with bench.launch(120, 40, "--lesson", "bench-memory", stats=path) as term:
        painted(term, title(4, 4, TITLES[3]))
        began, since = term.press("x")
        term.press("f")  # full speed: a million steps, not a watched run
        deadline = began + cap
        while (left := deadline - time.perf_counter()) > 0 and term.wait_for(DONE, since, left):
            step = _step_on_screen(term)
            if step is None or step < (rounds + 1) * per_run:  # the last round's "done", drawn again
                since = term.mark()
                continue
            rounds += 1
            curve.append(term.rss_mb())
            warm = warm or curve[-1]
            if rounds * per_run >= target:
                break
            _, since = term.press("space")
        end = term.rss_mb()
        seconds = time.perf_counter() - began
        term.close()
    stats = read_stats(path)
    if warm is None or end is None:
        raise Failed(f"the small xor run never reached '✓ done' within {cap:.0f} s.")
    return {
        "target_steps": target, "steps": stats["step"], "reached": stats["step"] >= target,
        "seconds": round(seconds, 1), "rss_warm_mb": warm, "rss_end_mb": end, "growth_mb": end - warm,
        "rss_mb_each_run": [round(mb, 1) if mb else None for mb in curve],  # a leak climbs, a cache levels off
        "chart_build_ms_first": stats["chart_build_ms_first"], "chart_build_ms_last": stats["chart_build_ms_last"],
    }
