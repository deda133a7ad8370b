"""One background worker per open app (the province sync, the e-invoice delivery), shared by the widgets that
show it.

It starts on first use. It stops when the last widget using it goes (a logout: the next window starts a new one,
without blocking the GUI thread) or when the application quits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QObject

from showroom_pos.runtime.context import AppContext


class _Worker(Protocol):
    on_status: Any

    def start(self) -> None: ...

    def stop(self, timeout: float = ...) -> None: ...


W = TypeVar("W", bound=_Worker)


class AppWorker(Generic[W]):
    def __init__(self, name: str, make: Callable[[AppContext], W]) -> None:
        self._attribute = f"_{name}_worker"
        self._users = f"_{name}_widgets"
        self._make = make

    def get(self, app: AppContext) -> W:
        worker: W | None = getattr(app, self._attribute, None)
        if worker is None:
            worker = self._make(app)
            setattr(app, self._attribute, worker)
            instance = QCoreApplication.instance()
            if instance is not None:
                instance.aboutToQuit.connect(lambda: self.stop(app))
            worker.start()
        return worker

    def use(self, app: AppContext, widget: QObject) -> W:
        """The worker, counted as used by ``widget`` until it is destroyed."""
        worker = self.get(app)
        setattr(app, self._users, getattr(app, self._users, 0) + 1)
        widget.destroyed.connect(lambda *_: self._release(app))
        return worker

    def stop(self, app: AppContext, wait: float = 10.0) -> None:
        worker = getattr(app, self._attribute, None)
        if worker is not None:
            setattr(app, self._attribute, None)
            worker.on_status = None
            worker.stop(wait)

    def _release(self, app: AppContext) -> None:
        users = getattr(app, self._users, 1) - 1
        setattr(app, self._users, users)
        if users <= 0:
            self.stop(app, wait=0)
