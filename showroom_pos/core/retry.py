"""Retrying after failures without spinning or flooding the log.

A loop that retries at once after a failure (a full disk under the cart saver) burns a core and writes a
traceback per attempt. ``FailureBurst`` gives the wait before the next attempt (exponential, capped) and
says when a failure is the first of a burst (log it, with its traceback) and when a success ends one
(log that, with the count): one log line per burst, not per retry.
"""

from __future__ import annotations

from dataclasses import dataclass


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
