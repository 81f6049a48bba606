"""A damaged database file at start: the message offers the restore directly, and the window
opens on the restore screen rather than on the damaged file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from desktop.errors import DatabaseProblem, UserError
from desktop.i18n import _
from desktop.services.data_file import backups


def restore_can_help(error: UserError, path: Path) -> bool:
    """A damaged file with backups beside it (a full disk or a lock is not helped by one)."""
    return (isinstance(error, DatabaseProblem) and error.kind == "damaged"
            and bool(backups(path)))


def ask_to_restore(parent: QWidget | None, message: str, later: str) -> bool:
    """The problem, and two buttons: restore from a backup, or `later` (close / not now)."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("The database file is damaged"),
                      message + "\n\n" + _("CLC Ledger can put back a backup that passed its check; "
                                            "the damaged file is kept in the backups folder."),
                      QMessageBox.StandardButton.NoButton, parent)
    restore = box.addButton(_("Restore from a backup…"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(later, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is restore


def restore_at_start(path: Path, error: UserError) -> bool:
    """Offer the restore; True once a backup is in place (the start then opens it)."""
    if not ask_to_restore(None, error.message, _("Close")):
        return False
    from desktop.ui.backups_section import RestoreDialog

    dialog = RestoreDialog(path, error.message)
    return dialog.exec() == QDialog.DialogCode.Accepted


def offer_restore_in_window(window, problem: str) -> None:  # type: ignore[no-untyped-def]
    """The check after the window showed found damage: offer Settings → Backups."""
    message = _("The database file is damaged ({problem}).").format(problem=problem)
    if not restore_can_help(DatabaseProblem(message, "damaged"), window.db.path):
        from desktop.ui.messages import show_error

        show_error(window, DatabaseProblem(message + " " + _("There is no backup beside it to restore."),
                                           "damaged"), _("Cannot open the database"))
        return
    if ask_to_restore(window, message, _("Not now")):
        screen = window.show_screen("settings")
        getattr(screen, "show_backups_tab", lambda: None)()
