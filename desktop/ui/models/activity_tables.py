"""The tables of the classes-and-talks screen: the classes and talks, a class list, its sessions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QObject, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.formatting import format_date, format_integer
from desktop.i18n import _, pick
from desktop.reference.activities import activity_kind
from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.services.activities import STATUSES, ActivitySummary, SessionInfo
from desktop.services.learners import LearnerSummary
from desktop.text.vietnamese import fold, sort_key
from desktop.ui.activity_dialog import status_label
from desktop.ui.learner_picker import gender_label
from desktop.ui.session_dialogs import weekday_long, weekday_short
from desktop.ui.widgets.record_model import ID_ROLE, RIGHT, SORT_ROLE, Column, RecordModel

__all__ = ["ID_ROLE", "SORT_ROLE", "ActivityFilter", "ActivityTableModel", "EnrolledModel",
           "SessionModel", "date_range", "kind_label"]

MUTED = QColor("#666666")
WARNING = QColor("#9a5b00")


def kind_label(key: str) -> str:
    kind = activity_kind(key)
    return pick(kind.name_vi, kind.name_en) if kind else key


def date_range(start: dt.date | None, end: dt.date | None) -> str:
    if start and end and start != end:
        return f"{format_date(start)} – {format_date(end)}"
    return format_date(start or end)


def _status_order(row: ActivitySummary) -> int:
    return STATUSES.index(row.status) if row.status in STATUSES else 9


class ActivityTableModel(RecordModel):
    """Classes and talks; SORT_ROLE gives real values (dates, counts, Vietnamese name keys)."""

    CODE, NAME, KIND, STATUS, DATES, ENROLLED, SESSIONS, FORMER = range(8)
    align_headers = True

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("Code"), lambda row: row.code, width="00000-0000-000"),
            Column(_("Name"), lambda row: row.name, lambda row: sort_key(row.name)),
            Column(_("Kind"), lambda row: kind_label(row.kind), width="Lớp xóa mù chữ giai đoạn 1"),
            Column(_("Status"), lambda row: status_label(row.status), _status_order,
                   width="Đang diễn ra"),
            Column(_("Dates"), lambda row: date_range(row.start_date, row.end_date),
                   lambda row: row.start_date.toordinal() if row.start_date else 0,
                   width="00/00/0000 – 00/00/0000"),
            Column(_("Learners"), lambda row: format_integer(row.enrolled), lambda row: row.enrolled,
                   RIGHT, "0000"),
            Column(_("Sessions"), lambda row: format_integer(row.sessions), lambda row: row.sessions,
                   RIGHT, "0000"),
            # shown only once centres were merged into this one (the screen hides it otherwise)
            Column(_("Former centre"), lambda row: row.former_centre, lambda row: sort_key(row.former_centre),
                   width="Xã Chiềng Hoa"),
        ]

    def has_former_centres(self) -> bool:
        return any(row.former_centre for row in self.rows)

    def records_changed(self) -> None:
        self.search_keys = [fold(f"{row.name} {row.code} {row.teacher} {row.venue} {row.former_centre}")
                            for row in self.rows]

    def _reorder(self, permutation: list[int]) -> None:
        super()._reorder(permutation)
        self.search_keys = [self.search_keys[number] for number in permutation]

    def tooltip(self, record: ActivitySummary, column: int) -> str | None:
        if column not in (self.NAME, self.KIND, self.FORMER):
            return None
        parts = [record.name, kind_label(record.kind)]
        if record.teacher:
            parts.append(_("Teacher or speaker: {name}").format(name=record.teacher))
        if record.former_centre:
            parts.append(_("Held by the former centre of {commune}").format(commune=record.former_centre))
        return "\n".join(parts)

    def foreground(self, record: ActivitySummary) -> QColor | None:
        return MUTED if record.status == "finished" else None


class ActivityFilter(QSortFilterProxyModel):
    """Search (accents and case ignored) and the status, kind and year filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.status: str | None = None
        self.kind: str | None = None
        self.year: int | None = None
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The table model sorts itself (fast); the proxy keeps its order and only filters."""
        source = self.sourceModel()
        if column >= 0 and isinstance(source, ActivityTableModel):
            source.sort(column, order)

    def set_criteria(self, query: str, status: str | None, kind: str | None, year: int | None) -> None:
        self.beginFilterChange()
        self.words = fold(query).split()
        self.status, self.kind, self.year = status, kind, year
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, ActivityTableModel)
        row = model.rows[source_row]
        if self.status and row.status != self.status:
            return False
        if self.kind and row.kind != self.kind:
            return False
        if self.year and not _runs_in(row, self.year):
            return False
        key = model.search_keys[source_row]
        return all(word in key for word in self.words)


def _runs_in(row: ActivitySummary, year: int) -> bool:
    start = row.start_date or row.end_date
    end = row.end_date or row.start_date
    if start is None or end is None:
        return False
    return start.year <= year <= end.year


def _ethnic_name(learner: LearnerSummary) -> str:
    group = ethnic_group_by_key(learner.ethnic_group_key or "")
    return pick(group.name_vi, group.name_en) if group else ""


def _born(learner: LearnerSummary) -> str:
    return format_date(learner.birth_date) if learner.birth_date else str(learner.birth_year or "")


class EnrolledModel(RecordModel):
    """The class list in Vietnamese name order, numbered as the printed list will be."""

    NUMBER, NAME, BORN, GENDER, ETHNIC, VILLAGE, PHONE = range(7)

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("No."), lambda learner: "", align=RIGHT, width="000"),
            Column(_("Full name"), lambda learner: learner.full_name),
            Column(_("Born"), _born, width="00/00/0000"),
            Column(_("Gender"), lambda learner: gender_label(learner.gender), width="Female"),
            Column(_("Ethnic group"), _ethnic_name, width="Bru-Vân Kiều"),
            Column(_("Village"), lambda learner: learner.village, width="Tổ dân phố Pá Khoang"),
            Column(_("Phone"), lambda learner: learner.phone, width="0912 345 678"),
        ]

    def cell_text(self, row: int, column: int) -> str:
        return str(row + 1) if column == self.NUMBER else super().cell_text(row, column)

    def tooltip(self, record: LearnerSummary, column: int) -> str | None:
        return record.label()


class SessionModel(RecordModel):
    """A class's sessions by date; cancelled ones stay listed, struck through."""

    DATE, TIME, CONTENT, PERIODS, TEACHER, STATE = range(6)

    def __init__(self, today: Callable[[], dt.date], parent: QObject | None = None) -> None:
        super().__init__(parent=parent)
        self.today = today

    def declare_columns(self) -> list[Column]:
        return [
            Column(_("Date"), lambda s: f"{weekday_short(s.date.weekday())}  {format_date(s.date)}",
                   width=max((weekday_short(day) for day in range(7)), key=len) + "  00/00/0000"),
            Column(_("Time"), lambda s: "–".join(part for part in (s.start_time, s.end_time) if part),
                   width="00:00–00:00"),
            Column(_("Content"), lambda s: s.content),
            Column(_("Periods"), lambda s: "" if s.periods is None else str(s.periods), align=RIGHT,
                   width="00"),
            Column(_("Teacher or speaker"), lambda s: s.teacher, width="Nguyễn Thị Phương Thảo"),
            Column(_("Attendance"), self.state, width=_("Not taken yet") + "__"),
        ]

    def state(self, session: SessionInfo) -> str:
        if session.cancelled:
            return _("Cancelled")
        if session.attendance_taken:
            return _("Taken")
        if session.date <= self.today():
            return _("Not taken yet")
        return ""

    def tooltip(self, record: SessionInfo, column: int) -> str | None:
        tip = f"{weekday_long(record.date.weekday())} {format_date(record.date)}"
        if record.content:
            tip += f"\n{record.content}"
        if record.venue:
            tip += "\n" + _("Venue: {venue}").format(venue=record.venue)
        return tip

    def font(self, record: SessionInfo, column: int) -> QFont | None:
        if not record.cancelled:
            return None
        font = QFont()
        font.setStrikeOut(column != self.STATE)
        return font

    def foreground(self, record: SessionInfo) -> QColor | None:
        return MUTED if record.cancelled else None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.STATE:
            session = self.rows[index.row()]
            if not session.cancelled and not session.attendance_taken \
                    and session.date <= self.today():
                return QBrush(WARNING)
        return super().data(index, role)
