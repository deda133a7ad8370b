"""Errors a user can cause and fix. Their text is English source text; the UI and CLI translate it.

``message`` is a template with ``{named}`` fields so translations can move words around.
"""

from __future__ import annotations

from typing import Any


def N_(text: str) -> str:
    """Marks English text for the translation catalogue (``tools/i18n.py extract``); returns it unchanged."""
    return text


class UserError(Exception):
    """Bad input or a refused action: shown to the person, never a crash."""

    message: str = "The action was refused."

    def __init__(self, message: str | None = None, **params: Any) -> None:
        if message is not None:
            self.message = message
        self.params = params
        super().__init__(self.text())

    def text(self) -> str:
        try:
            return self.message.format(**self.params)
        except (KeyError, IndexError):
            return self.message


class NotFound(UserError):
    message = "Not found."


class PermissionDenied(UserError):
    message = "You are not allowed to do this."


class ApprovalRequired(PermissionDenied):
    """The action needs a manager's PIN; the UI asks for it and retries with the approver."""

    message = "A manager's approval is needed: {action}."


class ValidationError(UserError):
    message = "Invalid value."


def os_reason(exc: OSError) -> str:
    """Why a file could not be read or written, as a sentence of ours (translated with the message that carries
    it) instead of the system's English ("No such file or directory")."""
    import errno

    reasons = {
        errno.ENOENT: N_("the file or folder does not exist"),
        errno.EACCES: N_("permission denied"),
        errno.EPERM: N_("permission denied"),
        errno.ENOSPC: N_("the disk is full"),
        errno.EROFS: N_("the disk is read-only"),
        errno.EISDIR: N_("it is a folder, not a file"),
        errno.ENOTDIR: N_("part of the path is not a folder"),
        errno.EEXIST: N_("it already exists"),
        errno.EBUSY: N_("the file is in use by another program"),
        errno.ENAMETOOLONG: N_("the name is too long"),
        errno.EIO: N_("the disk could not be read or written (input/output error)"),
    }
    return reasons.get(exc.errno or -1, N_("the system refused it"))
