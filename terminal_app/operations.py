"""Operations: backend calls run off the GUI thread, results delivered back by a Qt signal.

A widget never calls the backend. It builds an :class:`Operation` from a request function
(which receives a :class:`BackendClient` and runs on a worker thread) and callbacks (which
run on the GUI thread), and hands it to the :class:`OperationRunner`:

- ``run`` uses a thread pool, for reads that may overlap;
- ``run_serial`` uses a pool of one thread, so requests that change the sale run one at a
  time in the order the cashier made them.

A request the backend refuses with ``permission_required`` is shown to the approval
handler (the supervisor dialog); with an approval it is repeated once, carrying it. Every
other failure goes to the operation's ``on_failure`` or, without one, to the error
presenter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from terminal_app.client import PERMISSION_REQUIRED, Approval, BackendClient, BackendError

logger = logging.getLogger(__name__)

T = TypeVar("T")

APP_ERROR = "app_error"


class ErrorSink(Protocol):
    def show_error(self, error: BackendError) -> None: ...


# Called on the GUI thread with the refusal; calls ``resume`` with an approval, or None
# when the supervisor cancelled.
ApprovalHandler = Callable[[BackendError, Callable[[Approval | None], None]], None]


class ApprovingClient:
    """A client view that adds a supervisor approval to every request that changes data."""

    def __init__(self, client: BackendClient, approval: Approval) -> None:
        self._client = client
        self.approval = approval

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def post(self, path: str, body: dict[str, Any] | None = None, approval: Approval | None = None) -> Any:
        return self._client.post(path, body, approval or self.approval)

    def patch(self, path: str, body: dict[str, Any], approval: Approval | None = None) -> Any:
        return self._client.patch(path, body, approval or self.approval)

    def put(self, path: str, body: dict[str, Any], approval: Approval | None = None) -> Any:
        return self._client.put(path, body, approval or self.approval)

    def delete(self, path: str, approval: Approval | None = None) -> Any:
        return self._client.delete(path, approval or self.approval)


class Operation(Generic[T]):
    """One backend call: ``request_fn`` on a worker thread, callbacks on the GUI thread."""

    def __init__(
        self,
        request_fn: Callable[[BackendClient], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: Callable[[BackendError], None] | None = None,
        *,
        label: str = "",
        approvable: bool = True,
    ) -> None:
        self.request_fn = request_fn
        self.on_success = on_success
        self.on_failure = on_failure
        self.label = label or getattr(request_fn, "__name__", "operation")
        self.approvable = approvable
        self.approval: Approval | None = None
        self.serial = False
        self.queued_at = 0.0


class _Outcome:
    """An operation with its result or error, as a worker hands it back.

    The signal carries this one object, never None: PySide6 queued connections of
    ``object`` arguments have been seen to lose a reference to None on Python 3.11,
    which crashes the interpreter at exit ("deallocating None").
    """

    __slots__ = ("error", "operation", "result")

    def __init__(self, operation: Operation[Any], result: Any, error: BackendError | None) -> None:
        self.operation = operation
        self.result = result
        self.error = error


class _Task(QRunnable):
    def __init__(self, runner: OperationRunner, operation: Operation[Any]) -> None:
        super().__init__()
        self.runner = runner
        self.operation = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        operation = self.operation
        client: Any = self.runner.client
        if operation.approval is not None:
            client = ApprovingClient(self.runner.client, operation.approval)
        result: Any = None
        error: BackendError | None = None
        try:
            result = operation.request_fn(client)
        except BackendError as refused:
            error = refused
        except Exception as unexpected:  # a bug in a request function must not kill the worker
            logger.exception("operation failed label=%s", operation.label)
            error = BackendError(
                0,
                APP_ERROR,
                f"アプリの内部エラー: {unexpected}",
                f"Internal app error: {unexpected}",
            )
        self.runner.finished.emit(_Outcome(operation, result, error))


class OperationRunner(QObject):
    """Runs operations on worker threads and calls their callbacks on the GUI thread."""

    finished = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, client: BackendClient, errors: ErrorSink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.errors = errors
        self.approval_handler: ApprovalHandler | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self._serial_pool = QThreadPool(self)
        self._serial_pool.setMaxThreadCount(1)
        self._pending = 0
        self._closed = False
        self.finished.connect(self._deliver)

    @property
    def pending(self) -> int:
        """Operations started and not yet delivered back to the GUI thread."""
        return self._pending

    def run(self, operation: Operation[Any]) -> None:
        """Run a read that may overlap other reads."""
        operation.serial = False
        self._start(operation, self._pool)

    def run_serial(self, operation: Operation[Any]) -> None:
        """Run a request that changes the sale, after every one queued before it."""
        operation.serial = True
        self._start(operation, self._serial_pool)

    def _start(self, operation: Operation[Any], pool: QThreadPool) -> None:
        if self._closed:
            logger.info("operation dropped after shutdown label=%s", operation.label)
            return
        operation.queued_at = time.perf_counter()
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        pool.start(_Task(self, operation))

    def _deliver(self, outcome: _Outcome) -> None:
        operation, result, error = outcome.operation, outcome.result, outcome.error
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if self._closed:
            return
        if error is None:
            if operation.on_success is not None:
                operation.on_success(result)
            return
        if (
            error.code == PERMISSION_REQUIRED
            and operation.approvable
            and operation.approval is None
            and self.approval_handler is not None
        ):
            self.approval_handler(error, lambda approval: self._after_approval(operation, error, approval))
            return
        self._fail(operation, error)

    def _after_approval(
        self, operation: Operation[Any], refusal: BackendError, approval: Approval | None
    ) -> None:
        if approval is None:
            self._fail(operation, refusal)
            return
        details = refusal.details
        subject = details.get("subject")
        operation.approval = replace(
            approval,
            permission=str(details.get("permission", "")),
            subject=str(subject) if subject else None,
        )
        if operation.serial:
            self.run_serial(operation)
        else:
            self.run(operation)

    def _fail(self, operation: Operation[Any], error: BackendError) -> None:
        if operation.on_failure is not None:
            operation.on_failure(error)
        else:
            self.errors.show_error(error)

    def shutdown(self, timeout_ms: int = 5000) -> None:
        """Stop accepting operations and wait for the running ones (after the event loop ends)."""
        self._closed = True
        self._serial_pool.waitForDone(timeout_ms)
        self._pool.waitForDone(timeout_ms)
