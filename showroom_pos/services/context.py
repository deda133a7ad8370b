"""Who is acting, on which till: passed to every use case that records something."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int
    terminal_id: int
    role: str = "cashier"
