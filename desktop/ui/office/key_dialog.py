"""Registering a centre's key file at the office, only after its fingerprint was checked by phone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.sync.keys import KeyFile


def fingerprint_label(text: str) -> QLabel:
    """Digits or words big enough to read out over the phone, and selectable."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RegisterCentreDialog(QDialog):
    """Shows whose key the file holds and its fingerprint; Register only once the check is ticked."""

    def __init__(self, key_file: KeyFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Register a centre's key"))
        fingerprint = key_file.fingerprint
        self.digits = fingerprint_label(fingerprint.digits)
        self.words = fingerprint_label(fingerprint.words_text)
        form = QFormLayout()
        form.addRow(_("Centre"), QLabel(key_file.name))
        form.addRow(_("Commune code"), QLabel(key_file.code or "—"))
        form.addRow(_("Fingerprint"), self.digits)
        form.addRow(_("In words"), self.words)
        explanation = QLabel(_("Call the centre and ask them to read the fingerprint shown in their Settings. "
                               "Register the key only if every digit matches: a key from anyone else would let "
                               "them send data in the centre's name."))
        explanation.setWordWrap(True)
        self.checked = QCheckBox(_("The centre read me the same fingerprint"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.register_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.register_button.setText(_("Register"))
        self.register_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.checked.toggled.connect(self.register_button.setEnabled)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(explanation)
        layout.addWidget(self.checked)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)
        self.checked.setFocus()
