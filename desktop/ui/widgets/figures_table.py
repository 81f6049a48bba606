"""A read-only table of figures (reports and their drill-downs): the first column names the row,
the others hold numbers, right-aligned."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from desktop.formatting import format_integer

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def number_item(value: int | None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if value is None else format_integer(value))
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setTextAlignment(RIGHT)
    return item


def figures_table(name: str, header: list[str], *, even_columns: bool = False) -> QTableWidget:
    """Columns as wide as their contents with the first taking what is left, or with
    `even_columns` all sharing the width alike."""
    table = QTableWidget(0, len(header))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(header)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if even_columns:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    else:
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: list[list[object]], *, texts_right_from: int | None = None) -> None:
    """Numbers become number items; texts stay as they are, right-aligned from column
    `texts_right_from` on (figures already written out, such as money or "3 / 5")."""
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, value in enumerate(values):
            if isinstance(value, str):
                item = QTableWidgetItem(value)
                if texts_right_from is not None and column >= texts_right_from:
                    item.setTextAlignment(RIGHT)
            else:
                item = number_item(value)  # type: ignore[arg-type]
            table.setItem(row, column, item)
