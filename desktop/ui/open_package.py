"""A data package named on the command line (a .clcsync file double-clicked in Explorer): the
office's window opens its Receive data screen with the package listed and previewed, ready to import."""

from __future__ import annotations

from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import _


class NotAnOffice(UserError):
    """Packages are imported by an office; a centre's database has nothing to receive them into."""


def open_package(window, package: Path, office: bool) -> None:  # type: ignore[no-untyped-def]
    """Show the package's preview in the office's window; on a centre's window, say why not."""
    from desktop.ui.messages import show_error

    if not office:
        show_error(window, NotAnOffice(_(
            "{file} is a data package for the office. This computer's CLC Ledger holds a centre's "
            "records, which send packages but do not receive them: take the package to the office's "
            "computer.").format(file=package)), _("Cannot open the package"))
        return
    if not package.exists():
        show_error(window, UserError(_("There is no package at {path}.").format(path=package)),
                   _("Cannot open the package"))
        return
    screen = window.show_screen("receive")
    screen.add_sources([package])
    screen.preview_action.trigger()
