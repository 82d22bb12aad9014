"""Training off the UI thread: a worker thread steps the engine and hands out immutable snapshots.

The UI calls the methods below from its own thread; they only queue a command. The worker applies
commands between steps, so the trainer's arrays are only ever touched by one thread. Every
``1/fps`` seconds, and whenever the state changes, it builds a ``Snapshot`` (copies, never views)
and passes it to ``publish``, which must not block (the app uses ``post_message``). A paced run
(see ``pace``) sleeps between steps by waiting on the command queue, so a key still wakes it.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..engine import RunConfig
from .pace import WATCH_SECONDS, Pace

if TYPE_CHECKING:  # the worker imports the engine (and numpy) with its first run, not the app
    import numpy as np

    from ..engine import Metrics, SeriesView, Trainer
    from ..engine.explain import Verdict

READY, TRAINING, PAUSED, DIVERGED, DONE, ERROR = "ready", "training", "paused", "diverged", "done", "error"
SLICE = 0.02  # seconds of stepping between looks at the command queue
#: Given the trainer and its final metrics, the 1-based choices of a prediction that came true.
Judge = Callable[["Trainer", "Metrics"], list[int]]


@dataclass(frozen=True)
class View:
    """What the field or fit view needs drawn: its cell size and the data window."""

    cols: int
    rows: int
    extent: tuple[float, float, float, float]
    inputs: int = 2  # 1: predict along x only, for a fitted curve


@dataclass(frozen=True)
class Snapshot:
    run: int  # increases with every new run, so the UI can tell runs apart
    config: RunConfig
    state: str
    step: int
    target: int  # the step at which the run counts as done
    train_loss: float | None
    val_loss: float | None
    train_accuracy: float | None
    val_accuracy: float | None
    steps_per_second: float
    series: dict[str, SeriesView] = field(default_factory=dict)
    field_values: np.ndarray | None = None  # predictions on the view's grid
    view: View | None = None
    message: str | None = None  # why it diverged, or what went wrong
    paced: bool = False  # spread over ``seconds`` to be watched, or at full speed
    verdict: Verdict | None = None  # what the curves show, once the run stops (done, diverged, paused)
    neurons: tuple[np.ndarray, ...] | None = None  # network view: each layer's outputs on its grid
    weights: tuple[np.ndarray, ...] | None = None  # network view: W₁, b₁, W₂, b₂, ... (copies)
    came_true: tuple[int, ...] | None = None  # once a judged run ended: the prediction's choices that held


class Session:
    def __init__(self, publish: Callable[[Snapshot], None], fps: float = 6.0,
                 grid: Callable[[View], np.ndarray] | None = None, paced: bool = False) -> None:
        self.publish = publish
        self.paced = paced  # the UI's view of the pace; the worker's ``pace`` follows by command
        self.pace = Pace(paced)  # touched by the worker thread only, once it runs
        self.napping = threading.Event()  # set while a paced run sleeps until its next step is due
        self.interval = 1.0 / fps
        self.grid = grid  # View -> the points to predict at, shaped (n, n_inputs)
        #: Makes each run's trainer; "your code" (exercises) swaps in one that runs in a child process.
        self.build: Callable[[RunConfig, int], Trainer] = lambda config, every: config.build(eval_every=every)
        self._commands: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._runs = 0  # run numbers are handed out here, on the UI thread
        self._hold_until = 0.0
        self.steps_trained = 0  # over all runs, for the benchmark's throughput figure
        self.training_seconds = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- called from the UI thread -------------------------------------------------------------
    def start_thread(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="tui-tutor-training", daemon=True)
        self._thread.start()

    def load(self, config: RunConfig, train: bool = False, seconds: float | None = None,
             judge: Judge | None = None) -> int:
        """A new run of ``config``; a paced run takes about ``seconds`` (WATCH_SECONDS if None).
        ``judge`` (a prediction's claims) is asked on this thread when the run ends.

        Returns the run's number, which its snapshots carry: the UI can tell a late snapshot of
        the run before from the first one of this run.
        """
        self._runs += 1
        self._commands.put(("load", (config, train, seconds or WATCH_SECONDS, self._runs, judge)))
        return self._runs

    def set_paced(self, paced: bool) -> None:
        self.paced = paced
        self._commands.put(("pace", paced))

    def toggle_pause(self) -> None:
        self._commands.put(("toggle", None))

    def step_once(self) -> None:
        self._commands.put(("step", None))

    def reset(self) -> int:
        self._runs += 1
        self._commands.put(("reset", self._runs))
        return self._runs

    def set_view(self, view: View | None) -> None:
        self._commands.put(("view", view))

    def set_network(self, points: np.ndarray | None) -> None:
        """Evaluate every neuron at ``points`` in each snapshot (the network view); None: stop."""
        self._commands.put(("network", points))

    def hold(self, seconds: float) -> None:
        """Step aside for a moment so that the UI has the interpreter to itself.

        A deadline, not a queued pause: a burst of keys extends it instead of stacking sleeps.
        """
        self._hold_until = max(self._hold_until, time.monotonic() + min(seconds, 0.5))

    def stop(self, timeout: float = 0.5) -> None:
        self._stop.set()
        self._commands.put(("stop", None))
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the worker thread ---------------------------------------------------------------------
    def _loop(self) -> None:
        self.trainer: Trainer | None = None
        self.config: RunConfig | None = None
        self.state = READY
        self.run_id = 0
        self.target = 0
        self.view: View | None = None
        self.network: np.ndarray | None = None
        self.judge: Judge | None = None
        self.message: str | None = None
        self._rate = 0.0
        self._last_publish = 0.0
        self._published_step = -1
        while not self._stop.is_set():
            try:
                self._commands_then_work()
            except Exception as e:  # a bug must show as a state, not kill training silently
                self.state, self.message = ERROR, f"training stopped: {type(e).__name__}: {e}"
                self._publish()

    def _commands_then_work(self) -> None:
        changed = False
        wait = 0.25 if self.state != TRAINING else self._until_due()  # sleeps, never spins
        while True:
            try:
                name, arg = self._commands.get(block=wait > 0, timeout=wait if wait > 0 else None)
            except queue.Empty:
                break
            finally:
                self.napping.clear()
            wait = 0.0
            if name == "stop":
                return
            changed |= self._apply(name, arg)
            self.pace.restart()  # whatever changed, the pace counts on from here
        if self.state == TRAINING:
            pause = self._hold_until - time.monotonic()
            if pause > 0:
                self._stop.wait(pause)
            if self._until_due() <= 0:
                changed |= self._train_slice()
        else:
            self.pace.restart()
        now = time.perf_counter()
        if changed or (self.state == TRAINING and now - self._last_publish >= self.interval
                       and self.trainer is not None and self.trainer.step_count != self._published_step):
            self._publish()

    def _apply(self, name: str, arg: Any) -> bool:
        if name == "view":
            self.view = arg
            return self.trainer is not None
        if name == "network":
            self.network = arg
            return self.trainer is not None
        if name == "pace":
            self.pace.on = arg
            return self.trainer is not None
        if name == "load":
            config, train, seconds, self.run_id, self.judge = arg
            self.config, self.message = config, None
            self.pace.set_run(config.steps, seconds)
            try:
                self.trainer = self.build(config, max(1, min(50, config.steps // 200)))
            except ValueError as e:
                self.trainer, self.state, self.message = None, ERROR, str(e)
                return True
            self.target = config.steps
            self.state = TRAINING if train else READY
        elif self.trainer is None:
            return False
        elif name == "toggle":
            if self.state == TRAINING:
                self.state = PAUSED
            elif self.state in (READY, PAUSED):
                self.state = TRAINING
            elif self.state == DONE:  # keep going for another round
                self.target += self.config.steps if self.config else 1000
                self.state = TRAINING
        elif name == "step":
            if self.state in (READY, PAUSED, DONE, TRAINING):
                self.state = PAUSED
                self._step()
        elif name == "reset":
            self.trainer.reset()
            self.target = self.config.steps if self.config else self.target
            self.state, self.message, self.judge = READY, None, None
            self.run_id = arg
        return True

    def _step(self) -> None:
        assert self.trainer is not None
        self.trainer.step()
        if self.trainer.diverged:
            self.state, self.message = DIVERGED, self.trainer.diverged

    def _until_due(self) -> float:
        """Seconds to sleep before a paced run's next step is due: 0 when it is due now.

        The sleep is a wait on the command queue, so a key wakes the worker at once.
        """
        wait = self.pace.wait(self.trainer.step_count) if self.trainer is not None else 0.0
        if wait > 0:
            self.napping.set()
        return wait

    def _train_slice(self) -> bool:
        assert self.trainer is not None
        t = self.trainer
        start = time.perf_counter()
        first = t.step_count
        deadline = start + SLICE
        due = self.pace.due(t.step_count)
        stop_at = self.target if due == float("inf") else min(self.target, int(due))
        while t.step_count < stop_at and not self._stop.is_set():
            self._step()
            if self.state != TRAINING or time.perf_counter() >= deadline:
                break
        elapsed = time.perf_counter() - start
        self.steps_trained += t.step_count - first
        self.training_seconds += elapsed
        if elapsed > 0 and t.step_count > first:
            rate = (t.step_count - first) / elapsed
            self._rate = rate if self._rate == 0 else 0.8 * self._rate + 0.2 * rate
        if self.state == TRAINING and t.step_count >= self.target:
            self.state = DONE
            return True
        return self.state != TRAINING

    def _publish(self) -> None:
        self._last_publish = time.perf_counter()
        self._published_step = self.trainer.step_count if self.trainer is not None else -1
        self.publish(self.snapshot())

    def snapshot(self) -> Snapshot:
        from ..engine import Trainer
        from ..engine.explain import explain_run
        from ..engine.train import finite_or_none

        t, config = self.trainer, self.config or RunConfig()
        if t is None:
            return Snapshot(self.run_id, config, self.state, 0, self.target, None, None, None, None,
                            0.0, message=self.message, paced=self.pace.on)
        m = t.evaluate()
        series = {name: t.history[name].view() for name in ("train_loss", "val_loss")}
        field_values = None
        if self.view is not None and self.grid is not None:
            field_values = t.predict(self.grid(self.view))
        rate = self._rate if self.state == TRAINING else 0.0
        if self.pace.on and self.pace.rate:
            rate = min(rate, self.pace.rate)
        engine = isinstance(t, Trainer)  # not "your code", whose network lives in a child process
        verdict = explain_run(t) if engine and self.state in (DONE, DIVERGED, PAUSED) else None
        neurons, weights = self._neurons(t) if engine and self.network is not None else (None, None)
        ended = self.state in (DONE, DIVERGED)
        came_true = tuple(self.judge(t, m)) if ended and self.judge is not None else None
        return Snapshot(
            self.run_id, config, self.state, t.step_count, self.target,
            finite_or_none(t.last_loss if t.last_loss is not None else m.train_loss), finite_or_none(m.val_loss),
            m.train_accuracy, m.val_accuracy, rate, series, field_values, self.view, self.message,
            paced=self.pace.on, verdict=verdict, neurons=neurons, weights=weights, came_true=came_true,
        )

    def _neurons(self, t: Trainer) -> tuple[tuple[np.ndarray, ...] | None, tuple[np.ndarray, ...]]:
        """Every layer's outputs at the network view's points, and copies of the weights."""
        weights = tuple(p.copy() for layer in t.model.layers for p in (layer.W, layer.b))
        X = self.network
        if X is None or X.shape[1] != t.model.sizes[0]:
            return None, weights
        import numpy as np

        outputs = [X]
        with np.errstate(all="ignore"):
            h = X
            for layer in t.model.layers:
                h = layer.activation.forward(h @ layer.W + layer.b)  # not layer.forward: keep its cache
                outputs.append(h)
        return tuple(outputs), weights

