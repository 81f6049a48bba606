"""At a centre: open a return package from the office (from the Send screen, a USB folder or a
double-click), see what it changed, and answer the office's corrections one by one."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
    QListWidgetItem, QMessageBox, QVBoxLayout, QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.progress import Progress
from desktop.services.sync.corrections import ReceivedCorrection, answer_correction, received_corrections
from desktop.services.sync.return_centre import APPLIED, ReturnReport, import_returns
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask

ID_ROLE = Qt.ItemDataRole.UserRole


def choose_and_open_return(parent: QWidget, db, on_done=None) -> BackgroundTask | None:  # type: ignore[no-untyped-def]
    name, _filter = QFileDialog.getOpenFileName(parent, _("Open a package from the office"), "",
                                                _("CLC Ledger packages (*.clcsync)"))
    return open_return(parent, db, Path(name), on_done) if name else None


def open_return(parent: QWidget, db, path: Path, on_done=None) -> BackgroundTask:  # type: ignore[no-untyped-def]
    """Apply a return package off the GUI thread, then show what it did (and the corrections)."""

    def work(progress: Progress) -> ReturnReport:
        return import_returns(db, [path], progress=progress)

    def done(result: object) -> None:
        assert isinstance(result, ReturnReport)
        show_return_report(parent, result)
        if on_done is not None:
            on_done()
        if any(package.status == APPLIED and package.corrections for package in result.packages):
            review_corrections(parent, db, on_done)

    task = BackgroundTask(parent, _("Opening the package from the office"), work, on_success=done,
                          on_error=lambda error: show_error(parent, error, _("The package could not be opened")))
    task.start()
    return task


def report_text(report: ReturnReport) -> tuple[bool, str, str]:
    """(applied, heading, details) for the message box and the tests."""
    [package] = report.packages[:1] or [None]
    if package is None:
        return False, _("No package was found."), ""
    if package.status != APPLIED:
        details = "\n".join([package.reason, *package.notes])
        return False, _("The package from the office was not applied."), details
    lines = [ngettext("{count} package sent to the office was confirmed received.",
                      "{count} packages sent to the office were confirmed received.",
                      package.acknowledged).format(count=package.acknowledged)]
    lines += package.notes
    return True, _("The package from the office was applied."), "\n".join(lines)


def show_return_report(parent: QWidget, report: ReturnReport) -> QMessageBox:
    applied, heading, details = report_text(report)
    box = QMessageBox(QMessageBox.Icon.Information if applied else QMessageBox.Icon.Warning,
                      _("Package from the office"), f"<p><b>{html.escape(heading)}</b></p>",
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("returnReport")
    box.setInformativeText(details)
    box.button(QMessageBox.StandardButton.Ok).setText(_("OK"))
    box.exec()
    return box


class CorrectionsDialog(QDialog):
    """The office's corrections waiting for an answer, one at a time: accept (the record is
    changed here and goes back in the next package) or decline with a reason."""

    def __init__(self, db, parent=None, on_answer=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db = db
        self.on_answer = on_answer
        self.setWindowTitle(_("Corrections asked by the office"))
        self.resize(900, 520)
        intro = QLabel(_("The office asks for these changes to the centre's records. Check each one with the "
                         "learner or the class register. Accepting changes the record here; declining needs a "
                         "reason. Both answers go to the office in the next package."))
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("corrections")
        self.list.currentItemChanged.connect(lambda _now, _before: self._show())
        self.detail = QLabel()
        self.detail.setObjectName("correctionDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason (needed to decline)"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("correctionMessage")
        buttons = QDialogButtonBox()
        self.accept_button = buttons.addButton(_("Accept and change the record"),
                                               QDialogButtonBox.ButtonRole.ActionRole)
        self.decline_button = buttons.addButton(_("Decline"), QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_button.clicked.connect(lambda: self.answer(True))
        self.decline_button.clicked.connect(lambda: self.answer(False))
        close.clicked.connect(self.reject)
        box = QGroupBox(_("The correction"))
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.detail, 1)
        box_layout.addWidget(self.reason)
        box_layout.addWidget(self.message)
        box_layout.addWidget(buttons)
        row = QHBoxLayout()
        row.addWidget(self.list, 2)
        row.addWidget(box, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row, 1)
        self.items: dict[str, ReceivedCorrection] = {}
        self.reload()

    def reload(self) -> None:
        self.list.clear()
        self.items = {item.id: item for item in received_corrections(self.db, pending_only=True)}
        for item in self.items.values():
            entry = QListWidgetItem(f"{item.record_label} — {item.field_label}")
            entry.setData(ID_ROLE, item.id)
            self.list.addItem(entry)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._show()

    def current(self) -> ReceivedCorrection | None:
        entry = self.list.currentItem()
        return None if entry is None else self.items.get(entry.data(ID_ROLE))

    def _show(self) -> None:
        item = self.current()
        self.accept_button.setEnabled(item is not None)
        self.decline_button.setEnabled(item is not None)
        self.reason.setEnabled(item is not None)
        if item is None:
            self.detail.setText(_("No correction is waiting for an answer."))
            return
        value = lambda v: html.escape(item.value_text(v))  # noqa: E731
        rows = [(_("Learner or class"), html.escape(item.record_label)), (_("Field"), html.escape(item.field_label)),
                (_("Now"), value(item.current)), (_("The office asks for"), f"<b>{value(item.new)}</b>"),
                (_("The office's reason"), html.escape(item.reason)),
                (_("Asked on"), format_date(item.proposed_at.date()))]
        self.detail.setText("<table cellspacing='6'>" + "".join(
            f"<tr><td>{label}:</td><td>{text}</td></tr>" for label, text in rows) + "</table>")
        self.reason.clear()
        self.message.clear()

    def answer(self, accept: bool) -> None:
        item = self.current()
        if item is None:
            return
        try:
            answer_correction(self.db, item.id, accept=accept, reason=self.reason.text())
        except UserError as error:
            self.message.setText(error.message)
            self.reason.setFocus()
            return
        if self.on_answer is not None:
            self.on_answer()
        self.reload()
        self.message.setText(_("Accepted: the record was changed.") if accept else
                             _("Declined: the office will read your reason."))


def review_corrections(parent: QWidget, db, on_answer=None) -> CorrectionsDialog:  # type: ignore[no-untyped-def]
    dialog = CorrectionsDialog(db, parent, on_answer)
    dialog.open()
    return dialog
