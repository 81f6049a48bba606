"""Kiểm kê: count the stock shelf by shelf with a scanner, resume on another day, close and keep.

Every scan is saved as it is made (the service stores it), so closing the program loses nothing;
the tab simply picks the open count up again. The full report compares the whole stock with the
registers, so it is built on request (F5, the Report page, closing) rather than after each scan;
the per-shelf progress is counted in the database and refreshed after every scan.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.common import CopyInfo
from desktop.services.books.shelves import shelves
from desktop.services.books.stocktaking import (
    ShelfProgress,
    StockScanResult,
    StocktakeInfo,
    StocktakeReport,
    close_stocktake,
    current_stocktake,
    record_scan,
    remove_scan,
    scans,
    shelf_progress,
    start_stocktake,
    stocktake_report,
)
from desktop.store.database import Database
from desktop.ui.books.close_stocktake_dialog import CloseStocktakeDialog
from desktop.ui.books.desk_turns import DeskTurns
from desktop.ui.books.stocktake_report import StocktakeReportPart
from desktop.ui.books.stocktake_scans import (
    FLAG_STYLE,
    OUTCOME_STYLES,
    ScanBox,
    outcome_label,
    scan_item,
    show_progress,
)
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.screens.base import Screen
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action


@dataclass(frozen=True)
class _Counted:
    """The open count as the database has it, read in one go on the worker."""

    stocktake: StocktakeInfo | None
    progress: list[ShelfProgress]
    scans: list[StockScanResult] | None  # None: not asked for
    shelves: list[str] | None  # None: not asked for


def _read_count(db: Database, shelf: str, *, with_scans: bool, with_shelves: bool) -> _Counted:
    stocktake = current_stocktake(db)
    progress = shelf_progress(db, stocktake.id) if stocktake is not None else []
    done: list[StockScanResult] | None = None
    if with_scans:
        done = scans(db, stocktake.id, shelf) if stocktake is not None and shelf else []
    return _Counted(stocktake, progress, done, shelves(db) if with_shelves else None)


class StocktakingTab(StocktakeReportPart, Screen):
    """The stocktaking tab of the book cabinet."""

    def __init__(self, db, navigator=None, parent=None, *,  # type: ignore[no-untyped-def]
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self.stocktake: StocktakeInfo | None = None
        self.report: StocktakeReport | None = None
        self.report_task: BackgroundTask | None = None
        self._recent: list[str] = []  # codes scanned in this sitting, newest last, for Ctrl+Z
        self.last_result: StockScanResult | None = None
        # each scan (and Ctrl+Z) saved on the worker in the order it was made, none dropped
        self.turns = DeskTurns(self)
        # Set by the print module: called with the shelf ("" = all) and its copies to print them.
        self.print_shelf_list: Callable[[str, list[CopyInfo]], None] | None = None

        title = QLabel(_("Stocktaking"))
        title.setObjectName("screenTitle")
        self.status_label = QLabel()
        self.status_label.setObjectName("stocktakeStatus")
        self.status_label.setWordWrap(True)
        self.start_button = QPushButton(_("Start a stocktaking"))
        self.close_button = QPushButton(_("Close the count…"))
        header = QHBoxLayout()
        header.addWidget(title)
        header.addWidget(self.status_label, 1)
        header.addWidget(self.start_button)
        header.addWidget(self.close_button)

        # -- scanning -----------------------------------------------------------------------------
        self.shelf_combo = QComboBox()
        self.shelf_combo.setEditable(True)
        self.shelf_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.shelf_combo.lineEdit().setPlaceholderText(_("e.g. C1"))
        self.shelf_combo.setMinimumContentsLength(8)
        self.shelf_combo.currentTextChanged.connect(self._shelf_changed)
        self.shelf_list_button = QPushButton(_("Shelf list…"))
        shelf_row = QHBoxLayout()
        shelf_label = QLabel(_("&Shelf"))
        shelf_label.setBuddy(self.shelf_combo)
        shelf_row.addWidget(shelf_label)
        shelf_row.addWidget(self.shelf_combo, 1)
        shelf_row.addWidget(self.shelf_list_button)

        self.scan_box = ScanBox()
        self.scan_box.setObjectName("stocktakeScan")
        self.scan_box.setPlaceholderText(_("Scan or type an accession number, then Enter"))
        self.scan_box.returnPressed.connect(self.scan_entered)
        self.result_label = QLabel(" ")
        self.result_label.setObjectName("scanResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextFormat(Qt.TextFormat.RichText)  # every piece is escaped
        self.result_label.setMinimumHeight(self.fontMetrics().height() * 3)
        self.scan_list = QListWidget()
        self.scan_list.setObjectName("scanList")
        self.scan_list.setWordWrap(True)
        self.scan_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scan_list_label = QLabel()
        self.undo_button = QPushButton(_("Undo scan"))
        scan_box = QGroupBox(_("Scanning"))
        scan_layout = QVBoxLayout(scan_box)
        scan_layout.addLayout(shelf_row)
        scan_layout.addWidget(self.scan_box)
        scan_layout.addWidget(self.result_label)
        scan_layout.addWidget(self.scan_list_label)
        scan_layout.addWidget(self.scan_list, 1)
        scan_layout.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignRight)

        # -- progress, report, past counts ------------------------------------------------------
        self.progress_table = QTableWidget(0, 3)
        self.progress_table.setObjectName("shelfProgress")
        self.progress_table.setHorizontalHeaderLabels([_("Shelf"), _("Expected"), _("Scanned")])
        self.progress_table.verticalHeader().setVisible(False)
        self.progress_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.progress_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.progress_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch)
        self.progress_table.cellActivated.connect(self._progress_activated)
        self.progress_table.setToolTip(_("Enter counts the highlighted shelf"))
        self.progress_total = QLabel()

        self.report_summary = QLabel()
        self.report_summary.setWordWrap(True)
        self.report_tree = QTreeWidget()
        self.report_tree.setObjectName("stocktakeReport")
        self.report_tree.setColumnCount(3)
        self.report_tree.setHeaderLabels([_("Acc. no."), _("Title"), _("Shelf")])
        self.report_tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.report_tree.header().setStretchLastSection(False)
        self.report_button = QPushButton(_("Update the report"))

        self.past_list = QListWidget()
        self.past_list.setObjectName("pastCounts")
        self.past_list.setWordWrap(True)
        self.past_list.itemActivated.connect(self._past_activated)
        self.past_list.setToolTip(_("Enter shows the result of the highlighted count"))

        progress_page = QWidget()
        progress_layout = QVBoxLayout(progress_page)
        progress_layout.addWidget(self.progress_table, 1)
        progress_layout.addWidget(self.progress_total)
        report_page = QWidget()
        report_layout = QVBoxLayout(report_page)
        report_layout.addWidget(self.report_summary)
        report_layout.addWidget(self.report_tree, 1)
        report_layout.addWidget(self.report_button, 0, Qt.AlignmentFlag.AlignRight)
        past_page = QWidget()
        past_layout = QVBoxLayout(past_page)
        past_hint = QLabel(_("Counts already made, newest first. Press Enter to see a result."))
        past_hint.setWordWrap(True)
        past_layout.addWidget(past_hint)
        past_layout.addWidget(self.past_list, 1)
        self.pages = QTabWidget()
        self.pages.setObjectName("stocktakePages")
        self.pages.addTab(progress_page, _("Progress by shelf"))
        self.pages.addTab(report_page, _("Report"))
        self.pages.addTab(past_page, _("Past counts"))
        self.pages.currentChanged.connect(self._page_changed)

        columns = QHBoxLayout()
        columns.addWidget(scan_box, 5)
        columns.addWidget(self.pages, 6)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(columns, 1)

        # -- actions: shortcuts live on the tab, so they work wherever its focus is --------------
        self.start_action = shortcut_action(self, _("Start a stocktaking"), "Ctrl+N", self.start_count,
                                            button=self.start_button)
        self.close_action = shortcut_action(self, _("Close the count and keep its result"), "Ctrl+Shift+K",
                                            self.close_count, button=self.close_button)
        self.undo_action = shortcut_action(self, _("Take back the last scan, or the highlighted one"),
                                           QKeySequence.StandardKey.Undo,
                                           lambda: self.turns.in_turn(self.undo_scan),
                                           button=self.undo_button)
        self.shelf_action = shortcut_action(self, _("Choose the shelf being counted"), "F2",
                                            self.choose_shelf)
        self.shelf_combo.setToolTip(self.shelf_action.toolTip())
        self.report_action = shortcut_action(self, _("Update the report"), "F5", self.show_report,
                                             button=self.report_button)
        self.shelf_list_action = shortcut_action(self,
                                                 _("The list of copies on this shelf, to count by hand"),
                                                 "Ctrl+P", self.open_shelf_list,
                                                 button=self.shelf_list_button)
        self.scan_box.setToolTip(_("A barcode scanner types the code and presses Enter. "
                                   "Ctrl+Z takes a scan back."))
        self.setTabOrder(self.shelf_combo, self.scan_box)
        self.setTabOrder(self.scan_box, self.scan_list)

    @staticmethod
    def nav_title() -> str:
        return _("Stocktaking")

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        db, shelf = self.db, self.current_shelf()
        loaded, counted = load_on_worker(
            self, lambda: _read_count(db, shelf, with_scans=True, with_shelves=True), what="count")
        if not loaded or counted is None:
            return
        self.stocktake = counted.stocktake
        self._fill_shelves(counted.shelves or [])
        self._update_state()
        self._show_scans(shelf, counted.scans)
        show_progress(self.progress_table, self.progress_total, counted.progress,
                      counting=self.stocktake is not None)
        self._fill_past()
        if self.pages.currentIndex() == 1:
            self.show_report()

    def focus_start(self) -> None:
        if self.stocktake is None:
            self.start_button.setFocus()
        elif not self.current_shelf():
            self.shelf_combo.setFocus()
        else:
            self.scan_box.setFocus()

    def _fill_shelves(self, names: list[str]) -> None:
        current = self.current_shelf()
        self.shelf_combo.blockSignals(True)
        self.shelf_combo.clear()
        self.shelf_combo.addItems(names)
        self.shelf_combo.setCurrentIndex(-1)
        self.shelf_combo.setEditText(current)
        self.shelf_combo.blockSignals(False)

    def _update_state(self) -> None:
        count = self.stocktake
        open_count = count is not None
        if count is None:
            self.status_label.setText(_("No stocktaking is open. Start one to count the shelves; "
                                        "you can stop at any time and continue another day."))
        else:
            self.status_label.setText(ngettext(
                "Stocktaking started on {date} is open: {count} code scanned so far.",
                "Stocktaking started on {date} is open: {count} codes scanned so far.",
                count.scanned).format(date=format_date(count.started_on),
                                      count=format_integer(count.scanned)))
        self.start_action.setEnabled(not open_count)
        self.start_button.setVisible(not open_count)
        self.close_action.setEnabled(open_count)
        self.close_button.setVisible(open_count)
        for widget in (self.scan_box, self.shelf_combo, self.scan_list, self.undo_button):
            widget.setEnabled(open_count)
        self.undo_action.setEnabled(open_count)
        self.scan_box.setPlaceholderText(
            _("Scan or type an accession number, then Enter") if open_count
            else _("Start a stocktaking first (Ctrl+N)"))

    def current_shelf(self) -> str:
        return self.shelf_combo.currentText().strip()

    def _fill_scans(self) -> None:
        shelf = self.current_shelf()
        if self.stocktake is None or not shelf:
            self._show_scans(shelf, None)
            return
        db, stocktake_id = self.db, self.stocktake.id
        # one load per key typed in the shelf box: only the newest shelf's answer is shown
        loaded, done = load_on_worker(self, lambda: scans(db, stocktake_id, shelf), what="scans")
        if loaded:
            self._show_scans(shelf, done)

    def _show_scans(self, shelf: str, done: list[StockScanResult] | None) -> None:
        self.scan_list.clear()
        if self.stocktake is None or not shelf or done is None:
            self.scan_list_label.setText(_("Codes scanned on this shelf"))
            return
        self.scan_list_label.setText(ngettext(
            "{count} code scanned on shelf {shelf} (newest first)",
            "{count} codes scanned on shelf {shelf} (newest first)", len(done)).format(
            count=format_integer(len(done)), shelf=shelf))
        for result in done:
            self.scan_list.addItem(scan_item(result))

    def _prepend_scan(self, result: StockScanResult) -> None:
        """Put a new scan on top of the list without reloading it (a long count has thousands)."""
        for row in range(self.scan_list.count()):
            if self.scan_list.item(row).data(Qt.ItemDataRole.UserRole) == result.code:
                self.scan_list.takeItem(row)
                break
        self.scan_list.insertItem(0, scan_item(result))
        self.scan_list.setCurrentRow(-1)
        count = self.scan_list.count()
        self.scan_list_label.setText(ngettext(
            "{count} code scanned on shelf {shelf} (newest first)",
            "{count} codes scanned on shelf {shelf} (newest first)", count).format(
            count=format_integer(count), shelf=result.shelf))

    # -- scanning ------------------------------------------------------------------------------
    def choose_shelf(self) -> None:
        self.shelf_combo.setFocus()
        self.shelf_combo.lineEdit().selectAll()

    def _shelf_changed(self, _text: str) -> None:
        self._fill_scans()

    def scan_entered(self) -> None:
        code = self.scan_box.text().strip()
        self.scan_box.clear()
        if not code or self.stocktake is None:
            return
        shelf = self.current_shelf()  # the shelf when scanned, though another be typed meanwhile
        self.turns.in_turn(lambda: self._record(code, shelf))

    def _record(self, code: str, shelf: str) -> None:
        if self.stocktake is None:
            return
        if not shelf:
            self._show_result(_("Choose the shelf you are counting first (F2)."), "unknown")
            self.choose_shelf()
            return
        db, stocktake_id = self.db, self.stocktake.id

        def record() -> tuple[StockScanResult, _Counted]:
            done = record_scan(db, stocktake_id, shelf, code)
            return done, _read_count(db, shelf, with_scans=False, with_shelves=False)
        try:
            result, counted = self.turns.on_worker(record)
        except UserError as error:
            self._show_result(error.message, "unknown")
            return
        if self.shelf_combo.findText(shelf, Qt.MatchFlag.MatchFixedString) < 0:
            self.shelf_combo.blockSignals(True)
            self.shelf_combo.addItem(shelf)
            self.shelf_combo.setEditText(shelf)
            self.shelf_combo.blockSignals(False)
        self._recent.append(result.code)
        self.last_result = result
        if result.outcome == "found":
            self._show_result(_("Found: {copy}").format(copy=result.message), result.outcome)
        else:
            self._show_result(result.message, result.outcome, outcome_label(result.outcome))
        if result.outcome != "found":
            QApplication.beep()
        self._after_change(counted)
        self._prepend_scan(result)

    def _show_result(self, text: str, outcome: str, flag: str = "") -> None:
        """The confirmation of the last action; a flagged scan gets its flag in bold first."""
        if flag:
            self.result_label.setText(f"<b>{html.escape(flag)}</b><br>{html.escape(text)}")
        else:
            self.result_label.setText(html.escape(text))
        self.result_label.setProperty("outcome", outcome)
        self.result_label.setStyleSheet(OUTCOME_STYLES.get(outcome, FLAG_STYLE))

    def _after_change(self, counted: _Counted | None = None) -> None:
        """The state, the progress (and, unless `counted` was read with the change, the shelf's
        scans) as the database now has them."""
        if counted is None:
            db, shelf = self.db, self.current_shelf()
            try:
                counted = self.turns.on_worker(
                    lambda: _read_count(db, shelf, with_scans=True, with_shelves=False))
            except UserError as error:
                self._show_result(error.message, "unknown")
                return
            self.stocktake = counted.stocktake
            self._show_scans(shelf, counted.scans)
        self.stocktake = counted.stocktake
        self._update_state()
        show_progress(self.progress_table, self.progress_total, counted.progress,
                      counting=self.stocktake is not None)
        self.report = None
        if self.pages.currentIndex() == 1:
            self.report_summary.setText(_("Press F5 to update the report with the latest scans."))

    def undo_scan(self) -> None:
        """Take back the highlighted scan in the list, else the last one made in this sitting."""
        if self.stocktake is None:
            return
        item = self.scan_list.currentItem() if self.scan_list.hasFocus() else None
        code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if code is None and self._recent:
            code = self._recent[-1]
        if code is None and self.scan_list.count():
            code = self.scan_list.item(0).data(Qt.ItemDataRole.UserRole)
        if not code:
            return
        db, stocktake_id = self.db, self.stocktake.id
        try:
            self.turns.on_worker(lambda: remove_scan(db, stocktake_id, code))
        except UserError as error:
            self._show_result(error.message, "unknown")
        else:
            self._show_result(_("Scan of {code} taken back.").format(code=code), "withdrawn")
        if code in self._recent:
            self._recent.remove(code)
        self._after_change()
        self.scan_box.setFocus()

    def _progress_activated(self, row: int, _column: int) -> None:
        item = self.progress_table.item(row, 0)
        if item is None or self.stocktake is None:
            return
        self.shelf_combo.setEditText(str(item.data(Qt.ItemDataRole.UserRole)))
        self.scan_box.setFocus()

    # -- starting and closing --------------------------------------------------------------------
    def start_count(self) -> None:
        if self.stocktake is not None:
            return
        db, today = self.db, self.today()
        started, self.stocktake = save_on_worker(self, lambda: start_stocktake(db, today=today))
        if not started:
            self.refresh()
            return
        self._recent.clear()
        self._show_result(_("Stocktaking started. Choose a shelf (F2) and scan its copies."), "found")
        self.refresh()
        self.focus_start()

    def close_count(self) -> None:
        if self.stocktake is None:
            return
        db, stocktake_id = self.db, self.stocktake.id
        # the user asked to close and waits for the figures to decide on (a busy cursor meanwhile)
        loaded, report = load_on_worker(self, lambda: stocktake_report(db, stocktake_id), what="close")
        if not loaded or report is None:
            return
        dialog = CloseStocktakeDialog(report, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        today = self.today()
        mark_lost, restore_found = dialog.wants(dialog.mark_lost), dialog.wants(dialog.restore_found)
        closed, kept = save_on_worker(self, lambda: close_stocktake(
            db, stocktake_id, today=today, mark_proposed_lost=mark_lost, restore_found_lost=restore_found))
        if not closed or kept is None:
            self.refresh()
            return
        self._recent.clear()
        self.refresh()
        self._show_report(kept)
        self.pages.setCurrentIndex(1)
        self._show_result(_("The stocktaking is closed and its result is kept."), "found")
        self.start_button.setFocus()


