"""Who is acting, on which till: passed to every use case that records something."""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("cashier", "manager", "admin")
"""Who a user is at the till, least to most trusted."""


@dataclass(frozen=True)
class Actor:
    user_id: int
    terminal_id: int
    role: str = "cashier"


SHELL: dict[str, str] = {}
"""The shell command and OS account a command runs as (``run_from_shell``): every audit event records them."""


def run_from_shell(command: str, os_user: str) -> None:
    """From now on (in this process) every event also records the shell command and the OS user."""
    SHELL.clear()
    SHELL.update(shell=command, os_user=os_user)


def shell_done() -> None:
    SHELL.clear()
