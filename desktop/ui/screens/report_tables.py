"""The report screen's pieces that hold no state: the period key a choice means, and its
read-only tables of figures."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.errors import UserError
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.reports.behind_figures import LearnerLine


def period_text(kind: str, year: int, part: int, first: dt.date | None, last: dt.date | None) -> str:
    """What the picker's choice means as a period key (read by services.reports.read_period)."""
    if kind == "month":
        return f"{year}-{part:02d}"
    if kind == "quarter":
        return f"{year}-Q{part}"
    if kind == "term":
        return f"{year}-{year + 1}-HK{part}"
    if kind == "school_year":
        return f"{year}-{year + 1}"
    if kind == "learning_week":
        return f"{year}-LLW"
    if kind == "custom":
        if first is None or last is None:
            raise UserError(_("Type both dates of the period."))
        return f"{first.isoformat()}..{last.isoformat()}"
    return str(year)


def number_item(value: int | None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else format_integer(value))
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def report_table(name: str, header: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(header))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(header)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[list[object]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            item = QTableWidgetItem(str(value)) if isinstance(value, str) else number_item(value)  # type: ignore[arg-type]
            table.setItem(row, column, item)


def keeps_learner(meaning: tuple[str, str], line: LearnerLine) -> bool:
    """Whether a learner belongs to the figure double-clicked in the participants table."""
    kind, value = meaning
    return {"all": True, "woman": line.woman, "minority": line.minority, "rural": line.rural,
            "band": value in line.bands, "village": line.village == value}.get(kind, True)
