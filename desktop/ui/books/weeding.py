"""Thanh lọc: withdraw worn or outdated copies by a decision, at most 10% of the stock at a time.

Copies are picked from the candidates (damaged ones first) with Space, or scanned in by their
accession number. The decision number and date are required; past the limit the service refuses
until the user confirms a second, explicit warning. The register keeps the weeded copies with the
note "đã thanh lọc" and the decision number (the service does that).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import DateError, format_date, format_decimal, format_integer, format_money
from desktop.i18n import _, ngettext
from desktop.services.books.catalogue import find_copy_by_code
from desktop.services.books.common import CopyInfo
from desktop.services.books.settings import load_cabinet_settings
from desktop.services.books.weeding import (
    WeedingInput,
    WeedingNeedsConfirmation,
    WeedingPreview,
    list_weedings,
    preview_weeding,
    weed_copies,
    weeding_candidates,
)
from desktop.store.database import Database
from desktop.ui.activity_dialog import DateField
from desktop.ui.books.desk_turns import DeskTurns
from desktop.ui.books.weeding_table import CODE, CONDITION, RECEIVED, SHELF, TITLE, CandidateModel, CandidateView
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import confirm
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import shortcut_action, with_shortcut

ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "background: #fff3c4; padding: 6px; border: 1px solid #e0c36a;"
T = TypeVar("T")


def _answer_or_refusal(call: Callable[[], T]) -> T | UserError:
    """The call's answer, or its refusal as a value: shown beside the fields, not in a box."""
    try:
        return call()
    except UserError as error:
        return error


def _candidates(db: Database, damaged_only: bool, ticked: list[str]) -> tuple[list[CopyInfo], list[str]]:
    """The copies listed, and the ticked ones weeded or lent meanwhile (they leave the selection)."""
    copies = weeding_candidates(db, damaged_only=damaged_only)
    listed = {copy.id for copy in copies}
    return copies, [copy_id for copy_id in ticked if copy_id not in listed
                    and isinstance(_answer_or_refusal(lambda: preview_weeding(db, [copy_id])), UserError)]


