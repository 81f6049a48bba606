"""Gửi về các trung tâm: the office writes return packages (acknowledgements, reference lists,
corrections, key revocations, minimum version) for one centre or all onto a USB stick or a folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QListWidget,
    QListWidgetItem, QPushButton, QVBoxLayout,
)

from desktop.errors import UserError
from desktop.i18n import _, ngettext
from desktop.progress import Cancelled, Progress
from desktop.services.sync.return_office import WrittenReturn, return_recipients, write_returns
from desktop.ui.messages import show_error
from desktop.ui.sync.drives import mounted_drives
from desktop.ui.tasks import BackgroundTask

FOLDER_ROLE = Qt.ItemDataRole.UserRole


class SendBackDialog(QDialog):
    """Choose the centres and where to write; the packages are written off the GUI thread."""

    def __init__(self, db, parent=None, centre_id: str | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.task: BackgroundTask | None = None
        self.written: list[WrittenReturn] = []
        self.setWindowTitle(_("Send back to centres"))
        self.setMinimumWidth(640)
        intro = QLabel(_("A return package tells a centre which of its packages the office has received (its next "
                         "package then holds only what is new), and carries the reference lists, the corrections "
                         "the office asks for, revoked keys and the minimum version of CLC Ledger. One file per "
                         "centre, named with its commune code."))
        intro.setWordWrap(True)
        self.centres = QComboBox()
        recipients = return_recipients(db)
        self.centres.addItem(ngettext("All centres ({count})", "All centres ({count})", len(recipients)).format(
            count=len(recipients)), None)
        for recipient_id, name, code in recipients:
            self.centres.addItem(f"{code} — {name}", code)
            if recipient_id == centre_id:
                self.centres.setCurrentIndex(self.centres.count() - 1)
        self.destinations = QListWidget()
        self.destinations.setObjectName("destinations")
        for drive in mounted_drives():
            self._add_destination(drive.label(), drive.root)
        folder_button = QPushButton(_("Another folder…"))
        folder_button.clicked.connect(self.choose_folder)
        destination_row = QHBoxLayout()
        destination_row.addWidget(self.destinations, 1)
        destination_row.addWidget(folder_button, 0, Qt.AlignmentFlag.AlignTop)
        form = QFormLayout()
        form.addRow(_("Centres:"), self.centres)
        form.addRow(_("Write to:"), destination_row)
        self.message = QLabel()
        self.message.setObjectName("sendBackMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox()
        self.write_button = buttons.addButton(_("Write the return packages"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.write_button.clicked.connect(self.write)
        self.close_button.clicked.connect(self.reject)
        self.write_button.setEnabled(bool(recipients))
        if not recipients:
            self.message.setText(_("No centre has sent data to this office yet: there is nothing to send back."))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def _add_destination(self, text: str, folder: Path) -> None:
        item = QListWidgetItem(text)
        item.setData(FOLDER_ROLE, str(folder))
        self.destinations.addItem(item)
        self.destinations.setCurrentItem(item)

    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, _("Write the return packages into this folder"))
        if name:
            self.use_folder(Path(name))

    def use_folder(self, folder: Path) -> None:
        self._add_destination(_("Folder: {path}").format(path=folder), folder)

    def write(self) -> None:
        item = self.destinations.currentItem()
        if item is None:
            self.message.setText(_("Choose a USB stick or a folder first."))
            return
        if self.task is not None:
            return
        folder, code, db = Path(item.data(FOLDER_ROLE)), self.centres.currentData(), self.db

        def work(progress: Progress) -> list[WrittenReturn] | None:
            try:
                return write_returns(db, folder, centre_code=code, progress=progress)
            except Cancelled:
                return None

        self.task = BackgroundTask(self, _("Writing return packages"), work, on_success=self._written,
                                   on_error=self._failed)
        self.task.finished.connect(self._finished)
        self.task.start()

    def _finished(self) -> None:
        self.task = None

    def _written(self, result: object) -> None:
        if result is None:
            self.message.setText(_("Cancelled."))
            return
        assert isinstance(result, list)
        self.written = result
        lines = [ngettext("{count} return package was written and checked:",
                          "{count} return packages were written and checked:", len(result)).format(count=len(result))]
        for item in result:
            lines.append(_("{code} {centre}: {file} ({corrections} corrections)").format(
                code=item.commune_code, centre=item.centre, file=item.path.name, corrections=item.corrections))
        lines.append(_("Folder: {folder}").format(folder=result[0].path.parent) if result else "")
        self.message.setText("\n".join(lines))

    def _failed(self, error: Exception) -> None:
        if isinstance(error, UserError):
            self.message.setText(error.message)
        show_error(self, error, _("The return packages could not be written"))


def send_back(parent, db, centre_id: str | None = None) -> SendBackDialog:  # type: ignore[no-untyped-def]
    dialog = SendBackDialog(db, parent, centre_id)
    dialog.open()
    return dialog
