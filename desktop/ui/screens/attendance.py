"""Attendance (Điểm danh): the month's grid of enrolled learners × sessions, keyboard-first.

C / P / K / M set a mark and move down, Space cycles, Delete clears; every mark is saved the
moment it is made, so there is no Save button to forget.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_month
from desktop.i18n import _, ngettext
from desktop.services import activities as activity_service
from desktop.services import attendance as attendance_service
from desktop.services import documents as document_service
from desktop.services.attendance import AttendanceGrid, MarkChange
from desktop.ui.database_call import call_on_worker, load_on_worker, save_on_worker
from desktop.ui.messages import confirm, show_error
from desktop.ui.models.attendance_table import (
    COL_NAME,
    FIXED_COLUMNS,
    AttendanceTableModel,
)
from desktop.ui.pick_lists import SearchableCombo
from desktop.ui.print_preview import PrintJob, file_name, start_print
from desktop.ui.screens.base import Screen
from desktop.ui.screens.quick_entry_dialog import QuickEntryDialog
from desktop.ui.screens.talk_panel import TalkPanel


MARK_KEYS = {Qt.Key.Key_C: "C", Qt.Key.Key_P: "P", Qt.Key.Key_K: "K", Qt.Key.Key_M: "M"}


class AttendanceView(QTableView):
    """The grid; turns mark keys into a request to save, which the screen carries out."""

    mark_requested = Signal(int, int, object)  # row, column, mark or None
    cycle_requested = Signal(int, int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        index = self.currentIndex()
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if index.isValid() and plain:
            key = Qt.Key(event.key())
            if key in MARK_KEYS:
                self.mark_requested.emit(index.row(), index.column(), MARK_KEYS[key])
                return
            if key == Qt.Key.Key_Space:
                self.cycle_requested.emit(index.row(), index.column())
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.mark_requested.emit(index.row(), index.column(), None)
                return
        super().keyPressEvent(event)


class AttendanceScreen(Screen):
    def __init__(self, db, navigator=None, parent=None, *,  # type: ignore[no-untyped-def]
                 today: dt.date | None = None) -> None:
        super().__init__(db, navigator, parent)
        self._today = today
        self.year, self.month = self.today().year, self.today().month
        self.grid: AttendanceGrid | None = None
        self._future_confirmed: set[str] = set()  # sessions after today the user chose to mark
        self._activity_kinds: dict[str, str] = {}

        # typed text finds a class by its name, code or teacher (every entry starts with its code)
        self.activity_box = SearchableCombo()
        self.activity_box.lineEdit().setPlaceholderText(_("Type a name, code or teacher…"))
        self.activity_box.setMinimumWidth(420)
        self.activity_box.currentIndexChanged.connect(lambda _index: self.reload())
        self.previous_month = QPushButton("◀")
        self.previous_month.setToolTip(_("Previous month (Page Up)"))
        self.next_month = QPushButton("▶")
        self.next_month.setToolTip(_("Next month (Page Down)"))
        self.month_label = QLabel()
        self.month_label.setMinimumWidth(90)
        self.month_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.previous_month.clicked.connect(lambda: self._shift_month(-1))
        self.next_month.clicked.connect(lambda: self._shift_month(1))

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Class or talk")))
        top.addWidget(self.activity_box, 1)
        top.addWidget(self.previous_month)
        top.addWidget(self.month_label)
        top.addWidget(self.next_month)
        self.code_box = QLineEdit()
        self.code_box.setPlaceholderText(_("Sheet code: scan or type, Enter"))
        self.code_box.setToolTip(_("Scan the QR code of a returned sheet, or type the code printed "
                                   "at its foot, to open that class and month (Ctrl+K)"))
        self.code_box.setMinimumWidth(min(
            self.code_box.fontMetrics().horizontalAdvance(self.code_box.placeholderText()) + 24, 300))
        self.code_box.returnPressed.connect(lambda: self.open_sheet_code())
        top.addSpacing(12)
        top.addWidget(self.code_box)
        self.print_job: PrintJob | None = None

        self.everyone_button = QPushButton(_("Everyone present"))
        self.everyone_button.setToolTip(_("Mark everyone without a mark present in this session (Ctrl+Shift+A)"))
        self.everyone_button.clicked.connect(self.mark_everyone_present)
        self.quick_button = QPushButton(_("Enter a paper sheet…"))
        self.quick_button.setToolTip(_("All present except the rows you list (Ctrl+E)"))
        self.quick_button.clicked.connect(self.open_quick_entry)
        self.evidence_button = QPushButton(_("Attach sheet photo…"))
        self.evidence_button.setToolTip(_("Keep a photo or scan of the signed sheet with this session"))
        self.evidence_button.clicked.connect(self.attach_evidence)
        legend = QLabel(_("C present · P excused · K unexcused · M late · Space cycles · Delete clears"))
        legend.setObjectName("legend")
        legend.setWordWrap(True)  # its own line under the buttons: a longer language wraps, never cuts
        actions = QHBoxLayout()
        actions.addWidget(self.everyone_button)
        actions.addWidget(self.quick_button)
        actions.addWidget(self.evidence_button)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setToolTip(_("Print this month's attendance sheet, filled (Ctrl+P) or "
                                       "blank for ticking by hand (Ctrl+Shift+P)"))
        print_menu = QMenu(self.print_button)
        print_menu.addAction(_("Filled attendance sheet") + "\tCtrl+P",
                             lambda: self.print_sheet(blank=False))
        print_menu.addAction(_("Blank attendance sheet (names only)") + "\tCtrl+Shift+P",
                             lambda: self.print_sheet(blank=True))
        self.print_button.setMenu(print_menu)
        actions.addWidget(self.print_button)
        actions.addStretch(1)
        self._legend = legend

        self.model = AttendanceTableModel()
        self.view = AttendanceView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setAlternatingRowColors(True)
        self.view.mark_requested.connect(self.set_mark)
        self.view.cycle_requested.connect(self._cycle_mark)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status_label = QLabel()
        self.talk_panel = TalkPanel(self)
        self.talk_panel.setMaximumWidth(330)

        body = QHBoxLayout()
        body.addWidget(self.view, 1)
        body.addWidget(self.talk_panel)
        layout = QVBoxLayout(self)
        title = QLabel(_("Attendance"))
        title.setObjectName("screenTitle")
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self._legend)
        layout.addWidget(self.empty_label)
        layout.addLayout(body, 1)
        layout.addWidget(self.status_label)

        QShortcut(QKeySequence("Ctrl+Shift+A"), self, self.mark_everyone_present)
        QShortcut(QKeySequence("Ctrl+E"), self, self.open_quick_entry)
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, lambda: self._shift_month(-1))
        QShortcut(QKeySequence("Ctrl+P"), self, lambda: self.print_sheet(blank=False))
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, lambda: self.print_sheet(blank=True))
        QShortcut(QKeySequence("Ctrl+K"), self, self.code_box.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, lambda: self._shift_month(1))
        self._load_activities()

    @staticmethod
    def nav_title() -> str:
        return _("Attendance")

    # --- loading -------------------------------------------------------------------------
    def _load_activities(self, select_id: str | None = None) -> None:
        current = select_id or self.activity_box.currentData()
        db = self.db
        loaded, found = load_on_worker(self, lambda: activity_service.list_activities(db),
                                       title=_("Attendance"), what="activities")
        if not loaded:
            return
        activities = found or []
        self.activity_box.blockSignals(True)
        self.activity_box.clear()
        activities.sort(key=lambda a: (a.status != "running", a.status == "planned", -(a.start_date or dt.date.min).toordinal()))
        self._activity_kinds = {a.id: a.kind for a in activities}
        self.activity_box.set_items([(f"{a.code} — {a.name}", a.id, (a.name, a.code, a.teacher))
                                     for a in activities])
        index = self.activity_box.findData(current) if current else 0
        self.activity_box.setCurrentIndex(max(index, 0))
        self.activity_box.blockSignals(False)

    def refresh(self) -> None:
        self._load_activities()
        self.reload()

    def focus_start(self) -> None:
        self.view.setFocus()

    def open_grid(self, activity_id: str, year: int, month: int) -> None:
        """Open one class's month (from the dashboard, the classes screen or a sheet code)."""
        self.year, self.month = year, month
        index = self.activity_box.findData(activity_id)
        if index < 0:  # a class made since the list was loaded
            self._load_activities(select_id=activity_id)
        else:
            self.activity_box.blockSignals(True)
            self.activity_box.setCurrentIndex(index)
            self.activity_box.blockSignals(False)
        self.reload()
        self.view.setFocus()

    def _shift_month(self, step: int) -> None:
        month_index = self.year * 12 + (self.month - 1) + step
        self.year, self.month = divmod(month_index, 12)
        self.month += 1
        self.reload()

    def reload(self) -> None:
        self.month_label.setText(format_month(self.year, self.month))
        activity_id = self.activity_box.currentData()
        if activity_id is None:
            self.grid = None
            self.model.set_grid(None)
            self._show_empty(_("There is no class or talk yet. Create one under “Classes & talks”, "
                               "enrol learners and add sessions; then take attendance here."))
            return
        db, year, month = self.db, self.year, self.month
        loaded, grid = load_on_worker(self, lambda: attendance_service.load_grid(db, activity_id, year, month),
                                      title=_("Attendance"), what="grid")
        if not loaded or grid is None:
            return
        self.grid = grid
        self.model.set_grid(self.grid)
        self._size_columns()
        if not self.grid.sessions:
            self._show_empty(_("No sessions in {month}. Add sessions to this class under “Classes & talks”, "
                               "or go to another month with Page Up / Page Down.").format(
                month=format_month(self.year, self.month)))
        elif not self.grid.learners and not self._is_talk():
            self._show_empty(_("No learners are enrolled in this class yet."))
        else:
            self._show_empty("")
            self.view.setCurrentIndex(self.model.index(0, FIXED_COLUMNS + self.default_session_index()))
        self.talk_panel.setVisible(self._is_talk())
        self._current_changed()

    def _is_talk(self) -> bool:
        return self._activity_kinds.get(self.activity_box.currentData() or "") == "topic_talk"

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))

    def _size_columns(self) -> None:
        # Sized once per grid, then fixed: a mark never widens a column, and re-measuring every
        # cell on each key press would cost more than the save itself. Only the learner columns
        # are measured; a session's or a total's cell holds a letter or a count of this month
        # (at most two digits), so its header decides (measuring each cell took 50 ms).
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column in range(FIXED_COLUMNS):
            if column != COL_NAME:
                self.view.resizeColumnToContents(column)
        content = self.view.fontMetrics().horizontalAdvance("000") + 12  # with the cell's margins
        for column in range(FIXED_COLUMNS, self.model.columnCount()):
            self.view.setColumnWidth(column, max(header.sectionSizeHint(column), content))
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)

    def default_session_index(self) -> int:
        """Where marking starts: the first session held so far that still lacks marks, else the
        latest held, never one still to come (unless the month has no other)."""
        assert self.grid is not None
        held = [index for index, item in enumerate(self.grid.sessions) if item.date <= self.today()]
        for index in held:
            item = self.grid.sessions[index]
            if any((learner.id, item.id) not in self.grid.marks for learner in self.grid.learners):
                return index
        return held[-1] if held else 0

    def current_session_index(self) -> int | None:
        if not (self.grid and self.grid.sessions):
            return None
        index = self.view.currentIndex()
        column = self.model.session_column(index.column()) if index.isValid() else None
        return self.default_session_index() if column is None else column

    def _current_changed(self, *_args: object) -> None:
        if self._is_talk():
            session_index = self.current_session_index()
            self.talk_panel.show_session(
                self.grid.sessions[session_index].id if self.grid and session_index is not None else None)
        has_sessions = bool(self.grid and self.grid.sessions)
        for button in (self.everyone_button, self.quick_button, self.evidence_button):
            button.setEnabled(has_sessions)

    def set_status(self, text: str) -> None:
        self.status_label.setText(text)

    # --- marking -------------------------------------------------------------------------
    def set_mark(self, row: int, column: int, mark: str | None) -> None:
        change = self.model.change_for(row, column, mark)
        if change is None:
            return
        moved = mark is not None and row + 1 < len(self.grid.learners)  # type: ignore[union-attr]
        if moved:  # at once, as the mark shows: the save follows on the worker
            self.view.setCurrentIndex(self.model.index(row + 1, column))
        if not self._save([change]) and moved and self.view.currentIndex().row() == row + 1:
            self.view.setCurrentIndex(self.model.index(row, column))  # back to the unsaved mark

    def _cycle_mark(self, row: int, column: int) -> None:
        if self.model.change_for(row, column, None) is None:
            return
        self._save([self.model.change_for(row, column, self.model.cycled_mark(row, column))])  # type: ignore[list-item]

    def _save(self, changes: list[MarkChange]) -> bool:
        """Show the marks at once, save them on the database worker, and put the previous marks
        back (with the reason shown) if the save fails: marking never waits for the disk."""
        before = self.model.changes_undoing(changes)
        self.model.apply_saved(changes)
        today, confirmed, db = self.today(), set(self._future_confirmed), self.db
        try:
            try:
                call_on_worker(self, lambda: attendance_service.save_marks(
                    db, changes, today=today, future_confirmed=confirmed))
            except attendance_service.NotHeldYet as not_held:
                self.model.undo_unless_changed(changes, before)
                if not confirm(self, _("Session not held yet"),
                               not_held.message + "\n\n" + _("Enter marks for it anyway?"),
                               _("Enter the marks"), _("Don't enter them")):
                    return False
                self._future_confirmed.update(not_held.session_ids)  # asked once per session
                confirmed = set(self._future_confirmed)
                self.model.apply_saved(changes)
                call_on_worker(self, lambda: attendance_service.save_marks(
                    db, changes, today=today, future_confirmed=confirmed))
        except Exception as error:  # noqa: BLE001 - the file refused it (locked, read-only) or a bug
            self.model.undo_unless_changed(changes, before)
            self.set_status(_("The marks were not saved."))
            show_error(self, error, _("Attendance"))
            return False
        self.set_status(ngettext("{count} mark saved.", "{count} marks saved.", len(changes)).format(
            count=len(changes)))
        return True

    def mark_everyone_present(self) -> None:
        session_index = self.current_session_index()
        if self.grid is None or session_index is None:
            return
        item = self.grid.sessions[session_index]
        changes = [MarkChange(item.id, learner.id, "C") for learner in self.grid.learners
                   if (learner.id, item.id) not in self.grid.marks]
        if changes:
            self._save(changes)

    def open_quick_entry(self) -> None:
        session_index = self.current_session_index()
        if self.grid is None or session_index is None:
            return
        dialog = QuickEntryDialog(self.grid, session_index, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            absentees = attendance_service.parse_quick_entry(dialog.absentees.text(), len(self.grid.learners))
        except UserError as error:
            show_error(self, error)
            return
        session_id = dialog.session_id()
        changes = [MarkChange(session_id, learner.id, absentees.get(row, "C"))
                   for row, learner in enumerate(self.grid.learners, start=1)]
        self._save(changes)

    def attach_evidence(self, path: str | Path | None = None) -> None:
        session_index = self.current_session_index()
        if self.grid is None or session_index is None:
            return
        if not path:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Photo or scan of the signed sheet"), str(Path.home()),
                _("Images and PDF (*.jpg *.jpeg *.png *.pdf)"))
            if not path:
                return
        db, session_id, evidence = self.db, self.grid.sessions[session_index].id, Path(path)
        attached, info = save_on_worker(self, lambda: attendance_service.attach_evidence(db, session_id, evidence),
                                        title=_("Attendance"))
        if not attached or info is None:
            return
        self.set_status(_("{name} attached to the session of {date}.").format(
            name=info.file_name, date=format_date(self.grid.sessions[session_index].date)))

    # --- printing and returned sheets ------------------------------------------------------
    def print_sheet(self, blank: bool = False) -> PrintJob | None:
        """Lay out this class's month (off the GUI thread) and open the print preview."""
        activity_id = self.activity_box.currentData()
        if activity_id is None or self.print_job is not None:
            return None
        db, year, month = self.db, self.year, self.month
        code = self.grid.activity_code if self.grid else ""
        title = _("Blank attendance sheet") if blank else _("Attendance sheet")

        def render(out: Path, **options: object) -> int:
            return document_service.attendance_sheet(db, activity_id, year, month, out,
                                                     blank=blank, **options)  # type: ignore[arg-type]

        self.print_job = start_print(self, title, render,
                                     suggested_name=file_name(title, code, f"{year}-{month:02d}"))
        self.print_job.finished.connect(self._print_finished)
        return self.print_job

    def _print_finished(self) -> None:
        self.print_job = None

    def open_sheet_code(self, text: str | None = None) -> bool:
        """Open the grid of the class and month a returned sheet's code points at."""
        text = self.code_box.text() if text is None else text
        if not text.strip():
            return False
        db = self.db
        found, target = load_on_worker(self, lambda: document_service.resolve_sheet_code(db, text),
                                       what="sheet code")
        if not found or target is None:
            self.code_box.selectAll()
            return False
        self.code_box.clear()
        self.open_grid(target.activity_id, target.year, target.month)
        self.set_status(_("Opened {code} for {month}.").format(
            code=target.code, month=format_month(target.year, target.month)))
        return True
