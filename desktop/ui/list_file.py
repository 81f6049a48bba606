"""What the import dialogs share: the "File: … [Choose file…]" row, the file dialog for an Excel
or CSV list, and a size that suits a 1366×768 laptop."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from desktop.i18n import _


class ListFileRow(QHBoxLayout):
    """The chosen file's path and a button (and Ctrl+O on the whole dialog) to choose another."""

    def __init__(self, dialog: QWidget, placeholder: str, choose: Callable[[], None]) -> None:
        super().__init__()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(placeholder)
        self.choose_button = QPushButton(_("Choose file…"))
        self.choose_button.setAutoDefault(False)  # Enter belongs to the dialog's main button
        self.choose_button.setToolTip(_("Choose the file (Ctrl+O)"))
        self.choose_button.clicked.connect(choose)
        QShortcut(QKeySequence.StandardKey.Open, dialog, activated=choose)
        label = QLabel(_("File:"))
        label.setBuddy(self.choose_button)
        self.addWidget(label)
        self.addWidget(self.path_edit, 1)
        self.addWidget(self.choose_button)


def ask_for_list(parent: QWidget, title: str, near: Path | None) -> str | None:
    """The file dialog for an Excel or CSV list, opening beside the last one chosen."""
    start = str(near.parent) if near else str(Path.home())
    name, _filter = QFileDialog.getOpenFileName(
        parent, title, start,
        _("Excel or CSV files") + " (*.xlsx *.xlsm *.csv);;" + _("All files") + " (*)")
    return name or None


def fit_to_screen(dialog: QWidget, parent: QWidget | None, minimum: tuple[int, int],
                  largest: tuple[int, int]) -> None:
    """As large as the screen allows up to `largest`, leaving the taskbar and a margin."""
    available = (parent.screen() if parent is not None else dialog.screen()).availableGeometry()
    dialog.setMinimumSize(*minimum)
    dialog.resize(max(minimum[0], min(largest[0], available.width() - 40)),
                  max(minimum[1], min(largest[1], available.height() - 40)))
