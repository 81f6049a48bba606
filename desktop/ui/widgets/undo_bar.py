"""The bar under a list after a delete: what was removed, and Undo (its key on the button)."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from desktop.i18n import _
from desktop.ui.widgets.actions import action_button


class UndoBar(QFrame):
    """Hidden until `offer(text)`; `withdraw()` hides it again and turns the undo action off."""

    def __init__(self, undo_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("undoBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_action = undo_action
        self.label = QLabel()
        self.button = action_button(_("Undo"), undo_action)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        undo_action.setEnabled(False)
        self.hide()

    def offer(self, text: str) -> None:
        self.label.setText(text)
        self.show()
        self.undo_action.setEnabled(True)

    def withdraw(self) -> None:
        self.undo_action.setEnabled(False)
        self.hide()

