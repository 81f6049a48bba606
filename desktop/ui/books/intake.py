"""Nhập sách: the summary accession register's batches, and recording a new batch.

A batch (one line of the sổ đăng ký tổng quát) is recorded in one dialog: where the books come
from, then its lines, each a title (found in the catalogue or entered new) with a number of
copies. Ten copies of one title are one line. Accession numbers (số ĐKCB) are given in sequence
when the batch is saved, and shown at once with the batch's copies.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.accession import Accession, code_ranges
from desktop.services.books.intake import (
    IntakeSummary,
    batch_copies,
    delete_copy,
    source_label,
    summary_register,
)
from desktop.store.database import Database
from desktop.ui.books.intake_dialog import IntakeDialog
from desktop.ui.books.labels import copy_status_label, feedback, money_text
from desktop.ui.database_call import call_on_worker, load_on_worker, save_on_worker
from desktop.ui.messages import confirm
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import action_button, shortcut_action, with_shortcut
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable


def batch_columns() -> list[Column]:
    return [
        Column(_("Entry"), lambda b: b.entry_label, lambda b: (b.entry_year, b.entry_number),
               CENTRE, "000/0000"),
        Column(_("Date"), lambda b: format_date(b.date), lambda b: b.date, CENTRE, "00/00/0000"),
        Column(_("Source"), lambda b: source_label(b.source), width=_("Opening stock")),
        Column(_("Donor or supplier"), lambda b: b.supplier),
        Column(_("Document no."), lambda b: b.document_number, width="BB 12/2026-TV"),
        Column(_("Titles"), lambda b: format_integer(b.titles), lambda b: b.titles, RIGHT, "0000"),
        Column(_("Copies"), lambda b: format_integer(b.copies), lambda b: b.copies, RIGHT, "00000"),
        Column(_("Value"), lambda b: money_text(b.value), lambda b: b.value, RIGHT,
               "00.000.000 ₫"),
    ]


def batch_copy_columns() -> list[Column]:
    return [
        Column(_("Accession no."), lambda c: c.code,
               lambda c: (c.accession_number or 0, c.external_code or ""), RIGHT, "VV.000000"),
        Column(_("Title"), lambda c: c.title),
        Column(_("Authors"), lambda c: c.authors, width="Nguyễn Văn Bộ, Tô Hoài"),
        Column(_("Shelf"), lambda c: c.shelf, width="Kệ C1-00"),
        Column(_("Price"), lambda c: money_text(c.price), lambda c: c.price, RIGHT, "000.000 ₫"),
        Column(_("Status"), copy_status_label, width=_("Returned to the lender")),
    ]


class IntakeTab(Screen):
    """The summary accession register, and new batches with their numbered copies."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self.today = today
        self._all: list[IntakeSummary] = []

        self.new_action = shortcut_action(self, _("New intake"), "Ctrl+N", self.new_intake)
        self.new_button = action_button(_("New intake…"), self.new_action, "newIntake")
        self.year = QComboBox()
        self.year.setObjectName("intakeYear")
        self.year.setToolTip(_("Show the batches of one year"))
        self.year.currentIndexChanged.connect(lambda _index: self._show_batches())
        self.delete_copy_button = QPushButton(_("Delete copy"))
        self.delete_copy_button.setObjectName("deleteCopy")
        self.delete_copy_button.setToolTip(with_shortcut(
            _("Delete a copy entered by mistake (its number is not given again)"), "Del"))
        self.delete_copy_button.clicked.connect(self.delete_current_copy)
        tools = QHBoxLayout()
        title = QLabel(_("Summary accession register"))
        title.setObjectName("screenTitle")
        tools.addWidget(title)
        tools.addStretch(1)
        year_label = QLabel(_("Year:"))
        year_label.setBuddy(self.year)
        tools.addWidget(year_label)
        tools.addWidget(self.year)
        tools.addWidget(self.new_button)

        self.message = QLabel()
        self.message.setObjectName("intakeMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.batches_model = RecordModel(batch_columns(), self)
        self.batches = RecordTable(self.batches_model, "batchTable")
        self.batches.selectionModel().selectionChanged.connect(lambda *_args: self._batch_changed())
        self.empty_label = QLabel(_("No books have been recorded yet. Press Ctrl+N to record a "
                                    "batch of books received (a donation, a purchase or an "
                                    "allocation); rotated batches are imported on the Rotation "
                                    "tab."))
        self.empty_label.setObjectName("intakeEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()
        self.copies_title = QLabel()
        self.copies_title.setObjectName("batchCopiesTitle")
        self.copies_model = RecordModel(batch_copy_columns(), self)
        self.copies = RecordTable(self.copies_model, "batchCopyTable")
        self.copies.delete_requested.connect(self.delete_current_copy)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.batches, 1)
        top_layout.addWidget(self.empty_label, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        copies_row = QHBoxLayout()
        copies_row.addWidget(self.copies_title, 1)
        copies_row.addWidget(self.delete_copy_button)
        bottom_layout.addLayout(copies_row)
        bottom_layout.addWidget(self.copies, 1)
        splitter = list_and_detail([(top, 2), (bottom, 3)])

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.message.hide()

    @staticmethod
    def nav_title() -> str:
        return _("Intake")

    def refresh(self) -> None:
        current = self.batches.current_record()
        self.load(current.id if current else None)

    def focus_start(self) -> None:
        self.batches.setFocus()

    def load(self, select_id: str | None = None) -> None:
        db = self.db
        loaded, batches = load_on_worker(self, lambda: summary_register(db))
        if not loaded or batches is None:
            return
        self._all = batches
        years = sorted({batch.entry_year for batch in self._all}, reverse=True)
        chosen = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(_("All years"), None)
        for year in years:
            self.year.addItem(str(year), year)
        index = self.year.findData(chosen) if chosen is not None else 0
        self.year.setCurrentIndex(max(index, 0))
        self.year.blockSignals(False)
        self._show_batches(select_id)

    def _show_batches(self, select_id: str | None = None) -> None:
        year = self.year.currentData()
        shown = [batch for batch in self._all if year is None or batch.entry_year == year]
        self.batches_model.set_rows(shown)
        row = self.batches_model.row_where(lambda b: b.id == select_id) if select_id else -1
        self.batches.select_row(row if row >= 0 else len(shown) - 1)  # the newest by default
        self.batches.setVisible(bool(shown))
        self.empty_label.setVisible(not shown)
        if not shown:
            self._batch_changed()

    def current_batch(self) -> IntakeSummary | None:
        record = self.batches.current_record()
        return record if isinstance(record, IntakeSummary) else None

    def _batch_changed(self) -> None:
        batch = self.current_batch()
        if batch is None:
            self.copies_model.set_rows([])
            self.copies_title.setText("")
            self.delete_copy_button.setEnabled(False)
            return
        db, batch_id = self.db, batch.id
        try:
            copies = call_on_worker(self, lambda: batch_copies(db, batch_id))
        except UserError:
            copies = []
        current = self.current_batch()
        if current is None or current.id != batch_id:  # chosen again meanwhile: that load
            return  # shows its own
        self.copies_model.set_rows(copies)
        numbers = [Accession(copy.accession_prefix, copy.accession_number, copy.code)
                   for copy in copies if copy.accession_number is not None]
        text = _("Entry {entry} of {date} — {source}: {copies}").format(
            entry=batch.entry_label, date=format_date(batch.date), source=source_label(batch.source),
            copies=ngettext("{count} copy", "{count} copies", len(copies)).format(
                count=format_integer(len(copies))))
        if numbers:
            text += " · " + _("accession numbers {numbers}").format(numbers=code_ranges(numbers))
        self.copies_title.setText(text)
        self.delete_copy_button.setEnabled(bool(copies))

    def new_intake(self) -> None:
        dialog = IntakeDialog(self.db, self, today=self.today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result is not None:
            result = dialog.result
            numbers = code_ranges(result.accession_codes)
            feedback(self.message, _("Recorded entry {entry}: {copies}, accession numbers "
                                     "{numbers}. Write these numbers on the copies.").format(
                entry=result.intake.entry_label,
                copies=ngettext("{count} copy", "{count} copies", len(result.copies)).format(
                    count=format_integer(len(result.copies))),
                numbers=numbers))
            self.message.show()
            self.year.setCurrentIndex(0)
            self.load(result.intake.id)
        self.batches.setFocus()

    def delete_current_copy(self) -> None:
        record = self.copies.current_record()
        if record is None:
            return
        if not confirm(self, _("Delete copy"),
                       _("Delete copy {code} (“{title}”) from the registers? Only a copy entered by "
                         "mistake should be deleted; its accession number is not given again. A "
                         "lost or worn-out copy is weeded instead.").format(
                           code=record.code, title=record.title), _("Delete the copy"),
                       _("Don't delete")):
            return
        db, copy_id = self.db, record.id
        deleted, _none = save_on_worker(self, lambda: delete_copy(db, copy_id), title=_("Delete copy"))
        if not deleted:
            return
        feedback(self.message, _("Deleted copy {code}.").format(code=record.code))
        self.message.show()
        self.refresh()
