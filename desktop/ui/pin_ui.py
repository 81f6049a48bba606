"""The optional PIN: asked before the window opens, and set or removed in Settings → Backups."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.pin import check_pin, clear_pin, has_pin, set_pin
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker, save_on_worker

TRIES = 3


def ask_pin_at_start(db: Database, parent: QWidget | None = None) -> bool:
    """True when there is no PIN or it was typed right (three tries); False closes the start."""
    # On the database worker, waiting for each answer: nobody gets past before it, and an error
    # (shown to the user) closes the start like a wrong PIN. Before the window, a bare widget owns the calls.
    owner = parent if parent is not None else QWidget()
    loaded, active = load_on_worker(owner, lambda: has_pin(db), title=_("CLC Ledger"), what="pin")
    if not loaded:
        return False
    if not active:
        return True
    label = _("PIN of this centre's register:")
    for attempt in range(TRIES):
        pin, accepted = QInputDialog.getText(parent, _("CLC Ledger"), label, QLineEdit.EchoMode.Password)
        if not accepted:
            return False
        checked, right = load_on_worker(owner, lambda: check_pin(db, pin), title=_("CLC Ledger"), what="pin")
        if not checked:
            return False
        if right:
            return True
        label = _("That PIN is not right ({left} tries left). PIN:").format(left=TRIES - attempt - 1)
    return False


class PinBox(QGroupBox):
    """Set, change or remove the PIN asked at start."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(_("PIN at start"), parent)
        self.db = db
        explanation = QLabel(_("A PIN of 4 to 8 digits, asked each time the window opens, keeps others at this "
                               "computer out of the register. It does not encrypt the file: keep the backups "
                               "and USB sticks safe too. If the PIN is forgotten, support can remove it."))
        explanation.setWordWrap(True)
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setMaxLength(8)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.again.setMaxLength(8)
        self.again.returnPressed.connect(self._set)
        for field in (self.pin, self.again):
            field.setMaximumWidth(200)  # at most eight digits
        self.set_button = QPushButton(_("Set the PIN"))
        self.set_button.clicked.connect(self._set)
        self.remove_button = QPushButton(_("Remove the PIN"))
        self.remove_button.clicked.connect(self._remove)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("New PIN"), self.pin)
        form.addRow(_("The same again"), self.again)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        db = self.db
        loaded, active = load_on_worker(self, lambda: has_pin(db), title=_("PIN at start"), what="pin")
        if not loaded:
            return
        self.remove_button.setEnabled(active)
        self.set_button.setText(_("Change the PIN") if active else _("Set the PIN"))

    def _set(self) -> None:
        db, pin, again = self.db, self.pin.text(), self.again.text()

        def said_beside_the_fields(error: Exception) -> bool:
            if isinstance(error, ValidationError):
                self.message.setText(error.message)
                (self.again if error.field == "again" else self.pin).setFocus()
                return True
            return False

        saved, _result = save_on_worker(self, lambda: set_pin(db, pin, again), title=_("PIN at start"),
                                        shown_inline=said_beside_the_fields)
        if not saved:
            return
        self.pin.clear()
        self.again.clear()
        self.message.setText(_("Saved: the PIN is asked the next time the window opens."))
        self.refresh()

    def _remove(self) -> None:
        db = self.db
        removed, _result = save_on_worker(self, lambda: clear_pin(db), title=_("PIN at start"))
        if not removed:
            return
        self.message.setText(_("The PIN was removed."))
        self.refresh()
