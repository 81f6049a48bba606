"""Settings → Backups: the protected copy on a USB stick (choose the stick and a passphrase, or
stop), and the restore of such a copy (choose the file, type the passphrase)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
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
from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.backup_copies import SUFFIX, copy_settings, set_copy_folder, stop_copies
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import show_error


class CopySetupDialog(QDialog):
    """The stick (or folder) and the passphrase, typed twice; saved only when both are right."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Protected copy on a USB stick"))
        explanation = QLabel(_("Each backup is also written to this USB stick or folder, locked with a "
                               "passphrase, so a lost stick does not give away learners' personal data. "
                               "Write the passphrase down and keep it apart from the stick: without it the "
                               "copies cannot be restored, and support cannot recover it."))
        explanation.setWordWrap(True)
        loaded, settings = load_on_worker(self, lambda: copy_settings(db), title=_("Protected copy on a USB stick"))
        self.folder = QLineEdit(str(settings.folder or "") if loaded and settings is not None else "")
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self._browse)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeated = QLineEdit()
        self.repeated.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(_("USB stick or folder"), folder_row)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow(_("Passphrase again"), self.repeated)
        buttons = QDialogButtonBox()
        buttons.addButton(_("Save"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(_("Don't change"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(620, 0)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, _("Choose the USB stick or folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def save(self) -> None:
        db, folder = self.db, Path(self.folder.text().strip())
        passphrase, repeated = self.passphrase.text(), self.repeated.text()
        saved, _none = save_on_worker(self, lambda: set_copy_folder(db, folder, passphrase, repeated),
                                      title=_("Protected copy on a USB stick"), shown_inline=self._refused)
        if saved:
            self.accept()

    def _refused(self, error: Exception) -> bool:
        """A folder or passphrase refused: said under the fields, with the cursor on it."""
        if not isinstance(error, ValidationError):
            return False
        self.problem.setText(error.message)
        {"folder": self.folder, "passphrase": self.passphrase}.get(error.field or "", self.repeated).setFocus()
        return True


class CopyPanel(QGroupBox):
    """Where the protected copies go and when the last was written; set up or stop."""

    def __init__(self, db: Database, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Protected copy on a USB stick"), parent)
        self.db, self.today = db, today
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.set_up = QPushButton(_("Set up…"))
        self.set_up.clicked.connect(self._set_up)
        self.stop = QPushButton(_("Stop the copies"))
        self.stop.clicked.connect(self._stop)
        layout = QHBoxLayout(self)
        layout.addWidget(self.state, 1)
        layout.addWidget(self.set_up)
        layout.addWidget(self.stop)
        self.show_state()

    def show_state(self) -> None:
        db = self.db
        loaded, settings = load_on_worker(self, lambda: copy_settings(db), title=_("Protected copy on a USB stick"))
        if not loaded or settings is None:
            return
        self.stop.setVisible(settings.folder is not None)
        if settings.folder is None:
            self.state.setText(_("Off: backups stay on this computer only. A copy on a USB stick, kept "
                                 "somewhere else, is what saves the records if this computer breaks."))
            return
        last = (format_date(settings.last_copy) if settings.last_copy else _("none yet"))
        self.state.setText(_("Each backup is also written, locked with the passphrase, to {folder} when "
                             "it is plugged in. Last copy: {last}.").format(folder=settings.folder, last=last))

    def _set_up(self) -> None:
        dialog = CopySetupDialog(self.db, self)
        dialog.exec()
        self.show_state()

    def _stop(self) -> None:
        db = self.db
        stopped, _none = save_on_worker(self, lambda: stop_copies(db), title=_("Protected copy on a USB stick"))
        if stopped:
            self.show_state()


def ask_for_copy(parent: QWidget) -> tuple[Path, str] | None:
    """The protected copy to restore and its passphrase, or None if the user changed their mind."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a protected copy"), "", _("Protected backup copies (*{suffix})").format(suffix=SUFFIX))
    if not chosen:
        return None
    passphrase, given = QInputDialog.getText(parent, _("Restore a protected copy"),
                                             _("Passphrase of {name}:").format(name=Path(chosen).name),
                                             QLineEdit.EchoMode.Password)
    return (Path(chosen), passphrase) if given else None


def show_copy_error(parent: QWidget, error: Exception) -> None:
    show_error(parent, error, _("The protected copy was not opened"))
