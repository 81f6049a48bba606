"""Keyboard shortcuts shown where the mouse would look: tooltips, actions and their buttons."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

KeySequence = QKeySequence | QKeySequence.StandardKey | str


def shortcut_text(sequence: KeySequence) -> str:
    """The keys as this system writes them: "Ctrl+N"."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


def with_shortcut(text: str, *sequences: KeySequence) -> str:
    """A tooltip that names its shortcuts: "Add a learner (Ctrl+N)"."""
    return f"{text} ({', '.join(shortcut_text(sequence) for sequence in sequences)})"


def shortcut_action(owner: QWidget, text: str, sequence: KeySequence,
                    slot: Callable[[], object], *, tip: str | None = None,
                    extra: Sequence[KeySequence] = (), button: QPushButton | None = None) -> QAction:
    """An action of `owner` whose keys (`sequence`, then any `extra` ones) work wherever the
    keyboard is inside it; the tooltip is `tip` (else the text) with the keys named. A `button`
    given is bound to it (see bind_button)."""
    action = QAction(text, owner)
    action.setShortcuts([QKeySequence(sequence), *(QKeySequence(key) for key in extra)])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.setToolTip(with_shortcut(tip or text, sequence, *extra))
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    if button is not None:
        bind_button(button, action)
    return action


def bind_button(button: QPushButton, action: QAction) -> QPushButton:
    """The button does what the action does and names its keys in the tooltip."""
    button.setToolTip(action.toolTip())
    button.clicked.connect(action.trigger)
    return button


def action_button(text: str, action: QAction, name: str = "") -> QPushButton:
    """A button that does what the action does, enabled when it is, with its tooltip."""
    button = bind_button(QPushButton(text), action)
    if name:
        button.setObjectName(name)
    action.enabledChanged.connect(button.setEnabled)
    button.setEnabled(action.isEnabled())
    return button
