"""The days the cabinet was unexpectedly closed (a flood, an illness); read by the loan desk."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.ui.activity_dialog import DateField, FormDialog
from desktop.ui.widgets.actions import with_shortcut


class ClosureDialog(FormDialog):
    """The days the cabinet was unexpectedly closed (a flood, an illness); read by the desk."""

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        today = today or dt.date.today()
        self.setWindowTitle(_("Extend all due dates"))
        self.setMinimumWidth(520)
        explanation = QLabel(_("The cabinet was closed when it should have been open. Every book "
                               "on loan that falls due on or after the first closed day gets as "
                               "many more days as the closure lasted."))
        explanation.setWordWrap(True)
        self.first = DateField(today)
        self.last = DateField(today)
        self.label = QLineEdit()
        self.label.setPlaceholderText(_("e.g. flood, power cut"))
        self.fields = {"first_closed": self.first, "last_closed": self.last, "label": self.label}
        form = QFormLayout()
        form.addRow(_("First closed day"), self.first)
        form.addRow(_("Last closed day"), self.last)
        form.addRow(_("Reason"), self.label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("Continue"))
        ok.setToolTip(with_shortcut(_("Continue"), "Enter"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(with_shortcut(_("Close without changing anything"), "Esc"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.first.setFocus()
        self.first.selectAll()
        self.first_closed: dt.date | None = None
        self.last_closed: dt.date | None = None

    def accept(self) -> None:
        self.clear_error()
        try:
            first = self.read_date("first_closed")
            last = self.read_date("last_closed")
            if first is None:
                raise ValidationError(_("Type the first day the cabinet was closed."), "first_closed")
            if last is None:
                raise ValidationError(_("Type the last day the cabinet was closed."), "last_closed")
            if last < first:
                raise ValidationError(_("A closure ends before it begins."), "last_closed")
        except ValidationError as error:
            self.show_field_error(error.message, error.field)
            return
        self.first_closed, self.last_closed = first, last
        super().accept()
