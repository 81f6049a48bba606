"""A list and the details of its chosen row, one above (or beside) the other, and the way the
keyboard moves from the search into the list."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QSplitter, QWidget


def list_and_detail(parts: Sequence[tuple[QWidget, int]], *,
                    orientation: Qt.Orientation = Qt.Orientation.Vertical,
                    sizes: Sequence[int] = ()) -> QSplitter:
    """A splitter of (widget, stretch) parts that never collapses a part to nothing."""
    splitter = QSplitter(orientation)
    splitter.setChildrenCollapsible(False)
    for number, (widget, stretch) in enumerate(parts):
        splitter.addWidget(widget)
        splitter.setStretchFactor(number, stretch)
    if sizes:
        splitter.setSizes(list(sizes))
    return splitter


def enter_list(table: QAbstractItemView, select_row: Callable[[int], None]) -> None:
    """Down from the search: the keyboard moves into the list, onto its first row when none is
    chosen."""
    if table.model().rowCount():
        table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not table.currentIndex().isValid():
            select_row(0)
