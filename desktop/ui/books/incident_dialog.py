"""Record a copy lost or damaged, with what the reader paid; the service is called on Save."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_money
from desktop.i18n import _
from desktop.services.books.catalogue import CopyInfo, find_copy_by_code
from desktop.services.books.incidents import mark_found, record_damage, record_loss
from desktop.services.books.loans import LoanEvent
from desktop.store.database import Database
from desktop.ui.activity_dialog import FormDialog, MoneyField
from desktop.ui.database_call import load_on_worker
from desktop.ui.widgets.actions import with_shortcut


class IncidentDialog(FormDialog):
    """Record a copy lost or damaged, with what the reader paid; the service is called on Save."""

    def __init__(self, db: Database, code: str = "", parent: QWidget | None = None, *,
                 today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.saved: LoanEvent | None = None
        self.setWindowTitle(_("Lost, damaged or found book"))
        self.setMinimumWidth(520)
        self.code = QLineEdit(code)
        self.code.setPlaceholderText(_("Accession number on the label"))
        self.code.editingFinished.connect(self._describe)
        self.copy_label = QLabel()
        self.copy_label.setWordWrap(True)
        self.lost = QRadioButton(_("&Lost"))
        self.damaged = QRadioButton(_("&Damaged"))
        self.found = QRadioButton(_("&Found again"))
        self.found.setToolTip(_("A book recorded as lost has turned up: it goes back on the shelf"))
        self.lost.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.lost, self.damaged, self.found):
            group.addButton(button)
        kinds = QWidget()
        kinds_layout = QHBoxLayout(kinds)
        kinds_layout.setContentsMargins(0, 0, 0, 0)
        kinds_layout.addWidget(self.lost)
        kinds_layout.addWidget(self.damaged)
        kinds_layout.addWidget(self.found)
        kinds_layout.addStretch(1)
        self.compensation = MoneyField()
        self.compensation.setToolTip(_("What the reader paid or will pay, in đồng; 0 if nothing"))
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. wet in the rain, torn pages"))
        self.fields = {"code": self.code, "compensation": self.compensation, "note": self.note}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Accession no."), self.code)
        form.addRow("", self.copy_label)
        form.addRow(_("What happened"), kinds)
        form.addRow(_("Compensation (₫)"), self.compensation)
        form.addRow(_("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.save_button.setText(_("Record"))
        self.save_button.setToolTip(with_shortcut(_("Record"), "Enter"))
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(with_shortcut(_("Close without recording"), "Esc"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._describe()
        (self.compensation if code else self.code).setFocus()

    def _describe(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.copy_label.setText(_("Type the accession number of the book."))
            return
        db = self.db

        def describe() -> CopyInfo | UserError:  # a refusal is shown in place of the book
            try:
                return find_copy_by_code(db, code)
            except UserError as error:
                return error
        loaded, copy = load_on_worker(self, describe, what="copy")
        if not loaded or copy is None:
            return
        if isinstance(copy, UserError):
            self.copy_label.setText(copy.message)
            return
        text = copy.label()
        if copy.price:
            text += "\n" + _("Price: {amount}").format(amount=format_money(copy.price))
        self.copy_label.setText(text)

    def accept(self) -> None:
        self.save_once(self._save)

    def _save(self) -> None:
        self.clear_error()
        code = self.code.text().strip()
        try:
            if not code:
                raise ValidationError(_("Type the accession number of the book."), "code")
            try:
                amount = self.compensation.amount() or 0
            except ValueError:
                raise ValidationError(_("Write the compensation as a whole number of đồng, for "
                                        "example 35000."), "compensation") from None
            if amount < 0:
                raise ValidationError(_("The compensation cannot be negative."), "compensation")
            db, note, today = self.db, self.note.text(), self.today
            if self.found.isChecked():
                self.saved = self.on_worker(lambda: mark_found(db, code, note=note, today=today))
            else:
                record = record_loss if self.lost.isChecked() else record_damage
                self.saved = self.on_worker(lambda: record(db, code, compensation=amount, note=note,
                                                           today=today))
        except ValidationError as error:
            self.show_field_error(error.message, error.field or "code")
            return
        except UserError as error:
            self.show_field_error(error.message, "code")
            return
        super().accept()
