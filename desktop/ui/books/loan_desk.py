"""Quầy mượn trả: one scan box that picks the action, a confirmation panel, and undo.

The volunteer never needs the mouse: a reader's card (or name) starts lending to them, a copy on
the shelf is lent to that reader, a copy that is out comes back. What a scan would do is shown
first (`plan_scan`); Enter saves it, Esc drops it. Focus always returns to the scan box, so a USB
scanner (which types the code and presses Enter) can be used for everything.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services.books.common import ReaderInfo
from desktop.services.books.loan_lists import LoanInfo, list_loans
from desktop.services.books.loans import (
    LoanEvent,
    ScanAction,
    ScanPlan,
    UndoToken,
    apply_plan,
    extend_due_dates,
    plan_scan,
    renew,
    undo,
)
from desktop.services.books.readers import get_reader
from desktop.services.books.settings import load_cabinet_settings
from desktop.store.database import Database
from desktop.ui.books.closure_dialog import ClosureDialog
from desktop.ui.books.desk_panel import DeskPanel, ScanBox, reader_details
from desktop.ui.books.desk_turns import DeskTurns
from desktop.ui.books.incident_dialog import IncidentDialog
from desktop.ui.books.loan_table import LoanTableModel, OVERDUE_TEXT
from desktop.ui.messages import confirm
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_table import set_column_widths


class LoanDeskTab(Screen):
    """The loan desk of the book cabinet (Quầy mượn trả)."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self.reader: ReaderInfo | None = None
        self.pending: ScanPlan | None = None
        self.undo_stack: list[tuple[UndoToken, str]] = []
        self.limit = 3
        # Enter and the shortcuts pressed while a scan waits for the database: done in turn
        self.turns = DeskTurns(self)
        self.settings = self.turns.on_worker(lambda: load_cabinet_settings(db))

        # -- actions: shortcuts work wherever the keyboard is on the desk ----------------------
        self.undo_action = shortcut_action(
            self, _("Undo last"), "Ctrl+Z", lambda: self.turns.in_turn(self.undo_last),
            tip=_("Undo the last loan, return, renewal or loss"))
        self.renew_action = shortcut_action(
            self, _("Renew"), "Ctrl+R", lambda: self.turns.in_turn(self.renew_selected),
            tip=_("Renew the highlighted loan (or the number typed)"),
            extra=("F4",))
        self.incident_action = shortcut_action(
            self, _("Lost or damaged…"), "Ctrl+L", lambda: self.turns.in_turn(self.record_incident),
            tip=_("Record a book lost or damaged, with compensation"))
        self.extend_action = shortcut_action(
            self, _("Extend due dates…"), "Ctrl+Shift+E", lambda: self.turns.in_turn(self.extend_all),
            tip=_("After an unplanned closure, give every loan more days"))
        self.end_action = shortcut_action(
            self, _("End session"), "Esc", lambda: self.turns.in_turn(self.escape),
            tip=_("Cancel the question, or finish with this reader"))

        # -- the scan box ----------------------------------------------------------------------
        self.scan = ScanBox()
        self.scan.setObjectName("scanBox")
        scan_font = self.scan.font()
        scan_font.setPointSizeF(scan_font.pointSizeF() * 1.35)
        self.scan.setFont(scan_font)
        self.scan.setPlaceholderText(_("Scan or type a card, a book's number or a name, then Enter"))
        self.scan.setToolTip(_("A reader's card (BD…) or name starts lending to them; a book on "
                               "the shelf is lent to that reader; a book that is out comes back."))
        self.scan.returnPressed.connect(self._enter_in_turn)
        self.scan.step.connect(self._step)
        scan_caption = QLabel(_("&Scan:"))
        scan_caption.setBuddy(self.scan)
        scan_caption.setFont(scan_font)
        scan_row = QHBoxLayout()
        scan_row.addWidget(scan_caption)
        scan_row.addWidget(self.scan, 1)

        self.panel = DeskPanel()
        # Room for a name, details, two lines of text and a warning: the lists below do not jump.
        self.panel.setMinimumHeight(self.fontMetrics().height() * 8)

        # -- the current reader and their loans ------------------------------------------------
        self.reader_label = QLabel()
        self.reader_label.setObjectName("readerLabel")
        reader_font = self.reader_label.font()
        reader_font.setBold(True)
        self.reader_label.setFont(reader_font)
        self.reader_label.setWordWrap(True)
        self.loans_model = LoanTableModel(self)
        self.loans = QTableView()
        self.loans.setObjectName("readerLoans")
        self.loans.setModel(self.loans_model)
        self.loans.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.loans.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.loans.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.loans.setWordWrap(False)
        self.loans.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.loans.verticalHeader().hide()
        self.loans.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.loans.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.loans.setTabKeyNavigation(False)
        # Driven from the scan box (↑ ↓): a click must never leave a scanner typing into the list.
        self.loans.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        set_column_widths(self.loans, {
            LoanTableModel.CODE: "VV.000000", LoanTableModel.LOANED: "00/00/0000",
            LoanTableModel.DUE: "00/00/0000"}, LoanTableModel.TITLE)
        bold = self.loans.font()
        bold.setBold(True)
        widest = max(QFontMetrics(bold).horizontalAdvance(sample) for sample in (
            _("{days} days overdue").format(days=999), _("{days} days left").format(days=99),
            _("Due today"), _("State")))
        self.loans.horizontalHeader().resizeSection(LoanTableModel.STATE, widest + 24)
        self.loans.horizontalHeader().resizeSection(
            LoanTableModel.DUE, QFontMetrics(bold).horizontalAdvance("00/00/0000") + 24)
        # never so narrow that the title column (the one that stretches) loses its heading
        header = self.loans.horizontalHeader()
        title_heading = str(self.loans_model.headerData(LoanTableModel.TITLE, Qt.Orientation.Horizontal) or "")
        self.loans.setMinimumWidth(
            sum(header.sectionSize(column) for column in range(header.count()) if column != LoanTableModel.TITLE)
            + header.fontMetrics().horizontalAdvance(title_heading) + 40)
        self.loans_hint = QLabel(_("↑ ↓ in the scan box highlight a loan; Ctrl+R renews it."))
        self.loans_hint.setWordWrap(True)
        self.loans_hint.setStyleSheet("color: palette(dark);")
        reader_box = QWidget()
        reader_layout = QVBoxLayout(reader_box)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.addWidget(self.reader_label)
        reader_layout.addWidget(self.loans, 1)
        reader_layout.addWidget(self.loans_hint)

        # -- this session's log ----------------------------------------------------------------
        log_caption = QLabel(_("Done at the desk today"))
        log_caption.setFont(reader_font)
        self.log = QListWidget()
        self.log.setObjectName("deskLog")
        self.log.setWordWrap(True)
        self.log.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.log.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        log_box = QWidget()
        log_layout = QVBoxLayout(log_box)
        log_layout.setContentsMargins(0, 0, 0, 0)
        log_layout.addWidget(log_caption)
        log_layout.addWidget(self.log, 1)

        splitter = list_and_detail(
            [(reader_box, 3), (log_box, 2)],
            orientation=Qt.Orientation.Horizontal, sizes=[640, 420])

        # -- buttons (each names its key) ------------------------------------------------------
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, action in (("undo", self.undo_action), ("renew", self.renew_action),
                            ("incident", self.incident_action), ("extend", self.extend_action),
                            ("end", self.end_action)):
            button = QPushButton(action.text())
            button.setToolTip(action.toolTip())
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keyboard stays in the scan box
            button.clicked.connect(action.trigger)
            action.enabledChanged.connect(button.setEnabled)
            button.setEnabled(action.isEnabled())
            self.buttons[key] = button
            buttons.addWidget(button)
            if key == "incident":
                buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addLayout(scan_row)
        layout.addWidget(self.panel)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.scan)
        self._show_reader()
        self._update_actions()

    @staticmethod
    def nav_title() -> str:
        return _("Loan desk")

    def _enter_in_turn(self) -> None:
        # the code is taken now: the scanner types the next one into the box meanwhile
        code = self.scan.text().strip()
        self.scan.clear()
        self.turns.in_turn(lambda: self._enter_code(code, clear_box=False))

    # -- the screen --------------------------------------------------------------------------

    def refresh(self) -> None:
        # read when the desk is shown (a change in the settings tab shows on coming back),
        # not on every scan
        try:
            self.settings = self.turns.on_worker(lambda: load_cabinet_settings(self.db))
        except UserError as error:
            self.panel.show_refusal(error.message)
        self.limit = self.settings.max_copies_per_reader
        self._reload_reader()

    def _reload_reader(self) -> None:
        reader = self.reader
        loans: list[LoanInfo] = []
        if reader is not None:
            db, today = self.db, self.today()

            def load() -> tuple[ReaderInfo, list[LoanInfo]]:
                fresh = get_reader(db, reader.id)
                return fresh, list_loans(db, reader_id=fresh.id, open_only=True, today=today)
            try:
                self.reader, loans = self.turns.on_worker(load)
            except UserError:
                self.reader = None
        self._show_reader(loans)

    def focus_start(self) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_reader(self, loans: list[LoanInfo] | None = None) -> None:
        reader = self.reader
        self._update_actions()
        if reader is None:
            self.reader_label.setText(_("No reader chosen: scan a reader's card or type a name."))
            self.loans_model.set_loans([], self.today())
            self.loans_hint.hide()
            return
        self.reader_label.setText(_("{name} ({details}) — {count} of {limit} books out").format(
            name=reader.full_name, details=reader_details(reader), count=reader.open_loans,
            limit=self.limit))
        current = self.selected_loan()
        self.loans_model.set_loans(loans or [], self.today())
        self.loans_hint.setVisible(self.loans_model.rowCount() > 0)
        if current is not None:
            for row, loan in enumerate(self.loans_model.loans):
                if loan.id == current.id:
                    self.loans.selectRow(row)
                    break

    def _update_actions(self) -> None:
        self.undo_action.setEnabled(bool(self.undo_stack))
        self.buttons["end"].setText(_("End session") if self.reader else _("Cancel"))

    def _log(self, text: str, kind: str = "") -> None:
        stamp = dt.datetime.now().strftime("%H:%M")
        item = QListWidgetItem(f"{stamp}  {text}")
        if kind == "refused":
            item.setForeground(QBrush(OVERDUE_TEXT))
        self.log.insertItem(0, item)

    def _done(self, *, clear_box: bool = True) -> None:
        """After every action: the keyboard back in an empty scan box (a scan's own code left the
        box on Enter: what is in it now is the next code, typed while this one was saved)."""
        if clear_box:
            self.scan.clear()
        self._update_actions()
        self.focus_start()

    def selected_loan(self) -> LoanInfo | None:
        index = self.loans.currentIndex()
        if not index.isValid() or index.row() >= len(self.loans_model.loans):
            return None
        return self.loans_model.loans[index.row()]

    # -- scanning ----------------------------------------------------------------------------
    def scan_code(self, code: str) -> ScanPlan:
        """What the desk does with a scanned or typed code (also what Enter in the box does)."""
        if self.pending is not None:
            self._log(_("Not saved: {what}").format(what=self.pending.message))
            self.pending = None
        db, reader_id, today, settings = self.db, self.reader.id if self.reader else None, \
            self.today(), self.settings
        try:
            plan = self.turns.on_worker(lambda: plan_scan(db, code, reader_id, today=today, settings=settings))
        except UserError as error:
            plan = ScanPlan(ScanAction.REFUSE, code, error.message, today)
        self._show_plan(plan)
        return plan

    def _show_plan(self, plan: ScanPlan) -> None:
        if plan.action == ScanAction.START_SESSION:
            assert plan.reader is not None
            self.reader = plan.reader
            self.panel.show_info(_("Lending to:"), ngettext(
                "{count} of {limit} book out.", "{count} of {limit} books out.",
                plan.reader.open_loans).format(count=plan.reader.open_loans, limit=self.limit),
                plan.warnings, plan.reader)
            self._log(_("Reader: {reader}").format(reader=plan.reader.label()))
            self.refresh()
        elif plan.action == ScanAction.PICK_READER:
            self.panel.show_pick(plan)
        elif plan.needs_confirmation:
            self.pending = plan
            self.panel.show_confirm(plan)
        else:
            self.panel.show_refusal(plan.message)
            self._log(plan.message, "refused")

    def enter(self) -> None:
        """Enter in the scan box: a new code is scanned; an empty box confirms or picks."""
        self._enter_code(self.scan.text().strip())

    def _enter_code(self, code: str, *, clear_box: bool = True) -> None:
        if code:
            self.scan_code(code)
        elif self.pending is not None:
            self.confirm_pending()
        elif self.panel.state == "pick":
            card = self.panel.chosen_card()
            if card:
                self.scan_code(card)
        self._done(clear_box=clear_box)

    def confirm_pending(self) -> LoanEvent | None:
        plan, self.pending = self.pending, None
        if plan is None:
            return None
        try:
            db, settings = self.db, self.settings
            event = self.turns.on_worker(lambda: apply_plan(db, plan, settings=settings))
        except UserError as error:
            self.panel.show_refusal(error.message)
            self._log(error.message, "refused")
            return None
        self._saved(event)
        return event

    def _saved(self, event: LoanEvent) -> None:
        self.panel.show_done(event.message)
        self._log(event.message)
        if event.undo is not None:
            self.undo_stack.append((event.undo, event.message))
        self._reload_reader()

    def _step(self, step: int) -> None:
        if self.panel.state == "pick":
            self.panel.move_choice(step)
            return
        count = self.loans_model.rowCount()
        if not count:
            return
        current = self.loans.currentIndex().row()
        target = 0 if current < 0 else min(max(current + step, 0), count - 1)
        self.loans.selectRow(target)

    def escape(self) -> None:
        """Esc: drop the question or the typing first; with nothing left, end the session."""
        if self.pending is not None:
            self._log(_("Cancelled: {what}").format(what=self.pending.message))
            self.pending = None
            self.panel.show_idle(_("Cancelled; nothing was saved."))
        elif self.panel.state == "pick":
            self.panel.show_idle(_("Cancelled; nothing was saved."))
        elif self.scan.text().strip():
            self.scan.clear()
        elif self.reader is not None:
            self._log(_("Session ended: {reader}").format(reader=self.reader.full_name))
            self.reader = None
            self.panel.show_idle(_("Session ended. Scan the next reader's card."))
            self._show_reader()
        self._done()

    def end_session(self) -> None:
        self.pending = None
        self.reader = None
        self.panel.show_idle(_("Session ended. Scan the next reader's card."))
        self._show_reader()
        self._done()

    # -- the other actions -------------------------------------------------------------------
    def undo_last(self) -> None:
        if not self.undo_stack:
            self.panel.show_idle(_("There is nothing to undo."))
            self._done()
            return
        token, _message = self.undo_stack.pop()
        try:
            db = self.db
            message = self.turns.on_worker(lambda: undo(db, token))
        except UserError as error:
            self.panel.show_refusal(error.message)
            self._log(error.message, "refused")
        else:
            self.pending = None
            self.panel.show_done(message)
            self._log(message)
            self.refresh()
        self._done()

    def _target_code(self) -> str | None:
        typed = self.scan.text().strip()
        if typed:
            return typed
        loan = self.selected_loan()
        return loan.copy_code if loan is not None else None

    def renew_selected(self) -> None:
        code = self._target_code()
        if code is None:
            self.panel.show_refusal(_("Highlight a loan in the list with ↑ ↓, or type the book's "
                                      "number, then press Ctrl+R."), _("Which book?"))
            self._done()
            return
        try:
            db, today, settings = self.db, self.today(), self.settings
            event = self.turns.on_worker(lambda: renew(db, code, today=today, settings=settings))
        except UserError as error:
            self.panel.show_refusal(error.message)
            self._log(error.message, "refused")
        else:
            self._saved(event)
        self._done()

    def record_incident(self) -> None:
        dialog = IncidentDialog(self.db, self._target_code() or "", self, today=self.today())
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.pending = None
            self._saved(dialog.saved)
        self._done()

    def extend_all(self) -> None:
        dialog = ClosureDialog(self, today=self.today())
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.first_closed is None \
                or dialog.last_closed is None:
            self._done()
            return
        first, last = dialog.first_closed, dialog.last_closed
        days = (last - first).days + 1
        db, today = self.db, self.today()
        try:
            affected = [loan for loan in self.turns.on_worker(lambda: list_loans(db, open_only=True, today=today))
                        if loan.due_on >= first]
        except UserError as error:
            self.panel.show_refusal(error.message)
            self._done()
            return
        text = ngettext(
            "The cabinet was closed {days} day, from {first} to {last}.",
            "The cabinet was closed {days} days, from {first} to {last}.", days).format(
            days=days, first=format_date(first), last=format_date(last))
        text += " " + ngettext(
            "{count} book on loan falls due on or after {first}; its due date moves later by "
            "the length of the closure.",
            "{count} books on loan fall due on or after {first}; their due dates move later by "
            "the length of the closure.", len(affected)).format(
            count=len(affected), first=format_date(first))
        if not confirm(self, _("Extend all due dates"), text, _("Extend due dates"),
                       _("Don't extend")):
            self._done()
            return
        try:
            label = dialog.label.text()
            result = self.turns.on_worker(lambda: extend_due_dates(db, first, last, label=label))
        except UserError as error:
            self.panel.show_refusal(error.message)
            self._log(error.message, "refused")
        else:
            message = ngettext("Due dates extended: {count} book on loan.",
                               "Due dates extended: {count} books on loan.", result.loans).format(
                count=result.loans)
            self.panel.show_done(message)
            self._log(message)
            self.refresh()
        self._done()
