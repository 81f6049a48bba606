"""The office's own key changed (a PC that may have been copied, a database that left the office),
and the minimum version of CLC Ledger its centres must run: two settings that travel to every
centre in the return packages, so each asks before anything is sent."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop import __version__
from desktop.i18n import _

ERROR_STYLE = "color: #b00020;"


class ChangeKeyDialog(QDialog):
    """Says what changing the key does and asks why; accepted only with a reason."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change the office's key"))
        self.setMinimumWidth(620)
        text = QLabel(_("Make a new key for this office and revoke the old one? Do it when this PC, or a copy of "
                        "this database, may be in other hands.\n\n"
                        "The old key signs a statement naming the new one. The next return packages carry it, and "
                        "each centre is asked to register the new key after checking its fingerprint with you by "
                        "phone. Until a centre has done so, its packages cannot be opened here: nothing is lost, "
                        "it sends them again afterwards."))
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("For example: the office laptop was stolen"))
        reason_label = QLabel(_("&Why (centres read it):"))
        reason_label.setBuddy(self.reason)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(ERROR_STYLE)
        buttons = QDialogButtonBox()
        self.change_button = buttons.addButton(_("Change the key"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_button = buttons.addButton(_("Keep the key"), QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_button.setDefault(True)  # not doing it is the default, as for every confirmation
        self.change_button.setAutoDefault(False)
        self.change_button.clicked.connect(self._change)
        self.keep_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.reason.setFocus()

    def _change(self) -> None:
        if not self.reason.text().strip():
            self.message.setText(_("Say why the office's key is changed."))
            self.reason.setFocus()
            return
        self.accept()


def minimum_version_question(version: str) -> str:
    if not version:
        return _("Stop asking centres for a minimum version of CLC Ledger? The next return packages say so.")
    return _("Ask every centre to run CLC Ledger {version} or newer? A centre with an older version is told so plainly "
             "when it opens the next return package. This PC runs version {running}.").format(
        version=version, running=__version__)
