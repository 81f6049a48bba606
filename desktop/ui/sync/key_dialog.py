"""Registering a key only after its fingerprint was read aloud by phone (sync-design item 8): a
centre pins its office's key, an office registers a centre's key, both with ConfirmKeyDialog."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.i18n import _
from desktop.services.sync.keys import KeyInfo, register_key, trusted_keys
from desktop.store.database import Database
from desktop.sync.keys import KEY_FILE_SUFFIX, KeyFile, read_key_file
from desktop.ui.messages import inform, show_error
from desktop.ui.widgets.actions import with_shortcut

LARGE = 1.5  # the fingerprint is read aloud over a phone line: larger than the text around it


def fingerprint_label(text: str = "") -> QLabel:
    """Digits or words big enough to read out over the phone, wrapped, and selectable."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class FingerprintView(QWidget):
    """A key's fingerprint in digits (four per group) and in words, large and selectable."""

    def __init__(self, scale: float = LARGE, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.digits = QLabel()
        self.digits.setObjectName("fingerprintDigits")
        digits_font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        digits_font.setPointSizeF(max(self.font().pointSizeF(), digits_font.pointSizeF()) * scale)
        digits_font.setBold(True)
        self.digits.setFont(digits_font)
        self.words = QLabel()
        self.words.setObjectName("fingerprintWords")
        self.words.setWordWrap(True)
        words_font = QFont(self.font())
        words_font.setPointSizeF(self.font().pointSizeF() * max(scale * 0.85, 1.0))
        self.words.setFont(words_font)
        for label in (self.digits, self.words):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QFormLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addRow(_("In digits:"), self.digits)
        layout.addRow(_("In words:"), self.words)

    def show_key(self, digits: str, words: str) -> None:
        self.digits.setText(digits)
        self.words.setText(words)


class ConfirmKeyDialog(QDialog):
    """Shows whose key a file holds and its fingerprint; Enter registers it, Esc leaves it.

    With `tick` the user must first tick that the other side read the same fingerprint.
    """

    def __init__(self, key_file: KeyFile, replaces: KeyInfo | None, parent: QWidget | None = None,
                 *, title: str | None = None, question: str | None = None,
                 tick: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("Register the office's key"))
        name = QLabel(f"<b>{html.escape(key_file.name)}</b>" + (f" ({html.escape(key_file.code)})" if key_file.code else ""))
        name.setObjectName("keyName")
        name.setWordWrap(True)
        name_font = name.font()
        name_font.setPointSizeF(name_font.pointSizeF() * 1.2)
        name.setFont(name_font)
        self.fingerprint = FingerprintView()
        self.fingerprint.show_key(key_file.fingerprint.digits, key_file.fingerprint.words_text)
        self.digits = self.fingerprint.digits
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        QVBoxLayout(frame).addWidget(self.fingerprint)
        question_label = QLabel(question or _(
            "Phone the office and ask them to read out the fingerprint of their key (in CLC Ledger "
            "at the office: Settings). Register this key only if every number and word matches."))
        question_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("Key of:")))
        layout.addWidget(name)
        layout.addWidget(QLabel(_("Fingerprint of the key:")))
        layout.addWidget(frame)
        if replaces is not None:
            warning = QLabel(_("This key replaces the office key registered now ({name}). Packages "
                               "will be made for the new key only.").format(name=replaces.name))
            warning.setObjectName("replacesWarning")
            warning.setWordWrap(True)
            layout.addWidget(warning)
        layout.addWidget(question_label)
        buttons = QDialogButtonBox()
        self.register_button = buttons.addButton(_("It matches: register"),
                                                 QDialogButtonBox.ButtonRole.AcceptRole)
        self.register_button.setToolTip(with_shortcut(_("Register the key"), "Return"))
        self.register_button.setDefault(True)
        self.cancel_button = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setToolTip(with_shortcut(_("Do not register it"), "Esc"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if tick is not None:
            self.checked = QCheckBox(tick)
            self.register_button.setEnabled(False)
            self.checked.toggled.connect(self.register_button.setEnabled)
            layout.addWidget(self.checked)
        layout.addWidget(buttons)
        self.setMinimumWidth(760)
        if tick is not None:
            self.checked.setFocus()


def current_office_key(db: Database) -> KeyInfo | None:
    """The office key packages are made for (the newest one not revoked)."""
    keys = [key for key in trusted_keys(db) if key.role == "office" and not key.revoked]
    return keys[-1] if keys else None


def choose_key_file(parent: QWidget) -> Path | None:
    name, _filter = QFileDialog.getOpenFileName(
        parent, _("The office's key file"), str(Path.home()),
        _("Key files") + f" (*{KEY_FILE_SUFFIX});;" + _("All files") + " (*)")
    return Path(name) if name else None


def pin_office_key(parent: QWidget, db: Database, path: Path | None = None) -> KeyInfo | None:
    """The whole pinning flow; the key stored, or None when the user stopped or it was refused."""
    if path is None:
        path = choose_key_file(parent)
        if path is None:
            return None
    try:
        key_file = read_key_file(path, expected_role="office")
    except UserError as error:
        show_error(parent, error, _("This key cannot be registered"))
        return None
    current = current_office_key(db)
    if current is not None and current.fingerprint == key_file.fingerprint.text:
        inform(parent, _("Key already registered"),
               _("This office key ({name}) is already registered.").format(name=key_file.name))
        return current
    return register_when_confirmed(ConfirmKeyDialog(key_file, current, parent), db, path, key_file)


def register_when_confirmed(dialog: ConfirmKeyDialog, db: Database, path: Path, key_file: KeyFile,
                            dialog_hook: Callable[[ConfirmKeyDialog], None] | None = None,
                            navigator: object | None = None) -> KeyInfo | None:
    """Ask with `dialog`; once the user confirms the fingerprint, register the very file whose
    fingerprint was shown (and say so in the window's status bar, given its navigator). The key
    stored, or None when the user stopped or it was refused."""
    if dialog_hook is not None:
        dialog_hook(dialog)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    try:
        key = register_key(db, path, expected_fingerprint=key_file.fingerprint.text)
    except UserError as error:
        show_error(dialog.parentWidget(), error, _("This key cannot be registered"))
        return None
    if navigator is not None:
        navigator.show_message(  # type: ignore[attr-defined]
            _("Registered the key of {name}.").format(name=key_file.name))
    return key
