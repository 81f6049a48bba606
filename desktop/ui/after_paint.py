"""Run something once a widget has painted: what the user waits to see comes first.

Work started while Qt repaints competes with the repaint for Python's interpreter lock (every
Qt call into a Python widget needs it), so the slower steps of a screen wait for its paint.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], object], fallback_ms: int) -> None:
        super().__init__(widget)
        self._widget, self._then, self._done = widget, then, False
        widget.installEventFilter(self)
        QTimer.singleShot(fallback_ms, self, self._fire)  # a widget out of sight never paints

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self, self._fire)  # once this paint is on the screen
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._widget.removeEventFilter(self)
        self._then()
        self.deleteLater()


def call_after_paint(widget: QWidget, then: Callable[[], object], fallback_ms: int = 300) -> None:
    """Call `then` just after `widget` next paints, or after `fallback_ms` if it does not."""
    _AfterPaint(widget, then, fallback_ms)
