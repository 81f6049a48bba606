"""The outbox as a table: each package sent, and whether the office has acknowledged it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.formatting import format_date, format_datetime, format_integer
from desktop.i18n import _
from desktop.services.sync.export import SentPackage
from desktop.ui.sync.drives import format_size

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
DATE, FILE, CHANGES, RECORDS, SIZE, FULL, ACKNOWLEDGED = range(7)

Index = QModelIndex | QPersistentModelIndex


class OutboxTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.packages: list[SentPackage] = []

    @staticmethod
    def headers() -> list[str]:
        return [_("Sent on"), _("File"), _("Changes"), _("Records"), _("Size"), _("Full copy"),
                _("Office received it")]

    def set_packages(self, packages: list[SentPackage]) -> None:
        self.beginResetModel()
        self.packages = list(packages)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name
        return 0 if parent.isValid() else len(self.packages)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name
        return 0 if parent.isValid() else len(self.headers())

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        package = self.packages[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(package, column)
        if role == SORT_ROLE:
            return self._sort_value(package, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == FILE:
            return package.folder
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (RECORDS, SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(package: SentPackage, column: int) -> str:
        if column == DATE:
            return format_datetime(package.created_at)
        if column == FILE:
            return package.file_name
        if column == CHANGES:
            return _("{first} to {last}").format(first=format_integer(package.sequence_from),
                                                 last=format_integer(package.sequence_to))
        if column == RECORDS:
            return format_integer(package.rows)
        if column == SIZE:
            return format_size(package.size)
        if column == FULL:
            return _("full copy") if package.full else _("changes only")
        if package.acknowledged_at is None:
            return _("not yet")
        return format_date(package.acknowledged_at.date())

    @staticmethod
    def _sort_value(package: SentPackage, column: int) -> Any:
        return {DATE: package.created_at.isoformat(), FILE: package.file_name, CHANGES: package.sequence_from,
                RECORDS: package.rows, SIZE: package.size, FULL: package.full,
                ACKNOWLEDGED: package.acknowledged_at.isoformat() if package.acknowledged_at else ""}[column]
