"""The merge preview: what would come in from a former centre, and the user's decisions (learners
joined as one person, villages joined or renamed, the former cabinet's prefix, the merger's date).
Nothing is saved until Merge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.services.merger import MergeDecisions, MergePreview, MergeReport, merge_centre
from desktop.services.merger.documents import centre_text, collision_sections, table_section
from desktop.ui.merge.tables import make_table
from desktop.ui.messages import show_error
from desktop.ui.tasks import BackgroundTask

ID_ROLE = Qt.ItemDataRole.UserRole


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class MergePreviewDialog(QDialog):
    """Shows a preview; Merge runs the merge off the GUI thread and emits `merged` with the report."""

    merged = Signal(object)

    def __init__(self, db, path: Path, preview: MergePreview, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.db, self.path, self.preview = db, Path(path), preview
        self.task: BackgroundTask | None = None
        self.report: MergeReport | None = None
        self.setWindowTitle(_("Merge a former centre"))
        self.resize(1180, 680)
        heading = QLabel(_("Merging {former} into {into}").format(former=centre_text(preview.former),
                                                                   into=centre_text(preview.into)))
        heading.setObjectName("screenTitle")
        heading.setWordWrap(True)
        summary = _wrapped(self._summary_text())
        summary.setObjectName("mergeSummary")

        self.tabs = QTabWidget()
        self.tabs.addTab(self._records_tab(), _("Records"))
        self.duplicates = self._duplicates_table()
        self.tabs.addTab(self._with_note(self.duplicates, _(
            "Tick a pair only when you are sure it is one person. The record coming in is then joined with the "
            "one already here: its classes and attendance are kept under that learner, and it is counted once.")),
            _("Duplicate learners ({count})").format(count=len(preview.duplicates)))
        self.villages = self._villages_table()
        self.tabs.addTab(self._with_note(self.villages, _(
            "The former commune's villages keep their names and are listed with their commune. Tick Join only "
            "when two names are the same village; type a new name to rename one.")),
            _("Villages ({count})").format(count=len(preview.villages)))
        self.tabs.addTab(self._numbers_tab(), _("Book numbers and codes ({count})").format(
            count=format_integer(preview.accession_collision_count + preview.card_collision_count
                                 + len(preview.class_code_collisions))))

        self.merged_on = QDateEdit(QDate.currentDate())
        self.merged_on.setCalendarPopup(True)
        self.merged_on.setDisplayFormat("dd/MM/yyyy")
        date_row = QFormLayout()
        date_row.addRow(_("Date of the merger"), self.merged_on)

        self.message = QLabel()
        self.message.setObjectName("mergeMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setToolTip(_("Merge every record of the former centre, in one step (Ctrl+Enter)"))
        self.merge_button.setShortcut("Ctrl+Return")
        self.merge_button.setEnabled(not (preview.already_merged and not preview.incoming))
        close = self.buttons.addButton(_("Don't merge"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setToolTip(_("Close without changing anything (Esc)"))
        self.buttons.accepted.connect(self.run_merge)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addLayout(date_row)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(summary)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

    def _summary_text(self) -> str:
        preview = self.preview
        if preview.already_merged and not preview.incoming:
            return _("This former centre was merged before and its file holds nothing new.")
        return _("{count} records will come in, each keeping its id and the former centre it came from; nothing "
                 "is saved until you press Merge. The former centre's file is only read, never changed.").format(
            count=format_integer(preview.incoming))

    @staticmethod
    def _with_note(table: QTableWidget, note: str) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(_wrapped(note))
        layout.addWidget(table, 1)
        return page

    def _records_tab(self) -> QWidget:
        section = table_section(self.preview)
        return self._with_note(make_table(section.headers, section.rows, numeric=section.numeric, stretch=0),
                               _("Records of the former centre, per kind. Classes, sessions and marks keep their "
                                 "history and show which former centre held them."))

    def _duplicates_table(self) -> QTableWidget:
        headers = (_("Join as one"), _("Learner coming in"), _("Village"), _("Classes"), _("Learner already here"),
                   _("Village"), _("Commune"), _("Year of birth"), _("Classes"))
        rows = [("", item.incoming_name, item.incoming_village or "—", str(item.incoming_classes), item.existing_name,
                 item.existing_village or "—", item.existing_centre, str(item.birth_year), str(item.existing_classes))
                for item in self.preview.duplicates]
        table = make_table(headers, rows, numeric=(3, 7, 8), stretch=4)
        for number, item in enumerate(self.preview.duplicates):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(ID_ROLE, (item.incoming_id, item.existing_id))
            table.setItem(number, 0, check)
        return table

    def _villages_table(self) -> QTableWidget:
        headers = (_("Join"), _("Village coming in"), _("Village already here"), _("Commune"), _("Names"),
                   _("New name (optional)"))
        rows = [("", item.incoming_name, item.existing_name, item.existing_centre,
                 _("the same") if item.same else _("similar"), "") for item in self.preview.villages]
        table = make_table(headers, rows, stretch=5)
        table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                              | QAbstractItemView.EditTrigger.AnyKeyPressed)
        for number, item in enumerate(self.preview.villages):
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(ID_ROLE, (item.incoming_id, item.existing_id))
            table.setItem(number, 0, check)
            for column in range(1, 5):
                cell = table.item(number, column)
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
        return table

    def _numbers_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.prefix = QLineEdit(self.preview.suggested_prefix)
        self.prefix.setMaxLength(4)
        self.prefix.setMaximumWidth(90)
        self.prefix.setToolTip(_("1 to 4 letters without diacritics, for example NP"))
        form = QFormLayout()
        form.addRow(_("Prefix for the former cabinet's accession numbers"), self.prefix)
        layout.addLayout(form)
        sections = collision_sections(self.preview, self.preview.suggested_prefix)
        for section in sections:
            if section.note:
                layout.addWidget(_wrapped(section.note))
            if section.rows:
                layout.addWidget(make_table(section.headers, section.rows, stretch=1), 1)
        layout.addStretch(0)
        return page

    def decisions(self) -> MergeDecisions:
        joins = {}
        for number in range(self.duplicates.rowCount()):
            item = self.duplicates.item(number, 0)
            if item.checkState() == Qt.CheckState.Checked:
                incoming, existing = item.data(ID_ROLE)
                joins[incoming] = existing
        villages, renames = {}, {}
        for number in range(self.villages.rowCount()):
            item = self.villages.item(number, 0)
            incoming, existing = item.data(ID_ROLE)
            if item.checkState() == Qt.CheckState.Checked:
                villages[incoming] = existing
            name = (self.villages.item(number, 5).text() if self.villages.item(number, 5) else "").strip()
            if name and incoming not in villages:
                renames[incoming] = name
        day = self.merged_on.date()
        return MergeDecisions(joins, villages, renames, self.prefix.text().strip().upper(),
                              dt.date(day.year(), day.month(), day.day()))

    def run_merge(self) -> BackgroundTask:
        decisions = self.decisions()
        self.merge_button.setEnabled(False)
        self.message.setText(_("Merging…"))
        self.task = BackgroundTask(self, _("Merging the former centre"),
                                   lambda progress: merge_centre(self.db, self.path, decisions, progress=progress),
                                   on_success=self._merged, on_error=self._failed).start()
        return self.task

    def _merged(self, report: MergeReport) -> None:
        self.report = report
        self.message.clear()
        self.merged.emit(report)
        self.accept()

    def _failed(self, error: Exception) -> None:
        self.merge_button.setEnabled(True)
        self.message.clear()
        if isinstance(error, ValidationError) and error.field == "prefix":
            self.tabs.setCurrentIndex(3)
            self.prefix.setFocus()
        show_error(self, error)
