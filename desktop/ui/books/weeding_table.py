"""The copies that may be weeded, in a table where Space ticks them (the weeding tab's list)."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView

from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.books.common import CopyInfo

CODE, TITLE, SHELF, RECEIVED, CONDITION = range(5)
_index = QModelIndex | QPersistentModelIndex


class CandidateModel(QAbstractTableModel):
    """Copies that may be weeded, each with a tick; ticked copies stay listed whatever the filter."""

    checked_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.copies: list[CopyInfo] = []
        self.checked: dict[str, CopyInfo] = {}  # copy id → copy, in the order they were ticked

    def set_copies(self, copies: list[CopyInfo]) -> None:
        """Show these copies, plus the ticked ones the new list leaves out."""
        shown = {copy.id for copy in copies}
        self.beginResetModel()
        self.copies = [copy for copy in self.checked.values() if copy.id not in shown] + copies
        self.endResetModel()

    def rowCount(self, parent: _index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.copies)

    def columnCount(self, parent: _index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's API
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Acc. no."), _("Title"), _("Shelf"), _("Received"), _("Condition"))[section]
        return None

    def data(self, index: _index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        copy = self.copies[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == CODE:
                return copy.code
            if column == TITLE:
                return copy.title
            if column == SHELF:
                return copy.shelf
            if column == RECEIVED:
                return format_date(copy.received_on)
            if column == CONDITION:
                return _("damaged") if copy.damaged else ""
        if role == Qt.ItemDataRole.CheckStateRole and column == CODE:
            return Qt.CheckState.Checked if copy.id in self.checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return "\n".join(part for part in (copy.title, copy.authors, copy.notes) if part)
        if role == Qt.ItemDataRole.UserRole:
            return copy
        return None

    def flags(self, index: _index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == CODE:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _index, value: object,  # noqa: N802 - Qt's API
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != CODE:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2)
        self.set_checked([index.row()], checked)
        return True

    def set_checked(self, rows: list[int], checked: bool) -> None:
        for row in rows:
            copy = self.copies[row]
            if checked:
                self.checked.setdefault(copy.id, copy)
            else:
                self.checked.pop(copy.id, None)
            cell = self.index(row, CODE)
            self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def add_and_check(self, copy: CopyInfo) -> int:
        """Tick a scanned copy, listing it first if it is not shown; returns its row."""
        for row, shown in enumerate(self.copies):
            if shown.id == copy.id:
                self.set_checked([row], True)
                return row
        self.beginInsertRows(QModelIndex(), 0, 0)
        self.copies.insert(0, copy)
        self.endInsertRows()
        self.set_checked([0], True)
        return 0

    def clear_checks(self) -> None:
        self.beginResetModel()
        self.checked.clear()
        self.endResetModel()
        self.checked_changed.emit()


class CandidateView(QTableView):
    """The candidates; Space ticks or unticks the selected rows (several at once with Shift)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        model = self.model()
        if event.key() == Qt.Key.Key_Space and isinstance(model, CandidateModel):
            rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
            if not rows and self.currentIndex().isValid():
                rows = [self.currentIndex().row()]
            if rows:
                all_checked = all(model.copies[row].id in model.checked for row in rows)
                model.set_checked(rows, not all_checked)
            return
        super().keyPressEvent(event)
