"""A list and the details of its chosen row, one above (or beside) the other."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QWidget


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
