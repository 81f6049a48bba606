"""Gửi cấp trên: the office's consolidated package for the level above (a commune office to the
province). The level above's key is pinned here after a fingerprint check; the package carries
every centre's data the office holds, with each centre's own signature chain."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFileDialog, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desktop.errors import UserError
from desktop.formatting import format_integer
from desktop.i18n import _, ngettext
from desktop.progress import Progress
from desktop.services.sync.mode import get_office_settings, level_label
from desktop.services.sync.keys import KeyInfo
from desktop.services.sync.office_keys import is_level_above, upper_key
from desktop.services.sync.rollup import RollupPlan, RollupResult, export_rollup, rollup_plan
from desktop.services.sync.rollup_increment import NextRollup, next_rollup
from desktop.sync.keys import read_key_file
from desktop.ui.database_call import load_on_worker
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.sync.key_dialog import ConfirmKeyDialog, FingerprintView, register_when_confirmed
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action

KEY_FILE_FILTER = "(*.clckey)"


class SendUpScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        self._outcome = ""
        title = QLabel(_("Send to the level above"))
        title.setObjectName("screenTitle")
        intro = QLabel(_("The consolidated package carries the data of every centre this office has received, "
                         "signed by this office, with each centre's own signatures so that the level above can "
                         "check that the rows really come from centres registered here."))
        intro.setWordWrap(True)

        self.upper_name = QLabel()
        self.upper_name.setWordWrap(True)
        self.upper_fingerprint = FingerprintView()
        self.register_action = shortcut_action(self, _("Register the key of the level above"), "Ctrl+O",
                                               self._choose_key)
        self.register_button = QPushButton(_("Register the key of the level above…"))
        self.register_button.setToolTip(self.register_action.toolTip())
        self.register_button.clicked.connect(self._choose_key)
        key_box = QGroupBox(_("Key of the level above"))
        key_layout = QVBoxLayout(key_box)
        key_layout.addWidget(self.upper_name)
        key_layout.addWidget(self.upper_fingerprint)
        key_layout.addWidget(self.register_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setTextFormat(Qt.TextFormat.PlainText)
        self.send_action = shortcut_action(self, _("Write the consolidated package to a USB stick or folder"),
                                           "Ctrl+E", self._choose_folder)
        self.send_button = QPushButton(_("Write the consolidated package…"))
        self.send_button.setToolTip(self.send_action.toolTip())
        self.send_button.clicked.connect(self._choose_folder)
        self.outcome = QLabel()
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        send_box = QGroupBox(_("Consolidated package"))
        send_layout = QVBoxLayout(send_box)
        send_layout.addWidget(self.plan)
        buttons = QHBoxLayout()
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        send_layout.addLayout(buttons)
        send_layout.addWidget(self.outcome)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(key_box)
        layout.addWidget(send_box)
        layout.addStretch(1)

    @staticmethod
    def nav_title() -> str:
        return _("Level above")

    def refresh(self) -> None:
        db = self.db

        def load() -> tuple[KeyInfo | None, RollupPlan, NextRollup | None]:
            plan = rollup_plan(db)
            return upper_key(db), plan, next_rollup(db) if plan.centres else None

        loaded, found = load_on_worker(self, load, title=_("Level above"))
        if not loaded or found is None:
            return
        key, plan, upcoming = found
        if key is None:
            self.upper_name.setText(_("No key of the level above is registered yet. Ask the province (or the level "
                                      "this office reports to) for its key file, then register it here."))
            self.upper_fingerprint.hide()
        else:
            self.upper_name.setText(f"<b>{html.escape(key.name)}</b>" + (f" ({html.escape(key.code)})" if key.code else ""))
            self.upper_fingerprint.show_key(key.digits, key.words)
            self.upper_fingerprint.show()
        lines = [ngettext("It will carry {count} centre: {names}.", "It will carry {count} centres: {names}.",
                          len(plan.centres)).format(count=format_integer(len(plan.centres)),
                                                    names=", ".join(plan.centres))
                 if plan.centres else _("No centre's data has been received yet: nothing to send.")]
        if plan.left_out:
            lines.append(_("Left out until their next package arrives: {names}.").format(names=", ".join(plan.left_out)))
        if upcoming is not None:
            lines.append(self._kind_of_next(upcoming))
        self.plan.setText("\n".join(lines))
        self.send_button.setEnabled(key is not None and bool(plan.centres) and self.task is None)

    @staticmethod
    def _kind_of_next(upcoming: NextRollup) -> str:
        if upcoming.full or upcoming.since is None:
            return _("It will be a full copy: the level above has not acknowledged a consolidated package from this "
                     "office yet.")
        return _("It will hold only what changed since package {number}, which the level above acknowledged "
                 "(its return package arrived on {date}).").format(
            number=upcoming.acknowledged_sequence, date=upcoming.since.strftime("%d/%m/%Y"))

    # --- the level above's key ----------------------------------------------------------
    def _choose_key(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("The key file of the level above"), "",
                                                    _("Key files") + " " + KEY_FILE_FILTER)
        if name:
            self.register_from(Path(name))

    def register_from(self, path: Path, dialog_hook=None) -> bool:  # type: ignore[no-untyped-def]
        """Show the key's fingerprint; pin it once the user has checked it with the level above."""
        try:
            key_file = read_key_file(path, expected_role="office")
        except UserError as error:
            show_error(self, error, _("This key cannot be registered"))
            return False
        db = self.db
        loaded, found = load_on_worker(
            self, lambda: (is_level_above(db, key_file), get_office_settings(db).level, upper_key(db)),
            title=_("This key cannot be registered"), what="key")
        if not loaded or found is None:
            return False
        above, level, current = found
        if not above:
            show_error(self, UserError(_("“{name}” is not the key of a level above this office ({level}).").format(
                name=key_file.name, level=level_label(level))),
                _("This key cannot be registered"))
            return False
        dialog = ConfirmKeyDialog(
            key_file, current, self, title=_("Register the key of the level above"),
            question=_("Phone the level above and ask them to read out the fingerprint of their key (in CLC Ledger "
                       "there: Settings). Register this key only if every number and word matches: the "
                       "consolidated package is encrypted so that only this key can open it."),
            tick=_("They read me the same fingerprint"))
        if register_when_confirmed(dialog, self.db, path, key_file, dialog_hook, self.navigator) is None:
            return False
        self.refresh()
        return True

    # --- the consolidated package -------------------------------------------------------
    def _choose_folder(self) -> None:
        if not self.send_button.isEnabled():
            return
        folder = QFileDialog.getExistingDirectory(self, _("Where to write the consolidated package"))
        if folder:
            self.write_to(Path(folder))

    def write_to(self, folder: Path) -> BackgroundTask | None:
        if self.task is not None:
            return None
        db = self.db

        def work(progress: Progress) -> RollupResult:
            return export_rollup(db, folder, progress=progress)

        self.outcome.setText("")
        self._outcome = ""
        self.send_button.setEnabled(False)
        self.task = BackgroundTask(self, _("Writing the consolidated package…"), work, on_success=self._written,
                                   on_error=self._failed)
        self.task.finished.connect(self._ended)
        return self.task.start()

    def _written(self, result: object) -> None:
        assert isinstance(result, RollupResult)
        self._outcome = "written"
        self.outcome.setText(_("Written and checked: {path}\n{centres}, {rows} records. The USB stick may be removed.")
                             .format(path=result.path, rows=format_integer(result.rows),
                                     centres=ngettext("{count} centre", "{count} centres", result.centres).format(
                                         count=format_integer(result.centres))))

    def _failed(self, error: Exception) -> None:
        self._outcome = "failed"
        show_error(self, error, _("The consolidated package was not written"))

    def _ended(self) -> None:
        # `finished` comes just before the success or error handler: look at the outcome after it
        QTimer.singleShot(0, self, self._after_task)

    def _after_task(self) -> None:
        self.task = None
        if not self._outcome:
            self.outcome.setText(_("Stopped: no consolidated package was written."))
        self.refresh()

    def focus_start(self) -> None:
        self.send_button.setFocus() if self.send_button.isEnabled() else self.register_button.setFocus()
