"""Receiving a rotated batch from the provincial library: its list read, checked row by row, recorded.

The import-preview parts (widgets/import_preview.py: file row, reading with its problems said,
the preview and its summary) around the batch's own form, recorded when the form is confirmed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.services.books.intake import IntakeSummary
from desktop.services.books.rotation import (
    RotationBatchInput,
    RotationList,
    import_rotation_batch,
    read_rotation_list,
)
from desktop.store.database import Database
from desktop.ui.activity_dialog import DateField, FormDialog, MoneyField
from desktop.ui.books.labels import OVERDUE_COLOUR
from desktop.ui.list_file import ListFileRow, ask_for_list, fit_to_screen
from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.widgets.import_preview import (
    PreviewBox,
    copies_text,
    import_copies_label,
    preview_summary,
    read_or_explain,
)
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable


ROTATION_MONTHS = 6  # the longest a batch may stay at one point


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def preview_columns() -> list[Column]:
    return [
        Column(_("Row"), lambda r: str(r.row_number), lambda r: r.row_number, CENTRE, "0000"),
        Column(_("Result"), lambda r: _("Rejected") if r.errors else _("Will be imported"),
               width=_("Will be imported")),
        Column(_("Lender's code"), lambda r: ", ".join(r.codes), width="VV.000000, VV.000000"),
        Column(_("Title"), lambda r: r.title.title if r.title else ""),
        Column(_("Copies"), lambda r: format_integer(r.copies), lambda r: r.copies, RIGHT, "000"),
        Column(_("Why"), lambda r: "; ".join(r.errors), width="x" * 40),
    ]


class RotationImportDialog(FormDialog):
    """Import the lender's list as a rotated batch; `result` is its register line after Import."""

    def __init__(self, db: Database, parent: QWidget | None = None, *,
                 path: str | Path | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today
        self.listing: RotationList | None = None
        self.result: IntakeSummary | None = None
        self.setWindowTitle(_("Import a rotated batch"))
        fit_to_screen(self, parent, (880, 540), (1200, 700))

        file_row = ListFileRow(self, _("Choose the lender's list (.xlsx or .csv)"), self.choose_file)
        self.path_edit, self.choose_button = file_row.path_edit, file_row.choose_button

        start = today or dt.date.today()
        self.lender = QLineEdit()
        self.lender.setObjectName("rotationLender")
        self.lender.setMaxLength(200)
        self.lender.setPlaceholderText(_("For example: Thư viện tỉnh Sơn La"))
        self.date = DateField(start)
        self.date.setObjectName("rotationDate")
        self.return_by = DateField(add_months(start, ROTATION_MONTHS))
        self.return_by.setObjectName("rotationReturnBy")
        self.return_by.setToolTip(_("The date in the handover minutes; a batch stays at most "
                                    "six months"))
        self.document = QLineEdit()
        self.document.setObjectName("rotationDocument")
        self.document.setMaxLength(100)
        self.document.setPlaceholderText(_("Handover minutes no."))
        self.value = MoneyField()
        self.value.setPlaceholderText(_("Sum of the prices"))
        box = QGroupBox(_("The batch"))
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        for r, c, caption, widget in ((0, 0, _("Lending library *"), self.lender),
                                      (0, 1, _("Handover minutes no."), self.document),
                                      (1, 0, _("Received on *"), self.date),
                                      (1, 1, _("Return by *"), self.return_by),
                                      (2, 0, _("Value (₫)"), self.value)):
            label = QLabel(caption)
            label.setBuddy(widget)
            grid.addWidget(label, r, c * 2)
            grid.addWidget(widget, r, c * 2 + 1)
        self.fields = {"supplier": self.lender, "date": self.date, "return_by": self.return_by,
                       "document_number": self.document, "value": self.value}

        self.warnings = QLabel()
        self.warnings.setObjectName("rotationWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("background: #fff3c4; padding: 6px; border: 1px solid #e0c36a;")
        self.warnings.hide()
        self.model = RecordModel(preview_columns(), self,
                                 background=lambda r: OVERDUE_COLOUR if r.errors else None,
                                 tooltip=lambda r: "\n".join(r.errors) or None)
        self.table = RecordTable(self.model, "rotationPreview")
        preview_box = PreviewBox(self.table, "rotationSummary")
        self.summary = preview_box.summary

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setObjectName("importButton")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(_("Cancel"))
        cancel.setToolTip(with_shortcut(_("Close without saving"), "Esc"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(box)
        layout.addWidget(self.warnings)
        layout.addWidget(preview_box, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self._update_import_button()
        if path is not None:
            self.load_file(path)
        self.lender.setFocus()

    def choose_file(self) -> None:
        name = ask_for_list(self, _("Choose the lender's list"),
                            self.listing.path if self.listing else None)
        if name:
            self.load_file(name)

    def load_file(self, path: str | Path) -> None:
        """Read and check the list; nothing is saved."""
        self.path_edit.setText(str(path))
        self.clear_error()
        self.listing = read_or_explain(self, lambda: read_rotation_list(path, today=self.today),
                                       lambda message: self.show_field_error(message, None))
        listing = self.listing
        self.model.set_rows(listing.rows if listing else [])
        if listing is None:
            self.summary.clear()
            self.warnings.hide()
        else:
            self.summary.setText(preview_summary(len(listing.rows), len(listing.accepted),
                                                 len(listing.problems), copies_text(listing.copies)))
            self.warnings.setText("\n".join(listing.warnings))
            self.warnings.setVisible(bool(listing.warnings))
        self._update_import_button()

    def _update_import_button(self) -> None:
        copies = self.listing.copies if self.listing else 0
        self.import_button.setText(import_copies_label(copies))
        self.import_button.setToolTip(_("Record the batch; its copies are received by scanning"))
        self.import_button.setEnabled(bool(copies))

    def accept(self) -> None:
        if self.listing is None:
            self.clear_error()
            self.show_field_error(_("Choose the lender's list first (Ctrl+O)."), None)
            return
        self.save_and_close(self._record)

    def _record(self) -> None:
        assert self.listing is not None
        date = self.read_date("date")
        return_by = self.read_date("return_by")
        try:
            value = self.value.amount()
        except ValueError:
            raise ValidationError(_("Write the value in đồng, for example 1.500.000."),
                                  "value") from None
        if date is None:
            raise ValidationError(_("Enter the date the books were received."), "date")
        if return_by is None:
            raise ValidationError(_("Enter the date the rotated books must be returned by."),
                                  "return_by")
        batch = RotationBatchInput(date=date, lender=self.lender.text(), return_by=return_by,
                                   document_number=self.document.text(), value=value)
        db, listing, today = self.db, self.listing, self.today
        self.result = self.on_worker(lambda: import_rotation_batch(db, batch, listing, today=today))
