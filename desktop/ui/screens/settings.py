"""Cài đặt: language, the centre's details and villages, backups."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import format_datetime
from desktop.i18n import LANGUAGES, _, current_language, set_language
from desktop.services.centre import (
    add_village,
    get_centre,
    list_villages,
    rename_village,
    set_setting,
    update_centre,
)
from desktop.store.backup import list_backups, make_backup
from desktop.store.paths import backup_folder_for
from desktop.ui.centre_form import LANGUAGE_NAMES, CentreForm
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen


class SettingsScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        title = QLabel(_("Settings"))
        title.setObjectName("screenTitle")

        self.language = QComboBox()
        for code in LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(self.language.findData(current_language()))
        self.language.currentIndexChanged.connect(self._language_changed)
        language_box = QGroupBox(_("Language"))
        QFormLayout(language_box).addRow(_("Interface language"), self.language)

        self.centre_form = CentreForm(with_villages=False)
        self.save_centre = QPushButton(_("Save centre details"))
        self.save_centre.clicked.connect(self._save_centre)
        centre_box = QGroupBox(_("Centre"))
        centre_layout = QVBoxLayout(centre_box)
        centre_layout.addWidget(self.centre_form)
        centre_layout.addWidget(self.save_centre, 0, Qt.AlignmentFlag.AlignRight)

        self.village_list = QListWidget()
        self.add_village_button = QPushButton(_("Add village…"))
        self.add_village_button.clicked.connect(self._add_village)
        self.rename_village_button = QPushButton(_("Rename…"))
        self.rename_village_button.clicked.connect(self._rename_village)
        village_box = QGroupBox(_("Villages"))
        village_layout = QVBoxLayout(village_box)
        village_layout.addWidget(self.village_list)
        village_buttons = QHBoxLayout()
        village_buttons.addWidget(self.add_village_button)
        village_buttons.addWidget(self.rename_village_button)
        village_layout.addLayout(village_buttons)

        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        self.backup_now = QPushButton(_("Back up now"))
        self.backup_now.clicked.connect(self._backup)
        backup_box = QGroupBox(_("Backups"))
        backup_layout = QVBoxLayout(backup_box)
        backup_layout.addWidget(self.backup_label)
        backup_layout.addWidget(self.backup_now, 0, Qt.AlignmentFlag.AlignLeft)

        left = QVBoxLayout()
        left.addWidget(language_box)
        left.addWidget(centre_box)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(village_box, 1)
        right.addWidget(backup_box)
        columns = QHBoxLayout()
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns, 1)

    @staticmethod
    def nav_title() -> str:
        return _("Settings")

    def refresh(self) -> None:
        centre = get_centre(self.db)
        if centre is not None:
            self.centre_form.fill(centre)
        self.village_list.clear()
        for village in list_villages(self.db):
            item = QListWidgetItem(village.name)
            item.setData(Qt.ItemDataRole.UserRole, village.id)
            self.village_list.addItem(item)
        folder = backup_folder_for(self.db.path)
        backups = list_backups(folder)
        newest = format_datetime(_backup_time(backups[0])) if backups else _("none yet")
        self.backup_label.setText(_("Backups are made automatically before every upgrade and when you "
                                    "close the window, and the newest 10 are kept in {folder}. "
                                    "Newest: {newest}.").format(folder=folder, newest=newest))

    def _language_changed(self) -> None:
        language = str(self.language.currentData())
        set_language(language)
        set_setting(self.db, "language", language)
        if self.navigator is not None:
            self.navigator.language_changed()  # type: ignore[attr-defined]

    def _save_centre(self) -> None:
        centre = get_centre(self.db)
        if centre is None:
            return
        try:
            update_centre(self.db, centre.id, self.centre_form.setup())
        except ValidationError as error:
            self.centre_form.show_validation(error)
            return
        self.centre_form.error.setText(_("Saved."))
        if self.navigator is not None:
            self.navigator.data_changed()  # type: ignore[attr-defined]

    def _add_village(self) -> None:
        name, accepted = QInputDialog.getText(self, _("Add village"), _("Name of the village"))
        if not accepted:
            return
        try:
            add_village(self.db, name)
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def _rename_village(self) -> None:
        item = self.village_list.currentItem()
        if item is None:
            return
        name, accepted = QInputDialog.getText(self, _("Rename village"), _("New name"), text=item.text())
        if not accepted:
            return
        try:
            rename_village(self.db, item.data(Qt.ItemDataRole.UserRole), name)
        except UserError as error:
            show_error(self, error)
        self.refresh()

    def _backup(self) -> None:
        try:
            make_backup(self.db.engine, backup_folder_for(self.db.path), reason="manual")
        except OSError as error:
            show_error(self, UserError(_("The backup could not be written: {reason}").format(
                reason=error.strerror or error)))
            return
        self.refresh()
        if self.navigator is not None:
            self.navigator.data_changed()  # type: ignore[attr-defined]

    def focus_start(self) -> None:
        self.language.setFocus()


def _backup_time(path):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromtimestamp(path.stat().st_mtime)
