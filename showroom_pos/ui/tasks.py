"""Background work that never touches widgets: run a function on a worker thread, get the result
back on the GUI thread through a signal. Database writes go through one single-thread executor."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal


class _Relay(QObject):
    done = Signal(object, object)  # callback, result-or-exception


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pos-task")
        self._relay = _Relay()
        # Queued, always: a task done before ``run`` returns would otherwise call back at once, inside the
        # caller (before the event loop even runs, at start-up, where an ``exit()`` is then lost).
        self._relay.done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def run(self, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> Future[Any]:
        def finished(future: Future[Any]) -> None:
            error = future.exception()
            if error is not None:
                if on_error:
                    self._relay.done.emit(on_error, error)
            elif on_done:
                self._relay.done.emit(on_done, future.result())

        future = self._executor.submit(work)
        future.add_done_callback(finished)
        return future

    def _deliver(self, callback: Callable[[Any], None], value: Any) -> None:
        callback(value)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
