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

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.services.books.common import CopyInfo
from desktop.services.books.stocktaking import (
    ShelfProgress,
    StockScanResult,
    StocktakeInfo,
    StocktakeReport,
    close_stocktake,
    current_stocktake,
    list_stocktakes,
    record_scan,
    remove_scan,
    scans,
    shelf_list,
    shelf_progress,
    shelves,
    start_stocktake,
    stocktake_report,
)
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action

# Colours of the line that confirms a scan: green when all is well, amber for a flag, red unknown.
OUTCOME_STYLES = {
    "found": "background: #e3f4e1; color: #1b5e20; padding: 8px; border: 1px solid #9ccc9a;",
    "unknown": "background: #fde7e9; color: #8c1020; padding: 8px; border: 1px solid #e59aa4;",
}
FLAG_STYLE = "background: #fff3c4; color: #5d4200; padding: 8px; border: 1px solid #e0c36a;"
ERROR_STYLE = "color: #b00020;"


def outcome_label(outcome: str) -> str:
    """The short flag shown before a scanned copy."""
    return {
        "misplaced": _("Misplaced"),
        "unknown": _("Unknown code"),
        "found_lost": _("Register says lost"),
        "found_on_loan": _("Register says on loan"),
        "withdrawn": _("Weeded or sent back"),
    }.get(outcome, outcome)


def scan_line(result: StockScanResult) -> str:
    """The line of the scan list: the service's message names the copy and what is wrong."""
    return result.message


def scan_colour(outcome: str) -> QColor | None:
    """Flags stand out in the scan list: amber for a copy to look at, red for an unknown code."""
    if outcome == "found":
        return None
    return QColor("#fde7e9") if outcome == "unknown" else QColor("#fff3c4")


class ScanBox(QLineEdit):
    """The field a USB scanner types into; it sends the code's keystrokes and then Enter.

    With the field empty, Ctrl+Z goes to the tab (take the last scan back) instead of the
    field's own text undo.
    """

    def event(self, event: QEvent) -> bool:  # noqa: D102 - Qt's name
        if (event.type() == QEvent.Type.ShortcutOverride and not self.text()
                and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Undo)):
            event.ignore()
            return False
        return super().event(event)


