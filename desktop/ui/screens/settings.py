"""Cài đặt: language, the centre's details and villages, backups; and sending data to the office."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.i18n import _, pick
from desktop.reference.ethnic_groups import ETHNIC_GROUPS
from desktop.services.centre import (
    CentreSetup,
    add_village,
    get_centre,
    list_villages,
    rename_village,
    update_centre,
)
from desktop.services.merger.history import former_communes_of_villages
from desktop.services.reference_lists import (
    add_local_ethnic_name,
    add_partner_body,
    local_ethnic_names,
    own_partner_bodies,
    remove_local_ethnic_name,
    remove_partner_body,
)
from desktop.store.database import Database
from desktop.ui.backups_section import BackupsSection
from desktop.ui.centre_form import CentreForm
from desktop.ui.database_call import call_on_worker, load_on_worker, save_on_worker
from desktop.ui.merge.section import MergeSection
from desktop.ui.messages import show_error
from desktop.ui.pin_ui import PinBox
from desktop.ui.screens.base import Screen
from desktop.ui.sync.settings_section import SyncSettingsSection
from desktop.ui.widgets.language_combo import LanguageCombo


class SettingsScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        title = QLabel(_("Settings"))
        title.setObjectName("screenTitle")

        self.language = LanguageCombo(db, navigator)
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

        lists_box = self._make_lists_box()

        left = QVBoxLayout()
        left.addWidget(language_box)
        left.addWidget(centre_box)
        left.addWidget(lists_box, 1)
        right = QVBoxLayout()
        right.addWidget(village_box, 1)
        general = QWidget()
        columns = QHBoxLayout(general)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.sync_section = SyncSettingsSection(db, navigator)
        self.tabs = QTabWidget()
        self.tabs.addTab(general, _("Centre and lists"))
        self.tabs.addTab(self.sync_section, _("Sending data"))
        self.backups_section = BackupsSection(db.path, db, on_restored=self._restored)
        self.pin_box = PinBox(db)
        self.backups_tab = QWidget()
        backups_layout = QVBoxLayout(self.backups_tab)
        backups_layout.setContentsMargins(0, 0, 0, 0)
        backups_layout.addWidget(self.backups_section, 1)
        backups_layout.addWidget(self.pin_box)
        self.tabs.addTab(self.backups_tab, _("Backups"))
        self.merge_section = MergeSection(db, navigator)
        self.tabs.addTab(self.merge_section, _("Merged communes"))
        for tab in range(self.tabs.count()):
            self.tabs.setTabToolTip(tab, _("Switch tabs with Ctrl+Tab"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)

    def _make_lists_box(self) -> QGroupBox:
        """The centre's own partner bodies and local names of ethnic groups (national lists stay fixed)."""
        self.partner_list = QListWidget()
        self.partner_name = QLineEdit()
        self.partner_name.setPlaceholderText(_("e.g. Hợp tác xã Tân Tiến"))
        self.partner_name.returnPressed.connect(self._add_partner)
        self.add_partner_button = QPushButton(_("Add"))
        self.add_partner_button.clicked.connect(self._add_partner)
        self.remove_partner_button = QPushButton(_("Remove"))
        self.remove_partner_button.clicked.connect(self._remove_partner)
        partner_buttons = QHBoxLayout()
        partner_buttons.addWidget(self.add_partner_button)
        partner_buttons.addWidget(self.remove_partner_button)
        partners = QVBoxLayout()
        partners.addWidget(_wrapped(_("Partner bodies of the commune")))
        partners.addWidget(self.partner_list, 1)
        partners.addWidget(self.partner_name)
        partners.addLayout(partner_buttons)

        self.ethnic_list = QListWidget()
        self.ethnic_name = QLineEdit()
        self.ethnic_name.setPlaceholderText(_("Local name"))
        self.ethnic_name.returnPressed.connect(self._add_ethnic_name)
        self.ethnic_group = QComboBox()
        for group in ETHNIC_GROUPS:
            self.ethnic_group.addItem(pick(group.name_vi, group.name_en), group.key)
        self.add_ethnic_button = QPushButton(_("Add"))
        self.add_ethnic_button.clicked.connect(self._add_ethnic_name)
        self.remove_ethnic_button = QPushButton(_("Remove"))
        self.remove_ethnic_button.clicked.connect(self._remove_ethnic_name)
        ethnic_entry = QHBoxLayout()
        ethnic_entry.addWidget(self.ethnic_name, 1)
        ethnic_entry.addWidget(QLabel("→"))
        ethnic_entry.addWidget(self.ethnic_group, 1)
        ethnic_buttons = QHBoxLayout()
        ethnic_buttons.addWidget(self.add_ethnic_button)
        ethnic_buttons.addWidget(self.remove_ethnic_button)
        ethnic = QVBoxLayout()
        ethnic.addWidget(_wrapped(_("Local names of ethnic groups (understood in lists and imports)")))
        ethnic.addWidget(self.ethnic_list, 1)
        ethnic.addLayout(ethnic_entry)
        ethnic.addLayout(ethnic_buttons)

        self.lists_message = QLabel()
        self.lists_message.setObjectName("listsMessage")
        self.lists_message.setWordWrap(True)
        box = QGroupBox(_("Lists of this centre"))
        columns = QHBoxLayout()
        columns.addLayout(partners, 1)
        columns.addLayout(ethnic, 1)
        layout = QVBoxLayout(box)
        layout.addLayout(columns, 1)
        layout.addWidget(self.lists_message)
        return box

    def _fill_lists(self) -> None:
        db = self.db
        loaded, found = load_on_worker(self, lambda: (own_partner_bodies(db), local_ethnic_names(db)),
                                       title=_("Settings"), what="lists")
        if not loaded or found is None:
            return
        partners, ethnic_names = found
        self.partner_list.clear()
        self.partner_list.addItems(partners)
        self.ethnic_list.clear()
        for entry in ethnic_names:
            item = QListWidgetItem(f"{entry.name} → {entry.group_label}")
            item.setData(Qt.ItemDataRole.UserRole, entry.name)
            self.ethnic_list.addItem(item)

    def _list_changed(self, action, source: QLineEdit | None = None) -> None:  # type: ignore[no-untyped-def]
        def said_under_the_lists(error: Exception) -> bool:
            if not isinstance(error, UserError):
                return False
            self.lists_message.setText(error.message)
            if source is not None:
                source.setFocus()
            return True

        saved, _none = save_on_worker(self, action, title=_("Settings"), shown_inline=said_under_the_lists)
        if not saved:
            return
        self.lists_message.clear()
        if source is not None:
            source.clear()
            source.setFocus()
        self._fill_lists()

    def _add_partner(self) -> None:
        db, name = self.db, self.partner_name.text()
        self._list_changed(lambda: add_partner_body(db, name), self.partner_name)

    def _remove_partner(self) -> None:
        item = self.partner_list.currentItem()
        if item is not None:
            db, name = self.db, item.text()
            self._list_changed(lambda: remove_partner_body(db, name))

    def _add_ethnic_name(self) -> None:
        db, name, group = self.db, self.ethnic_name.text(), str(self.ethnic_group.currentData())
        self._list_changed(lambda: add_local_ethnic_name(db, name, group), self.ethnic_name)

    def _remove_ethnic_name(self) -> None:
        item = self.ethnic_list.currentItem()
        if item is not None:
            db, name = self.db, item.data(Qt.ItemDataRole.UserRole)
            self._list_changed(lambda: remove_local_ethnic_name(db, name))

    @staticmethod
    def nav_title() -> str:
        return _("Settings")

    def refresh(self) -> None:
        db = self.db
        loaded, found = load_on_worker(self, lambda: (get_centre(db), former_communes_of_villages(db),
                                                      list_villages(db)), title=_("Settings"))
        if not loaded or found is None:
            return
        centre, communes, villages = found
        if centre is not None:
            self.centre_form.fill(centre)
        self.village_list.clear()
        for village in villages:
            commune = communes.get(village.id)
            item = QListWidgetItem(_("{village} (former {commune})").format(village=village.name, commune=commune)
                                   if commune else village.name)
            item.setData(Qt.ItemDataRole.UserRole, village.id)
            self.village_list.addItem(item)
        self._fill_lists()
        self.sync_section.refresh()
        if self.tabs.currentWidget() is self.backups_tab:
            self.backups_section.refresh()
        elif self.tabs.currentWidget() is self.merge_section:
            self.merge_section.refresh()

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.backups_tab:
            self.backups_section.refresh()  # each backup is checked: only when looked at
        elif self.tabs.currentWidget() is self.merge_section:
            self.merge_section.refresh()

    def _restored(self, _result: object) -> None:
        """The window's database now reads the restored file: every screen starts afresh."""
        if self.navigator is not None:
            self.navigator.data_restored()  # type: ignore[attr-defined]
        else:
            self.refresh()

    def show_backups_tab(self) -> None:
        self.tabs.setCurrentWidget(self.backups_tab)

    def _save_centre(self) -> None:
        """Save the centre's details on the database worker; a second click meanwhile does
        nothing."""
        if not self.save_centre.isEnabled():
            return
        self.save_centre.setEnabled(False)
        try:
            self._write_centre()
        finally:
            self.save_centre.setEnabled(True)

    def _write_centre(self) -> None:
        db = self.db
        try:
            setup = self.centre_form.setup()
            listed = self.centre_form.listed_code
            saved = call_on_worker(self, lambda: _update_centre(db, setup, listed))
        except ValidationError as error:
            self.centre_form.show_validation(error)
            return
        except UserError as error:
            show_error(self, error)
            return
        if not saved:
            return
        self.centre_form.error.setText(_("Saved."))
        if self.navigator is not None:
            self.navigator.status_changed()  # type: ignore[attr-defined]

    def _add_village(self) -> None:
        name, accepted = QInputDialog.getText(self, _("Add village"), _("Name of the village"))
        if not accepted:
            return
        db = self.db
        save_on_worker(self, lambda: add_village(db, name), title=_("Add village"))
        self.refresh()

    def _rename_village(self) -> None:
        item = self.village_list.currentItem()
        if item is None:
            return
        db, village_id = self.db, item.data(Qt.ItemDataRole.UserRole)
        _loaded, villages = load_on_worker(self, lambda: list_villages(db), title=_("Rename village"),
                                           what="villages")
        current = next((village.name for village in villages or [] if village.id == village_id), item.text())
        name, accepted = QInputDialog.getText(self, _("Rename village"), _("New name"), text=current)
        if not accepted:
            return
        save_on_worker(self, lambda: rename_village(db, village_id, name), title=_("Rename village"))
        self.refresh()

    def show_sync_tab(self) -> None:
        self.tabs.setCurrentWidget(self.sync_section)

    def focus_start(self) -> None:
        if self.tabs.currentWidget() is self.sync_section:
            self.sync_section.pin_button.setFocus()
        else:
            self.language.setFocus()


def _update_centre(db: Database, setup: CentreSetup, listed_code: bool) -> bool:
    """Write the centre's details; False when no centre is set up yet."""
    centre = get_centre(db)
    if centre is None:
        return False
    update_centre(db, centre.id, setup, listed_code=listed_code)
    return True


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
