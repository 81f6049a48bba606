"""Cài đặt at an office: language, the office's key for its centres, the centres' registered keys,
when a centre counts as silent, the learning society's targets for the centres, backups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.errors import UserError
from desktop.formatting import format_datetime
from desktop.i18n import _
from desktop.services.data_file import backup_folder, newest_backup_time
from desktop.services.sync.keys import (
    ROLE_CENTRE,
    ROLE_OFFICE,
    KeyInfo,
    export_own_key,
    own_key,
    revoke_key,
    trusted_keys,
)
from desktop.services.sync.mode import get_office_settings, level_label
from desktop.services.sync.office_browse import MAX_SILENT_DAYS, MIN_SILENT_DAYS, set_silent_days
from desktop.services.sync.return_office import (
    change_office_key, checked_minimum_version, minimum_app_version, set_minimum_app_version,
)
from desktop.sync.keys import read_key_file
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import confirm, inform, show_error
from desktop.ui.screens.base import Screen
from desktop.ui.sync.key_dialog import ConfirmKeyDialog, fingerprint_label, register_when_confirmed
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.widgets.language_combo import LanguageCombo

FINGERPRINT_ROLE = Qt.ItemDataRole.UserRole + 1
REVOKED_ROLE = Qt.ItemDataRole.UserRole + 2
KEY_FILE_FILTER = "(*.clckey)"


class OfficeSettingsScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        title = QLabel(_("Settings"))
        title.setObjectName("screenTitle")

        self.language = LanguageCombo(db, navigator)
        self.office_name, self.office_level, self.office_code = QLabel(), QLabel(), QLabel()
        office_box = QGroupBox(_("Office"))
        office_form = QFormLayout(office_box)
        office_form.addRow(_("Interface language"), self.language)
        office_form.addRow(_("Name"), self.office_name)
        office_form.addRow(_("Level"), self.office_level)
        office_form.addRow(_("Code"), self.office_code)

        self.own_digits = fingerprint_label()
        self.own_words = fingerprint_label()
        self.export_action = shortcut_action(self, _("Save the office's key to a file for the centres"),
                                             "Ctrl+Shift+E", self._export_key)
        self.export_button = QPushButton(_("Save the key to a file…"))
        self.export_button.setToolTip(self.export_action.toolTip())
        self.export_button.clicked.connect(self._export_key)
        key_box = QGroupBox(_("This office's key"))
        key_layout = QVBoxLayout(key_box)
        explanation = QLabel(_("Give this key file to every centre (on a USB stick or by e-mail). When a centre "
                               "registers it, read them this fingerprint by phone so they can check it."))
        explanation.setWordWrap(True)
        key_layout.addWidget(explanation)
        key_form = QFormLayout()
        key_form.addRow(_("Fingerprint"), self.own_digits)
        key_form.addRow(_("In words"), self.own_words)
        key_layout.addLayout(key_form)
        self.change_key_button = QPushButton(_("Change the key…"))
        self.change_key_button.setObjectName("changeKeyButton")
        self.change_key_button.setToolTip(_("Make a new key and revoke this one (a PC or a copy in other hands)"))
        self.change_key_button.clicked.connect(lambda: self._change_key())
        key_buttons_row = QHBoxLayout()
        key_buttons_row.addWidget(self.export_button)
        key_buttons_row.addWidget(self.change_key_button)
        key_buttons_row.addStretch(1)
        key_layout.addLayout(key_buttons_row)

        self.minimum_version = QLineEdit()
        self.minimum_version.setObjectName("minimumVersion")
        self.minimum_version.setMaxLength(20)
        self.minimum_version.setMaximumWidth(self.minimum_version.fontMetrics().horizontalAdvance("0" * 16))
        self.minimum_version.setPlaceholderText(_("none"))
        self.minimum_version.setToolTip(_("Numbers with dots, such as 1.4.0; empty for none"))
        self.minimum_version.returnPressed.connect(self._save_minimum_version)
        self.save_minimum = QPushButton(_("Save"))
        self.save_minimum.clicked.connect(self._save_minimum_version)
        self.minimum_message = QLabel()
        self.minimum_message.setWordWrap(True)
        minimum_row = QHBoxLayout()
        minimum_row.addWidget(self.minimum_version)
        minimum_row.addWidget(self.save_minimum)
        minimum_row.addStretch(1)
        board_form_rows = [(_("Minimum version at centres"), minimum_row)]

        self.silent_days = QSpinBox()
        self.silent_days.setRange(MIN_SILENT_DAYS, MAX_SILENT_DAYS)
        self.silent_days.setSuffix(" " + _("days"))
        self.save_silent = QPushButton(_("Save"))
        self.save_silent.clicked.connect(self._save_silent_days)
        self.silent_days.editingFinished.connect(self._save_silent_days)
        self.silent_message = QLabel()
        self.silent_message.setWordWrap(True)
        silent_row = QHBoxLayout()
        silent_row.addWidget(self.silent_days)
        silent_row.addWidget(self.save_silent)
        silent_row.addStretch(1)
        board_box = QGroupBox(_("Centres"))
        board_form = QFormLayout(board_box)
        board_form.addRow(_("A centre is silent after"), silent_row)
        board_form.addRow(self.silent_message)
        for label, row_layout in board_form_rows:
            board_form.addRow(label, row_layout)
        board_form.addRow(self.minimum_message)

        targets_action = shortcut_action(self, _("The year's learning society targets for the centres"), "Ctrl+T",
                                         self.open_targets)
        self.targets_button = QPushButton(_("Set the targets…"))
        self.targets_button.setToolTip(targets_action.toolTip())
        self.targets_button.clicked.connect(self.open_targets)
        targets_box = QGroupBox(_("Learning society targets"))
        targets_layout = QHBoxLayout(targets_box)
        targets_text = QLabel(_("Per learning model and year; they reach the centres in the return packages."))
        targets_text.setWordWrap(True)
        targets_layout.addWidget(targets_text, 1)
        targets_layout.addWidget(self.targets_button)

        self.backup_now = QPushButton(_("Back up now"))
        self.backup_now.clicked.connect(self._backup)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        backup_box = QGroupBox(_("Backups"))
        backup_layout = QVBoxLayout(backup_box)
        backup_layout.addWidget(self.backup_label)
        backup_layout.addWidget(self.backup_now, 0, Qt.AlignmentFlag.AlignLeft)

        headers = (_("Centre"), _("Commune code"), _("Fingerprint"), _("State"))
        self.keys = QTableWidget(0, len(headers))
        self.keys.setHorizontalHeaderLabels(list(headers))
        self.keys.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.keys.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.keys.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.keys.setWordWrap(True)
        self.keys.verticalHeader().setVisible(False)
        header = self.keys.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.register_action = shortcut_action(self, _("Register a centre from its key file"), "Ctrl+O",
                                               self._register)
        self.revoke_action = shortcut_action(self, _("Revoke the chosen centre's key"), "Delete", self._revoke)
        self.register_button = QPushButton(_("Register a centre…"))
        self.register_button.setToolTip(self.register_action.toolTip())
        self.register_button.clicked.connect(self._register)
        self.revoke_button = QPushButton(_("Revoke key…"))
        self.revoke_button.setToolTip(self.revoke_action.toolTip())
        self.revoke_button.clicked.connect(self._revoke)
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.register_button)
        key_buttons.addWidget(self.revoke_button)
        key_buttons.addStretch(1)
        centres_box = QGroupBox(_("Centres' keys"))
        centres_layout = QVBoxLayout(centres_box)
        centres_layout.addWidget(self.keys, 1)
        centres_layout.addLayout(key_buttons)

        left = QVBoxLayout()
        left.addWidget(office_box)
        left.addWidget(key_box)
        left.addWidget(board_box)
        left.addWidget(targets_box)
        left.addWidget(backup_box)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addWidget(centres_box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(columns, 1)

    @staticmethod
    def nav_title() -> str:
        return _("Settings")

    def refresh(self) -> None:
        office = get_office_settings(self.db)
        self.office_name.setText(office.name)
        self.office_level.setText(level_label(office.level))
        self.office_code.setText(office.code or "—")
        self.silent_days.setValue(office.silent_days)
        self.minimum_version.setText(minimum_app_version(self.db))
        own = own_key(self.db)
        self.own_digits.setText(own.digits)
        self.own_words.setText(own.words)
        self._fill_keys(trusted_keys(self.db))
        self._show_backups()

    def _fill_keys(self, keys: list[KeyInfo]) -> None:
        centres = [key for key in keys if key.role in (ROLE_CENTRE, ROLE_OFFICE)]  # and offices below
        self.keys.setRowCount(len(centres))
        for row, key in enumerate(centres):
            state = _("revoked") if key.revoked else _("trusted")
            if key.role == ROLE_OFFICE:
                state = _("office below") + " · " + state
            registered = _("Registered on {time}").format(time=format_datetime(key.registered_at))
            cells = (key.name, key.code, key.digits, state)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(FINGERPRINT_ROLE, key.fingerprint)
                item.setData(REVOKED_ROLE, key.revoked)
                item.setToolTip(f"{key.words}\n{registered}" if column == 2 else f"{text}\n{registered}")
                if key.revoked:
                    item.setForeground(Qt.GlobalColor.darkGray)
                self.keys.setItem(row, column, item)
        self.keys.resizeRowsToContents()

    def _show_backups(self) -> None:
        from desktop.ui.backup_actions import backup_policy_text

        folder = backup_folder(self.db.path)
        newest = newest_backup_time(self.db.path)
        self.backup_label.setText(backup_policy_text(folder) + " " + _("Newest: {newest}.").format(
            newest=format_datetime(newest) if newest else _("none yet")))

    # --- actions ---------------------------------------------------------------------------
    def _export_key(self) -> None:
        db = self.db
        loaded, office = load_on_worker(self, lambda: get_office_settings(db), title=_("Save the office's key"),
                                        what="office")
        if not loaded or office is None:
            return
        suggested = _("office-key") + (f"-{office.code}" if office.code else "") + ".clckey"
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the office's key"), suggested,
                                                    _("Key files") + " " + KEY_FILE_FILTER)
        if name:
            self.export_key_to(Path(name))

    def export_key_to(self, path: Path) -> None:
        if path.suffix.lower() != ".clckey":
            path = path.with_name(path.name + ".clckey")
        db = self.db
        saved, _result = save_on_worker(self, lambda: export_own_key(db, path))
        if not saved:
            return
        if self.navigator is not None:
            self.navigator.show_message(_("Key saved: {path}").format(path=path))  # type: ignore[attr-defined]

    def _register(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Choose the centre's key file"), "",
                                                    _("Key files") + " " + KEY_FILE_FILTER)
        if name:
            self.register_from(Path(name))

    def register_from(self, path: Path, dialog_hook=None) -> bool:  # type: ignore[no-untyped-def]
        """Show the key's fingerprint; register it once the user has checked it with the centre."""
        try:
            key_file = read_key_file(path)  # a centre's, or an office's below this one (its roll-up)
        except UserError as error:
            show_error(self, error, _("This key cannot be registered"))
            return False
        if key_file.role != ROLE_CENTRE:
            from desktop.services.sync.office_keys import is_level_above

            db = self.db
            loaded, above = load_on_worker(self, lambda: is_level_above(db, key_file),
                                           title=_("This key cannot be registered"), what="level")
            if not loaded:
                return False
            if above:
                show_error(self, UserError(_("“{name}” is the key of the level above: register it under “Level "
                                             "above”.").format(name=key_file.name)),
                           _("This key cannot be registered"))
                return False
        dialog = ConfirmKeyDialog(
            key_file, None, self, title=_("Register a centre's key"),
            question=_("Call the centre and ask them to read the fingerprint shown in their Settings. "
                       "Register the key only if every digit matches: a key from anyone else would let "
                       "them send data in the centre's name."),
            tick=_("The centre read me the same fingerprint"))
        if register_when_confirmed(dialog, self.db, path, key_file, dialog_hook, self.navigator) is None:
            return False
        self.refresh()
        return True

    def _revoke(self) -> None:
        row = self.keys.currentRow()
        item = self.keys.item(row, 0) if row >= 0 else None
        if item is None or item.data(REVOKED_ROLE):
            return
        name = item.text()
        if not confirm(self, _("Revoke key"), _("Revoke the key of {name}? Its packages will be refused until it "
                                                "registers a new key. Records already imported stay.").format(
                name=name), _("Revoke"), _("Keep the key")):
            return
        reason, accepted = QInputDialog.getText(self, _("Revoke key"), _("Why (for the record)?"))
        if not accepted:
            return
        self.revoke(str(item.data(FINGERPRINT_ROLE)), reason)

    def revoke(self, fingerprint: str, reason: str) -> None:
        db = self.db
        save_on_worker(self, lambda: revoke_key(db, fingerprint, reason.strip()), title=_("Revoke key"))
        self.refresh()

    def open_targets(self) -> QDialog:
        from desktop.ui.office.learning_targets import LearningTargetsDialog

        dialog = LearningTargetsDialog(self.db, self)
        dialog.open()
        return dialog

    def _change_key(self, dialog_hook=None) -> None:  # type: ignore[no-untyped-def]
        """Ask (what it does, and why), then make the new key on the database worker."""
        from desktop.ui.office.key_change import ChangeKeyDialog

        dialog = ChangeKeyDialog(self)
        if dialog_hook is not None:
            dialog_hook(dialog)
        if dialog.exec() != ChangeKeyDialog.DialogCode.Accepted:
            return
        db, reason = self.db, dialog.reason.text()
        self.change_key_button.setEnabled(False)
        self._key_task = BackgroundTask(self, _("Change the office's key"),
                                        lambda _progress: change_office_key(db, reason),
                                        on_success=self._key_changed, on_error=self._key_change_failed,
                                        changes=("keys",))
        self._key_task.finished.connect(lambda: self.change_key_button.setEnabled(True))
        self._key_task.start()

    def _key_changed(self, fingerprint: object) -> None:
        self.refresh()
        inform(self, _("Change the office's key"), _("The key was changed; its new fingerprint is shown above. Save it to a file for "
                                   "new centres, and write return packages to every centre now (“Send back to "
                                   "centres” on the Centres screen): they carry the change."))
        if self.navigator is not None:
            self.navigator.show_message(_("The office's key was changed."))  # type: ignore[attr-defined]

    def _key_change_failed(self, error: Exception) -> None:
        show_error(self, error, _("The key was not changed"))

    def _save_minimum_version(self) -> None:
        try:  # a mistyped version is said before the question, not after it
            version = checked_minimum_version(self.minimum_version.text())
        except UserError as error:
            self._minimum_failed(error)
            return
        db = self.db
        loaded, saved_version = load_on_worker(self, lambda: minimum_app_version(db), title=_("Minimum version"),
                                               what="minimum version")
        if not loaded:
            return
        if version == saved_version:
            self.minimum_message.setText("")
            return
        from desktop.ui.office.key_change import minimum_version_question

        if not confirm(self, _("Minimum version"), minimum_version_question(version), _("Save"), _("Don't save")):
            self.minimum_version.setText(saved_version)
            return
        self._minimum_task = BackgroundTask(
            self, _("Minimum version"), lambda _progress: set_minimum_app_version(db, version),
            on_success=lambda _result: self._minimum_saved(version), on_error=self._minimum_failed,
            show_dialog=False, changes=("settings",))
        self._minimum_task.start()

    def _minimum_saved(self, version: str) -> None:
        self.minimum_message.setText(
            _("Saved: the next return packages ask centres for version {version} or newer.").format(version=version)
            if version else _("Saved: the next return packages ask for no minimum version."))

    def _minimum_failed(self, error: Exception) -> None:
        if isinstance(error, UserError):
            self.minimum_message.setText(error.message)
            self.minimum_version.setFocus()
        else:
            show_error(self, error)

    def _save_silent_days(self) -> None:
        db, days = self.db, self.silent_days.value()

        def said_beside_the_field(error: Exception) -> bool:
            if isinstance(error, UserError):
                self.silent_message.setText(error.message)
                return True
            return False

        saved, _result = save_on_worker(self, lambda: set_silent_days(db, days), title=_("Settings"),
                                        shown_inline=said_beside_the_field)
        if not saved:
            return
        self.silent_message.setText(_("Saved. The board marks a centre silent after {days} days without a "
                                      "package.").format(days=self.silent_days.value()))

    def _backup(self) -> None:
        from desktop.ui.backup_actions import start_backup

        def done(_path: object) -> None:
            self._show_backups()
            if self.navigator is not None:
                self.navigator.status_changed()  # type: ignore[attr-defined]

        self._backup_task = start_backup(self, self.db, done)

    def focus_start(self) -> None:
        self.keys.setFocus()
