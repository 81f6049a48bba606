"""Quick entry: type the numbers of the learners who came to a session, the rest are marked absent."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services import attendance as attendance_service
from desktop.services.attendance import AttendanceGrid
from desktop.ui.form_guard import GuardedDialog


class QuickEntryDialog(GuardedDialog):
    """Enter a returned paper sheet: everyone present except the listed rows."""

    def __init__(self, grid: AttendanceGrid, session_index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = grid
        self.setWindowTitle(_("Enter a paper sheet"))
        layout = QVBoxLayout(self)
        self.session_box = QComboBox()
        for item in grid.sessions:
            self.session_box.addItem(format_date(item.date), item.id)
        self.session_box.setCurrentIndex(session_index)
        self.absentees = QLineEdit()
        self.absentees.setPlaceholderText(_("for example: 3, 17 K, 21 P"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Session"), self.session_box)
        form.addRow(_("Absent rows"), self.absentees)
        layout.addWidget(QLabel(_("Everyone is present except the rows you list, as numbered on the "
                                  "printed sheet. A row without a letter is unexcused (K).")))
        layout.addLayout(form)
        layout.addWidget(self.preview)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Save marks"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(buttons)
        self.absentees.textChanged.connect(self._update_preview)
        self._update_preview()
        self.resize(520, 220)
        # typed row numbers go to the rows box: on the session list they would open its drop-down
        self.absentees.setFocus()

    def session_id(self) -> str:
        return str(self.session_box.currentData())

    def _update_preview(self) -> None:
        try:
            absentees = attendance_service.parse_quick_entry(self.absentees.text(), len(self.grid.learners))
        except UserError as error:
            self.preview.setText(error.message)
            self.ok_button.setEnabled(False)
            return
        self.ok_button.setEnabled(True)
        present = len(self.grid.learners) - sum(1 for mark in absentees.values() if mark not in ("C", "M"))
        names = [f"{row}. {self.grid.learners[row - 1].full_name} ({mark})"
                 for row, mark in sorted(absentees.items())]
        self.preview.setText(
            ngettext("{count} present", "{count} present", present).format(count=present)
            + ("; " + ", ".join(names) if names else ""))

    def _accept_if_valid(self) -> None:
        if self.ok_button.isEnabled():
            self.accept()
