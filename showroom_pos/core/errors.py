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


def _os_reasons() -> dict[int, str]:
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
        errno.ENOTEMPTY: N_("the folder is not empty"),
        errno.EBUSY: N_("the file is in use by another program"),
        errno.ETXTBSY: N_("the file is in use by another program"),
        errno.ENAMETOOLONG: N_("the name is too long"),
        errno.EINVAL: N_("the name or the path is not valid"),
        errno.EIO: N_("the disk could not be read or written (input/output error)"),
        errno.EFBIG: N_("the file is too large"),
        errno.EMFILE: N_("too many files are open"),
        errno.ENFILE: N_("too many files are open"),
        errno.ENODEV: N_("the device is not connected"),
        errno.ENXIO: N_("the device is not connected"),
        errno.ECONNREFUSED: N_("the connection was refused"),
        errno.ECONNRESET: N_("the connection was cut"),
        errno.ECONNABORTED: N_("the connection was cut"),
        errno.EPIPE: N_("the connection was cut"),
        errno.ETIMEDOUT: N_("no answer in time"),
        errno.EHOSTUNREACH: N_("the network cannot reach it"),
        errno.ENETUNREACH: N_("the network cannot reach it"),
        errno.ENETDOWN: N_("the network is down"),
    }
    for name, reason in (("EDQUOT", N_("the disk is full")), ("EXDEV", N_("it cannot be moved to another disk"))):
        if hasattr(errno, name):
            reasons[getattr(errno, name)] = reason
    return reasons


def os_reason(exc: OSError) -> str:
    """Why a file (or a device, a connection) could not be used, as a sentence of ours (translated with the message
    that carries it) instead of the system's English ("No such file or directory", "[Errno 28] No space left on
    device"). By the error number; an error raised with a message of its own has none, so its kind says it."""
    found = _os_reasons().get(exc.errno) if exc.errno is not None else None
    if found is not None:
        return found
    by_kind: tuple[tuple[type[OSError], str], ...] = (
        (FileNotFoundError, N_("the file or folder does not exist")), (PermissionError, N_("permission denied")),
        (IsADirectoryError, N_("it is a folder, not a file")),
        (NotADirectoryError, N_("part of the path is not a folder")),
        (FileExistsError, N_("it already exists")), (TimeoutError, N_("no answer in time")),
        (ConnectionRefusedError, N_("the connection was refused")), (ConnectionError, N_("the connection was cut")),
    )
    return next((reason for kind, reason in by_kind if isinstance(exc, kind)), N_("the system refused it"))


class FileProblem(ValidationError):
    """A file the person chose (or a setting names) could not be read or written: which one, and why."""

    message = "Cannot use {path}: {reason}"


def file_problem(exc: OSError, path: object = None, *, writing: bool | None = None) -> FileProblem:
    """``exc`` told as a sentence of ours: "Cannot write D:/bao-cao.xlsx: the disk is full", never the
    system's English. ``path`` defaults to the file the error names."""
    where = str(path if path is not None else (exc.filename if exc.filename is not None else ""))
    reason = os_reason(exc)
    if not where:
        return FileProblem("A file could not be used: {reason}", reason=reason)
    if writing is None:
        return FileProblem(path=where, reason=reason)
    return FileProblem("Cannot write {path}: {reason}" if writing else "Cannot read {path}: {reason}",
                       path=where, reason=reason)
