"""Small parts the classes-and-talks screen builds its panels from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QHeaderView, QTableView

from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.widgets.record_table import style_list


def plain_table() -> QTableView:
    view = style_list(QTableView())
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)
    return view

def screen_button(text: str, tooltip: str, shortcut: str | QKeySequence | None,
            slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(with_shortcut(tooltip, shortcut) if shortcut else tooltip)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    return button

def note_label() -> QLabel:
    """A short summary beside a row of buttons; it wraps rather than being cut off."""
    label = QLabel()
    label.setObjectName("legend")
    label.setWordWrap(True)
    label.setMinimumWidth(120)
    return label

def empty_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMargin(24)
    return label

def month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
