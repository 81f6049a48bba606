"""A receipt or a payment of the study-promotion fund, new or corrected (with its reason).

Enter saves, Esc closes. A payment that would leave the fund short asks whether it is an advance."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.formatting import DateError, format_date, format_integer, parse_date
from desktop.i18n import _
from desktop.services.society import fund as fund_service
from desktop.services.society.fund import BalanceWouldGoNegative, FundDraft
from desktop.store.database import Database
from desktop.services.society.fund import PAYMENT, PAYMENT_PURPOSES, RECEIPT
from desktop.ui.database_call import call_on_worker, give_back_the_keyboard
from desktop.ui.messages import confirm, show_error


class FundEntryDialog(QDialog):
    def __init__(self, db: Database, kind: str, day: dt.date, parent: QWidget | None = None, *,
                 correcting: str | None = None, draft: FundDraft | None = None) -> None:
        super().__init__(parent)
        self.db, self.kind, self.correcting = db, kind, correcting
        self.saved_id: str | None = None
        self.saving = False
        receipt = kind == RECEIPT
        if correcting:
            self.setWindowTitle(_("Correct a receipt") if receipt else _("Correct a payment"))
        else:
            self.setWindowTitle(_("New receipt") if receipt else _("New payment"))
        self.date_box = QLineEdit(format_date(draft.date if draft else day))
        self.date_box.setPlaceholderText("dd/mm/yyyy")
        self.party_box = QLineEdit(draft.party if draft else "")
        self.party_box.setObjectName("party")
        self.amount_box = QLineEdit(format_integer(draft.amount) if draft else "")
        self.amount_box.setObjectName("amount")
        self.amount_box.setPlaceholderText(_("in đồng, e.g. 1.500.000"))
        self.in_kind_box = QLineEdit(draft.in_kind if draft else "")
        self.in_kind_box.setPlaceholderText(_("empty for money; else what was given (its value as the amount)"))
        self.purpose_box = QLineEdit(draft.purpose if draft else "")
        self.category_box = QComboBox()
        for key in PAYMENT_PURPOSES:
            self.category_box.addItem(fund_service.category_label(key), key)
        if draft and draft.category in PAYMENT_PURPOSES:
            self.category_box.setCurrentIndex(PAYMENT_PURPOSES.index(draft.category))
        self.decision_box = QLineEdit(draft.decision_number if draft else "")
        self.decision_box.setPlaceholderText(_("e.g. 12/QĐ-HKH"))
        self.reason_box = QLineEdit()
        self.reason_box.setObjectName("reason")
        form = QFormLayout()
        form.addRow(_("Date"), self.date_box)
        form.addRow(_("Donor") if receipt else _("Paid to (person or group)"), self.party_box)
        form.addRow(_("Amount (đồng)"), self.amount_box)
        if receipt:
            form.addRow(_("In kind"), self.in_kind_box)
        else:
            form.addRow(_("For"), self.category_box)
            form.addRow(_("Decision number"), self.decision_box)
        form.addRow(_("Purpose"), self.purpose_box)
        if correcting:
            form.addRow(_("Why corrected"), self.reason_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close without saving"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if correcting:
            note = QLabel(_("The entry as it was stays in the ledger's history, with this correction and when "
                            "it was made."))
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.party_box.setFocus()

    def draft(self) -> FundDraft:
        try:
            day = parse_date(self.date_box.text())
        except DateError as error:
            raise ValidationError(error.message, "date") from None
        if day is None:
            raise ValidationError(_("Enter the date."), "date")
        amount = fund_service.parse_amount(self.amount_box.text())
        receipt = self.kind == RECEIPT
        return FundDraft(self.kind, day, self.party_box.text(), amount,
                         in_kind=self.in_kind_box.text() if receipt else "", purpose=self.purpose_box.text(),
                         category="" if receipt else self.category_box.currentData(),
                         decision_number="" if receipt else self.decision_box.text())

    def save(self, *, as_advance: bool = False) -> None:
        """Saved on the database worker; a second OK or Enter while it waits saves nothing more."""
        if self.saving:
            return
        self.saving = True
        try:
            self._save(as_advance=as_advance)
        finally:
            self.saving = False

    def _save(self, *, as_advance: bool) -> None:
        db, correcting, reason = self.db, self.correcting, self.reason_box.text()
        try:
            draft = self.draft()
            if correcting:
                self.saved_id = call_on_worker(self, lambda: fund_service.correct_entry(
                    db, correcting, draft, reason, as_advance=as_advance))
            else:
                self.saved_id = call_on_worker(self, lambda: fund_service.record_entry(
                    db, draft, as_advance=as_advance))
        except BalanceWouldGoNegative as short:
            if not as_advance and self.kind == PAYMENT and confirm(
                    self, _("The fund would be short"), short.message + "\n\n" + _("Record it as an advance?"),
                    _("Record as an advance"), _("Don't record")):
                self._save(as_advance=True)
            elif not as_advance:
                show_error(self, short)
            return
        except Exception as error:  # noqa: BLE001 - refused, or the file could not take it: said
            show_error(self, error)
            field = getattr(error, "field", None)
            box = {"date": self.date_box, "party": self.party_box, "amount": self.amount_box,
                   "reason": self.reason_box}.get(field or "")
            if box is not None:
                box.setFocus()
                box.selectAll()
            return
        self.accept()
        give_back_the_keyboard(self)
