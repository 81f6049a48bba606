"""Luân chuyển: batches lent by the provincial library, from the lender's list to the handover.

Import the lender's Excel list with the batch's dates; scan each copy as it is unpacked; the
return-by date counts down; recall the copies still on loan; scan each copy as it is packed to
go back; the losses and damage go into the handover minutes; close the batch.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.catalogue import CopyInfo
from desktop.services.books.intake import batch_copies
from desktop.services.books.loan_lists import LoanInfo
from desktop.services.books.rotation import (
    RotationBatchInfo,
    RotationHandover,
    RotationScan,
    batch_info,
    close_rotation_batch,
    handover_list,
    recall_list,
    receive_all,
    receive_copy,
    rotation_batches,
    send_back_copy,
)
from desktop.store.database import Database
from desktop.ui.books.desk_turns import DeskTurns
from desktop.ui.books.labels import (
    OVERDUE_COLOUR,
    SOON_COLOUR,
    copy_status_label,
    feedback,
    money_text,
)
from desktop.ui.books.rotation_import_dialog import RotationImportDialog
from desktop.ui.database_call import call_on_worker, load_on_worker, save_on_worker
from desktop.ui.messages import confirm, show_error
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import action_button, shortcut_action, with_shortcut
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import RecordTable
from desktop.ui.widgets.search_box import SearchBox


SOON_DAYS = 14  # a batch due within two weeks is highlighted


def _scanned(db: Database, sending: bool, intake_id: str, code: str,
             today: dt.date | None) -> tuple[RotationScan, RotationBatchInfo]:
    """A copy received from the lender (or sent back to it), and its batch as it now stands."""
    if sending:
        scan = send_back_copy(db, intake_id, code, today=today)
    else:
        scan = receive_copy(db, intake_id, code)
    return scan, batch_info(db, intake_id, today=today)


def countdown_text(batch: RotationBatchInfo) -> str:
    """Days left before the batch must go back, in words."""
    if batch.returned_on is not None:
        return _("returned {date}").format(date=format_date(batch.returned_on))
    if batch.days_left < 0:
        return ngettext("{count} day overdue", "{count} days overdue", -batch.days_left).format(
            count=format_integer(-batch.days_left))
    if batch.days_left == 0:
        return _("due today")
    return ngettext("{count} day left", "{count} days left", batch.days_left).format(
        count=format_integer(batch.days_left))


def batch_colour(batch: RotationBatchInfo) -> QColor | None:
    if batch.returned_on is not None:
        return None
    if batch.days_left < 0:
        return OVERDUE_COLOUR
    if batch.days_left <= SOON_DAYS:
        return SOON_COLOUR
    return None


def batch_columns() -> list[Column]:
    return [
        Column(_("Entry"), lambda b: b.intake.entry_label,
               lambda b: (b.intake.entry_year, b.intake.entry_number), CENTRE, "000/0000"),
        Column(_("Lender"), lambda b: b.lender),
        Column(_("Received"), lambda b: format_date(b.intake.date), lambda b: b.intake.date,
               CENTRE, "00/00/0000"),
        Column(_("Return by"), lambda b: format_date(b.return_by), lambda b: b.return_by, CENTRE,
               "00/00/0000"),
        Column(_("Countdown"), countdown_text, lambda b: b.days_left, CENTRE,
               _("{count} days overdue").format(count=888)),
        Column(_("Not received"), lambda b: format_integer(b.expected), lambda b: b.expected,
               RIGHT, "0000"),
        Column(_("Here"), lambda b: format_integer(b.in_stock), lambda b: b.in_stock, RIGHT,
               "0000"),
        Column(_("On loan"), lambda b: format_integer(b.on_loan), lambda b: b.on_loan, RIGHT,
               "0000"),
        Column(_("Sent back"), lambda b: format_integer(b.sent_back), lambda b: b.sent_back,
               RIGHT, "0000"),
        Column(_("Lost"), lambda b: format_integer(b.lost), lambda b: b.lost, RIGHT, "0000"),
    ]


def copy_columns() -> list[Column]:
    return [
        Column(_("Lender's code"), lambda c: c.code, width="VV.000000"),
        Column(_("Title"), lambda c: c.title),
        Column(_("Status"), copy_status_label, width=_("Returned to the lender")),
        Column(_("Shelf"), lambda c: c.shelf, width="Kệ C1"),
    ]


def recall_columns() -> list[Column]:
    return [
        Column(_("Reader"), lambda r: r.reader_name, width="Nguyễn Thị Thu Hương"),
        Column(_("Card"), lambda r: r.card_code, width="BD00000"),
        Column(_("Village"), lambda r: r.village, width="Bản Pá Khoang"),
        Column(_("Lender's code"), lambda r: r.copy_code, width="VV.000000"),
        Column(_("Title"), lambda r: r.title),
        Column(_("Due"), lambda r: format_date(r.due_on), lambda r: r.due_on, CENTRE,
               "00/00/0000"),
    ]


class HandoverLine:
    """A line of the losses-and-damage list: what happened, the copy, compensation, note."""

    def __init__(self, kind: str, copy: CopyInfo, compensation: int | None, note: str) -> None:
        self.kind, self.copy, self.compensation, self.note = kind, copy, compensation, note


def handover_columns() -> list[Column]:
    return [
        Column(_("What"), lambda h: h.kind, width=_("Not yet sent back")),
        Column(_("Lender's code"), lambda h: h.copy.code, width="VV.000000"),
        Column(_("Title"), lambda h: h.copy.title),
        Column(_("Compensation"), lambda h: money_text(h.compensation), lambda h: h.compensation,
               RIGHT, "000.000 ₫"),
        Column(_("Note"), lambda h: h.note, width="x" * 22),
    ]


class RotationTab(Screen):
    """Rotated batches with their countdown, scanning in and out, recall and handover lists."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self.today = today
        self.turns = DeskTurns(self)  # a scanner's codes saved one at a time, in the order scanned

        self.import_action = shortcut_action(self, _("Import a rotated batch"), "Ctrl+I",
                                           self.import_batch)
        self.receive_action = shortcut_action(self, _("Scan to receive"), "Ctrl+R",
                                            lambda: self._focus_box(self.receive_box))
        self.send_action = shortcut_action(self, _("Scan to send back"), "Ctrl+B",
                                         lambda: self._focus_box(self.send_box))
        title = QLabel(_("Rotated batches"))
        title.setObjectName("screenTitle")
        title.setWordWrap(True)  # in the narrow list pane a longer language takes two lines
        self.show_returned = QCheckBox(_("Show returned batches"))
        self.show_returned.setObjectName("showReturned")
        self.show_returned.toggled.connect(lambda _on: self.refresh())
        self.import_button = action_button(_("Import a list…"), self.import_action, "importRotation")
        self.receive_all_button = QPushButton(_("Receive all"))
        self.receive_all_button.setObjectName("receiveAll")
        self.receive_all_button.setToolTip(_("Mark every copy still expected as received (when "
                                             "the list was ticked by hand)"))
        self.receive_all_button.clicked.connect(self.receive_all)
        self.close_button = QPushButton(_("Close the batch…"))
        self.close_button.setObjectName("closeBatch")
        self.close_button.setToolTip(_("Record that the batch went back to the lender"))
        self.close_button.clicked.connect(self.close_batch)
        tools = QHBoxLayout()
        tools.addWidget(title)
        tools.addStretch(1)
        tools.addWidget(self.show_returned)
        for button in (self.import_button, self.receive_all_button, self.close_button):
            tools.addWidget(button)

        self.message = QLabel()
        self.message.setObjectName("rotationMessage")
        self.message.setWordWrap(True)
        self.batches_model = RecordModel(batch_columns(), self, background=batch_colour)
        self.batches = RecordTable(self.batches_model, "rotationBatches")
        self.batches.selectionModel().selectionChanged.connect(lambda *_args: self._batch_changed())
        self.empty_label = QLabel(_("No rotated batch is here. When the provincial library lends "
                                    "a batch, import its list with Ctrl+I, then scan each copy "
                                    "as you unpack it."))
        self.empty_label.setObjectName("rotationEmpty")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.hide()

        # -- scanning --------------------------------------------------------------------------------
        self.receive_box = SearchBox()
        self.receive_box.setObjectName("receiveScan")
        self.receive_box.setPlaceholderText(_("Scan or type the lender's code"))
        self.receive_box.setToolTip(with_shortcut(_("Receive a copy of the selected batch: scan "
                                                    "it and press Enter"), "Ctrl+R"))
        self.receive_box.returnPressed.connect(self.receive_scanned)
        self.send_box = SearchBox()
        self.send_box.setObjectName("sendBackScan")
        self.send_box.setPlaceholderText(_("Scan or type the lender's code"))
        self.send_box.setToolTip(with_shortcut(_("Send a copy back to the lender: scan it and "
                                                 "press Enter"), "Ctrl+B"))
        self.send_box.returnPressed.connect(self.send_back_scanned)
        self.scan_result = QLabel()
        self.scan_result.setObjectName("scanResult")
        self.scan_result.setWordWrap(True)
        self.scan_result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.batch_counts = QLabel()
        self.batch_counts.setObjectName("batchCounts")
        self.batch_counts.setWordWrap(True)
        scan_box = QGroupBox(_("Scan"))
        scan_layout = QVBoxLayout(scan_box)
        receive_label = QLabel(_("Receive (unpacking the batch):"))
        receive_label.setBuddy(self.receive_box)
        send_label = QLabel(_("Send back (packing the batch):"))
        send_label.setBuddy(self.send_box)
        scan_layout.addWidget(receive_label)
        scan_layout.addWidget(self.receive_box)
        scan_layout.addWidget(send_label)
        scan_layout.addWidget(self.send_box)
        scan_layout.addWidget(self.scan_result, 1)
        scan_layout.addWidget(self.batch_counts)
        scan_box.setMinimumWidth(300)
        scan_box.setMaximumWidth(360)

        # -- the batch's lists -------------------------------------------------------------------------
        self.copies_model = RecordModel(copy_columns(), self)
        self.copies = RecordTable(self.copies_model, "rotationCopies")
        self.recall_model = RecordModel(recall_columns(), self)
        self.recall = RecordTable(self.recall_model, "recallList")
        self.handover_model = RecordModel(handover_columns(), self)
        self.handover = RecordTable(self.handover_model, "handoverList")
        self.handover_summary = QLabel()
        self.handover_summary.setObjectName("handoverSummary")
        self.handover_summary.setWordWrap(True)
        handover_page = QWidget()
        handover_layout = QVBoxLayout(handover_page)
        handover_layout.setContentsMargins(0, 4, 0, 0)
        handover_layout.addWidget(self.handover_summary)
        handover_layout.addWidget(self.handover, 1)
        self.details = QTabWidget()
        self.details.setObjectName("rotationDetails")
        self.details.addTab(self.copies, _("Copies of the batch"))
        self.details.addTab(self.recall, _("Recall list"))
        self.details.addTab(handover_page, _("Losses and damage"))

        lower = QWidget()
        lower_layout = QHBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(scan_box)
        lower_layout.addWidget(self.details, 1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.batches, 1)
        top_layout.addWidget(self.empty_label, 1)
        splitter = list_and_detail([(top, 1), (lower, 3)])

        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.message)
        layout.addWidget(splitter, 1)
        self.message.hide()
        self.setTabOrder(self.receive_box, self.send_box)
        self._batch_changed()

    @staticmethod
    def nav_title() -> str:
        return _("Rotation")

    # -- loading ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        current = self.current_batch()
        self.load(current.intake.id if current else None)

    def focus_start(self) -> None:
        if self.current_batch() is not None:
            self._focus_box(self.receive_box if self.current_batch().expected  # type: ignore[union-attr]
                            else self.send_box)
        else:
            self.batches.setFocus()

    def _focus_box(self, box: QLineEdit) -> None:
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()

    def load(self, select_id: str | None = None) -> None:
        db, today, include_returned = self.db, self.today, self.show_returned.isChecked()
        loaded, batches = load_on_worker(self, lambda: rotation_batches(
            db, today=today, include_returned=include_returned))
        if not loaded or batches is None:
            return
        self.batches_model.set_rows(batches)
        row = self.batches_model.row_where(lambda b: b.intake.id == select_id) if select_id else -1
        self.batches.select_row(row if row >= 0 else 0)
        self.batches.setVisible(bool(batches))
        self.empty_label.setVisible(not batches)
        self._batch_changed()

    def current_batch(self) -> RotationBatchInfo | None:
        record = self.batches.current_record()
        return record if isinstance(record, RotationBatchInfo) else None

    def _batch_changed(self) -> None:
        batch = self.current_batch()
        has = batch is not None
        open_batch = has and batch.returned_on is None  # type: ignore[union-attr]
        for widget in (self.receive_box, self.send_box, self.close_button):
            widget.setEnabled(bool(open_batch))
        self.receive_all_button.setEnabled(bool(open_batch and batch.expected))  # type: ignore[union-attr]
        if batch is None:
            for model in (self.copies_model, self.recall_model, self.handover_model):
                model.set_rows([])
            self.batch_counts.clear()
            self.handover_summary.clear()
            return
        self._show_lists(batch)

    def _show_lists(self, batch: RotationBatchInfo) -> None:
        db, intake_id, today = self.db, batch.intake.id, self.today

        def lists() -> tuple[list[CopyInfo], list[LoanInfo], RotationHandover]:
            return (batch_copies(db, intake_id), recall_list(db, intake_id=intake_id, today=today),
                    handover_list(db, intake_id, today=today))

        try:
            copies, recall, minutes = call_on_worker(self, lists)
        except UserError as error:
            feedback(self.message, error.message, ok=False)
            self.message.show()
            return
        current = self.current_batch()
        if current is None or current.intake.id != intake_id:  # chosen again meanwhile: that
            return  # load shows its own
        self.copies_model.set_rows(copies)
        self.recall_model.set_rows(recall)
        lines = [HandoverLine(_("Lost"), copy, amount, note) for copy, amount, note in minutes.lost]
        lines += [HandoverLine(_("Damaged"), copy, amount, note)
                  for copy, amount, note in minutes.damaged]
        lines += [HandoverLine(_("On loan") if copy.on_loan else _("Not yet sent back"), copy,
                               None, "") for copy in minutes.not_returned]
        lines += [HandoverLine(_("Never received"), copy, None, "")
                  for copy in minutes.never_received]
        self.handover_model.set_rows(lines)
        compensation = sum(amount for _copy, amount, _note in (*minutes.lost, *minutes.damaged))
        self.handover_summary.setText(_(
            "For the handover minutes: {sent} sent back, {lost} lost, {damaged} damaged "
            "(compensation collected {money}), {left} not yet sent back.").format(
            sent=format_integer(len(minutes.sent_back)), lost=format_integer(len(minutes.lost)),
            damaged=format_integer(len(minutes.damaged)), money=money_text(compensation),
            left=format_integer(len(minutes.not_returned) + len(minutes.never_received))))
        self.details.setTabText(1, _("Recall list ({count})").format(
            count=format_integer(len(recall))))
        self.batch_counts.setText(_(
            "{lender}, return by {date} ({countdown}).\nNot received {expected} · here "
            "{here} · on loan {loan} · sent back {sent} · lost {lost}").format(
            lender=batch.lender, date=format_date(batch.return_by), countdown=countdown_text(batch),
            expected=format_integer(batch.expected), here=format_integer(batch.in_stock),
            loan=format_integer(batch.on_loan), sent=format_integer(batch.sent_back),
            lost=format_integer(batch.lost)))

    def _reload_batch(self, intake_id: str, info: RotationBatchInfo | None = None) -> None:
        """Refresh the selected batch's line and lists after a scan, keeping the focus."""
        if info is None:
            db, today = self.db, self.today
            try:
                info = self.turns.on_worker(lambda: batch_info(db, intake_id, today=today))
            except UserError:
                self.refresh()
                return
        row = self.batches_model.row_where(lambda b: b.intake.id == intake_id)
        if row >= 0:
            records = self.batches_model.records()
            records[row] = info
            self.batches_model.set_rows(records)
            self.batches.select_row(self.batches_model.row_where(lambda b: b.intake.id == intake_id))
        self._show_lists(info)
        self.receive_all_button.setEnabled(bool(info.expected and info.returned_on is None))

    # -- scanning ---------------------------------------------------------------------------------------
    def receive_scanned(self) -> None:
        self._scan(self.receive_box, sending=False)

    def send_back_scanned(self) -> None:
        self._scan(self.send_box, sending=True)

    def _scan(self, box: QLineEdit, *, sending: bool) -> None:
        code = box.text().strip()
        batch = self.current_batch()
        if not code or batch is None:
            return
        box.selectAll()  # the next scan replaces the code, even while this one is saved
        self.turns.in_turn(lambda: self._save_scan(box, batch.intake.id, code, sending=sending))

    def _save_scan(self, box: QLineEdit, intake_id: str, code: str, *, sending: bool) -> None:
        db, today = self.db, self.today
        try:
            scan, info = self.turns.on_worker(lambda: _scanned(db, sending, intake_id, code, today))
        except UserError as error:
            feedback(self.scan_result, error.message, ok=False)
        else:
            feedback(self.scan_result, scan.message, ok=not scan.already)
            self._reload_batch(intake_id, info)
        if box.text().strip() == code:
            box.selectAll()
        box.setFocus()

    # -- actions ------------------------------------------------------------------------------------------
    def import_batch(self) -> None:
        dialog = RotationImportDialog(self.db, self, today=self.today)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result is not None:
            result = dialog.result
            feedback(self.message, _("Imported entry {entry}: {copies} from {lender}. Scan each "
                                     "copy as you unpack it.").format(
                entry=result.entry_label, lender=result.supplier,
                copies=ngettext("{count} copy", "{count} copies", result.copies).format(
                    count=format_integer(result.copies))))
            self.message.show()
            self.load(result.id)
            self._focus_box(self.receive_box)

    def receive_all(self) -> None:
        batch = self.current_batch()
        if batch is None or not batch.expected:
            return
        if not confirm(self, _("Receive all"), ngettext(
                "Mark the {count} copy not yet scanned as received?",
                "Mark the {count} copies not yet scanned as received?", batch.expected).format(
                count=format_integer(batch.expected)), _("Receive all"), _("Go back")):
            return
        db, intake_id = self.db, batch.intake.id
        received, count = save_on_worker(self, lambda: receive_all(db, intake_id), title=_("Receive all"))
        if not received or count is None:
            return
        feedback(self.scan_result, ngettext("{count} copy received.", "{count} copies received.",
                                            count).format(count=format_integer(count)))
        self._reload_batch(batch.intake.id)

    def close_batch(self) -> None:
        batch = self.current_batch()
        if batch is None or batch.returned_on is not None:
            return
        if not confirm(self, _("Close the batch"),
                       _("Record that batch {entry} from {lender} went back to the lender "
                         "today?").format(entry=batch.intake.entry_label, lender=batch.lender),
                       _("Close the batch"), _("Keep the batch open")):
            return
        db, intake_id, today = self.db, batch.intake.id, self.today
        try:
            try:
                closed = call_on_worker(self, lambda: close_rotation_batch(db, intake_id, today=today))
            except ValidationError:
                raise
            except UserError as error:  # copies not scanned back: say so, and ask again
                if not confirm(self, _("Close the batch"),
                               error.message + "\n\n" + _("Look at the Losses and damage tab "
                                                          "first if unsure."),
                               _("Record and close"), _("Keep the batch open")):
                    return
                closed = call_on_worker(self, lambda: close_rotation_batch(
                    db, intake_id, today=today, confirm=True))
        except Exception as error:  # noqa: BLE001 - every failure reaches the user, translated
            show_error(self, error, _("Close the batch"))
            return
        feedback(self.message, _("Batch {entry} closed: {sent} sent back, {lost} lost.").format(
            entry=closed.intake.entry_label, sent=format_integer(closed.sent_back),
            lost=format_integer(closed.lost)))
        self.message.show()
        self.refresh()
