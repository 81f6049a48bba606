"""The office's main window: the centre window's frame and navigation with the office's screens."""

from __future__ import annotations

from desktop.formatting import format_datetime
from desktop.i18n import _
from desktop.services.data_file import newest_backup_time
from desktop.services.sync.mode import get_office_settings, level_label
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker
from desktop.ui.main_window import MainWindow, Navigator


class OfficeNavigator(Navigator):
    """What the office's screens may ask of the window."""

    def show_centre(self, centre_id: str) -> None:
        """Browse one centre's records (from the board)."""
        screen = self._window.show_screen("browse")
        screen.select_centre(centre_id)  # type: ignore[attr-defined]

    def show_board(self) -> None:
        self._window.show_screen("centres")

    def records_changed(self) -> None:
        """An import wrote records: the other screens reload when next shown (their data version moved)."""
        self._window.update_status()


class OfficeWindow(MainWindow):
    """Same frame as a centre's window (navigation, Ctrl+1…4, status bar, backups on close)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.navigator = OfficeNavigator(self)

    @staticmethod
    def _screen_entries() -> list[tuple[str, str, str]]:
        return [("centres", "desktop.ui.office.board", "CentresScreen"),
                ("receive", "desktop.ui.office.receive", "ReceiveScreen"),
                ("browse", "desktop.ui.office.browse", "BrowseScreen"),
                ("corrections", "desktop.ui.office.corrections", "CorrectionsScreen"),
                ("references", "desktop.ui.office.reference_lists", "ReferenceListsScreen"),
                ("reports", "desktop.ui.screens.reports", "ReportsScreen"),
                ("duplicates", "desktop.ui.office.duplicates", "DuplicatesScreen"),
                ("upper", "desktop.ui.office.send_up", "SendUpScreen"),
                ("settings", "desktop.ui.office.settings", "OfficeSettingsScreen")]

    @staticmethod
    def nav_titles() -> dict[str, str]:
        return {"centres": _("Centres"), "receive": _("Receive data"), "browse": _("Browse records"),
                "corrections": _("Corrections"), "references": _("Reference lists"), "reports": _("Reports"),
                "duplicates": _("Possible duplicates"), "upper": _("Level above"), "settings": _("Settings")}

    def update_status(self) -> None:
        db = self.db
        loaded, office = load_on_worker(self, lambda: get_office_settings(db), what="office")
        title = _("CLC Ledger")
        if loaded and office is not None:
            self.setWindowTitle(_("{office} ({level}) — {app}").format(
                office=office.name, level=level_label(office.level), app=title) if office.name else title)
        self._status_database.setText(_("Office database: {path}").format(path=self.db.path))
        backup_time = newest_backup_time(self.db.path)
        self._status_backup.setText(
            _("Last backup: {time}").format(time=format_datetime(backup_time)) if backup_time
            else _("No backup yet"))
