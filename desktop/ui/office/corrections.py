"""Đề nghị sửa: the corrections the office asked its centres for, where each stands (not sent yet,
waiting for the centre, accepted, applied, declined with the centre's reason), and a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout,
)

from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.services.sync.correction_forms import CorrectionLine, correction_lines
from desktop.services.sync.corrections import ACCEPTED, APPLIED, DECLINED, SENT, WAITING
from desktop.services.sync.office_browse import received_centres
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.widgets.headings import legend, screen_title

ID_ROLE = Qt.ItemDataRole.UserRole + 1
CENTRE, RECORD, FIELD, CHANGE, ASKED_ON, STATE = range(6)
DECLINED_COLOUR, DONE_COLOUR = QColor("#9a3412"), QColor("#166534")


def state_text(status: str, answer_reason: str) -> str:
    if status == DECLINED:
        return _("Declined: {reason}").format(reason=answer_reason) if answer_reason else _("Declined")
    return {WAITING: _("Not sent yet: goes in the next return package"),
            SENT: _("Sent, waiting for the centre's answer"),
            ACCEPTED: _("Accepted; the change arrives with the centre's next package"),
            APPLIED: _("Accepted and received")}.get(status, status)


class CorrectionsScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        self._again = False
        self.lines: list[CorrectionLine] = []
        self.dialog = None
        title = screen_title(_("Corrections"))
        note = legend(_("The office never changes a centre's records: it asks the centre. Each request goes in the "
                        "return packages until the centre answers; a declined one comes back with the centre's "
                        "reason."))
        self.centre = QComboBox()
        self.centre.setMinimumContentsLength(30)
        self.centre.currentIndexChanged.connect(lambda _index: self._load())
        centre_label = QLabel(_("Cen&tre:"))
        centre_label.setBuddy(self.centre)
        self.count = QLabel()
        top = QHBoxLayout()
        top.addWidget(centre_label)
        top.addWidget(self.centre, 1)
        top.addWidget(self.count)

        headers = (_("Centre"), _("Learner or class"), _("Field"), _("Change asked for"), _("Asked on"),
                   _("Where it stands"))
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("corrections")
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in ((CENTRE, QHeaderView.ResizeMode.ResizeToContents),
                             (RECORD, QHeaderView.ResizeMode.Interactive),
                             (FIELD, QHeaderView.ResizeMode.ResizeToContents),
                             (CHANGE, QHeaderView.ResizeMode.Interactive),
                             (ASKED_ON, QHeaderView.ResizeMode.ResizeToContents),
                             (STATE, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.sectionResized.connect(lambda *_args: self.table.resizeRowsToContents())  # wrapped rows fit
        self.table.currentCellChanged.connect(lambda row, *_rest: self._show_details(row))
        self.details = QLabel()
        self.details.setObjectName("correctionDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.empty = QLabel(_("No correction asked for yet. To ask one, press “Ask for a correction” (Ctrl+N), or "
                              "choose a learner or a class under “Browse records”."))
        self.empty.setWordWrap(True)

        self.propose_action = shortcut_action(self, _("Ask a centre for a correction"), "Ctrl+N", self.propose)
        self.propose_button = QPushButton(_("Ask for a correction…"))
        self.propose_button.setObjectName("proposeButton")
        self.propose_button.setToolTip(self.propose_action.toolTip())
        self.propose_button.clicked.connect(self.propose)
        self.send_action = shortcut_action(self, _("Send back to centres…"), "Ctrl+Shift+R", self.send_back)
        self.send_button = QPushButton(_("Send back to centres…"))
        self.send_button.setToolTip(self.send_action.toolTip())
        self.send_button.clicked.connect(self.send_back)
        buttons = QHBoxLayout()
        buttons.addWidget(self.propose_button)
        buttons.addWidget(self.send_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

    @staticmethod
    def nav_title() -> str:
        return _("Corrections")

    def refresh(self) -> None:
        chosen = self.centre.currentData()
        self.centre.blockSignals(True)
        self.centre.clear()
        self.centre.addItem(_("All centres"), None)
        for centre in received_centres(self.db):
            self.centre.addItem(centre.label(), centre.id)
        self.centre.setCurrentIndex(max(self.centre.findData(chosen), 0) if chosen else 0)
        self.centre.blockSignals(False)
        self._load()

    def _load(self) -> None:
        if self.task is not None:
            self._again = True
            return
        self._again = False
        db, centre_id = self.db, self.centre.currentData()
        self.task = BackgroundTask(self, _("Corrections"), lambda _progress: correction_lines(db, centre_id),
                                   on_success=self._show, on_error=lambda error: show_error(self, error),
                                   show_dialog=False)
        self.task.finished.connect(self._loaded)
        self.task.start()

    def _loaded(self) -> None:
        self.task = None
        if self._again:
            self._load()

    def _show(self, lines: object) -> None:
        assert isinstance(lines, list)
        self.lines = lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            item = line.correction
            cells = {CENTRE: f"{item.commune_code} {item.centre}".strip(), RECORD: item.record_label,
                     FIELD: line.field, CHANGE: f"{line.old} → {line.new}",
                     ASKED_ON: format_date(item.proposed_at.date()), STATE: state_text(item.status, item.answer_reason)}
            for column, text in cells.items():
                cell = QTableWidgetItem(text)
                cell.setData(ID_ROLE, item.id)
                cell.setToolTip(text)
                if column == STATE and item.status == DECLINED:
                    cell.setForeground(DECLINED_COLOUR)
                elif column == STATE and item.status in (ACCEPTED, APPLIED):
                    cell.setForeground(DONE_COLOUR)
                self.table.setItem(row, column, cell)
        width = self.table.fontMetrics().horizontalAdvance("M") * 18  # long names wrap, the state keeps room
        self.table.setColumnWidth(RECORD, width)
        self.table.setColumnWidth(CHANGE, width * 3 // 2)
        self.table.resizeRowsToContents()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # again once the stretched column has its width
        self.empty.setVisible(not lines)
        waiting = sum(1 for line in lines if line.correction.status in (WAITING, SENT))
        self.count.setText(ngettext("{count} waiting for an answer", "{count} waiting for an answer", waiting)
                           .format(count=waiting))
        if lines and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        self._show_details(self.table.currentRow())

    def _show_details(self, row: int) -> None:
        """The whole of the chosen request: the office's reason and the centre's answer."""
        if not 0 <= row < len(self.lines):
            self.details.setText("")
            return
        item = self.lines[row].correction
        parts = [_("Office's reason: {reason}").format(reason=item.reason)]
        if item.status == DECLINED:
            parts.append(_("The centre's reason for declining: {reason}").format(reason=item.answer_reason or "—"))
        self.details.setText("\n".join(parts))

    def propose(self, **preset: object) -> None:
        from desktop.ui.office.correction_dialog import ask_for_correction

        if "centre_id" not in preset and self.centre.currentData():
            preset["centre_id"] = self.centre.currentData()
        self.dialog = ask_for_correction(self, self.db, **preset)
        self.dialog.accepted.connect(self._proposed)

    def _proposed(self) -> None:
        made = self.dialog.made if self.dialog is not None else None
        self._load()
        if made is not None and self.navigator is not None:
            self.navigator.show_message(_("Correction asked of {centre}: it goes in the next return package.")  # type: ignore[attr-defined]
                                        .format(centre=made.centre))

    def send_back(self) -> None:
        from desktop.ui.office.send_back import send_back

        self.send_back_dialog = send_back(self, self.db, self.centre.currentData())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def focus_start(self) -> None:
        self.table.setFocus()
