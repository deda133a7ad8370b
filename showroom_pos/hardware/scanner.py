"""Telling a USB barcode scanner from a person at the keyboard: both type, a scanner types fast.

A scanner sends a burst of keys a few milliseconds apart ending in Enter. ``BurstDetector`` holds
printable keys back while they could still be the start of a scan, and decides, from the keys' own
timestamps (not the time they are processed, which a busy GUI would distort), whether they were a
scan or typing. Typing is handed back to be replayed into the box that had the focus, so nothing a
person types is lost, and nothing a scanner types lands in that box.

Pure: no Qt; the Qt event filter (``ui/scanner_filter.py``) feeds it and acts on its decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_MAX_KEY_INTERVAL_MS = 30
DEFAULT_MIN_LENGTH = 6


@dataclass(frozen=True)
class HeldKey:
    """A key held back: its text, when it was typed, and an opaque handle the caller replays it with."""

    text: str
    at_ms: float
    handle: object = None


@dataclass(frozen=True)
class Decision:
    """What to do after a key.

    ``replay``: keys that turned out to be typing, to deliver now, in order, to where they were aimed.
    ``scan``: a complete scanned code (the Enter that ended it is swallowed).
    ``consume``: whether the key just fed is swallowed (held back, or the end of a scan).
    """

    replay: tuple[HeldKey, ...] = ()
    scan: str | None = None
    consume: bool = False


PASS = Decision()


@dataclass
class BurstDetector:
    """State machine over key presses; times in milliseconds from any monotonic clock.

    A scan is at least ``min_length`` printable keys, each following the previous one by at most
    ``max_key_interval_ms``, then Enter within the same interval.
    """

    max_key_interval_ms: float = DEFAULT_MAX_KEY_INTERVAL_MS
    min_length: int = DEFAULT_MIN_LENGTH
    _held: list[HeldKey] = field(default_factory=list)

    @property
    def holding(self) -> bool:
        return bool(self._held)

    @property
    def flush_after_ms(self) -> float:
        """How long after the last held key the caller should call ``timeout`` (a little slack, so a
        scan whose keys arrive late because the GUI was busy is not split)."""
        return self.max_key_interval_ms + 40

    def _close(self, at_ms: float) -> bool:
        return bool(self._held) and 0 <= at_ms - self._held[-1].at_ms <= self.max_key_interval_ms

    def _take(self) -> tuple[HeldKey, ...]:
        held, self._held = tuple(self._held), []
        return held

    def printable(self, text: str, at_ms: float, handle: object = None) -> Decision:
        """A printable key: hold it, handing back earlier held keys if this one comes too late to
        belong with them."""
        replay: tuple[HeldKey, ...] = ()
        if self._held and not self._close(at_ms):
            replay = self._take()
        self._held.append(HeldKey(text, at_ms, handle))
        return Decision(replay=replay, consume=True)

    def enter(self, at_ms: float) -> Decision:
        """Enter: the end of a scan if the held burst qualifies, otherwise typing followed by Enter."""
        if not self._held:
            return PASS
        if self._close(at_ms) and len(self._held) >= self.min_length:
            code = "".join(k.text for k in self._take())
            return Decision(scan=code, consume=True)
        return Decision(replay=self._take())

    def other(self) -> Decision:
        """Any other key (arrows, function keys, Backspace…): what was held was typing."""
        return Decision(replay=self._take()) if self._held else PASS

    def timeout(self, now_ms: float | None = None) -> Decision:
        """No key for a while: what is held was typing. ``now_ms`` (same clock as the keys), when
        known, lets a scan whose Enter is merely late keep its keys held."""
        if not self._held:
            return PASS
        if now_ms is not None and self._close(now_ms):
            return Decision(consume=True)
        return Decision(replay=self._take())

    def reset(self) -> tuple[HeldKey, ...]:
        return self._take()
