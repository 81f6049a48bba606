"""Progress and cancellation for long work, with no Qt: the work function stays testable."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user pressed Cancel; the work stopped before committing anything."""


class Progress:
    """Passed into long work: it reports steps and asks, between steps, whether to stop."""

    def __init__(self, on_report: Callable[[int, int, str], None] | None = None) -> None:
        self._on_report = on_report
        self._cancel = threading.Event()

    def report(self, done: int, total: int, message: str = "") -> None:
        if self._on_report is not None:
            self._on_report(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()
