"""The read-only list every screen shows: whole rows chosen one at a time, no editing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from desktop.ui.widgets.record_model import RecordModel


def style_list(view: QTableView) -> QTableView:
    """Rows chosen whole and one at a time, read-only, striped, no horizontal scrolling."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view


def set_column_widths(view: QTableView, widths: dict[int, str], stretch: int) -> None:
    """Fixed widths measured on sample text, one stretching column: no horizontal scrolling."""
    header = view.horizontalHeader()
    header.setMinimumSectionSize(30)
    metrics = view.fontMetrics()
    model = view.model()
    for column, sample in widths.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, max(metrics.horizontalAdvance(sample) + 18,
                                         header.fontMetrics().horizontalAdvance(title) + 32))
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns(view: QTableView, model: RecordModel, stretch: int | None = None) -> None:
    """Size the columns from the model's width samples; `stretch` (else the first column
    without a sample) takes what is left."""
    widths = {index: column.width for index, column in enumerate(model.columns) if column.width}
    if stretch is None:
        stretch = next((index for index, column in enumerate(model.columns) if not column.width), 0)
    set_column_widths(view, widths, stretch)


class ListView(QTableView):
    """A list whose Enter (or double click) opens the current row and Delete asks to remove it."""

    open_requested = Signal()
    delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        style_list(self)
        self.doubleClicked.connect(lambda _index: self.open_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        if plain and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
            return
        if plain and event.key() == Qt.Key.Key_Delete:
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class RecordTable(ListView):
    """A ListView over a RecordModel, sortable by its headers, columns sized from their samples."""

    def __init__(self, model: RecordModel, name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if name:
            self.setObjectName(name)
        self.setModel(model)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        fit_columns(self, model)

    def record_model(self) -> RecordModel:
        model = self.model()
        assert isinstance(model, RecordModel)
        return model

    def current_record(self) -> Any:
        index = self.currentIndex()
        if not index.isValid() or not self.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.record_model().record(index.row())

    def select_row(self, row: int) -> None:
        if 0 <= row < self.record_model().rowCount():
            self.selectRow(row)
            self.setCurrentIndex(self.record_model().index(row, 0))
            self.scrollTo(self.record_model().index(row, 0))
