"""The learner register as a Qt table: one row per LearnerSummary, searched in memory.

Search as you type filters on each learner's precomputed folded name (no accents, đ→d, lower
case), so a keystroke costs one pass over plain strings, not a database query, even with
thousands of learners.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.i18n import _, pick
from desktop.reference.activities import gender as gender_choice
from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.services.learners import LearnerSummary
from desktop.text.vietnamese import fold
from desktop.ui.widgets.record_model import ID_ROLE, SORT_ROLE
from desktop.ui.widgets.search_box import search_words

NAME, BIRTH_YEAR, GENDER, ETHNIC_GROUP, VILLAGE, PHONE = range(6)
COLUMN_COUNT = 6


_AnyIndex = QModelIndex | QPersistentModelIndex


def _headers() -> tuple[str, ...]:
    return (_("Full name"), _("Year of birth"), _("Gender"), _("Ethnic group"), _("Village"),
            _("Phone"))


def gender_label(key: str | None) -> str:
    choice = gender_choice(key) if key else None
    return pick(choice.name_vi, choice.name_en) if choice else ""


def ethnic_group_label(key: str | None) -> str:
    group = ethnic_group_by_key(key) if key else None
    return pick(group.name_vi, group.name_en) if group else ""


def _sort_value(learner: LearnerSummary, column: int) -> Any:
    # Empty values sort last in ascending order, whatever the column's type.
    if column == NAME:
        return (learner.name_sort, learner.id)
    if column == BIRTH_YEAR:
        return (learner.birth_year is None, learner.birth_year or 0, learner.name_sort)
    if column == GENDER:
        return (learner.gender is None, gender_label(learner.gender), learner.name_sort)
    if column == ETHNIC_GROUP:
        group = ethnic_group_by_key(learner.ethnic_group_key) if learner.ethnic_group_key else None
        return (group is None, group.code_1979 if group else "", learner.name_sort)
    if column == VILLAGE:
        return (not learner.village, fold(learner.village), learner.name_sort)
    if column == PHONE:
        return (not learner.phone, learner.phone, learner.name_sort)
    raise IndexError(column)


class LearnerTableModel(QAbstractTableModel):
    """Learners in the order given (the service returns Vietnamese name order)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._learners: list[LearnerSummary] = []
        self._headers = _headers()
        # Bumped whenever rows change or move, so a filter knows its cached answers are stale.
        self.generation = 0

    # -- data in -------------------------------------------------------------------------------
    def set_learners(self, learners: Sequence[LearnerSummary]) -> None:
        self.beginResetModel()
        self._learners = list(learners)
        self._headers = _headers()
        self.generation += 1
        self.endResetModel()

    def folded_names(self) -> list[str]:
        return [learner.name_folded for learner in self._learners]

    def learners(self) -> list[LearnerSummary]:
        return list(self._learners)

    def learner_at(self, row: int) -> LearnerSummary:
        return self._learners[row]

    def row_of(self, learner_id: str) -> int | None:
        return next((row for row, learner in enumerate(self._learners) if learner.id == learner_id),
                    None)

    # -- Qt's model interface -------------------------------------------------------------------
    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._learners)

    def columnCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section] if 0 <= section < COLUMN_COUNT else None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._learners):
            return None
        learner = self._learners[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(learner, column)
        if role == SORT_ROLE:
            return self._sort_data(learner, column)
        if role == ID_ROLE:
            return learner.id
        if role == Qt.ItemDataRole.ToolTipRole and column == NAME:
            return learner.label()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == BIRTH_YEAR:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    @staticmethod
    def _sort_data(learner: LearnerSummary, column: int) -> Any:
        if column == NAME:
            return learner.name_sort
        if column == BIRTH_YEAR:
            return learner.birth_year
        if column == ETHNIC_GROUP:
            group = ethnic_group_by_key(learner.ethnic_group_key) if learner.ethnic_group_key else None
            return group.code_1979 if group else None
        if column == VILLAGE:
            return fold(learner.village)
        return LearnerTableModel._display(learner, column)

    @staticmethod
    def _display(learner: LearnerSummary, column: int) -> str:
        if column == NAME:
            return learner.full_name
        if column == BIRTH_YEAR:
            return str(learner.birth_year) if learner.birth_year else ""
        if column == GENDER:
            return gender_label(learner.gender)
        if column == ETHNIC_GROUP:
            return ethnic_group_label(learner.ethnic_group_key)
        if column == VILLAGE:
            return learner.village
        if column == PHONE:
            return learner.phone
        return ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in Python with a key per row: far faster than Qt comparing through data()."""
        if not 0 <= column < COLUMN_COUNT:
            return
        self.layoutAboutToBeChanged.emit()
        old_rows = {learner.id: row for row, learner in enumerate(self._learners)}
        self._learners.sort(key=lambda learner: _sort_value(learner, column),
                            reverse=order == Qt.SortOrder.DescendingOrder)
        self.generation += 1
        new_rows = {learner.id: row for row, learner in enumerate(self._learners)}
        by_old_row = {old_rows[learner_id]: new_rows[learner_id] for learner_id in old_rows}
        moved_from, moved_to = [], []
        for index in self.persistentIndexList():
            if index.isValid():
                moved_from.append(index)
                moved_to.append(self.index(by_old_row[index.row()], index.column()))
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()





def name_matches(name_folded: str, tokens: Sequence[str]) -> bool:
    """Every token starts a word of the name ("d" finds Đặng, "hoa" finds Hoa and Hoàng)."""
    padded = " " + name_folded
    return all(" " + token in padded for token in tokens)


class LearnerFilterProxy(QSortFilterProxyModel):
    """Search as you type, ignoring accents and case; sorting is delegated to the source model.

    The accepted rows are computed once per query (and once per change of the source rows) in
    plain Python, so Qt's per-row callback is a list lookup.
    """

    def __init__(self, parent: Any = None,
                 matcher: Callable[[str, Sequence[str]], bool] = name_matches) -> None:
        super().__init__(parent)
        self._tokens: list[str] = []
        self._accepted: list[bool] | None = None  # None: every row passes
        self._computed_for = -1  # the source generation _accepted was computed for
        self._matcher = matcher

    def query_tokens(self) -> list[str]:
        return list(self._tokens)

    def set_query(self, text: str) -> None:
        tokens = search_words(text)
        if tokens == self._tokens:
            return
        self.beginFilterChange()
        self._tokens = tokens
        self._computed_for = -1
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _accepted_rows(self) -> list[bool] | None:
        model = self.sourceModel()
        if not self._tokens or not isinstance(model, LearnerTableModel):
            return None
        if self._computed_for != model.generation:
            tokens, matcher = self._tokens, self._matcher
            self._accepted = [matcher(name, tokens) for name in model.folded_names()]
            self._computed_for = model.generation
        return self._accepted

    def filterAcceptsRow(self, source_row: int, source_parent: _AnyIndex) -> bool:  # noqa: N802
        accepted = self._accepted_rows()
        if accepted is None:
            return True
        return source_row < len(accepted) and accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def learner_at(self, proxy_row: int) -> LearnerSummary:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().learner_at(source.row())  # type: ignore[attr-defined]

    def row_of(self, learner_id: str) -> int | None:
        source_row = self.sourceModel().row_of(learner_id)  # type: ignore[attr-defined]
        if source_row is None:
            return None
        proxy = self.mapFromSource(self.sourceModel().index(source_row, 0))
        return proxy.row() if proxy.isValid() else None
