"""The Reports screen's dialogs: the classes and talks behind a figure (the drill-down), and the
texts the user writes for a period's report (situation, assessment, direction, recipients)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, os_error_reason
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.reports import labels
from desktop.reports.indicators import ActivityLine
from desktop.reports.periodic import ReportTexts
from desktop.ui.messages import show_error


def _number(value: int) -> QTableWidgetItem:
    from PySide6.QtCore import Qt

    item = QTableWidgetItem(format_integer(value))
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class RecordsDialog(QDialog):
    """The classes and talks behind a figure, with their sessions and participant-times."""

    def __init__(self, title: str, lines: list[ActivityLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.lines = lines
        self.heading = title
        self.table = QTableWidget(len(lines), 5)
        self.table.setObjectName("recordsTable")
        self.table.setHorizontalHeaderLabels([_("Code"), _("Class or talk"), _("Kind"), _("Sessions"),
                                              _("Participant-times")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        for row, line in enumerate(lines):
            self.table.setItem(row, 0, QTableWidgetItem(line.code))
            self.table.setItem(row, 1, QTableWidgetItem(line.name))
            self.table.setItem(row, 2, QTableWidgetItem(labels.kind_label(line.kind)))
            self.table.setItem(row, 3, _number(line.sessions))
            self.table.setItem(row, 4, _number(line.participant_times))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setSortingEnabled(True)
        total = QLabel(_("{count} classes and talks: {sessions} sessions, {times} participant-times.").format(
            count=format_integer(len(lines)), sessions=format_integer(sum(line.sessions for line in lines)),
            times=format_integer(sum(line.participant_times for line in lines))))
        self.export_button = QPushButton(_("Save as Excel…"))
        self.export_button.clicked.connect(self._ask_export)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(total)
        layout.addWidget(buttons)
        self.resize(900, 500)

    def _ask_export(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the list as Excel"), "", _("Excel workbook (*.xlsx)"))
        if name:
            self.export(Path(name if name.endswith(".xlsx") else name + ".xlsx"))

    def export(self, path: Path) -> None:
        from desktop.reports.workbook import write_list_workbook

        rows = [[line.code, line.name, labels.kind_label(line.kind), line.sessions, line.participant_times]
                for line in self.lines]
        try:
            write_list_workbook(_("Classes and talks"), self.heading,
                                [_("Code"), _("Class or talk"), _("Kind"), _("Sessions"), _("Participant-times")],
                                rows, path, total_from=4)
        except OSError as error:
            show_error(self, UserError(_("The list could not be saved: {reason}.").format(
                reason=os_error_reason(error))))


class TextsDialog(QDialog):
    """Sections I, III and IV and the recipients, written by the user, kept for the period."""

    def __init__(self, period_label: str, texts: ReportTexts, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Texts of the report: {period}").format(period=period_label))
        self.situation = QPlainTextEdit(texts.situation)
        self.assessment = QPlainTextEdit(texts.assessment)
        self.direction = QPlainTextEdit(texts.direction)
        self.recipients = QPlainTextEdit("\n".join(texts.recipients))
        self.recipients.setPlaceholderText(_("One recipient a line, e.g. Phòng Văn hóa – Xã hội"))
        form = QFormLayout()
        form.addRow(_("I. Situation"), self.situation)
        form.addRow(_("III. Assessment"), self.assessment)
        form.addRow(_("IV. Direction"), self.direction)
        form.addRow(_("Recipients"), self.recipients)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def texts(self) -> ReportTexts:
        return ReportTexts(self.situation.toPlainText().strip(), self.assessment.toPlainText().strip(),
                           self.direction.toPlainText().strip(),
                           tuple(line.strip() for line in self.recipients.toPlainText().splitlines() if line.strip()))
