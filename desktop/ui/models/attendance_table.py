"""The attendance grid's table model: learners × sessions, in the printed sheet's row order."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.formatting import format_date, format_weekday_short
from desktop.i18n import _
from desktop.services.attendance import MARKS, AttendanceGrid, MarkChange

COL_NUMBER, COL_NAME, COL_YEAR, COL_VILLAGE = range(4)
FIXED_COLUMNS = 4
TOTAL_LABELS = ("C", "P", "K")
CYCLE: tuple[str | None, ...] = (None, *MARKS)

MARK_COLOURS = {"C": "#e3f4e1", "M": "#fff4cc", "P": "#dde8fa", "K": "#fadcdc"}

Index = QModelIndex | QPersistentModelIndex


class AttendanceTableModel(QAbstractTableModel):
    """Rows are learners; after the fixed columns come one column per session, then totals."""

    def __init__(self, grid: AttendanceGrid | None = None) -> None:
        super().__init__()
        self.grid = grid

    def set_grid(self, grid: AttendanceGrid | None) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    # --- shape ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() or self.grid is None:
            return 0
        return len(self.grid.learners) + 1  # the last row holds the per-session totals

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        if parent.isValid() or self.grid is None:
            return 0
        return FIXED_COLUMNS + len(self.grid.sessions) + len(TOTAL_LABELS)

    def session_column(self, column: int) -> int | None:
        """The session index shown in a column, or None for other columns."""
        if self.grid is None:
            return None
        index = column - FIXED_COLUMNS
        return index if 0 <= index < len(self.grid.sessions) else None

    def is_totals_row(self, row: int) -> bool:
        return self.grid is not None and row == len(self.grid.learners)

    # --- data ----------------------------------------------------------------------------
    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.grid is None:
            return None
        session_index = self.session_column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section < FIXED_COLUMNS:
                return (_("No."), _("Full name"), _("Born"), _("Village"))[section]
            if session_index is not None:
                day = self.grid.sessions[session_index].date
                return f"{day:%d/%m}\n{format_weekday_short(day)}"
            return TOTAL_LABELS[section - FIXED_COLUMNS - len(self.grid.sessions)]
        if role == Qt.ItemDataRole.ToolTipRole:
            if session_index is not None:
                item = self.grid.sessions[session_index]
                return " ".join(part for part in (format_date(item.date), item.start_time, item.content) if part)
            if section >= FIXED_COLUMNS:
                return (_("Present (including late)"), _("Excused absences"),
                        _("Unexcused absences"))[section - FIXED_COLUMNS - len(self.grid.sessions)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row, column = index.row(), index.column()
        if self.is_totals_row(row):
            return self._totals_row_data(column, role)
        learner = self.grid.learners[row]
        session_index = self.session_column(column)
        if session_index is not None:
            mark = self.grid.marks.get((learner.id, self.grid.sessions[session_index].id))
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
                return mark or ""
            if role == Qt.ItemDataRole.BackgroundRole and mark:
                return QBrush(QColor(MARK_COLOURS[mark]))
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NUMBER:
                return str(row + 1)
            if column == COL_NAME:
                return learner.full_name
            if column == COL_YEAR:
                return str(learner.birth_year or "")
            if column == COL_VILLAGE:
                return learner.village
            totals = self.grid.learner_totals(learner.id)
            key = ("present", "P", "K")[column - FIXED_COLUMNS - len(self.grid.sessions)]
            return str(totals[key])
        if role == Qt.ItemDataRole.TextAlignmentRole and column != COL_NAME and column != COL_VILLAGE:
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _totals_row_data(self, column: int, role: int) -> Any:
        assert self.grid is not None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == COL_NAME:
            return _("Present per session")
        session_index = self.session_column(column)
        if session_index is not None:
            return str(self.grid.session_present(self.grid.sessions[session_index].id))
        return ""

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base

    # --- changes -------------------------------------------------------------------------
    def change_for(self, row: int, column: int, mark: str | None) -> MarkChange | None:
        """The change that setting a cell would make, or None if the cell holds no mark."""
        session_index = self.session_column(column)
        if self.grid is None or session_index is None or self.is_totals_row(row):
            return None
        return MarkChange(self.grid.sessions[session_index].id, self.grid.learners[row].id, mark)

    def cycled_mark(self, row: int, column: int) -> str | None:
        """The next mark in the Space-bar cycle: none → C → P → K → M → none."""
        assert self.grid is not None
        session_index = self.session_column(column)
        assert session_index is not None
        current = self.grid.marks.get((self.grid.learners[row].id, self.grid.sessions[session_index].id))
        return CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)]

    def changes_undoing(self, changes: list[MarkChange]) -> list[MarkChange]:
        """The changes that would put back the marks `changes` replace."""
        assert self.grid is not None
        return [MarkChange(change.session_id, change.learner_id,
                           self.grid.marks.get((change.learner_id, change.session_id)))
                for change in changes]

    def undo_unless_changed(self, changes: list[MarkChange], before: list[MarkChange]) -> None:
        """Put back the marks `changes` replaced (a save that failed), except in cells marked
        again since (a later key press keeps what it shows)."""
        if self.grid is None:
            return
        still = [previous for change, previous in zip(changes, before, strict=True)
                 if self.grid.marks.get((change.learner_id, change.session_id)) == change.mark]
        self.apply_saved(still)

    def apply_saved(self, changes: list[MarkChange]) -> None:
        """Show changes (saved, or being saved), and refresh the totals they affect."""
        if self.grid is None or not changes:
            return
        for change in changes:
            key = (change.learner_id, change.session_id)
            if change.mark is None:
                self.grid.marks.pop(key, None)
            else:
                self.grid.marks[key] = change.mark
        last_row = self.rowCount() - 1
        last_column = self.columnCount() - 1
        rows = {number for number, learner in enumerate(self.grid.learners)
                if any(change.learner_id == learner.id for change in changes)}
        if len(rows) > 8:  # "everyone present": one signal for the block
            self.dataChanged.emit(self.index(0, FIXED_COLUMNS), self.index(last_row, last_column))
            return
        # Only the rows touched (their marks and totals) and the per-session totals row repaint.
        for row in sorted(rows) + [last_row]:
            self.dataChanged.emit(self.index(row, FIXED_COLUMNS), self.index(row, last_column))
