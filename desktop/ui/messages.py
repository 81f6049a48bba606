"""Showing errors and confirmations in the user's language, never a traceback."""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import UserError
from desktop.i18n import _

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, error: BaseException, title: str | None = None) -> None:
    """A known error shows its message; anything else is logged and shown as a bug."""
    if isinstance(error, UserError):
        text = error.message
    else:
        log.error("unexpected error", exc_info=error)
        text = _("Something went wrong that CLC Ledger did not expect. Your saved work is safe. "
                 "The details were written to the log file.")
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("CLC Ledger"), text,
                      QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    box.exec()


def confirm(parent: QWidget | None, title: str, text: str, action: str, keep: str) -> bool:
    """Ask before something destructive; the question says what will happen.

    Both buttons say what they do ("Delete the session" / "Don't delete"): a bare "Cancel" is
    "Hủy" in Vietnamese, which also means cancelling a session or an order. Not doing it is the
    default, for Enter and for Esc.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(keep, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


def inform(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    box.exec()
