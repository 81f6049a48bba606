"""Quầy mượn trả: one scan box that picks the action, a confirmation panel, and undo.

The volunteer never needs the mouse: a reader's card (or name) starts lending to them, a copy on
the shelf is lent to that reader, a copy that is out comes back. What a scan would do is shown
first (`plan_scan`); Enter saves it, Esc drops it. Focus always returns to the scan box, so a USB
scanner (which types the code and presses Enter) can be used for everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QFontMetrics, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_date, format_money
from desktop.i18n import _, ngettext
from desktop.services.books.catalogue import find_copy_by_code
from desktop.services.books.common import ReaderInfo
from desktop.services.books.loans import (
    LoanEvent,
    LoanInfo,
    ScanAction,
    ScanPlan,
    UndoToken,
    apply_plan,
    extend_due_dates,
    list_loans,
    mark_found,
    plan_scan,
    record_damage,
    record_loss,
    renew,
    undo,
)
from desktop.services.books.readers import get_reader
from desktop.services.books.settings import load_cabinet_settings
from desktop.store.database import Database
from desktop.ui.activity_dialog import (
    DateField,
    FormDialog,
    MoneyField,
)
from desktop.ui.messages import confirm
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import shortcut_action, with_shortcut
from desktop.ui.widgets.record_model import RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import set_column_widths

OVERDUE_TEXT = QColor("#b00020")
OVERDUE_BACKGROUND = QColor("#fdecea")

# The panel's look in each state: what the volunteer must notice before pressing Enter.
PANEL_STYLES = {
    "idle": "QFrame#deskPanel { background: palette(base); border: 1px solid palette(mid); "
            "border-radius: 4px; }",
    "info": "QFrame#deskPanel { background: #eef4fb; border: 1px solid #8fb3de; "
            "border-radius: 4px; }",
    "pick": "QFrame#deskPanel { background: #eef4fb; border: 1px solid #8fb3de; "
            "border-radius: 4px; }",
    "confirm": "QFrame#deskPanel { background: #fff8e1; border: 2px solid #e0a800; "
               "border-radius: 4px; }",
    "refused": "QFrame#deskPanel { background: #fdecea; border: 2px solid #b00020; "
               "border-radius: 4px; }",
    "done": "QFrame#deskPanel { background: #e8f5e9; border: 1px solid #5a9e5f; "
            "border-radius: 4px; }",
}


def reader_details(reader: ReaderInfo) -> str:
    """Birth year, village and card, to tell two people with one name apart."""
    parts = [_("born {year}").format(year=reader.birth_year) if reader.birth_year else
             _("birth year not known")]
    if reader.village:
        parts.append(reader.village)
    parts.append(_("card {card}").format(card=reader.card_code))
    return " · ".join(parts)


def loan_state_text(loan: LoanInfo, today: dt.date) -> str:
    """How the loan stands: overdue, due today, or days left."""
    if loan.overdue_days:
        return ngettext("{days} day overdue", "{days} days overdue", loan.overdue_days).format(
            days=loan.overdue_days)
    left = (loan.due_on - today).days
    if left <= 0:
        return _("Due today")
    return ngettext("{days} day left", "{days} days left", left).format(days=left)


class LoanTableModel(RecordModel):
    """The current reader's open loans; overdue ones stand out."""

    CODE, TITLE, LOANED, DUE, STATE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.today = dt.date.today()

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("Accession no."), lambda loan: loan.copy_code, align=RIGHT),
            Column(_("Title"), lambda loan: loan.title),
            Column(_("Borrowed"), lambda loan: format_date(loan.loaned_on), lambda loan: loan.loaned_on),
            Column(_("Due"), lambda loan: format_date(loan.due_on), lambda loan: loan.due_on),
            Column(_("State"), lambda loan: loan_state_text(loan, self.today),
                   lambda loan: -loan.overdue_days),
        ]

    @property
    def loans(self) -> list[LoanInfo]:
        return self.rows

    def set_loans(self, loans: Sequence[LoanInfo], today: dt.date) -> None:
        self.today = today
        self.set_rows(sorted(loans, key=lambda loan: (loan.due_on, loan.copy_code)))

    def tooltip(self, record: LoanInfo, column: int) -> str | None:
        return f"{record.copy_code} — {record.title}"

    def background(self, record: LoanInfo) -> QColor | None:
        return OVERDUE_BACKGROUND if record.overdue_days else None

    def foreground(self, record: LoanInfo) -> QColor | None:
        return OVERDUE_TEXT if record.overdue_days else None

    def font(self, record: LoanInfo, column: int) -> QFont | None:
        if not record.overdue_days or column not in (self.DUE, self.STATE):
            return None
        font = QFont()
        font.setBold(True)
        return font


