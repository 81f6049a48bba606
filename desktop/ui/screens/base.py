"""What every screen of the main window offers the window."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from desktop.services.data_file import data_version
from desktop.store.database import Database
from desktop.ui.database_call import load_on_worker
from desktop.ui.database_worker import database_worker


class Screen(QWidget):
    """A page of the main window; `refresh` reloads its data when it is shown."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.navigator = navigator  # desktop.ui.main_window.Navigator, or None in tests
        self._shown_version: object = None
        self._today: dt.date | None = None  # a screen made with today=… (tests) works on that day
        database_worker().changed.connect(self._records_changed)

    @staticmethod
    def nav_title() -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload what the screen shows from the services."""

    def today(self) -> dt.date:
        """The day the screen works on: today, or the one it was made with."""
        return self._today or dt.date.today()

    def has_loaded(self) -> bool:
        return self._shown_version is not None

    def bring_up_to_date(self) -> None:
        """Each time the screen is shown: reload only if the records may have changed since it
        last did (reloading thousands of learners at every visit made switching screens slow)."""
        db = self.db
        read, version = load_on_worker(self, lambda: data_version(db), what="data version")
        if read and version != self._shown_version:
            self._shown_version = version
            self.refresh()

    def _records_changed(self, _what: frozenset[str]) -> None:
        """A database job finished and changed records: the screen in view catches up at once
        (one out of view does when it is next shown)."""
        if self.isVisible() and self.has_loaded():
            self.bring_up_to_date()

    def focus_start(self) -> None:
        """Put the keyboard focus where typing starts."""
