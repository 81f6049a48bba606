"""One table model for every list of plain records (dataclasses from the services).

Columns are declared (header, text, sort value, alignment, width sample); SORT_ROLE gives a
column's real value (dates, counts, Vietnamese name keys) and the model sorts itself in Python
with one key per row, far faster than a proxy comparing through data().
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

_AnyIndex = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # a value that sorts correctly
ID_ROLE = Qt.ItemDataRole.UserRole + 2  # the record's id
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column:
    """A column of a record table: header, text of a record, sort value, alignment, width sample.

    An empty `width` sample makes the column stretch (one per table).
    """

    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    width: str = ""


def _empty_last(value: Any) -> tuple[int, Any]:
    return (1, "") if value is None or value == "" else (0, value)


class RecordModel(QAbstractTableModel):
    """Records shown by columns; a subclass declares its columns and may colour its rows."""

    align_headers = False  # headers take their column's alignment (numbers on the right)

    def __init__(self, columns: Sequence[Column] | None = None, parent: Any = None, *,
                 background: Callable[[Any], QColor | None] | None = None,
                 tooltip: Callable[[Any], str | None] | None = None) -> None:
        super().__init__(parent)
        self.columns = list(columns) if columns is not None else self.declare_columns()
        self.rows: list[Any] = []  # in the order shown
        self._background = background
        self._tooltip = tooltip
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._keys: dict[int, list[Any]] = {}  # a sorted column's keys, made once per records

    # -- what a subclass may say --------------------------------------------------------------
    def declare_columns(self) -> list[Column]:
        raise NotImplementedError("pass columns, or declare them in a subclass")

    def cell_text(self, row: int, column: int) -> str:
        return self.columns[column].text(self.rows[row])

    def background(self, record: Any) -> QColor | None:
        return self._background(record) if self._background is not None else None

    def foreground(self, record: Any) -> QColor | None:
        # readable on a pale highlight in any theme
        return QColor("#000000") if self.background(record) is not None else None

    def font(self, record: Any, column: int) -> QFont | None:
        return None

    def tooltip(self, record: Any, column: int) -> str | None:
        text = self._tooltip(record) if self._tooltip else None
        return text or self.columns[column].text(record) or None

    # -- the records ------------------------------------------------------------------------------
    def set_rows(self, records: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(records)
        self._keys = {}
        self.records_changed()
        if self._sort is not None and self.rows:
            self._reorder(self._order(*self._sort))
        self.endResetModel()

    set_records = set_rows  # the name the book screens grew up with

    def records_changed(self) -> None:
        """Called inside the reset after new records arrive (to build data kept beside them)."""

    def records(self) -> list[Any]:
        return list(self.rows)

    def record(self, row: int) -> Any:
        return self.rows[row]

    def row_where(self, predicate: Callable[[Any], bool]) -> int:
        return next((row for row, record in enumerate(self.rows) if predicate(record)), -1)

    def row_of(self, record_id: object) -> int:
        return self.row_where(lambda record: getattr(record, "id", None) == record_id)

    def refresh_rows(self) -> None:
        """Every cell may show something else (marks, states): repaint without a reset."""
        if self.rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.rows) - 1, len(self.columns) - 1))

    # -- Qt's model ------------------------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        if role == Qt.ItemDataRole.TextAlignmentRole and self.align_headers \
                and self.columns[section].align != LEFT:
            return self.columns[section].align
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), column)
        if role == SORT_ROLE:
            return self.sort_value(index.row(), column)
        if role == ID_ROLE:
            return getattr(record, "id", None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(self.columns[column].align)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = self.background(record)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = self.foreground(record)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.FontRole:
            return self.font(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(record, column)
        return None

    # -- sorting ---------------------------------------------------------------------------------
    def sort_value(self, row: int, column: int) -> Any:
        spec = self.columns[column]
        return (spec.sort or spec.text)(self.rows[row])

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return  # no sort chosen yet: keep the services' order
        self._sort = (column, order)
        if not self.rows:
            return
        self.layoutAboutToBeChanged.emit()
        permutation = self._order(column, order)
        new_row = {old: new for new, old in enumerate(permutation)}
        old_indexes = [index for index in self.persistentIndexList() if index.isValid()]
        self.changePersistentIndexList(
            old_indexes, [self.index(new_row[index.row()], index.column()) for index in old_indexes])
        self._reorder(permutation)
        self.layoutChanged.emit()

    def _order(self, column: int, order: Qt.SortOrder) -> list[int]:
        keys = self._keys.get(column)
        if keys is None:
            keys = self._keys[column] = [_empty_last(self.sort_value(row, column))
                                         for row in range(len(self.rows))]
        return sorted(range(len(self.rows)), key=keys.__getitem__,
                      reverse=order == Qt.SortOrder.DescendingOrder)

    def _reorder(self, permutation: list[int]) -> None:
        """Put the records (and whatever is kept beside them) in the new order."""
        self.rows = [self.rows[number] for number in permutation]
        self._keys = {column: [keys[number] for number in permutation]
                      for column, keys in self._keys.items()}