class ScanBox(QLineEdit):
    """The one input of the desk. Arrow keys move through the list below it and Ctrl+Z reaches
    the desk's undo (not the line edit's), so the cursor never has to leave the box."""

    step = Signal(int)

    def event(self, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and (event.matches(QKeySequence.StandardKey.Undo)
                     or event.matches(QKeySequence.StandardKey.Redo))):
            event.ignore()  # let the desk's action have it
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        steps = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10,
                 Qt.Key.Key_PageDown: 10}
        key = Qt.Key(event.key())
        if key in steps and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.step.emit(steps[key])
            return
        super().keyPressEvent(event)


class DeskPanel(QFrame):
    """What the last scan means: a question to confirm, a refusal, a choice of readers, or news."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deskPanel")
        self.state = "idle"
        self.heading = QLabel()
        self.heading.setObjectName("panelHeading")
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.who = QLabel()
        self.who.setObjectName("panelWho")
        who_font = self.who.font()
        who_font.setPointSizeF(who_font.pointSizeF() * 1.45)
        who_font.setBold(True)
        self.who.setFont(who_font)
        self.who.setWordWrap(True)
        self.details = QLabel()
        self.details.setObjectName("panelDetails")
        details_font = self.details.font()
        details_font.setPointSizeF(details_font.pointSizeF() * 1.15)
        self.details.setFont(details_font)
        self.details.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("panelText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings = QLabel()
        self.warnings.setObjectName("panelWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.keys = QLabel()
        self.keys.setObjectName("panelKeys")
        self.keys.setStyleSheet("color: palette(dark);")
        self.choices = QListWidget()
        self.choices.setObjectName("readerChoices")
        self.choices.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # driven from the scan box
        self.choices.setMaximumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        for widget in (self.heading, self.who, self.details, self.text, self.warnings,
                       self.choices, self.keys):
            layout.addWidget(widget)
        self.show_idle(_("Scan a reader's card to start lending, or scan a book that comes back."))

    def _show(self, state: str, *, heading: str = "", who: str = "", details: str = "",
              text: str = "", warnings: Sequence[str] = (), keys: str = "") -> None:
        self.state = state
        self.setStyleSheet(PANEL_STYLES[state])
        for label, value in ((self.heading, heading), (self.who, who), (self.details, details),
                             (self.text, text), (self.keys, keys)):
            label.setText(value)
            label.setVisible(bool(value))
        self.warnings.setText("\n".join(f"⚠ {warning}" for warning in warnings))
        self.warnings.setVisible(bool(warnings))
        self.heading.setStyleSheet("color: #b00020;" if state == "refused" else "")
        # The keys to press matter most when a question waits for Enter.
        self.keys.setStyleSheet("font-weight: bold;" if state in ("confirm", "pick")
                                else "color: palette(dark);")
        self.choices.setVisible(state == "pick")

    def show_idle(self, text: str) -> None:
        self._show("idle", text=text)

    def show_info(self, heading: str, text: str, warnings: Sequence[str] = (),
                  reader: ReaderInfo | None = None) -> None:
        self._show("info", heading=heading, who=reader.full_name if reader else "",
                   details=reader_details(reader) if reader else "", text=text, warnings=warnings,
                   keys=_("Now scan the books to lend. Esc ends this reader's session."))

    def show_done(self, text: str) -> None:
        self._show("done", heading=_("Saved"), text=text)

    def show_refusal(self, text: str, heading: str | None = None) -> None:
        self._show("refused", heading=heading or _("Not done"), text=text,
                   keys=_("Nothing was changed. Scan again or press Esc."))

    def show_confirm(self, plan: ScanPlan) -> None:
        assert plan.reader is not None and plan.copy is not None
        if plan.action == ScanAction.LEND:
            heading = _("Lend this book to:")
            text = _("{copy}\nDue back {date}.").format(copy=plan.copy.label(),
                                                        date=format_date(plan.due_on))
            keys = _("Enter: lend · Esc: cancel")
        else:
            heading = _("Take this book back from:")
            text = plan.message
            keys = _("Enter: take back · Esc: cancel")
        self._show("confirm", heading=heading, who=plan.reader.full_name,
                   details=reader_details(plan.reader), text=text, warnings=plan.warnings, keys=keys)

    def show_pick(self, plan: ScanPlan) -> None:
        self.choices.clear()
        for reader in plan.candidates:
            item = QListWidgetItem(f"{reader.full_name} — {reader_details(reader)}")
            item.setData(Qt.ItemDataRole.UserRole, reader.card_code)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self._show("pick", heading=plan.message,
                   keys=_("↑ ↓ choose · Enter: start lending to this reader · Esc: cancel"))

    def move_choice(self, step: int) -> None:
        count = self.choices.count()
        if count:
            self.choices.setCurrentRow(min(max(self.choices.currentRow() + step, 0), count - 1))

    def chosen_card(self) -> str | None:
        item = self.choices.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


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
        try:
            copy = find_copy_by_code(self.db, code)
        except UserError as error:
            self.copy_label.setText(error.message)
            return
        text = copy.label()
        if copy.price:
            text += "\n" + _("Price: {amount}").format(amount=format_money(copy.price))
        self.copy_label.setText(text)

    def accept(self) -> None:
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
            if self.found.isChecked():
                self.saved = mark_found(self.db, code, note=self.note.text(), today=self.today)
            else:
                record = record_loss if self.lost.isChecked() else record_damage
                self.saved = record(self.db, code, compensation=amount, note=self.note.text(),
                                    today=self.today)
        except ValidationError as error:
            self.show_field_error(error.message, error.field or "code")
            return
        except UserError as error:
            self.show_field_error(error.message, "code")
            return
        super().accept()


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
        self.settings = load_cabinet_settings(db)

        # -- actions: shortcuts work wherever the keyboard is on the desk ----------------------
        self.undo_action = self._action(_("Undo last"), "Ctrl+Z", self.undo_last,
                                        _("Undo the last loan, return, renewal or loss"))
        self.renew_action = self._action(_("Renew"), "Ctrl+R", self.renew_selected,
                                         _("Renew the highlighted loan (or the number typed)"),
                                         extra=("F4",))
        self.incident_action = self._action(_("Lost or damaged…"), "Ctrl+L", self.record_incident,
                                            _("Record a book lost or damaged, with compensation"))
        self.extend_action = self._action(_("Extend due dates…"), "Ctrl+Shift+E",
                                          self.extend_all,
                                          _("After an unplanned closure, give every loan more days"))
        self.end_action = self._action(_("End session"), "Esc", self.escape,
                                       _("Cancel the question, or finish with this reader"))

        # -- the scan box ----------------------------------------------------------------------
        self.scan = ScanBox()
        self.scan.setObjectName("scanBox")
        scan_font = self.scan.font()
        scan_font.setPointSizeF(scan_font.pointSizeF() * 1.35)
        self.scan.setFont(scan_font)
        self.scan.setPlaceholderText(_("Scan or type a card, a book's number or a name, then Enter"))
        self.scan.setToolTip(_("A reader's card (BD…) or name starts lending to them; a book on "
                               "the shelf is lent to that reader; a book that is out comes back."))
        self.scan.returnPressed.connect(self.enter)
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

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(reader_box)
        splitter.addWidget(log_box)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 420])

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

    def _action(self, text: str, sequence: str, slot: Callable[[], None], tip: str, *,
                extra: Sequence[str] = ()) -> QAction:
        return shortcut_action(self, text, sequence, slot, tip=tip, extra=extra)

    # -- the screen --------------------------------------------------------------------------
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def refresh(self) -> None:
        # read when the desk is shown (a change in the settings tab shows on coming back),
        # not on every scan
        self.settings = load_cabinet_settings(self.db)
        self.limit = self.settings.max_copies_per_reader
        self._reload_reader()

    def _reload_reader(self) -> None:
        if self.reader is not None:
            try:
                self.reader = get_reader(self.db, self.reader.id)
            except UserError:
                self.reader = None
        self._show_reader()

    def focus_start(self) -> None:
        self.scan.setFocus(Qt.FocusReason.OtherFocusReason)


    def _show_reader(self) -> None:
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
        self.loans_model.set_loans(list_loans(self.db, reader_id=reader.id, open_only=True,
                                              today=self.today()), self.today())
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

    def _done(self) -> None:
        """After every action: the keyboard back in an empty scan box."""
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
        plan = plan_scan(self.db, code, self.reader.id if self.reader else None, today=self.today(),
                         settings=self.settings)
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
        code = self.scan.text().strip()
        if code:
            self.scan_code(code)
        elif self.pending is not None:
            self.confirm_pending()
        elif self.panel.state == "pick":
            card = self.panel.chosen_card()
            if card:
                self.scan_code(card)
        self._done()

    def confirm_pending(self) -> LoanEvent | None:
        plan, self.pending = self.pending, None
        if plan is None:
            return None
        try:
            event = apply_plan(self.db, plan, settings=self.settings)
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
            message = undo(self.db, token)
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
            event = renew(self.db, code, today=self.today(), settings=self.settings)
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
        affected = [loan for loan in list_loans(self.db, open_only=True, today=self.today())
                    if loan.due_on >= first]
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
            result = extend_due_dates(self.db, first, last, label=dialog.label.text())
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