class CloseStocktakeDialog(QDialog):
    """Asks before closing a count, says what the result is, and offers the follow-ups."""

    def __init__(self, report: StocktakeReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Close the stocktaking"))
        info = report.stocktake
        text = QLabel(_(
            "Close the stocktaking started on {date}? Of {expected} copies expected, {found} were "
            "found and {missing} are missing; {on_loan} are on loan. The result is kept and can be "
            "viewed under “Past counts”; no more scans can be added to this count.").format(
            date=format_date(info.started_on), expected=format_integer(report.expected),
            found=format_integer(report.found), missing=format_integer(len(report.missing)),
            on_loan=format_integer(len(report.on_loan))))
        text.setWordWrap(True)
        self.mark_lost = QCheckBox(ngettext(
            "Record the {count} copy missing in this count and the previous one as lost",
            "Record the {count} copies missing in this count and the previous one as lost",
            len(report.proposed_lost)).format(count=format_integer(len(report.proposed_lost))))
        self.mark_lost.setVisible(bool(report.proposed_lost))
        self.restore_found = QCheckBox(ngettext(
            "Put the {count} copy recorded as lost but found back in stock",
            "Put the {count} copies recorded as lost but found back in stock",
            len(report.found_lost)).format(count=format_integer(len(report.found_lost))))
        self.restore_found.setVisible(bool(report.found_lost))
        self.restore_found.setChecked(True)
        buttons = QDialogButtonBox()
        self.close_button = buttons.addButton(_("Close the count"),
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(_("Keep counting"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.mark_lost)
        layout.addWidget(self.restore_found)
        layout.addWidget(buttons)
        self.close_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)  # Enter does not close a count by accident
        self.setMinimumWidth(520)

    @staticmethod
    def wants(option: QCheckBox) -> bool:
        """True if the option was offered (shown) and ticked."""
        return not option.isHidden() and option.isChecked()


class ShelfListDialog(QDialog):
    """The copies a shelf should hold, to count by hand; printing it is added by the print module."""

    def __init__(self, shelf: str, copies: list[CopyInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Shelf list: {shelf}").format(shelf=shelf or _("all shelves")))
        self.table = QTableWidget(len(copies), 4)
        self.table.setHorizontalHeaderLabels([_("Acc. no."), _("Title"), _("Call number"),
                                              _("On loan")])
        for row, copy in enumerate(copies):
            for column, value in enumerate((copy.code, copy.title, copy.call_number,
                                            _("yes") if copy.on_loan else "")):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ngettext("{count} copy", "{count} copies", len(copies)).format(
            count=format_integer(len(copies)))))
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(720, 520)


class StocktakingTab(Screen):
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
                                           QKeySequence.StandardKey.Undo, self.undo_scan,
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

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.stocktake = current_stocktake(self.db)
        self._fill_shelves()
        self._update_state()
        self._fill_scans()
        self._fill_progress()
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

    def _fill_shelves(self) -> None:
        current = self.current_shelf()
        self.shelf_combo.blockSignals(True)
        self.shelf_combo.clear()
        self.shelf_combo.addItems(shelves(self.db))
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
        self.scan_list.clear()
        shelf = self.current_shelf()
        if self.stocktake is None or not shelf:
            self.scan_list_label.setText(_("Codes scanned on this shelf"))
            return
        done = scans(self.db, self.stocktake.id, shelf)
        self.scan_list_label.setText(ngettext(
            "{count} code scanned on shelf {shelf} (newest first)",
            "{count} codes scanned on shelf {shelf} (newest first)", len(done)).format(
            count=format_integer(len(done)), shelf=shelf))
        for result in done:
            self.scan_list.addItem(self._scan_item(result))

    @staticmethod
    def _scan_item(result: StockScanResult) -> QListWidgetItem:
        item = QListWidgetItem(scan_line(result))
        colour = scan_colour(result.outcome)
        if colour is not None:
            item.setBackground(colour)
            item.setForeground(QColor("#202020"))
            item.setToolTip(outcome_label(result.outcome))
        item.setData(Qt.ItemDataRole.UserRole, result.code)
        item.setData(Qt.ItemDataRole.UserRole + 1, result.outcome)
        return item

    def _prepend_scan(self, result: StockScanResult) -> None:
        """Put a new scan on top of the list without reloading it (a long count has thousands)."""
        for row in range(self.scan_list.count()):
            if self.scan_list.item(row).data(Qt.ItemDataRole.UserRole) == result.code:
                self.scan_list.takeItem(row)
                break
        self.scan_list.insertItem(0, self._scan_item(result))
        self.scan_list.setCurrentRow(-1)
        count = self.scan_list.count()
        self.scan_list_label.setText(ngettext(
            "{count} code scanned on shelf {shelf} (newest first)",
            "{count} codes scanned on shelf {shelf} (newest first)", count).format(
            count=format_integer(count), shelf=result.shelf))

    def _fill_progress(self) -> None:
        rows: list[ShelfProgress] = (shelf_progress(self.db, self.stocktake.id)
                                     if self.stocktake is not None else [])
        self.progress_table.setRowCount(len(rows))
        for row, progress in enumerate(rows):
            values = (progress.shelf or _("(no shelf)"), format_integer(progress.expected),
                      format_integer(progress.scanned))
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, progress.shelf)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.progress_table.setItem(row, column, item)
        header = self.progress_table.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if self.stocktake is None:
            self.progress_total.setText(_("Progress appears here once a stocktaking is started."))
        else:
            self.progress_total.setText(_("In all: {scanned} codes scanned of {expected} copies "
                                          "in the registers.").format(
                scanned=format_integer(sum(p.scanned for p in rows)),
                expected=format_integer(sum(p.expected for p in rows))))

    def _fill_past(self) -> None:
        self.past_list.clear()
        counts = list_stocktakes(self.db)
        for count in counts:
            if count.is_open:
                text = ngettext("Started {date}, still open: {count} code scanned",
                                "Started {date}, still open: {count} codes scanned",
                                count.scanned).format(date=format_date(count.started_on),
                                                      count=format_integer(count.scanned))
            else:
                text = _("{first} – {last}: {found} of {expected} found, {missing} missing, "
                         "{misplaced} misplaced, {unknown} unknown codes").format(
                    first=format_date(count.started_on), last=format_date(count.closed_on),
                    found=format_integer(count.found), expected=format_integer(count.expected),
                    missing=format_integer(count.missing),
                    misplaced=format_integer(count.misplaced),
                    unknown=format_integer(count.unknown))
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, count.id)
            self.past_list.addItem(item)
        if not counts:
            item = QListWidgetItem(_("No stocktaking has been made yet."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.past_list.addItem(item)

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
        shelf = self.current_shelf()
        if not shelf:
            self._show_result(_("Choose the shelf you are counting first (F2)."), "unknown")
            self.choose_shelf()
            return
        try:
            result = record_scan(self.db, self.stocktake.id, shelf, code)
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
        self._after_change(reload_scans=False)
        self._prepend_scan(result)

    def _show_result(self, text: str, outcome: str, flag: str = "") -> None:
        """The confirmation of the last action; a flagged scan gets its flag in bold first."""
        if flag:
            self.result_label.setText(f"<b>{html.escape(flag)}</b><br>{html.escape(text)}")
        else:
            self.result_label.setText(html.escape(text))
        self.result_label.setProperty("outcome", outcome)
        self.result_label.setStyleSheet(OUTCOME_STYLES.get(outcome, FLAG_STYLE))

    def _after_change(self, *, reload_scans: bool = True) -> None:
        self.stocktake = current_stocktake(self.db)
        self._update_state()
        if reload_scans:
            self._fill_scans()
        self._fill_progress()
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
        try:
            remove_scan(self.db, self.stocktake.id, code)
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
        try:
            self.stocktake = start_stocktake(self.db, today=self.today())
        except UserError as error:
            show_error(self, error)
            self.refresh()
            return
        self._recent.clear()
        self._show_result(_("Stocktaking started. Choose a shelf (F2) and scan its copies."), "found")
        self.refresh()
        self.focus_start()

    def close_count(self) -> None:
        if self.stocktake is None:
            return
        try:  # the user asked to close and waits for the figures to decide on: a wait cursor
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            report = stocktake_report(self.db, self.stocktake.id)
        except UserError as error:
            show_error(self, error)
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        dialog = CloseStocktakeDialog(report, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            kept = close_stocktake(self.db, self.stocktake.id, today=self.today(),
                                   mark_proposed_lost=dialog.wants(dialog.mark_lost),
                                   restore_found_lost=dialog.wants(dialog.restore_found))
        except UserError as error:
            show_error(self, error)
            self.refresh()
            return
        self._recent.clear()
        self.refresh()
        self._show_report(kept)
        self.pages.setCurrentIndex(1)
        self._show_result(_("The stocktaking is closed and its result is kept."), "found")
        self.start_button.setFocus()

    # -- the report --------------------------------------------------------------------------------
    def _page_changed(self, index: int) -> None:
        if index == 1 and self.report is None:
            self.show_report()

    def _load_report(self, stocktake_id: str, then: Callable[[StocktakeReport], None]) -> None:
        """The report over the whole stock takes a few hundred milliseconds on years of data:
        it is built off the GUI thread, and `then` shows it."""
        if self.report_task is not None:
            return
        self.report_summary.setText(_("Counting the copies…"))
        task = BackgroundTask(self, _("Stocktaking report"),
                              lambda _progress: stocktake_report(self.db, stocktake_id),
                              on_success=then, on_error=lambda error: show_error(self, error),
                              show_dialog=False)
        task.finished.connect(self._report_done)
        self.report_task = task.start()

    def _report_done(self) -> None:
        self.report_task = None

    def show_report(self) -> None:
        """Build the report of the open count, or of the newest closed one."""
        target = self.stocktake
        if target is None:
            counts = list_stocktakes(self.db)
            target = counts[0] if counts else None
        if target is None:
            self.report = None
            self.report_tree.clear()
            self.report_summary.setText(_("No stocktaking yet: the report appears here."))
            return
        self._load_report(target.id, self._show_report)

    def _past_activated(self, item: QListWidgetItem) -> None:
        stocktake_id = item.data(Qt.ItemDataRole.UserRole)
        if not stocktake_id:
            return
        try:  # a closed count reads its kept result: quick, so at once
            report = stocktake_report(self.db, str(stocktake_id))
        except UserError as error:
            show_error(self, error)
            return
        self._show_report(report)
        self.pages.setCurrentIndex(1)
        self.report_tree.setFocus()

    def _show_report(self, report: StocktakeReport) -> None:
        self.report = report
        info = report.stocktake
        when = (_("Stocktaking of {first} – {last} (closed)").format(
            first=format_date(info.started_on), last=format_date(info.closed_on))
            if info.closed_on else _("Stocktaking started on {date} (open; figures so far)").format(
            date=format_date(info.started_on)))
        self.report_summary.setText(_("{when}: {found} of {expected} copies found.").format(
            when=when, found=format_integer(report.found), expected=format_integer(report.expected)))
        tree = self.report_tree
        tree.clear()
        groups: list[tuple[str, str, list[tuple[str, str, str]]]] = [
            ("missing", _("Missing") if info.closed_on else _("Not scanned yet"),
             [(c.code, c.title, c.shelf) for c in report.missing]),
            ("proposed_lost", _("Missing in this count and the previous one: proposed as lost"),
             [(c.code, c.title, c.shelf) for c in report.proposed_lost]),
            ("on_loan", _("On loan"), [(c.code, c.title, c.shelf) for c in report.on_loan]),
            ("misplaced", _("Misplaced"),
             [(m.copy.code, m.copy.title,
               _("on {found}, belongs on {recorded}").format(found=m.found_shelf,
                                                               recorded=m.recorded_shelf))
              for m in report.misplaced]),
            ("unknown", _("Unknown codes"), [(code, _("no copy in the registers has this code"), "")
                                             for code in report.unknown_codes]),
            ("found_lost", _("Found, but the register says lost"),
             [(c.code, c.title, c.shelf) for c in report.found_lost]),
            ("found_on_loan", _("Found, but the register says on loan"),
             [(c.code, c.title, c.shelf) for c in report.found_on_loan]),
            ("withdrawn", _("Found, but weeded or sent back"),
             [(c.code, c.title, c.shelf) for c in report.withdrawn_found]),
        ]
        for key, label, lines in groups:
            if not lines and key not in ("missing", "misplaced", "unknown"):
                continue
            group = QTreeWidgetItem([f"{label} ({format_integer(len(lines))})"])
            group.setData(0, Qt.ItemDataRole.UserRole, key)
            group.setFirstColumnSpanned(True)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            for code, title, shelf in lines:
                group.addChild(QTreeWidgetItem([code, title, shelf]))
            group.setExpanded(len(lines) <= 50)
        tree.resizeColumnToContents(0)
        tree.resizeColumnToContents(2)

    def report_codes(self, key: str) -> list[str]:
        """The codes listed under one group of the report shown ("missing", "misplaced", …)."""
        for index in range(self.report_tree.topLevelItemCount()):
            group = self.report_tree.topLevelItem(index)
            if group.data(0, Qt.ItemDataRole.UserRole) == key:
                return [group.child(row).text(0) for row in range(group.childCount())]
        return []

    # -- counting by hand ------------------------------------------------------------------------
    def shelf_copies(self, shelf: str | None = None) -> list[CopyInfo]:
        """The copies in stock on the shelf (the current one by default; all if none), in the
        order they stand: what the printed shelf list shows."""
        chosen = self.current_shelf() if shelf is None else shelf
        return shelf_list(self.db, chosen or None)

    def open_shelf_list(self) -> None:
        """Hook for the printed shelf list; until the print module connects, shows it on screen."""
        shelf = self.current_shelf()
        copies = self.shelf_copies()
        if self.print_shelf_list is not None:
            self.print_shelf_list(shelf, copies)
            return
        ShelfListDialog(shelf, copies, self).exec()
