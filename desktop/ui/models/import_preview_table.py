"""The preview table of a learner list (and of past classes and talks, which share its shape):
each row as it would be imported, rejected rows and probable duplicates highlighted."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.formatting import format_date
from desktop.i18n import _
from desktop.importing.learner_sheet import ParsedRow
from desktop.services.learner_import import LearnerImportPreview
from desktop.ui.models.learner_table import ethnic_group_label, gender_label

REJECTED_COLOUR = QColor("#fbe3e4")
DUPLICATE_COLOUR = QColor("#fff3c4")

ROW, STATUS, NAME, BIRTH, GENDER, ETHNIC, VILLAGE, REASONS = range(8)
_AnyIndex = QModelIndex | QPersistentModelIndex


class ImportPreviewModel(QAbstractTableModel):
    """The rows of a file as they would be imported, with problems highlighted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._preview: Any = None  # a learner import preview, or another list's of the same shape
        self._rows: list[Any] = []
        self._headers = self.headers()

    @staticmethod
    def headers() -> tuple[str, ...]:
        return (_("Row"), _("Result"), _("Full name"), _("Born"), _("Gender"), _("Ethnic group"),
                _("Village"), _("Why"))

    def set_preview(self, preview: LearnerImportPreview | None, problems_only: bool = False) -> None:
        self.beginResetModel()
        self._preview = preview
        rows = preview.rows if preview else []
        self._rows = [row for row in rows if not problems_only or preview.status(row) != "accepted"]  # type: ignore[union-attr]
        self.endResetModel()

    def row_at(self, row: int) -> ParsedRow:
        return self._rows[row]

    def status_at(self, row: int) -> str:
        assert self._preview is not None
        return self._preview.status(self._rows[row])

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._preview is None:
            return None
        row = self._rows[index.row()]
        status = self._preview.status(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, status, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (REASONS, STATUS, NAME):
            return "\n".join(row.errors + row.warnings) or None
        if role == Qt.ItemDataRole.BackgroundRole:
            if status == "rejected":
                return QBrush(REJECTED_COLOUR)
            if status == "duplicate":
                return QBrush(DUPLICATE_COLOUR)
        if role == Qt.ItemDataRole.ForegroundRole and status != "accepted":
            return QBrush(QColor("#000000"))  # readable on the pale highlight in any theme
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (ROW, BIRTH):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _display(row: Any, status: str, column: int) -> str:
        values = row.values
        if column == ROW:
            return str(row.row_number)
        if column == STATUS:
            return {"rejected": _("Rejected"), "duplicate": _("Probable duplicate"),
                    "accepted": _("Will be imported")}[status]
        if column == NAME:
            return str(values.get("full_name") or "")
        if column == BIRTH:
            date = values.get("birth_date")
            if isinstance(date, dt.date):
                return format_date(date)
            year = values.get("birth_year")
            return str(year) if year else ""
        if column == GENDER:
            gender = values.get("gender")
            return gender_label(str(gender)) if gender else ""
        if column == ETHNIC:
            key = values.get("ethnic_group_key")
            return ethnic_group_label(str(key)) if key else ""
        if column == VILLAGE:
            return str(values.get("village") or "")
        if column == REASONS:
            return "; ".join(row.errors + row.warnings)
        return ""
