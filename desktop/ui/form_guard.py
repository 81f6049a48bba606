"""Forms that ask before Esc, Cancel or the close button throw typed entries away.

Every form dialog derives from GuardedDialog. What the form holds when it first shows is kept;
closing it without saving asks only if that has changed, so an untouched form closes at once.
Its save runs on the database worker (database_call.py); while it waits there, a second Enter
saves nothing more and Esc does not close the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.i18n import _
from desktop.ui.database_call import call_on_worker
from desktop.ui.messages import confirm

T = TypeVar("T")


def widget_value(widget: QWidget) -> object:
    """What a user can change in one input widget; None for widgets that hold no entry."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


class GuardedDialog(QDialog):
    """A form dialog: closing it without saving asks first when something was typed or chosen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._opened_with: object = None
        self.saving = False

    def form_state(self) -> object:
        """Everything the user can change, in a comparable form."""
        values = [widget_value(widget) for widget in self.findChildren(QWidget)]
        return tuple(value for value in values if value is not None), self.extra_state()

    def extra_state(self) -> object:
        """Entries held outside input widgets (the lines of a batch): for subclasses."""
        return None

    def has_unsaved_changes(self) -> bool:
        return self._opened_with is not None and self.form_state() != self._opened_with

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._opened_with is None:  # the form as loaded: its record, or its defaults
            self._opened_with = self.form_state()

    def make_room(self) -> None:
        """Grow to show a message that has just appeared in full (a wrapped error line under a
        field): a shown dialog keeps its height, and Qt gives the new lines no room otherwise."""
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        needed = (layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        if needed > self.height():
            self.resize(self.width(), needed)

    def save_once(self, save: Callable[[], object]) -> None:
        """Run the form's save handler, unless one is already under way (a second Enter or
        click while the first save waits for the database worker)."""
        if self.saving:
            return
        self.saving = True
        try:
            save()
        finally:
            self.saving = False

    def on_worker(self, call: Callable[[], T]) -> T:
        """A service call of the save (or of the form's loading), run on the database worker."""
        return call_on_worker(self, call)

    def reject(self) -> None:
        """Esc, Cancel and the close button all come here."""
        if self.saving:  # the save decides whether the form closes
            return
        if self.has_unsaved_changes() and not confirm(
                self, _("Close without saving?"),
                _("What you typed in this form has not been saved. Close it and lose the entries?"),
                _("Close without saving"), _("Keep editing")):
            return
        super().reject()
