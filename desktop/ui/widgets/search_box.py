"""The search field of every list: typed words match with or without accents.

"nguyen thi" finds "Nguyễn Thị Hoa": the query and the searched text are folded the same way
(desktop.text.vietnamese.fold: no accents, đ→d, lower case), so a keystroke costs one pass
over plain strings.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from desktop.text.vietnamese import fold


def search_words(text: str) -> list[str]:
    """The folded words of a search: "Nguyễn  thị" → ["nguyen", "thi"]."""
    return fold(text).split()


def contains_words(folded_text: str, words: Sequence[str]) -> bool:
    """Every word appears somewhere in the folded text."""
    return all(word in folded_text for word in words)


class SearchBox(QLineEdit):
    """A search or scan field; Down (or Page Down) moves into the list below it."""

    move_down = Signal()

    def words(self) -> list[str]:
        return search_words(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.move_down.emit()
            return
        super().keyPressEvent(event)

    def take_focus(self) -> None:
        """Ctrl+F: the keyboard comes here with the words typed chosen, to type over them."""
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.selectAll()
