"""Table models of the learning-model tab: villages × models (registered, recognised) with each
village's households and the share of them registered as families, and the totals against the
year's targets (for registering and for recognition; the office's marked as such and not
editable here). Tested without a window."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.formatting import format_decimal, format_integer
from desktop.i18n import _
from desktop.reports.society import FAMILY, LEARNING_MODELS, ModelTally, model_label, model_short_label
from desktop.services.society.models import LearningGrid
from desktop.services.society.targets import RECOGNISED_MEASURE, REGISTERED_MEASURE, YearTarget

_AnyIndex = QModelIndex | QPersistentModelIndex
COL_VILLAGE, COL_HOUSEHOLDS = 0, 1
REGISTERED, RECOGNISED, SHARE = "registered", "recognised", "share"
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MET, MISSED = QColor("#dff0d8"), QColor("#f8d7da")

# save(village_id, model, field, value) -> whether it was saved (an error was already shown);
# the households column saves with model "" and field "households"
SaveCell = Callable[[str, str, str, int], bool]
HOUSEHOLDS = "households"

# after the village and its households: two columns per model, and after the families the share
# of the households registered (read only)
_COLUMNS: tuple[tuple[str, str], ...] = (("", "village"), ("", HOUSEHOLDS), *(
    pair for model in LEARNING_MODELS
    for pair in ((model, REGISTERED), (model, RECOGNISED), *(((model, SHARE),) if model == FAMILY else ()))))


def column_of(model: str, field: str) -> int:
    return _COLUMNS.index((model, field))


def cell_of(column: int) -> tuple[str, str] | None:
    """The (model, field) of a figure the grid column holds; None for the other columns."""
    if not 0 <= column < len(_COLUMNS):
        return None
    model, field = _COLUMNS[column]
    return (model, field) if field in (REGISTERED, RECOGNISED) else None


def _percent(value: float | None) -> str:
    if value is None:
        return ""
    rounded = round(value, 1)
    return f"{format_integer(int(rounded)) if rounded == int(rounded) else format_decimal(rounded)} %"


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
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(_COLUMNS):
            return None
        model, field = _COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            if field == "village":
                return _("Village")
            if field == HOUSEHOLDS:
                return _("House-\nholds")
            if field == SHARE:
                share = _("reg. share")
                return f"{model_short_label(model)}\n{share}"
            short = _("Reg.") if field == REGISTERED else _("Recog.")
            return f"{model_short_label(model)}\n{short}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if field == HOUSEHOLDS:
                return _("The village's households this year: what families registering is measured against")
            if field == SHARE:
                return _("Families registered as a share of the village's households")
            if field in (REGISTERED, RECOGNISED):
                return (_("{model}: registered") if field == REGISTERED else _("{model}: recognised")).format(
                    model=model_label(model))
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        editable = index.column() == COL_HOUSEHOLDS or cell_of(index.column()) is not None
        if editable and index.row() < self.village_rows():
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _households(self, row: int) -> int | None:
        assert self.grid is not None
        if row < self.village_rows():
            return self.grid.villages[row].households
        family = next(item for item in self.grid.totals if item.model == FAMILY)
        return family.eligible

    def _share(self, row: int) -> float | None:
        assert self.grid is not None
        if row < self.village_rows():
            return self.grid.villages[row].families_registered_percent
        return next(item for item in self.grid.totals if item.model == FAMILY).registered_percent

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
            if column == COL_HOUSEHOLDS:
                households = self._households(row)
                if households is None:
                    return ""
                return format_integer(households) if role == Qt.ItemDataRole.DisplayRole else str(households)
            if _COLUMNS[column][1] == SHARE:
                return _percent(self._share(row))
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
        if role == Qt.ItemDataRole.ToolTipRole and total and column in (COL_HOUSEHOLDS, column_of(FAMILY, SHARE)) \
                and self._households(row) is None:
            return _("Enter every village's households to measure the families registering against them")
        if role == Qt.ItemDataRole.ToolTipRole and not total and cell_of(column) is not None:
            line = self.grid.villages[row]
            model, _field = cell_of(column)  # type: ignore[misc]
            named = line.members.get(model, 0)
            if named:
                return _("{count} named in the list (Ctrl+L)").format(count=named)
        if role == Qt.ItemDataRole.BackgroundRole and not total and column > COL_HOUSEHOLDS \
                and not self.grid.villages[row].has_figures:
            return QBrush(QColor("#f4f4f4"))
        return None

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or self.grid is None or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        count = read_count(str(value)) if not isinstance(value, int) else value
        village_id = self.grid.villages[index.row()].village_id
        if index.column() == COL_HOUSEHOLDS:
            if count is None and str(value).strip():
                return False
            return self._save(village_id, "", HOUSEHOLDS, count)  # type: ignore[arg-type]  # None: removed
        if count is None:
            return False
        model, field = cell_of(index.column())  # type: ignore[misc]
        return self._save(village_id, model, field, count)


TARGET_COLUMNS = 10
(T_MODEL, T_ELIGIBLE, T_REGISTERED, T_REG_SHARE, T_REG_TARGET, T_REG_RESULT, T_RECOGNISED, T_SHARE, T_TARGET,
 T_RESULT) = range(TARGET_COLUMNS)
_TARGET_OF = {T_REG_TARGET: REGISTERED_MEASURE, T_TARGET: RECOGNISED_MEASURE}

# save(model, measure, percent or None) -> whether it was saved (an error was already shown)
SaveTarget = Callable[[str, str, int | None], bool]


def _result(met: bool | None) -> str:
    return {True: _("Met"), False: _("Missed"), None: ""}[met]


class TargetModel(QAbstractTableModel):
    """The totals per model beside the year's two targets, met or missed: registering (against
    the households, or the villages) and recognition (against those registered). A target the
    office sent is marked and cannot be typed over; the commune's own is typed in its column."""

    def __init__(self, save: SaveTarget, parent: Any = None) -> None:
        super().__init__(parent)
        self._save = save
        self.totals: tuple[ModelTally, ...] = ()
        self.target_set: dict[tuple[str, str], YearTarget] = {}

    def set_totals(self, totals: tuple[ModelTally, ...], target_set: dict[tuple[str, str], YearTarget]) -> None:
        self.beginResetModel()
        self.totals, self.target_set = totals, target_set
        self.endResetModel()

    def update_totals(self, totals: tuple[ModelTally, ...], target_set: dict[tuple[str, str], YearTarget]) -> None:
        """New figures for the same models: repainted without a reset (an editor may be open)."""
        if len(totals) != len(self.totals):
            self.set_totals(totals, target_set)
            return
        self.totals, self.target_set = totals, target_set
        self.dataChanged.emit(self.index(0, 0), self.index(len(totals) - 1, TARGET_COLUMNS - 1))

    def target(self, row: int, column: int) -> YearTarget | None:
        return self.target_set.get((self.totals[row].model, _TARGET_OF[column]))

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.totals)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else TARGET_COLUMNS

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Learning model"), _("Could\nregister"), _("Registered"), _("Registered\n%"),
                    _("Register\ntarget"), _("Result"), _("Recognised"), _("Recognised\n%"),
                    _("Recognition\ntarget"), _("Result"))[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return {T_ELIGIBLE: _("Families: the households of the villages; communities: the villages"),
                    T_REG_TARGET: _("The share of those who could register that are to register"),
                    T_TARGET: _("The share of those registered that are to be recognised")}.get(section)
        return None

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in _TARGET_OF:
            found = self.target(index.row(), index.column())
            if found is None or not found.from_office:
                flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item, column = self.totals[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column in _TARGET_OF:
                found = self.target(index.row(), column)
                if found is None:
                    return ""
                if role == Qt.ItemDataRole.EditRole:
                    return str(found.percent)
                return f"{found.percent} %" + (" · " + _("set by the office") if found.from_office else "")
            return {T_MODEL: lambda: model_label(item.model),
                    T_ELIGIBLE: lambda: "" if item.eligible is None else format_integer(item.eligible),
                    T_REGISTERED: lambda: format_integer(item.registered),
                    T_REG_SHARE: lambda: _percent(item.registered_percent),
                    T_REG_RESULT: lambda: _result(item.register_met),
                    T_RECOGNISED: lambda: format_integer(item.recognised),
                    T_SHARE: lambda: _percent(item.recognised_percent),
                    T_RESULT: lambda: _result(item.met)}[column]()
        if role == Qt.ItemDataRole.TextAlignmentRole and column not in (T_MODEL, T_REG_RESULT, T_RESULT):
            return int(RIGHT)
        met = {T_REG_RESULT: item.register_met, T_RESULT: item.met}.get(column)
        if role == Qt.ItemDataRole.BackgroundRole and met is not None:
            return QBrush(MET if met else MISSED)
        if role == Qt.ItemDataRole.ForegroundRole and met is not None:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.FontRole and column in _TARGET_OF:
            found = self.target(index.row(), column)
            if found is not None and found.from_office:
                font = QFont()
                font.setItalic(True)
                return font
        if role == Qt.ItemDataRole.ToolTipRole and column in _TARGET_OF:
            return self._target_tip(self.target(index.row(), column), column)
        if role == Qt.ItemDataRole.ToolTipRole and column == T_REG_RESULT and item.register_target is not None \
                and item.register_met is None:
            return _("Not judged: there is no count of those who could register (enter every village's households)")
        return None

    @staticmethod
    def _target_tip(found: YearTarget | None, column: int) -> str:
        if found is not None and found.from_office:
            tip = _("Set by the office, and used: the office's target wins over the commune's own.")
            if found.own is not None and found.own != found.percent:
                tip += " " + _("The commune's own ({percent} %) is kept but not used.").format(percent=found.own)
            return tip
        return (_("The share of those who could register that are to register") if column == T_REG_TARGET
                else _("The share of those registered that are to be recognised")) + ". " + _(
            "The commune's own target: type a percentage, Delete removes it. A target sent by the office takes "
            "its place.")

    def setData(self, index: _AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable \
                or index.column() not in _TARGET_OF:
            return False
        model, measure = self.totals[index.row()].model, _TARGET_OF[index.column()]
        text = str(value).replace("%", "").strip()
        if not text:
            return self._save(model, measure, None)
        count = read_count(text)
        if count is None:
            return False
        return self._save(model, measure, count)
