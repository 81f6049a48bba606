"""A screen's title and the short note under it that says what the screen is for."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def screen_title(text: str) -> QLabel:
    title = QLabel(text)
    title.setObjectName("screenTitle")
    return title


def legend(text: str = "") -> QLabel:
    """A note in the legend's style that wraps rather than being cut off."""
    note = QLabel(text)
    note.setObjectName("legend")
    note.setWordWrap(True)
    return note
