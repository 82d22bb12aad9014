"""How fast a run plays: spread over the seconds it takes to watch, or as fast as it can.

The training thread asks two questions between steps: how many steps should have been taken by
now, and how long to sleep until the next one is due. It sleeps by waiting on its command
queue, so a key wakes it at once; nothing here sleeps or spins.
"""

from __future__ import annotations

import math
import time

WATCH_SECONDS = 8.0  # a paced run spreads its steps over this long, unless its experiment says
NAP = 0.03  # a paced run wakes at most this often: steps due meanwhile are taken together


class Pace:
    def __init__(self, paced: bool) -> None:
        self.on = paced
        self.rate = 0.0  # steps per second a paced run aims at
        self._clock: tuple[float, int] | None = None  # (time, step) the pace counts from

    def set_run(self, steps: int, seconds: float) -> None:
        self.rate = steps / max(seconds, 0.1)
        self.restart()

    def restart(self) -> None:
        """Count from now: after a pause, a key or a change of pace, no burst of missed steps."""
        self._clock = None

    def due(self, step: int) -> float:
        """How many steps should have been taken by now (infinite at full speed)."""
        if not self.on or self.rate <= 0:
            return math.inf
        now = time.monotonic()
        if self._clock is None:
            self._clock = (now, step)
        start, first = self._clock
        return first + 1 + (now - start) * self.rate

    def wait(self, step: int) -> float:
        """Seconds until the next step is due: 0 when it is due now."""
        due = self.due(step)
        if due == math.inf or step < int(due):
            return 0.0
        return min(1.0, max(NAP, (step + 1 - due) / self.rate))
