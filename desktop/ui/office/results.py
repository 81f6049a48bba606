"""What an import (or its preview) found, per package and per table, as the receive screen shows it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.printing.import_report import COUNT_NAMES, count_headers
from desktop.services.sync.import_documents import changes_text, status_label, table_label
from desktop.services.sync.office_browse import fingerprint_forms
from desktop.services.sync.receive import HELD_GAP, REFUSED, ImportReport, PackageResult

FILE, CENTRE, CHANGES, RESULT, REASON = range(5)
COLUMN_COUNT = 5
STATUS_COLOURS = {REFUSED: "#f8d7d7", HELD_GAP: "#fff1c7"}

_Index = QModelIndex | QPersistentModelIndex


def new_key_text(package: PackageResult) -> str:
    """The fingerprint of a key registered on first contact, in the forms read out by phone."""
    if not package.registered_key:
        return ""
    forms = fingerprint_forms(package.registered_key)
    if forms is None:
        return package.registered_key
    return _("New key of {centre}: {digits} ({words})").format(centre=package.centre, digits=forms.digits,
                                                                 words=forms.words)


def screen_reason(package: PackageResult) -> str:
    """The service's reason, with what to do on this screen where it speaks of command-line flags."""
    reason = package.reason
    if package.reason_code == "unknown-key":
        reason += " " + _("Here: check the fingerprint with the centre, tick “Register unknown centres' keys” "
                          "and preview again, or register its key file under “Settings”.")
    return reason


def package_notes(package: PackageResult) -> list[str]:
    """The service's notes, without the one repeating the new key's digits (new_key_text shows them)."""
    forms = fingerprint_forms(package.registered_key) if package.registered_key else None
    return [note for note in package.notes if forms is None or forms.digits not in note]


class PackagesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.report: ImportReport | None = None

    def set_report(self, report: ImportReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def package_at(self, row: int) -> PackageResult:
        assert self.report is not None
        return self.report.packages[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.report is None else len(self.report.packages)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Package file"), _("Centre"), _("Changes"), _("Result"), _("Reason and notes"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.report is None:
            return None
        package, column = self.report.packages[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == FILE:
                return package.file
            if column == CENTRE:
                return f"{package.centre} ({package.commune_code})" if package.commune_code else package.centre
            if column == CHANGES:
                return changes_text(package)
            if column == RESULT:
                return status_label(package.status, dry_run=self.report.dry_run)
            return "\n".join(part for part in (screen_reason(package), new_key_text(package)) if part)
        if role == Qt.ItemDataRole.BackgroundRole and package.status in STATUS_COLOURS:
            return QBrush(QColor(STATUS_COLOURS[package.status]))
        if role == Qt.ItemDataRole.FontRole and column == RESULT and package.status in STATUS_COLOURS:
            font = QFont()
            font.setBold(True)
            return font
        return None


class ResultsView(QWidget):
    """The packages on top; the selected package's counts per table and details below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PackagesModel(self)
        self.packages = QTableView()
        self.packages.setModel(self.model)
        self.packages.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.packages.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.packages.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.packages.setWordWrap(True)
        self.packages.verticalHeader().setVisible(False)
        header = self.packages.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(REASON, QHeaderView.ResizeMode.Stretch)
        self.packages.selectionModel().currentRowChanged.connect(lambda current, _previous: self._show(current.row()))
        self.tables = QTableWidget(0, len(COUNT_NAMES) + 1)
        self.tables.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tables.verticalHeader().setVisible(False)
        self.tables.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tables.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.tables_title = QLabel()
        lower_layout.addWidget(self.tables_title)
        lower_layout.addWidget(self.tables, 1)
        lower_layout.addWidget(self.details)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.packages)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_report(self, report: ImportReport | None) -> None:
        self.model.set_report(report)
        self._fit_columns()
        if report is not None and report.packages:
            self.packages.selectRow(0)
            self._show(0)
        else:
            self._show(-1)

    def _fit_columns(self) -> None:
        """Shares of the width, so that nothing is cut at 1366×768 and wider screens show more reason."""
        width = self.packages.viewport().width()
        for column, share in ((FILE, 0.22), (CENTRE, 0.2), (CHANGES, 0.1), (RESULT, 0.11)):
            self.packages.setColumnWidth(column, int(width * share))
        self.packages.resizeRowsToContents()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_columns)  # once the layout has given the table its width

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit_columns()

    def _show(self, row: int) -> None:
        self.tables.clear()
        self.tables.setHorizontalHeaderLabels([_("Kind of records"), *count_headers()])
        if row < 0 or self.model.report is None or row >= len(self.model.report.packages):
            self.tables.setRowCount(0)
            self.tables_title.setText("")
            self.details.setText("")
            return
        package = self.model.package_at(row)
        self.tables_title.setText(_("Records per table in {file}").format(file=package.file))
        lines = [(table, counts) for table, counts in package.tables.items() if any(counts.values())]
        self.tables.setRowCount(len(lines))
        for number, (table, counts) in enumerate(lines):
            self.tables.setItem(number, 0, QTableWidgetItem(table_label(table)))
            for column, name in enumerate(COUNT_NAMES, start=1):
                item = QTableWidgetItem(format_integer(counts.get(name, 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if name in ("conflict", "set_aside") and counts.get(name):
                    item.setBackground(QBrush(QColor(STATUS_COLOURS[HELD_GAP])))
                self.tables.setItem(number, column, item)
        details = [part for part in (screen_reason(package), new_key_text(package), *package_notes(package)) if part]
        details += [_("Set aside: {table} {record}: {reason}").format(table=table_label(table), record=record,
                                                                      reason=reason)
                    for table, record, reason in package.set_aside[:20]]
        if len(package.set_aside) > 20:
            details.append(_("… and {count} more set aside (all of them are in the saved report).").format(
                count=format_integer(len(package.set_aside) - 20)))
        details += [_("Conflict: {text}").format(text=text) for text in package.conflicts[:20]]
        if len(package.conflicts) > 20:
            details.append(_("… and {count} more conflicts (all of them are in the saved report).").format(
                count=format_integer(len(package.conflicts) - 20)))
        self.details.setText("\n".join(details))
