"""Keyboard shortcuts shown where the mouse would look: tooltips, actions and their buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

KeySequence = QKeySequence | QKeySequence.StandardKey | str


def shortcut_text(sequence: KeySequence) -> str:
    """The keys as this system writes them: "Ctrl+N"."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut(text: str, sequence: KeySequence) -> str:
    """A tooltip that names its shortcut: "Add a learner (Ctrl+N)"."""
    return f"{text} ({shortcut_text(sequence)})"


def shortcut_action(owner: QWidget, text: str, sequence: KeySequence,
                    slot: Callable[[], object]) -> QAction:
    """An action of `owner` whose keys work wherever the keyboard is inside it."""
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(sequence))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(with_shortcut(text, sequence))
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def action_button(text: str, action: QAction) -> QPushButton:
    """A button that does what the action does, enabled when it is, with its tooltip."""
    button = QPushButton(text)
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    action.enabledChanged.connect(button.setEnabled)
    button.setEnabled(action.isEnabled())
    return button
