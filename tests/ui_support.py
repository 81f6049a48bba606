"""Helpers the window tests share."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def show_ready(qtbot, widget: W, width: int, height: int) -> W:  # type: ignore[no-untyped-def]
    """The screen shown and active at its share of a 1366×768 window, filled, keyboard in place."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=5000)
    widget.refresh()  # type: ignore[attr-defined]
    widget.focus_start()  # type: ignore[attr-defined]
    return widget
