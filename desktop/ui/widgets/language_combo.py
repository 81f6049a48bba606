"""The interface language chooser of the settings screens (centre and office alike)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from desktop.i18n import LANGUAGES, current_language, set_language
from desktop.services.centre import set_setting
from desktop.store.database import Database
from desktop.ui.centre_form import LANGUAGE_NAMES


class LanguageCombo(QComboBox):
    """Choosing a language switches the interface, saves it in the database (the CLI speaks it
    too) and has the window rebuilt in it."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.navigator = navigator
        for code in LANGUAGES:
            self.addItem(LANGUAGE_NAMES[code], code)
        self.setCurrentIndex(self.findData(current_language()))
        self.currentIndexChanged.connect(self._changed)

    def _changed(self) -> None:
        language = str(self.currentData())
        set_language(language)
        set_setting(self.db, "language", language)
        if self.navigator is not None:
            self.navigator.language_changed()  # type: ignore[attr-defined]
