"""A topic talk's attendance: who came (from the register or walking in), counted and printed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QSpinBox,
)

from desktop.formatting import format_date
from desktop.i18n import _
from desktop.services import attendance as attendance_service
from desktop.ui.database_call import load_on_worker, save_on_worker

if TYPE_CHECKING:
    from desktop.ui.screens.attendance import AttendanceScreen


class TalkPanel(QGroupBox):
    """For talks: a headcount (total, women, ethnic minority) and walk-ins added on the spot."""

    def __init__(self, screen: AttendanceScreen) -> None:
        super().__init__(_("Talk: headcount and walk-ins"))
        self.screen = screen
        self.session_id: str | None = None
        self.total, self.women, self.minority = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.total, self.women, self.minority):
            box.setRange(0, 5000)
            box.setSpecialValueText("—")
        self.save_headcount = QPushButton(_("Save headcount"))
        self.save_headcount.clicked.connect(self._save_headcount)
        self.walk_in_name = QLineEdit()
        self.walk_in_name.setPlaceholderText(_("Full name of a walk-in, then Enter"))
        self.walk_in_name.returnPressed.connect(self._add_walk_in)
        self.walk_ins = QListWidget()
        self.match_button = QPushButton(_("Match to a learner…"))
        self.match_button.setToolTip(_("Link the chosen walk-in to a learner on the register (can be undone)"))
        self.match_button.clicked.connect(self._match_walk_in)
        self.unmatch_button = QPushButton(_("Undo match"))
        self.unmatch_button.clicked.connect(lambda: self._set_match(None))
        self.session_label = QLabel()
        self.session_label.setWordWrap(True)
        self.session_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.walk_ins.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        form = QFormLayout(self)
        form.addRow(self.session_label)
        form.addRow(_("Total"), self.total)
        form.addRow(_("Women"), self.women)
        form.addRow(_("Ethnic minority"), self.minority)
        form.addRow("", self.save_headcount)
        form.addRow(_("Walk-in"), self.walk_in_name)
        form.addRow(_("Added so far"), self.walk_ins)
        match_row = QHBoxLayout()  # the whole width: the panel is narrow beside the grid
        match_row.addWidget(self.match_button, 1)
        match_row.addWidget(self.unmatch_button)
        form.addRow(match_row)

    def show_session(self, session_id: str | None) -> None:
        self.session_id = session_id
        self.setEnabled(session_id is not None)
        self.walk_ins.clear()
        if session_id is None or self.screen.grid is None:
            return
        info = next(item for item in self.screen.grid.sessions if item.id == session_id)
        self.session_label.setText(_("Session of {date}").format(date=format_date(info.date)))
        self.total.setValue(info.headcount_total or 0)
        self.women.setValue(info.headcount_women or 0)
        self.minority.setValue(info.headcount_minority or 0)
        db = self.screen.db
        loaded, walk_ins = load_on_worker(self, lambda: attendance_service.list_walk_ins(db, session_id),
                                          title=_("Talk: headcount and walk-ins"), what="walk-ins")
        if not loaded or session_id != self.session_id:  # another session was chosen meanwhile
            return
        for walk_in in walk_ins or []:
            self._add_walk_in_item(walk_in)

    def _add_walk_in_item(self, walk_in: attendance_service.WalkInInfo) -> None:
        text = walk_in.full_name
        if walk_in.matched_learner_id:
            text += " ✓ " + _("matched")
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, walk_in.id)
        self.walk_ins.addItem(item)

    def _match_walk_in(self) -> None:
        from desktop.ui.learner_picker import LearnerPickerDialog

        item = self.walk_ins.currentItem()
        if item is None:
            return
        picker = LearnerPickerDialog(self.screen.db, parent=self)
        picker.setWindowTitle(_("Match {name} to a learner").format(name=item.text()))
        picker.search.setText(item.text().split(" ✓ ")[0])
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen_ids():
            self._set_match(picker.chosen_ids()[0])

    def _set_match(self, learner_id: str | None) -> None:
        item = self.walk_ins.currentItem()
        if item is None:
            return
        db, walk_in_id = self.screen.db, item.data(Qt.ItemDataRole.UserRole)
        matched, _none = save_on_worker(self, lambda: attendance_service.match_walk_in(db, walk_in_id, learner_id),
                                        title=_("Talk: headcount and walk-ins"))
        if not matched:
            return
        self.show_session(self.session_id)

    def _save_headcount(self) -> None:
        if self.session_id is None:
            return
        db, session_id = self.screen.db, self.session_id
        total, women, minority = self.total.value() or None, self.women.value() or None, self.minority.value() or None
        saved, _none = save_on_worker(self, lambda: attendance_service.set_headcount(
            db, session_id, total, women, minority), title=_("Talk: headcount and walk-ins"))
        if not saved:
            return
        self.screen.set_status(_("Headcount saved."))

    def _add_walk_in(self) -> None:
        if self.session_id is None or not self.walk_in_name.text().strip():
            return
        db, session_id, name = self.screen.db, self.session_id, self.walk_in_name.text()
        added, walk_in = save_on_worker(self, lambda: attendance_service.add_walk_in(db, session_id, name),
                                        title=_("Talk: headcount and walk-ins"))
        if not added or walk_in is None or session_id != self.session_id:
            return
        self._add_walk_in_item(walk_in)
        self.walk_in_name.clear()
        self.screen.set_status(_("Walk-in {name} added.").format(name=walk_in.full_name))