class WeedingTab(Screen):
    """The weeding tab of the book cabinet."""

    def __init__(self, db, navigator=None, parent=None, *,  # type: ignore[no-untyped-def]
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self.turns = DeskTurns(self)  # scanned copies ticked one at a time, in the order scanned
        self._today = today
        self.preview: WeedingPreview | None = None

        title = QLabel(_("Weeding"))
        title.setObjectName("screenTitle")
        intro = QLabel(_("Withdraw worn-out or outdated copies by a decision, at most {limit}% of "
                         "the stock at a time. The registers keep them with the note "
                         "“đã thanh lọc”.").format(limit=10))
        intro.setWordWrap(True)
        self.intro = intro

        # -- candidates ---------------------------------------------------------------------------
        self.damaged_only = QCheckBox(_("&Damaged copies only"))
        self.damaged_only.setChecked(True)
        self.damaged_only.toggled.connect(self._load_candidates)
        self.scan_box = QLineEdit()
        self.scan_box.setObjectName("weedingScan")
        self.scan_box.setPlaceholderText(_("Scan or type an accession number to add it"))
        self.scan_box.returnPressed.connect(self.scan_entered)
        self.scan_message = QLabel()
        self.scan_message.setWordWrap(True)
        self.model = CandidateModel()
        self.model.checked_changed.connect(self._update_preview)
        self.table = CandidateView()
        self.table.setObjectName("weedingCandidates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.setToolTip(_("Space ticks or unticks the selected copies; Shift+arrows select "
                                "several."))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (CODE, SHELF, RECEIVED, CONDITION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.count_label = QLabel()
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.scan_box, 1)
        filter_row.addWidget(self.damaged_only)
        candidates_box = QGroupBox(_("Copies to weed"))
        candidates_layout = QVBoxLayout(candidates_box)
        candidates_layout.addLayout(filter_row)
        candidates_layout.addWidget(self.scan_message)
        candidates_layout.addWidget(self.table, 1)
        candidates_layout.addWidget(self.count_label)

        # -- the decision -----------------------------------------------------------------------
        self.decision_number = QLineEdit()
        self.decision_number.setObjectName("decisionNumber")
        self.decision_number.setPlaceholderText(_("e.g. 15/QĐ-TTHTCĐ"))
        self.decision_date = DateField()
        self.decision_date.setObjectName("decisionDate")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. worn out, outdated content"))
        form = QFormLayout()
        form.addRow(_("Decision &number"), self.decision_number)
        form.addRow(_("Decision da&te"), self.decision_date)
        form.addRow(_("&Reason"), self.reason)
        self.preview_label = QLabel()
        self.preview_label.setObjectName("weedingPreview")
        self.preview_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setObjectName("weedingError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.weed_button = QPushButton(_("Weed the ticked copies…"))
        self.weed_button.setObjectName("weedButton")
        decision_box = QGroupBox(_("Weeding decision"))
        decision_layout = QVBoxLayout(decision_box)
        decision_layout.addLayout(form)
        decision_layout.addWidget(self.preview_label)
        decision_layout.addWidget(self.error_label)
        decision_layout.addWidget(self.weed_button, 0, Qt.AlignmentFlag.AlignRight)

        self.past = QTreeWidget()
        self.past.setObjectName("pastWeedings")
        self.past.setHeaderLabels([_("Decision"), _("Copies"), _("Value")])
        self.past.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.past.header().setStretchLastSection(False)
        past_box = QGroupBox(_("Past weedings"))
        QVBoxLayout(past_box).addWidget(self.past)

        right = QVBoxLayout()
        right.addWidget(decision_box)
        right.addWidget(past_box, 1)
        columns = QHBoxLayout()
        columns.addWidget(candidates_box, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(intro, 1)
        layout.addLayout(top)
        layout.addLayout(columns, 1)

        self.weed_action = shortcut_action(self, _("Weed the ticked copies"), "Ctrl+Return", self.weed,
                                           button=self.weed_button)
        self.scan_action = shortcut_action(self, _("Scan a copy to add it"), "F2", self.focus_start)
        self.scan_box.setToolTip(with_shortcut(_("Scan or type an accession number, then Enter"),
                                               "F2"))
        self.clear_action = shortcut_action(self, _("Untick all copies"), "Ctrl+Shift+A",
                                            self.model.clear_checks)
        self.setTabOrder(self.scan_box, self.damaged_only)
        self.setTabOrder(self.damaged_only, self.table)
        self.setTabOrder(self.table, self.decision_number)
        self.setTabOrder(self.decision_number, self.decision_date)
        self.setTabOrder(self.decision_date, self.reason)
        self.setTabOrder(self.reason, self.weed_button)
        for field in (self.decision_number, self.reason):
            field.returnPressed.connect(self.weed)

    @staticmethod
    def nav_title() -> str:
        return _("Weeding")

    def refresh(self) -> None:
        db = self.db
        loaded, limit = load_on_worker(self, lambda: load_cabinet_settings(db).weeding_warning_percent,
                                       what="limit")
        if loaded:
            self.intro.setText(_("Withdraw worn-out or outdated copies by a decision, at most {limit}% "
                             "of the stock at a time. The registers keep them with the note "
                             "“đã thanh lọc”.").format(limit=limit))
        self._load_candidates()
        self._fill_past()

    def focus_start(self) -> None:
        self.scan_box.setFocus()
        self.scan_box.selectAll()

    def _load_candidates(self) -> None:
        db, damaged_only, ticked = self.db, self.damaged_only.isChecked(), list(self.model.checked)
        loaded, found = load_on_worker(self, lambda: _candidates(db, damaged_only, ticked), what="candidates")
        if not loaded or found is None:
            return
        copies, gone = found
        for copy_id in gone:
            self.model.checked.pop(copy_id, None)
        self.model.set_copies(copies)
        if not copies and self.damaged_only.isChecked():
            self.count_label.setText(_("No copy is marked as damaged. Untick “Damaged copies "
                                       "only” to see the whole stock, or scan copies in."))
        else:
            self.count_label.setText(ngettext("{count} copy listed", "{count} copies listed",
                                              len(copies)).format(count=format_integer(len(copies))))
        self._update_preview()

    def _fill_past(self) -> None:
        db = self.db
        loaded, weedings = load_on_worker(self, lambda: list_weedings(db), what="past")
        if not loaded or weedings is None:
            return
        self.past.clear()
        for weeding in weedings:
            decision = _("{number} of {date}").format(
                number=weeding.decision_number,
                date=format_date(weeding.decision_date) if weeding.decision_date else "—")
            label = _("{date}: decision {decision}").format(date=format_date(weeding.date),
                                                            decision=decision)
            item = QTreeWidgetItem([label, format_integer(len(weeding.copies)),
                                    format_money(weeding.value)])
            item.setToolTip(0, weeding.reason or label)
            for column in (1, 2):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for copy in weeding.copies:
                item.addChild(QTreeWidgetItem([f"{copy.code} — {copy.title}"]))
            self.past.addTopLevelItem(item)
        if not weedings:
            empty = QTreeWidgetItem([_("No weeding has been recorded yet.")])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.past.addTopLevelItem(empty)
        for column in (1, 2):
            self.past.resizeColumnToContents(column)

    # -- choosing copies -------------------------------------------------------------------------
    def scan_entered(self) -> None:
        code = self.scan_box.text().strip()
        self.scan_box.clear()
        if code:  # a scanner's next code waits its turn (and sees this one ticked)
            self.turns.in_turn(lambda: self._tick_scanned(code))

    def _tick_scanned(self, code: str) -> None:
        db, ticked = self.db, set(self.model.checked)

        def check() -> CopyInfo:
            found = find_copy_by_code(db, code)
            if found.id not in ticked:
                preview_weeding(db, [found.id])  # refuses a copy that may not be weeded
            return found
        try:
            copy = self.turns.on_worker(check)
        except UserError as error:
            self._scan_message(error.message, error=True)
            return
        if copy.id in self.model.checked:
            self._scan_message(_("{copy} is ticked already.").format(copy=copy.label()))
            return
        row = self.model.add_and_check(copy)
        self.table.scrollTo(self.model.index(row, CODE))
        self._scan_message(_("Ticked: {copy}").format(copy=copy.label()))

    def _scan_message(self, text: str, *, error: bool = False) -> None:
        self.scan_message.setText(text)
        self.scan_message.setStyleSheet(ERROR_STYLE if error else "")

    def selected_ids(self) -> list[str]:
        return list(self.model.checked)

    def _update_preview(self) -> None:
        ids = self.selected_ids()
        self.preview = None
        self.error_label.clear()
        self.preview_label.setStyleSheet("")
        if not ids:
            self.preview_label.setText(_("Tick the copies to weed (Space), or scan them in."))
            return
        db = self.db
        # one load per tick: only the newest selection's answer is shown
        loaded, preview = load_on_worker(
            self, lambda: _answer_or_refusal(lambda: preview_weeding(db, ids)), what="preview")
        if not loaded or preview is None:
            return
        if isinstance(preview, UserError):
            self.preview_label.setText("")
            self.error_label.setText(preview.message)
            return
        self.preview = preview
        text = ngettext(
            "{count} copy ticked: {percent}% of the {stock} copies owned, worth {value}.",
            "{count} copies ticked: {percent}% of the {stock} copies owned, worth {value}.",
            len(preview.copies)).format(
            count=format_integer(len(preview.copies)), percent=format_decimal(preview.percent),
            stock=format_integer(preview.stock), value=format_money(preview.value))
        if preview.over_limit:
            text += " " + _("That is more than the {limit}% that may be weeded at one time.").format(
                limit=preview.limit_percent)
            self.preview_label.setStyleSheet(WARNING_STYLE)
        self.preview_label.setText(text)

    # -- weeding ---------------------------------------------------------------------------------
    def _decision(self) -> WeedingInput | None:
        self.error_label.clear()
        if not self.decision_number.text().strip():
            return self._refuse(_("Enter the number of the weeding decision."), self.decision_number)
        try:
            day = self.decision_date.date()
        except DateError as error:
            return self._refuse(error.message, self.decision_date)
        if day is None:
            return self._refuse(_("Enter the date of the weeding decision."), self.decision_date)
        return WeedingInput(self.decision_number.text(), day, self.reason.text())

    def _refuse(self, message: str, field: QWidget | None) -> None:
        self.error_label.setText(message)
        if field is not None:
            field.setFocus()
        return None

    def weed(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self._refuse(_("Tick the copies to weed first."), self.table)
            return
        data = self._decision()
        if data is None:
            return
        question = ngettext(
            "Weed {count} copy by decision {decision}? It leaves circulation for good; the "
            "registers keep it with the note “đã thanh lọc”.",
            "Weed {count} copies by decision {decision}? They leave circulation for good; the "
            "registers keep them with the note “đã thanh lọc”.", len(ids)).format(
            count=format_integer(len(ids)), decision=data.decision_number.strip())
        if not confirm(self, _("Weed copies"), question, _("Weed"), _("Don't weed")):
            return
        db, today = self.db, self.today()
        _saved, result = save_on_worker(
            self, lambda: _answer_or_refusal(lambda: weed_copies(db, data, ids, today=today)))
        if isinstance(result, WeedingNeedsConfirmation):
            if not self._confirm_over_limit(result.message):
                return
            _saved, result = save_on_worker(self, lambda: _answer_or_refusal(
                lambda: weed_copies(db, data, ids, confirm=True, today=today)))
        if isinstance(result, UserError):
            self._show_refusal(result)
            return
        if result is None:  # an unexpected error, shown in a box
            return
        self.model.checked.clear()
        self.decision_number.clear()
        self.decision_date.set_date(None)
        self.reason.clear()
        self.refresh()
        self._scan_message(ngettext("{count} copy weeded by decision {decision}.",
                                    "{count} copies weeded by decision {decision}.",
                                    len(result.copies)).format(
            count=format_integer(len(result.copies)), decision=result.decision_number))
        self.scan_box.setFocus()

    def _confirm_over_limit(self, message: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, _("More than the weeding limit"),
                          message, QMessageBox.StandardButton.NoButton, self)
        go = box.addButton(_("Weed them anyway"), QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton(_("Don't weed"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is go

    def _show_refusal(self, error: UserError) -> None:
        self.error_label.setText(error.message)
        field = getattr(error, "field", None) if isinstance(error, ValidationError) else None
        target = {"decision_number": self.decision_number, "decision_date": self.decision_date,
                  "copies": self.table}.get(field or "")
        if target is not None:
            target.setFocus()
        self._update_preview()
        self.error_label.setText(error.message)
