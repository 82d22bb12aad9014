"""What the class server costs, read from /proc: CPU seconds and memory of it and its tutors."""

from __future__ import annotations

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (the tutors of a class server)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, proportional) memory in MB: RSS counts shared library pages in every tutor,
    PSS divides them among the processes sharing them, so PSS is what one more learner adds."""
    rss = pss = 0.0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Rss:"):
                rss = int(line.split()[1]) / 1024
            elif line.startswith("Pss:"):
                pss = int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss, pss


def run_delay_seconds(pid: int) -> float:
    """Time the process's threads spent ready to run but waiting for a CPU (schedstat)."""
    total = 0
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                pass
    except OSError:
        pass
    return total / 1e9


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used (every core, /proc/stat)."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / TICK


class CpuMeter:
    """CPU used by a server and its tutors between ``start()`` and ``stop()``, in cores."""

    def __init__(self, server: int) -> None:
        self.server = server
        self._start: dict[int, float] = {}
        self._wait0: dict[int, float] = {}
        self._busy0 = 0.0
        self._t0 = 0.0

    def _sample(self) -> dict[int, float]:
        return {pid: cpu_seconds(pid) for pid in [self.server, *children(self.server)]}

    def _waits(self) -> dict[int, float]:
        return {pid: run_delay_seconds(pid) for pid in children(self.server)}

    def start(self, now: float) -> None:
        self._start, self._t0 = self._sample(), now
        self._wait0 = self._waits()
        self._busy0 = machine_busy_seconds()

    def stop(self, now: float) -> dict[str, float]:
        end = self._sample()
        seconds = max(1e-9, now - self._t0)
        used = {pid: end[pid] - self._start.get(pid, 0.0) for pid in end}
        tutors = [v for pid, v in used.items() if pid != self.server]
        waits = [w - self._wait0.get(pid, 0.0) for pid, w in self._waits().items()]
        return {"cores_total": round(sum(used.values()) / seconds, 3),
                "cores_server": round(used.get(self.server, 0.0) / seconds, 3),
                "cores_per_tutor_mean": round(sum(tutors) / max(1, len(tutors)) / seconds, 4),
                "cores_per_tutor_max": round(max(tutors, default=0.0) / seconds, 4),
                # > 0 means the tutors were ready but the CPUs were busy (theirs or anyone's)
                "cpu_wait_ms_per_s_per_tutor": round(1000 * sum(waits) / max(1, len(waits)) / seconds, 1),
                "cores_busy_machine": round((machine_busy_seconds() - self._busy0) / seconds, 2),
                "seconds": round(seconds, 1)}
