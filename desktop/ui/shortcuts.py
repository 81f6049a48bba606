"""Moved to desktop.ui.widgets.actions; this name stays for screens written before the move."""

from desktop.ui.widgets.actions import (  # noqa: F401
    KeySequence,
    action_button,
    shortcut_action,
    shortcut_text,
    with_shortcut,
)
