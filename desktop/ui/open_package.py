"""A data package named on the command line (a .clcsync file double-clicked in Explorer): the
office's window opens its Receive data screen with the package listed and previewed, ready to import;
a centre's window opens its Send screen and applies the office's return package there (a centre's
own data package is refused with the reason: it belongs on the office's computer)."""

from __future__ import annotations

from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import _


def open_package(window, package: Path, office: bool) -> None:  # type: ignore[no-untyped-def]
    """Show the package's preview in the office's window; in a centre's, apply a return package."""
    from desktop.ui.messages import show_error

    if not package.exists():
        show_error(window, UserError(_("There is no package at {path}.").format(path=package)),
                   _("Cannot open the package"))
        return
    if not office:
        window.show_screen("sync").open_return(package)
        return
    screen = window.show_screen("receive")
    screen.add_sources([package])
    screen.preview_action.trigger()
