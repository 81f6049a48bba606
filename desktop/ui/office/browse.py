"""Xem dữ liệu: one centre's learners, classes and talks, a class's monthly attendance, and its
study-promotion fund's ledger, read-only (the office corrects nothing in place; corrections go
back to the centre)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer, format_money, format_month
from desktop.i18n import _, ngettext, pick
from desktop.reference.activities import activity_kind
from desktop.services.activities import ActivitySummary
from desktop.services.attendance import load_grid
from desktop.services.sync.office_browse import (
    activity_months,
    centre_activities,
    centre_fund_lines,
    centre_learners,
    received_centres,
)
from desktop.ui.activity_dialog import status_label
from desktop.ui.messages import show_error
from desktop.ui.models.attendance_table import AttendanceTableModel
from desktop.ui.models.learner_table import NAME, LearnerFilterProxy, LearnerTableModel
from desktop.ui.screens.base import Screen
from desktop.ui.society.fund_tab import ledger_columns
from desktop.ui.widgets.record_model import RecordModel
from desktop.ui.widgets.record_table import ListView, fit_columns
from desktop.ui.widgets.actions import shortcut_action, with_shortcut
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.headings import legend, screen_title

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEARNERS_TAB, ACTIVITIES_TAB, ATTENDANCE_TAB, FUND_TAB = range(4)


def kind_label(key: str) -> str:
    kind = activity_kind(key)
    return pick(kind.name_vi, kind.name_en) if kind else key


def _read_only_table(view: QAbstractItemView) -> None:
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)


class BrowseScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.task: BackgroundTask | None = None
        self._wanted_centre: str | None = None
        self.loaded_centre: str | None = None
        self._activities: list[ActivitySummary] = []
        title = screen_title(_("Browse records"))
        note = legend(_("Read only: records are corrected at the centre, which sends them again. To ask the centre "
                       "for a correction, choose the record and press Ctrl+E."))
        self.centre = QComboBox()
        self.centre.setMinimumContentsLength(40)
        self.centre.currentIndexChanged.connect(self._centre_changed)
        centre_label = QLabel(_("&Centre:"))
        centre_label.setBuddy(self.centre)
        self.centre.setToolTip(with_shortcut(_("Choose the centre"), "Alt+C"))
        top = QHBoxLayout()
        top.addWidget(centre_label)
        top.addWidget(self.centre, 1)
        self.empty = QLabel(_("No centre's records have been imported yet. Import their packages under "
                              "“Receive data”."))
        self.empty.setWordWrap(True)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._learners_tab(), _("Learners"))
        self.tabs.addTab(self._activities_tab(), _("Classes & talks").replace("&", "&&"))  # not a mnemonic
        self.tabs.addTab(self._attendance_tab(), _("Attendance"))
        self.tabs.addTab(self._fund_tab(), _("Study-promotion fund"))
        shortcut_action(self, _("Search learners"), "Ctrl+F", self._focus_search)
        self.correction_action = shortcut_action(self, _("Ask the centre to correct the chosen record"), "Ctrl+E",
                                                 self.ask_correction)
        self.correction_dialog = None
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(note)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs, 1)

    # --- the tabs --------------------------------------------------------------------------
    def _learners_tab(self) -> QWidget:
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name (accents not needed)"))
        self.search.setToolTip(with_shortcut(_("Search learners"), "Ctrl+F"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda text: self._search(text))
        self.learner_count = QLabel()
        self.learner_model = LearnerTableModel(self)
        self.learner_proxy = LearnerFilterProxy(self)
        self.learner_proxy.setSourceModel(self.learner_model)
        self.learners = QTableView()
        self.learners.setModel(self.learner_proxy)
        self.learners.setSortingEnabled(True)
        self.learners.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        _read_only_table(self.learners)
        self.learners.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.learners.doubleClicked.connect(lambda _index: self.ask_correction())
        self.correct_learner_button = self._correction_button()
        page = QWidget()
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.learner_count)
        layout = QVBoxLayout(page)
        layout.addLayout(search_row)
        layout.addWidget(self.learners, 1)
        layout.addWidget(self.correct_learner_button, 0, Qt.AlignmentFlag.AlignLeft)
        return page

    def _correction_button(self) -> QPushButton:
        button = QPushButton(_("Ask for a correction…"))
        button.setToolTip(with_shortcut(_("Ask the centre to correct the chosen record"), "Ctrl+E"))
        button.clicked.connect(self.ask_correction)
        return button

    def _activities_tab(self) -> QWidget:
        headers = (_("Code"), _("Name"), _("Kind"), _("Status"), _("From"), _("To"), _("Enrolled"), _("Sessions"))
        self.activities = QTableWidget(0, len(headers))
        self.activities.setHorizontalHeaderLabels(list(headers))
        _read_only_table(self.activities)
        self.activities.setWordWrap(True)
        self.activities.verticalHeader().setVisible(False)
        header = self.activities.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.activities.itemActivated.connect(lambda _item: self._open_attendance())
        self.open_attendance_button = QPushButton(_("Attendance of this class…"))
        self.open_attendance_button.setToolTip(with_shortcut(_("Open the attendance of the chosen class"), "Enter"))
        self.open_attendance_button.clicked.connect(self._open_attendance)
        self.correct_activity_button = self._correction_button()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_attendance_button)
        buttons.addWidget(self.correct_activity_button)
        buttons.addStretch(1)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.activities, 1)
        layout.addLayout(buttons)
        return page

    def _attendance_tab(self) -> QWidget:
        self.grid_activity = QComboBox()
        self.grid_activity.setMinimumContentsLength(30)
        self.grid_activity.currentIndexChanged.connect(self._grid_activity_changed)
        self.grid_month = QComboBox()
        self.grid_month.currentIndexChanged.connect(self._show_grid)
        self.grid_model = AttendanceTableModel()
        self.grid = QTableView()
        self.grid.setModel(self.grid_model)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.verticalHeader().setVisible(False)
        self.grid_note = QLabel()
        self.grid_note.setWordWrap(True)
        row = QHBoxLayout()
        activity_label = QLabel(_("Class or talk:"))
        activity_label.setBuddy(self.grid_activity)
        month_label = QLabel(_("Month:"))
        month_label.setBuddy(self.grid_month)
        row.addWidget(activity_label)
        row.addWidget(self.grid_activity, 1)
        row.addWidget(month_label)
        row.addWidget(self.grid_month)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.grid_note)
        layout.addWidget(self.grid, 1)
        return page

    def _fund_tab(self) -> QWidget:
        self.fund_model = RecordModel(ledger_columns(), self)
        self.fund = ListView()
        self.fund.setObjectName("officeFundLedger")
        self.fund.setModel(self.fund_model)
        fit_columns(self.fund, self.fund_model)
        self.fund_note = QLabel()
        self.fund_note.setWordWrap(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.fund_note)
        layout.addWidget(self.fund, 1)
        return page

    @staticmethod
    def nav_title() -> str:
        return _("Browse records")

    # --- loading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        chosen = self.centre.currentData() or self._wanted_centre
        centres = received_centres(self.db)
        self.centre.blockSignals(True)
        self.centre.clear()
        for centre in centres:
            self.centre.addItem(centre.label(), centre.id)
        index = max(self.centre.findData(chosen), 0) if chosen else 0
        self.centre.setCurrentIndex(index if centres else -1)
        self.centre.blockSignals(False)
        self.empty.setVisible(not centres)
        self.tabs.setEnabled(bool(centres))
        self._centre_changed()

    def select_centre(self, centre_id: str) -> None:
        """Show this centre (from the board)."""
        self._wanted_centre = centre_id
        index = self.centre.findData(centre_id)
        if index < 0:
            self.refresh()
            index = self.centre.findData(centre_id)
        if index >= 0:
            self.centre.setCurrentIndex(index)
        self.tabs.setCurrentIndex(LEARNERS_TAB)

    def current_centre_id(self) -> str | None:
        data = self.centre.currentData()
        return str(data) if data else None

    def _centre_changed(self) -> None:
        centre_id = self.current_centre_id()
        if centre_id is None:
            self._show_centre(([], [], []))
            return
        self._wanted_centre = centre_id
        if self.task is not None:  # loading another centre: this one follows when it is done
            return
        db = self.db
        self.task = BackgroundTask(self, _("Browse records"),
                                   lambda _progress: (centre_learners(db, centre_id), centre_activities(db, centre_id),
                                                      centre_fund_lines(db, centre_id)),
                                   on_success=lambda result: self._loaded(centre_id, result),
                                   on_error=lambda error: show_error(self, error), show_dialog=False)
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None
        if self._wanted_centre != self.loaded_centre and self._wanted_centre == self.current_centre_id():
            self._centre_changed()

    def _loaded(self, centre_id: str, result: object) -> None:
        self.loaded_centre = centre_id
        if centre_id == self.current_centre_id():
            self._show_centre(result)  # type: ignore[arg-type]

    def _show_centre(self, result: tuple[list, list[ActivitySummary], list]) -> None:
        learners, activities, fund_lines = result
        self.fund_model.set_rows(fund_lines)
        self.fund_note.setText(
            ngettext("{count} entry in force; balance {balance}. Corrections show in place of what they "
                     "corrected, as at the centre.", "{count} entries in force; balance {balance}. Corrections "
                     "show in place of what they corrected, as at the centre.", len(fund_lines)).format(
                count=format_integer(len(fund_lines)),
                balance=format_money(fund_lines[-1].balance_after if fund_lines else 0))
            if fund_lines else _("This centre has sent no study-promotion fund entries."))
        self.learner_model.set_learners(learners)
        self._search(self.search.text())
        self._activities = activities
        self.activities.setRowCount(len(activities))
        for row, activity in enumerate(activities):
            cells = (activity.code, activity.name, kind_label(activity.kind), status_label(activity.status),
                     format_date(activity.start_date), format_date(activity.end_date),
                     format_integer(activity.enrolled), format_integer(activity.sessions))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, activity.id)
                if column >= 6:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.activities.setItem(row, column, item)
        self.grid_activity.blockSignals(True)
        self.grid_activity.clear()
        for activity in activities:
            self.grid_activity.addItem(f"{activity.code} · {activity.name}", activity.id)
        self.grid_activity.blockSignals(False)
        self._grid_activity_changed()

    def _search(self, text: str) -> None:
        self.learner_proxy.set_query(text)
        shown, total = self.learner_proxy.rowCount(), self.learner_model.rowCount()
        self.learner_count.setText(ngettext("{shown} of {count} learner", "{shown} of {count} learners", total)
                                   .format(shown=format_integer(shown), count=format_integer(total)))

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(LEARNERS_TAB)
        self.search.setFocus()
        self.search.selectAll()

    # --- corrections -----------------------------------------------------------------------
    def ask_correction(self) -> None:
        """Ask the centre to correct the learner or class chosen (nothing changes here)."""
        from desktop.ui.office.correction_dialog import ask_for_correction

        centre_id = self.current_centre_id()
        if centre_id is None:
            return
        table, record_id = "learner", None
        if self.tabs.currentIndex() == ACTIVITIES_TAB:
            table = "activity"
            row = self.activities.currentRow()
            record_id = self._activities[row].id if 0 <= row < len(self._activities) else None
        else:
            index = self.learners.currentIndex()
            record_id = self.learner_proxy.learner_at(index.row()).id if index.isValid() else None
        self.correction_dialog = ask_for_correction(self, self.db, centre_id=centre_id, table=table,
                                                    record_id=record_id)
        self.correction_dialog.accepted.connect(self._correction_asked)

    def _correction_asked(self) -> None:
        made = self.correction_dialog.made if self.correction_dialog is not None else None
        if made is not None and self.navigator is not None:
            self.navigator.show_message(_("Correction asked of {centre}: it goes in the next return package.")  # type: ignore[attr-defined]
                                        .format(centre=made.centre))

    # --- attendance ------------------------------------------------------------------------
    def _open_attendance(self) -> None:
        row = self.activities.currentRow()
        if row < 0:
            return
        index = self.grid_activity.findData(self._activities[row].id)
        if index >= 0:
            self.grid_activity.setCurrentIndex(index)
        self.tabs.setCurrentIndex(ATTENDANCE_TAB)
        self.grid.setFocus()

    def _grid_activity_changed(self) -> None:
        activity_id = self.grid_activity.currentData()
        self.grid_month.blockSignals(True)
        self.grid_month.clear()
        if activity_id:
            months = activity_months(self.db, activity_id)
            for year, month in months:
                self.grid_month.addItem(format_month(year, month), (year, month))
            today = dt.date.today()
            # the newest month already begun (a planned class's future months come first in the list)
            begun = [index for index, month in enumerate(months) if month <= (today.year, today.month)]
            self.grid_month.setCurrentIndex(begun[0] if begun else 0)
        self.grid_month.blockSignals(False)
        self._show_grid()

    def _show_grid(self) -> None:
        activity_id, month = self.grid_activity.currentData(), self.grid_month.currentData()
        if not activity_id or not month:
            self.grid_model.set_grid(None)
            self.grid_note.setText(_("This class or talk has held no session yet.") if activity_id else "")
            return
        try:
            grid = load_grid(self.db, activity_id, *month)
        except UserError as error:  # a class removed by the last import: say so, keep the screen
            show_error(self, error)
            return
        self.grid_model.set_grid(grid)
        self.grid.resizeColumnsToContents()
        self.grid_note.setText(ngettext("{count} learner enrolled; C present, P excused, K unexcused, M late.",
                                        "{count} learners enrolled; C present, P excused, K unexcused, M late.",
                                        len(grid.learners)).format(count=format_integer(len(grid.learners))))

    def focus_start(self) -> None:
        if self.tabs.currentIndex() == LEARNERS_TAB:
            self.search.setFocus()
        else:
            self.centre.setFocus()
