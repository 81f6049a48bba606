"""Table models of the learning-model tab: villages × models (registered, recognised), and the
totals against the year's targets. Tested without a window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.formatting import format_decimal, format_integer
from desktop.i18n import _
from desktop.reports.society import LEARNING_MODELS, ModelTally, model_label, model_short_label
from desktop.services.society.models import LearningGrid

_AnyIndex = QModelIndex | QPersistentModelIndex
COL_VILLAGE = 0
REGISTERED, RECOGNISED = "registered", "recognised"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MET, MISSED = QColor("#dff0d8"), QColor("#f8d7da")

# save(village_id, model, field, value) -> whether it was saved (an error was already shown)
SaveCell = Callable[[str, str, str, int], bool]


def column_of(model: str, field: str) -> int:
    return 1 + 2 * LEARNING_MODELS.index(model) + (field == RECOGNISED)


def cell_of(column: int) -> tuple[str, str] | None:
    """The (model, field) a grid column holds; None for the village column."""
    if column < 1:
        return None
    model = LEARNING_MODELS[(column - 1) // 2]
    return model, RECOGNISED if (column - 1) % 2 else REGISTERED


def read_count(text: str) -> int | None:
    """A typed count ("1.200", "45"); None when it is not a whole number."""
    cleaned = "".join(text.split()).replace(".", "")
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


class LearningGridModel(QAbstractTableModel):
    """One row per village and a totals row; two columns per model. Cells save as they are typed."""

    def __init__(self, save: SaveCell, parent: Any = None) -> None:
        super().__init__(parent)
        self._save = save
        self.grid: LearningGrid | None = None

    def set_grid(self, grid: LearningGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def village_rows(self) -> int:
        return len(self.grid.villages) if self.grid else 0

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.grid is None else len(self.grid.villages) + 1

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 1 + 2 * len(LEARNING_MODELS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            found = cell_of(section)
            if found is None:
                return _("Village")
            model, field = found
            short = _("Reg.") if field == REGISTERED else _("Recog.")
            return f"{model_short_label(model)}\n{short}"
        if role == Qt.ItemDataRole.ToolTipRole:
            found = cell_of(section)
            if found:
                return (_("{model}: registered") if found[1] == REGISTERED else _("{model}: recognised")).format(
                    model=model_label(found[0]))
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0 and index.row() < self.village_rows():
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def value(self, row: int, column: int) -> int:
        assert self.grid is not None
        model, field = cell_of(column)  # type: ignore[misc]
        if row < self.village_rows():
            return getattr(self.grid.villages[row].cell(model), field)
        tally = next(item for item in self.grid.totals if item.model == model)
        return getattr(tally, field)

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.grid is None:
            return None
        row, column = index.row(), index.column()
        total = row >= self.village_rows()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == COL_VILLAGE:
                return _("Total") if total else self.grid.villages[row].village
            if not total and not self.grid.villages[row].has_figures:
                return "" if role == Qt.ItemDataRole.DisplayRole else "0"
            value = self.value(row, column)
            return format_integer(value) if role == Qt.ItemDataRole.DisplayRole else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return int(RIGHT)
        if role == Qt.ItemDataRole.FontRole and total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and not total and column > 0:
            line = self.grid.villages[row]
            model, _field = cell_of(column)  # type: ignore[misc]
            named = line.members.get(model, 0)
            if named:
                return _("{count} named in the list (Ctrl+L)").format(count=named)
        if role == Qt.ItemDataRole.BackgroundRole and not total and column > 0 \
                and not self.grid.villages[row].has_figures:
            return QBrush(QColor("#f4f4f4"))
        return None

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or self.grid is None or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        count = read_count(str(value)) if not isinstance(value, int) else value
        if count is None:
            return False
        model, field = cell_of(index.column())  # type: ignore[misc]
        return self._save(self.grid.villages[index.row()].village_id, model, field, count)


TARGET_COLUMNS = 6
T_MODEL, T_REGISTERED, T_RECOGNISED, T_SHARE, T_TARGET, T_RESULT = range(TARGET_COLUMNS)

SaveTarget = Callable[[str, int | None], bool]


class TargetModel(QAbstractTableModel):
    """The totals per model beside the year's target (typed in the Target column), met or missed."""

    def __init__(self, save: SaveTarget, parent: Any = None) -> None:
        super().__init__(parent)
        self._save = save
        self.totals: tuple[ModelTally, ...] = ()

    def set_totals(self, totals: tuple[ModelTally, ...]) -> None:
        self.beginResetModel()
        self.totals = totals
        self.endResetModel()

    def update_totals(self, totals: tuple[ModelTally, ...]) -> None:
        """New figures for the same models: repainted without a reset (an editor may be open)."""
        if len(totals) != len(self.totals):
            self.set_totals(totals)
            return
        self.totals = totals
        self.dataChanged.emit(self.index(0, 0), self.index(len(totals) - 1, TARGET_COLUMNS - 1))

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.totals)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else TARGET_COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Learning model"), _("Registered"), _("Recognised"), _("Recognised %"), _("Target %"),
                    _("Result"))[section]
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == T_TARGET else flags

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self.totals[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == T_MODEL:
                return model_label(item.model)
            if column == T_REGISTERED:
                return format_integer(item.registered)
            if column == T_RECOGNISED:
                return format_integer(item.recognised)
            if column == T_SHARE:
                share = item.recognised_percent
                return "" if share is None else f"{format_decimal(share)} %"
            if column == T_TARGET:
                if item.target is None:
                    return ""
                return f"{item.target} %" if role == Qt.ItemDataRole.DisplayRole else str(item.target)
            return {True: _("Met"), False: _("Missed"), None: ""}[item.met]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (T_REGISTERED, T_RECOGNISED, T_SHARE, T_TARGET):
            return int(RIGHT)
        if role == Qt.ItemDataRole.BackgroundRole and column == T_RESULT and item.met is not None:
            return QBrush(MET if item.met else MISSED)
        if role == Qt.ItemDataRole.ForegroundRole and column == T_RESULT and item.met is not None:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.ToolTipRole and column == T_TARGET:
            return _("The share of those registered to be recognised; type a percentage, Delete removes it")
        return None

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != T_TARGET:
            return False
        text = str(value).replace("%", "").strip()
        if not text:
            return self._save(self.totals[index.row()].model, None)
        count = read_count(text)
        if count is None:
            return False
        return self._save(self.totals[index.row()].model, count)
