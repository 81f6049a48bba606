"""The learner register of a new centre: how to add learners, instead of an empty table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.ui.widgets.actions import action_button, shortcut_text


def learners_empty_state(add_action: QAction, import_action: QAction) -> QWidget:
    """What a centre with no learners sees: how to add one, or bring in its Excel list."""
    widget = QWidget()
    widget.setObjectName("learnersEmpty")
    heading = QLabel(_("No learners yet"))
    heading.setObjectName("screenTitle")
    heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text = QLabel(_(
        "Write in each learner with “Add a learner” ({add}), or bring in the list you already "
        "keep in Excel with “Import from Excel” ({import_}). The columns “Họ và tên”, "
        "“Năm sinh”, “Giới tính”, “Dân tộc” and “Thôn” are recognised; you can check every row "
        "before anything is saved.").format(add=shortcut_text("Ctrl+N"),
                                            import_=shortcut_text("Ctrl+I")))
    text.setWordWrap(True)
    text.setAlignment(Qt.AlignmentFlag.AlignCenter)
    text.setFixedWidth(min(640, max(400, text.fontMetrics().averageCharWidth() * 80)))
    add = action_button(_("Add a learner"), add_action)
    imp = action_button(_("Import from Excel…"), import_action)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(add)
    buttons.addWidget(imp)
    buttons.addStretch(1)
    layout = QVBoxLayout(widget)
    layout.addStretch(1)
    layout.addWidget(heading)
    # A word-wrapped label keeps its height only without an alignment flag: centre it with
    # stretches instead.
    centred = QHBoxLayout()
    centred.addStretch(1)
    centred.addWidget(text)
    centred.addStretch(1)
    layout.addLayout(centred)
    layout.addLayout(buttons)
    layout.addStretch(2)
    return widget
