"""Settings → Sending data: the office's key, this centre's key, photos and the reminder."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services.centre import get_setting, set_setting
from desktop.services.sync.keys import KeyInfo, export_own_key, stored_own_key
from desktop.services.sync.status import (
    MAX_REMINDER_DAYS,
    MIN_REMINDER_DAYS,
    SEND_PHOTOS_KEY,
    reminder_days,
    set_reminder_days,
)
from desktop.store.database import Database
from desktop.sync.keys import KEY_FILE_SUFFIX
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import inform
from desktop.ui.widgets.actions import action_button, shortcut_action, with_shortcut
from desktop.ui.sync.key_dialog import FingerprintView, current_office_key, pin_office_key

PIN_KEY_SHORTCUT, EXPORT_KEY_SHORTCUT = "Ctrl+K", "Ctrl+E"


class SyncSettingsSection(QWidget):
    """What a centre sets up once to send its data to the office."""

    def __init__(self, db: Database, navigator: object | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.navigator = navigator

        self.office_name = QLabel()
        self.office_name.setObjectName("officeName")
        self.office_name.setWordWrap(True)
        self.office_fingerprint = FingerprintView(scale=1.25)
        self.office_registered = QLabel()
        self.office_registered.setWordWrap(True)
        self.pin_action = shortcut_action(self, _("Register the office's key…"), PIN_KEY_SHORTCUT, self.pin_key)
        self.pin_button = action_button(_("Register the office's key…"), self.pin_action)
        office_box = QGroupBox(_("The office this centre sends its data to"))
        office_layout = QVBoxLayout(office_box)
        office_layout.addWidget(self.office_name)
        office_layout.addWidget(self.office_fingerprint)
        office_layout.addWidget(self.office_registered)
        office_layout.addWidget(_wrapped(_(
            "The office gives you its key file (on a USB stick or by e-mail). Before it is registered "
            "you read its fingerprint together with the office by phone.")))
        office_layout.addWidget(self.pin_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.own_fingerprint = FingerprintView(scale=1.25)
        self.export_action = shortcut_action(self, _("Save this centre's key to a file…"), EXPORT_KEY_SHORTCUT,
                                             self.export_key)
        self.export_button = action_button(_("Save this centre's key to a file…"), self.export_action)
        own_box = QGroupBox(_("This centre's key"))
        own_layout = QVBoxLayout(own_box)
        own_layout.addWidget(_wrapped(_(
            "The office registers this key once, to recognise this centre's packages. Give it the key "
            "file and read out this fingerprint when the office asks.")))
        self.own_missing = _wrapped(_("The key is made the first time it is saved to a file or data is sent."))
        own_layout.addWidget(self.own_fingerprint)
        own_layout.addWidget(self.own_missing)
        own_layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.send_photos = QCheckBox(_("Send session photos with the data"))
        self.send_photos.setToolTip(_("Photos make packages much larger; without them the office still "
                                      "gets every record."))
        self.send_photos.toggled.connect(self._photos_changed)
        self.reminder = QSpinBox()
        self.reminder.setRange(MIN_REMINDER_DAYS, MAX_REMINDER_DAYS)
        self.reminder.setSuffix(" " + _("days"))
        self.reminder.setMaximumWidth(self.reminder.fontMetrics().horizontalAdvance("0") * 16)
        self.reminder.setToolTip(_("The overview reminds you to send when the last package is older than this."))
        self.reminder.valueChanged.connect(self._reminder_changed)
        options_box = QGroupBox(_("Sending"))
        options = QFormLayout(options_box)
        options.addRow(self.send_photos)
        options.addRow(_("Remind me to send after"), self.reminder)

        right = QVBoxLayout()
        right.addWidget(own_box)
        right.addWidget(options_box)
        right.addStretch(1)
        left = QVBoxLayout()
        left.addWidget(office_box)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 1)

    def refresh(self) -> None:
        loaded, found = load_on_worker(self, lambda: _sync_settings(self.db), title=_("Sending data"))
        if not loaded or found is None:
            return
        office, mine, send_photos, days = found
        self._show_office(office)
        self.own_fingerprint.setVisible(mine is not None)
        self.own_missing.setVisible(mine is None)
        if mine is not None:
            self.own_fingerprint.show_key(mine.digits, mine.words)
        self.send_photos.blockSignals(True)
        self.send_photos.setChecked(send_photos)
        self.send_photos.blockSignals(False)
        self.reminder.blockSignals(True)
        self.reminder.setValue(days)
        self.reminder.blockSignals(False)

    def _show_office(self, office: KeyInfo | None) -> None:
        self.office_fingerprint.setVisible(office is not None)
        if office is None:
            self.office_name.setText(_("No office key is registered yet: this centre cannot send data."))
            self.office_registered.clear()
            self.office_registered.setVisible(False)
            self.pin_action.setText(_("Register the office's key…"))
        else:
            code = f" ({office.code})" if office.code else ""
            self.office_name.setText(f"<b>{html.escape(office.name + code)}</b>")
            self.office_fingerprint.show_key(office.digits, office.words)
            self.office_registered.setText(_("Registered on {date}.").format(
                date=format_date(office.registered_at.date())) if office.registered_at else "")
            self.office_registered.setVisible(office.registered_at is not None)
            self.pin_action.setText(_("Replace with a new office key…"))
        self.pin_button.setText(self.pin_action.text())
        self.pin_button.setToolTip(with_shortcut(self.pin_action.text().rstrip("…"), PIN_KEY_SHORTCUT))

    def pin_key(self, path: Path | None = None) -> KeyInfo | None:
        stored = pin_office_key(self, self.db, path)
        self.refresh()
        if stored is not None and self.navigator is not None:
            self.navigator.status_changed()  # type: ignore[attr-defined]
        return stored

    def export_key(self, path: Path | None = None) -> KeyInfo | None:
        if path is None:
            name, _filter = QFileDialog.getSaveFileName(
                self, _("Save this centre's key"), str(Path.home() / (_("centre-key") + KEY_FILE_SUFFIX)),
                _("Key files") + f" (*{KEY_FILE_SUFFIX})")
            if not name:
                return None
            path = Path(name)
            if path.suffix.lower() != KEY_FILE_SUFFIX:
                path = path.with_name(path.name + KEY_FILE_SUFFIX)
        db, target = self.db, path
        saved, written = save_on_worker(self, lambda: export_own_key(db, target),
                                        title=_("The key could not be saved"))
        if not saved or written is None:
            return None
        self.refresh()
        inform(self, _("Key saved"), _("This centre's key was saved to {path}. Give this file to the office; "
                                       "its fingerprint is {digits}.").format(path=path, digits=written.digits))
        return written

    def _photos_changed(self, checked: bool) -> None:
        db = self.db
        # The box is the owner, so this save never waits on the reminder's (nor refuses it).
        saved, _result = save_on_worker(self.send_photos, lambda: set_setting(db, SEND_PHOTOS_KEY,
                                                                              "1" if checked else "0"))
        if saved and self.send_photos.isChecked() != checked:  # ticked again while that one waited
            self._photos_changed(self.send_photos.isChecked())

    def _reminder_changed(self, days: int) -> None:
        db = self.db
        saved, _result = save_on_worker(self.reminder, lambda: set_reminder_days(db, days))
        if saved and self.reminder.value() != days:  # changed again while that one waited
            self._reminder_changed(self.reminder.value())


def _sync_settings(db: Database) -> tuple[KeyInfo | None, KeyInfo | None, bool, int]:
    """The office's key, this centre's own, and the two sending settings, read on the worker."""
    try:
        mine = stored_own_key(db)
    except UserError:  # no centre details yet: the key carries the centre's name
        mine = None
    return current_office_key(db), mine, get_setting(db, SEND_PHOTOS_KEY, "1") != "0", reminder_days(db)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
