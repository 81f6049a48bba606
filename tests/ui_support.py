"""Helpers the window tests share."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

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


@contextlib.contextmanager
def answering_box(button: str) -> Iterator[list[str]]:
    """Click `button` of the next message box shown (a nested exec() blocks the test meanwhile,
    so a timer looks for it); the texts of the boxes answered are yielded."""
    texts: list[str] = []
    done = {"over": False}

    def poll() -> None:
        if done["over"]:
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible() and widget.text() not in texts:
                texts.append(widget.text())
                buttons = {item.text(): item for item in widget.buttons()}
                assert button in buttons, list(buttons)
                buttons[button].click()
                return
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    try:
        yield texts
    finally:
        done["over"] = True
    assert texts, "no question was asked"
