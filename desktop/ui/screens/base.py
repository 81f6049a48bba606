"""What every screen of the main window offers the window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.store.database import Database


class Screen(QWidget):
    """A page of the main window; `refresh` reloads its data when it is shown."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.navigator = navigator  # desktop.ui.main_window.Navigator, or None in tests

    @staticmethod
    def nav_title() -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        """Reload what the screen shows from the services."""

    def focus_start(self) -> None:
        """Put the keyboard focus where typing starts."""
