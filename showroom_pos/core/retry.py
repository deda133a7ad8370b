"""Retrying after failures without spinning or flooding the log.

A loop that retries at once after a failure (a full disk under the cart saver) burns a core and writes a
traceback per attempt. ``FailureBurst`` gives the wait before the next attempt (exponential, capped) and
says when a failure is the first of a burst (log it, with its traceback) and when a success ends one
(log that, with the count): one log line per burst, not per retry.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

log = logging.getLogger(__name__)
StatusT = TypeVar("StatusT")


@dataclass
class FailureBurst:
    base: float = 0.05
    cap: float = 5.0
    failures: int = 0

    def failed(self) -> bool:
        """Count a failure; True when it starts a burst (the one to log)."""
        self.failures += 1
        return self.failures == 1

    def succeeded(self) -> int:
        """A success: returns how many failures it ends (0 when there were none)."""
        ended, self.failures = self.failures, 0
        return ended

    @property
    def delay(self) -> float:
        """Seconds to wait before the next attempt: 0 while all is well, then base·2ⁿ up to ``cap``."""
        if self.failures == 0:
            return 0.0
        return min(self.cap, self.base * 2 ** min(self.failures - 1, 30))


class PassLoop(Generic[StatusT]):
    """A daemon thread that runs ``run_pass`` every ``interval`` seconds, at once when woken, sooner when
    ``next_wait`` says something is due; ``on_status`` gets each pass's result on that thread. A failed pass
    never kills the thread and is logged once per burst (``FailureBurst``). The province sync and the
    e-invoice delivery are both one of these; they differ only in their pass and what makes it due."""

    thread_name = "pass-loop"
    label = "pass"  # for the log: "<label> failed …", "<label> works again …"
    logger = log  # a subclass logs under its own module's name

    def __init__(self, *, interval: float, initial_delay: float = 0.0,
                 on_status: Callable[[StatusT], None] | None = None) -> None:
        self.interval = interval
        self.initial_delay = initial_delay
        self.on_status = on_status
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._force = False
        self._failures = FailureBurst()
        self._thread: threading.Thread | None = None
        self.passes = 0

    def run_pass(self, force: bool = False) -> StatusT:
        raise NotImplementedError

    def next_wait(self) -> float:
        """Seconds until the next pass (at most ``interval``)."""
        return self.interval

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
            self._thread.start()

    def wake(self, force: bool = False) -> None:
        """Run a pass now; ``force`` also ignores the backoff timers."""
        self._force = self._force or force
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            if timeout > 0:
                self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        if self.initial_delay and self._wake.wait(self.initial_delay):
            self._wake.clear()  # woken or stopped before the first pass
        while not self._stop.is_set():
            force, self._force = self._force, False
            wait = self.interval
            try:
                result = self.run_pass(force)
                if self.on_status is not None:
                    self.on_status(result)
                wait = self.next_wait()
                ended = self._failures.succeeded()
                if ended:
                    self.logger.info("%s works again after %d failures", self.label, ended)
            except Exception:  # keep the thread alive whatever happens; the log says why, once per burst
                if self._failures.failed() and not self._stop.is_set():
                    self.logger.exception("%s failed (logged once until a pass works again)", self.label)
            self._wake.wait(wait)
            self._wake.clear()


def wait_until_due(due: datetime | None, now: datetime, interval: float) -> float:
    """Seconds until ``due`` (the earliest retry), between 1 s and ``interval``; ``interval`` when nothing is due."""
    if due is None:
        return interval
    return max(1.0, min(interval, (due - now).total_seconds()))
