"""Gửi lên cấp trên: write a package for the office onto a USB stick or into a folder, and the
list of packages sent (the outbox)."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableView,
    QVBoxLayout,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _
from desktop.progress import Cancelled, Progress
from desktop.services.sync.corrections import received_corrections
from desktop.services.sync.export import ExportResult, export_package, outbox
from desktop.services.sync.status import SendStatus, send_status
from desktop.ui.messages import confirm, show_error
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import action_button, shortcut_action
from desktop.ui.sync.drives import Drive, mounted_drives
from desktop.ui.sync.key_dialog import current_office_key, pin_office_key
from desktop.ui.sync.outbox_model import CHANGES, DATE, FILE, SORT_ROLE, OutboxTableModel
from desktop.ui.tasks import BackgroundTask

DESTINATION_ROLE = Qt.ItemDataRole.UserRole  # (path, removable)
SEND_SHORTCUT, FOLDER_SHORTCUT, REFRESH_SHORTCUT = "Ctrl+Return", "Ctrl+O", "F5"
FULL_SHORTCUT, PIN_SHORTCUT = "Ctrl+Shift+F", "Ctrl+K"
RETURN_SHORTCUT, CORRECTIONS_SHORTCUT = "Ctrl+Shift+O", "Ctrl+Shift+C"


class SendScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        self.status: SendStatus | None = None
        self._folder: Path | None = None  # a folder chosen with the button, kept in the list
        title = QLabel(_("Send to the office"))
        title.setObjectName("screenTitle")

        self.office_label = QLabel()
        self.office_label.setObjectName("officeLabel")
        self.office_label.setWordWrap(True)
        self.pin_action = shortcut_action(self, _("Register the office's key…"), PIN_SHORTCUT, self.pin_key)
        self.pin_button = action_button(_("Register the office's key…"), self.pin_action)
        self.office_frame = QFrame()
        self.office_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.open_return_action = shortcut_action(self, _("Open a package from the office…"), RETURN_SHORTCUT,
                                                  self.open_return)
        self.open_return_button = action_button(_("Open a package from the office…"), self.open_return_action)
        self.corrections_button = action_button(_("Corrections from the office…"), shortcut_action(
            self, _("Corrections from the office…"), CORRECTIONS_SHORTCUT, self.review_corrections))
        self.corrections_button.setObjectName("correctionsButton")
        office_row = QHBoxLayout(self.office_frame)
        office_row.addWidget(self.office_label, 1)
        office_buttons = QVBoxLayout()
        office_buttons.addWidget(self.pin_button)
        office_buttons.addWidget(self.open_return_button)
        office_buttons.addWidget(self.corrections_button)
        office_row.addLayout(office_buttons)

        self.drive_list = QListWidget()
        self.drive_list.setObjectName("destinations")
        self.drive_list.setStyleSheet("QListWidget#destinations::item { padding: 4px; }")
        self.drive_list.setToolTip(_("Choose where to write the package; Enter sends it."))
        self.drive_list.itemActivated.connect(lambda _item: self.send())
        self.refresh_action = shortcut_action(self, _("Look for USB sticks again"), REFRESH_SHORTCUT,
                                              self.refresh_drives)
        self.folder_action = shortcut_action(self, _("Another folder…"), FOLDER_SHORTCUT, self.choose_folder)
        self.full = QCheckBox(_("Full copy (all records, not only what the office has not received yet)"))
        self.full_action = shortcut_action(self, _("Full copy"), FULL_SHORTCUT, self.full.toggle)
        self.full.setToolTip(self.full_action.toolTip())
        self.send_action = shortcut_action(self, _("Write the package"), SEND_SHORTCUT, self.send)
        self.send_button = action_button(_("Write the package"), self.send_action)
        self.send_button.setObjectName("sendButton")
        font = self.send_button.font()
        font.setBold(True)
        self.send_button.setFont(font)
        self.send_button.setMinimumHeight(36)
        drive_buttons = QVBoxLayout()
        drive_buttons.addWidget(action_button(_("Look again"), self.refresh_action))
        drive_buttons.addWidget(action_button(_("Another folder…"), self.folder_action))
        drive_buttons.addStretch(1)
        drive_row = QHBoxLayout()
        drive_row.addWidget(self.drive_list, 1)
        drive_row.addLayout(drive_buttons)
        send_row = QHBoxLayout()
        send_row.addWidget(self.full, 1)
        send_row.addWidget(self.send_button)
        self.message = QLabel()
        self.message.setObjectName("sendMessage")
        self.message.setWordWrap(True)
        destination_box = QGroupBox(_("Where to write the package"))
        destination_layout = QVBoxLayout(destination_box)
        advice = QLabel(_("Plug in the USB stick you take to the office and choose it. The package holds "
                          "everything the office has not confirmed yet, so a lost stick costs nothing: send again."))
        advice.setWordWrap(True)
        destination_layout.addWidget(advice)
        destination_layout.addLayout(drive_row, 1)
        destination_layout.addLayout(send_row)
        destination_layout.addWidget(self.message)

        self.model = OutboxTableModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.outbox_table = QTableView()
        self.outbox_table.setModel(self.proxy)
        self.outbox_table.setSortingEnabled(True)
        self.outbox_table.sortByColumn(DATE, Qt.SortOrder.DescendingOrder)
        self.outbox_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.outbox_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.outbox_table.verticalHeader().setVisible(False)
        header = self.outbox_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(CHANGES, QHeaderView.ResizeMode.ResizeToContents)
        self.outbox_empty = QLabel(_("No package sent yet. The packages you write are listed here, with "
                                     "whether the office has confirmed receiving them."))
        self.outbox_empty.setWordWrap(True)
        self.outbox_box = QGroupBox(_("Packages sent"))
        outbox_layout = QVBoxLayout(self.outbox_box)
        outbox_layout.addWidget(self.outbox_empty, 0, Qt.AlignmentFlag.AlignTop)
        outbox_layout.addWidget(self.outbox_table, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.office_frame)
        layout.addWidget(destination_box, 1)
        layout.addWidget(self.outbox_box, 1)

    @staticmethod
    def nav_title() -> str:
        return _("Send / receive data")

    # What it shows

    def bring_up_to_date(self) -> None:
        super().bring_up_to_date()
        self.refresh_drives()  # a stick may have been plugged in since: no record changed for that

    def refresh(self) -> None:
        self.status = status = send_status(self.db)
        self._show_office(status)
        packages = outbox(self.db)
        self.model.set_packages(packages)
        self.outbox_table.setVisible(bool(packages))
        self.outbox_empty.setVisible(not packages)
        self.outbox_box.setTitle(_("Packages sent ({count})").format(count=format_integer(len(packages)))
                                 if packages else _("Packages sent"))
        waiting = len(received_corrections(self.db, pending_only=True))
        self.corrections_button.setText(_("Corrections from the office ({count})…").format(
            count=format_integer(waiting)) if waiting else _("Corrections from the office…"))
        self.corrections_button.setEnabled(bool(waiting))

    def _show_office(self, status: SendStatus) -> None:
        office = current_office_key(self.db)
        if office is None:
            self.office_label.setText(_(
                "<b>No office key is registered yet</b>, so nothing can be sent. Ask the office for its key "
                "file, then register it here (you will check its fingerprint together by phone)."))
            self.pin_button.setText(_("Register the office's key…"))
        else:
            code = f" ({office.code})" if office.code else ""
            last = status.last_sent
            if last is None:
                sent = _("Nothing sent yet.")
            elif status.last_acknowledged_at is None:
                sent = _("Last package: {date}; the office has not confirmed it yet.").format(
                    date=format_date(last.date()))
            else:
                sent = _("Last package: {date}; the office confirmed it on {acknowledged}.").format(
                    date=format_date(last.date()), acknowledged=format_date(status.last_acknowledged_at.date()))
            self.office_label.setText(_("Packages go to <b>{office}</b>{code}, fingerprint {digits}. {sent}").format(
                office=html.escape(office.name), code=html.escape(code), digits=office.digits, sent=sent))
            self.pin_button.setText(_("Another office key…"))
        self.pin_button.setToolTip(self.pin_action.toolTip())
        self.pin_button.setDefault(office is None)

    def refresh_drives(self) -> None:
        chosen = self.destination()
        self.drive_list.clear()
        for drive in mounted_drives():
            self._add_destination(drive.label(), drive.root, drive.removable)
        if self._folder is not None:
            self._add_destination(_("Folder: {path}").format(path=self._folder), self._folder, False)
        self._select(chosen[0] if chosen else None)

    def _add_destination(self, text: str, path: Path, removable: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(DESTINATION_ROLE, (str(path), removable))
        self.drive_list.addItem(item)

    def _select(self, path: Path | None) -> None:
        """Keep the choice across a refresh; otherwise the first USB stick, if one is plugged in."""
        for row in range(self.drive_list.count()):
            item_path, removable = self.drive_list.item(row).data(DESTINATION_ROLE)
            if (path is not None and Path(item_path) == path) or (path is None and removable):
                self.drive_list.setCurrentRow(row)
                return

    def destination(self) -> tuple[Path, bool] | None:
        item = self.drive_list.currentItem()
        if item is None or not item.isSelected():
            return None
        path, removable = item.data(DESTINATION_ROLE)
        return Path(path), bool(removable)

    def use_folder(self, folder: Path) -> None:
        """Write into this folder (listed after the drives, and chosen)."""
        self._folder = Path(folder)
        self.refresh_drives()
        self._select(self._folder)

    def use_drive(self, drive: Drive) -> None:
        """Choose a drive as if it were listed (a USB stick plugged in while the list showed)."""
        self._add_destination(drive.label(), drive.root, drive.removable)
        self._select(drive.root)

    def choose_folder(self) -> None:
        start = str(self._folder or Path.home())
        name = QFileDialog.getExistingDirectory(self, _("Write the package into this folder"), start)
        if name:
            self.use_folder(Path(name))

    def focus_start(self) -> None:
        if self.status is None or self.status.office_key_pinned:
            self.drive_list.setFocus()
        else:
            self.pin_button.setFocus()

    # What it does

    def open_return(self, path: Path | None = None) -> None:
        """A return package from the office: acknowledgements, reference lists, corrections."""
        from desktop.ui.sync.return_dialogs import choose_and_open_return, open_return

        def done() -> None:
            self.refresh()
            self._status_changed()

        self.return_task = (open_return(self, self.db, path, done) if path is not None
                            else choose_and_open_return(self, self.db, done))

    def review_corrections(self) -> None:
        from desktop.ui.sync.return_dialogs import review_corrections

        self.corrections_dialog = review_corrections(self, self.db, self.refresh)

    def pin_key(self) -> None:
        if pin_office_key(self, self.db) is not None:
            self.refresh()
            self._status_changed()

    def send(self) -> None:
        if self.task is not None:
            return
        self.message.clear()
        if current_office_key(self.db) is None:
            if confirm(self, _("No office key yet"),
                       _("Packages are locked so that only your office can open them, so the office's key "
                         "must be registered first. Do you have the office's key file now?"),
                       _("Register the office's key…"), _("Not now")):
                self.pin_key()
            return
        chosen = self.destination()
        if chosen is None:
            self.message.setText(_("Choose a USB stick or a folder first (Ctrl+O chooses a folder)."))
            self.drive_list.setFocus()
            return
        folder, removable = chosen
        db, full = self.db, self.full.isChecked()

        def work(progress: Progress) -> ExportResult | None:
            try:
                return export_package(db, folder, full=full, progress=progress)
            except Cancelled:  # the writer has removed what it wrote
                return None

        self.task = BackgroundTask(self, _("Writing the package for the office"), work,
                                   on_success=lambda result: self._sent(result, removable), on_error=self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    def _sent(self, result: object, removable: bool) -> None:
        if result is None:
            self.message.setText(_("Cancelled. Nothing was written."))
            return
        assert isinstance(result, ExportResult)
        self.full.setChecked(False)
        self.refresh()
        self._status_changed()
        self.message.setText(_("Package written: {file}").format(file=result.path))
        self._tell_sent(result, removable)

    def _tell_sent(self, result: ExportResult, removable: bool) -> None:
        if removable:
            heading = _("The package was written and checked. You may now remove the USB stick.")
        else:
            heading = _("The package was written and checked. Take it to the office (copy it to a USB stick "
                        "or send it as it is).")
        details = [_("File: {file}").format(file=result.path.name),
                   _("Folder: {folder}").format(folder=result.path.parent),
                   _("Records: {rows} (changes {first} to {last})").format(
                       rows=format_integer(result.rows), first=format_integer(result.sequence_from),
                       last=format_integer(result.sequence_to))]
        if result.full:
            details += ["", _("This is a full copy of the centre's records.")]
        if result.new_installation:
            details.append(_("This database was copied or restored from a backup, so it now sends as a new "
                             "copy of CLC Ledger, starting with a full copy. The office will see this."))
        box = QMessageBox(QMessageBox.Icon.Information, _("Package ready for the office"),
                          f"<p style='font-size:large'><b>{heading}</b></p>", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("sentMessage")
        box.setInformativeText("\n".join(details))
        box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
        box.exec()

    def _failed(self, error: Exception) -> None:
        if isinstance(error, UserError):
            self.message.setText(error.message)
        show_error(self, error, _("The package could not be written"))
        self.refresh()

    def _finished(self) -> None:
        self.task = None

    def _status_changed(self) -> None:
        if self.navigator is not None:
            self.navigator.status_changed()  # type: ignore[attr-defined]

