"""How a stocktaking scan is shown (its outcome in words and colour, the scan box) and the count's
progress by shelf."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QHeaderView, QLabel, QLineEdit, QListWidgetItem, QTableWidget, QTableWidgetItem

from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.services.books.stocktaking import ShelfProgress, StockScanResult


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


def scan_item(result: StockScanResult) -> QListWidgetItem:
    """A scan in the list of the shelf's scans: coloured by its flag, carrying its code."""
    item = QListWidgetItem(scan_line(result))
    colour = scan_colour(result.outcome)
    if colour is not None:
        item.setBackground(colour)
        item.setForeground(QColor("#202020"))
        item.setToolTip(outcome_label(result.outcome))
    item.setData(Qt.ItemDataRole.UserRole, result.code)
    item.setData(Qt.ItemDataRole.UserRole + 1, result.outcome)
    return item


def show_progress(table: QTableWidget, total: QLabel, rows: list[ShelfProgress], *, counting: bool) -> None:
    """The copies expected and scanned per shelf, and in all."""
    table.setRowCount(len(rows))
    for row, progress in enumerate(rows):
        values = (progress.shelf or _("(no shelf)"), format_integer(progress.expected),
                  format_integer(progress.scanned))
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, progress.shelf)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    header = table.horizontalHeader()
    for column in (1, 2):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    if not counting:
        total.setText(_("Progress appears here once a stocktaking is started."))
    else:
        total.setText(_("In all: {scanned} codes scanned of {expected} copies in the registers.").format(
            scanned=format_integer(sum(p.scanned for p in rows)),
            expected=format_integer(sum(p.expected for p in rows))))


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
