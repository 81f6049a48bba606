"""What the sync screens' tests share: an office's key file, and answering modal dialogs."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog, QWidget

OFFICE_NAME = "Sở GD&ĐT Sơn La"


def make_office_key(folder: Path, name: str = OFFICE_NAME) -> Path:
    """A real office database's public key file, as the office hands it over."""
    from desktop.services.sync.keys import export_own_key
    from desktop.services.sync.mode import setup_office
    from desktop.store.database import open_database

    office = open_database(folder / "office.sqlite")
    try:
        setup_office(office, level="province", name=name, code="14")
        path = folder / "office.clckey"
        export_own_key(office, path)
    finally:
        office.close()
    return path


Handler = Callable[[QWidget], None]


@contextlib.contextmanager
def answering(*expected: tuple[type[QWidget], Handler], timeout: float = 20) -> Iterator[list[str]]:
    """Answer the modal dialogs the block opens, in order, with their handlers (exec() blocks,
    so they run from a timer). Yields the texts of the message boxes seen. A dialog nobody
    expected is closed and fails the test, as does one that never came."""
    queue = list(expected)
    texts: list[str] = []
    state: dict[str, object] = {"error": None, "over": False, "unexpected": []}
    handled: list[QWidget] = []
    deadline = time.monotonic() + timeout

    def close(widget: QWidget) -> None:
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()

    def poll() -> None:
        if state["over"]:
            return
        widget = QApplication.activeModalWidget()
        fresh = (widget is not None and widget.isVisible() and not isinstance(widget, QProgressDialog)
                 and all(widget is not seen for seen in handled))
        if fresh:
            assert widget is not None
            handled.append(widget)
            if isinstance(widget, QMessageBox):
                texts.append(widget.text() + "\n" + widget.informativeText())
            if queue and isinstance(widget, queue[0][0]):
                _kind, handler = queue.pop(0)
                try:
                    handler(widget)
                except BaseException as error:  # noqa: BLE001 - raised after the block
                    state["error"] = state["error"] or error
                    close(widget)
            else:
                state["unexpected"].append(type(widget).__name__)  # type: ignore[attr-defined]
                close(widget)
        elif widget is not None and time.monotonic() > deadline and not isinstance(widget, QProgressDialog):
            state["error"] = state["error"] or AssertionError(f"{type(widget).__name__} still open")
            close(widget)
        QTimer.singleShot(10, poll)

    QTimer.singleShot(0, poll)
    try:
        yield texts
    finally:
        state["over"] = True
    if state["error"] is not None:
        raise state["error"]  # type: ignore[misc]
    assert not state["unexpected"], f"unexpected dialogs: {state['unexpected']}, texts {texts}"
    assert not queue, f"dialogs never opened: {[kind.__name__ for kind, _handler in queue]}"


def click(text: str) -> Handler:
    """Click the message box button with this text."""

    def handler(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        buttons = {button.text(): button for button in box.buttons()}
        assert text in buttons, f"{text!r} not in {list(buttons)}"
        buttons[text].click()

    return handler


def shown(label: QWidget) -> str:
    """A label's text as the user reads it (rich text without its tags and entities)."""
    from PySide6.QtGui import QTextDocument

    document = QTextDocument()
    document.setHtml(label.text())  # type: ignore[attr-defined]
    return document.toPlainText()
