"""Progress and cancellation for long work, with no Qt: the work function stays testable."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user pressed Cancel; the work stopped before committing anything."""


class Progress:
    """Passed into long work: it reports steps and asks, between steps, whether to stop.

    One protocol for every long job (imports, printing, demos, sync, reports): the work calls
    `report(done, total, message)` and `check()` (or reads `cancelled`) between steps; whoever
    started it (a progress dialog, the CLI's bar, a test) listens and may `cancel()`.
    """

    def __init__(self, on_report: Callable[[int, int, str], None] | None = None, *,
                 stop_when: Callable[[], bool] | None = None) -> None:
        self._on_report = on_report
        self._stop_when = stop_when
        self._cancel = threading.Event()

    @classmethod
    def of(cls, report: Callable[[int, int], None] | None = None,
           stop_when: Callable[[], bool] | None = None) -> Progress:
        """From the plain callables older callers pass: report(done, total), stop_when()."""
        return cls(None if report is None else lambda done, total, _message: report(done, total),
                   stop_when=stop_when)

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._on_report is not None:
            self._on_report(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        if not self._cancel.is_set() and self._stop_when is not None and self._stop_when():
            self._cancel.set()
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self.cancelled:
            raise Cancelled()


ReportCallback = Callable[[int, int], None]
"""The plain report(done, total) callable some older callers still pass."""


def as_progress(progress: Progress | ReportCallback | None,
                cancel: Callable[[], bool] | None = None) -> Progress:
    """The one Progress protocol, also from the report and cancel callables older callers pass."""
    if isinstance(progress, Progress):
        return progress
    return Progress.of(progress, cancel)
