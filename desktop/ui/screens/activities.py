"""Lớp học & chuyên đề: the classes and talks, their learners and their sessions."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_integer, format_money
from desktop.i18n import _, pick
from desktop.reference.activities import ACTIVITY_KINDS, PARTNER_BODIES, funding_source, topic_group
from desktop.services.activities import (
    STATUSES,
    ActivityInput,
    ActivitySummary,
    delete_activity,
    enrolled_learners,
    get_activity,
    list_activities,
    list_sessions,
    village_names,
)
from desktop.store.database import Database
from desktop.ui.activity_dialog import (
    ActivityDialog,
    fit_popup,
    status_label,
)
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import confirm
from desktop.ui.models.activity_tables import (
    ID_ROLE,
    ActivityFilter,
    ActivityTableModel,
    date_range,
    kind_label,
)
from desktop.ui.print_preview import PrintJob
from desktop.ui.screens.activity_learners import ClassListPart
from desktop.ui.screens.activity_printing import PrintingPart
from desktop.ui.screens.activity_sessions import SessionsPart
from desktop.ui.screens.activity_widgets import empty_label, plain_table, screen_button
from desktop.ui.screens.base import Screen
from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.widgets.list_detail import list_and_detail
from desktop.ui.widgets.record_table import fit_columns


class ActivitiesScreen(ClassListPart, SessionsPart, PrintingPart, Screen):
    """The register of classes and talks; below it the chosen one's learners and sessions."""

    def __init__(self, db: Database, navigator: object | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, navigator, parent)
        self.today: Callable[[], dt.date] = dt.date.today
        self.current: ActivityInput | None = None
        self.current_summary: ActivitySummary | None = None
        self._villages: dict[str, str] = {}
        self._quiet = 0
        self._want_session: str | None = None  # the session to highlight after the next load
        self._build()

    @staticmethod
    def nav_title() -> str:
        return _("Classes & talks")

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        title = QLabel(_("Classes & talks"))
        title.setObjectName("screenTitle")
        title.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, code or teacher (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip(with_shortcut(_("Search; accents are not needed"), "Ctrl+F"))
        self.status_filter = QComboBox()
        self.status_filter.addItem(_("All statuses"), None)
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("All kinds"), None)
        for kind in ACTIVITY_KINDS:
            self.kind_filter.addItem(pick(kind.name_vi, kind.name_en), kind.key)
        for combo, chars in ((self.status_filter, 12), (self.kind_filter, 14)):
            fit_popup(combo, chars)
        # the whole hint readable: "Tìm theo tên, mã hoặc giáo viên (Ctrl+F)" was cut after "giáo"
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance(
            self.search.placeholderText()) + 48)  # the frame, margins and the clear button
        self.year_filter = QComboBox()
        self.year_filter.addItem(_("All years"), None)
        self.new_button = screen_button(_("New class or talk"), _("Create a class or talk"), "Ctrl+N",
                                  self.new_activity)
        top = QHBoxLayout()  # the filters under the title; the actions on the title's line
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.kind_filter)
        top.addWidget(self.year_filter)
        heading = QHBoxLayout()
        heading.addWidget(title)
        heading.addStretch(1)
        heading.addWidget(self.new_button)
        self.import_button = screen_button(_("Import past…"), _("Import the classes and talks held "
                                                                "before, from an Excel list"), None,
                                           self.import_past)
        heading.addWidget(self.import_button)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip(with_shortcut(
            _("Print the class list, a talk's sign-in sheet or the register"), "Ctrl+P"))
        menu = QMenu(self.print_button)
        self.class_list_action = menu.addAction(_("Class list") + "\tCtrl+P", self.print_class_list)
        self.signin_action = menu.addAction(_("Sign-in sheet for the chosen session"),
                                            self.print_signin_sheet)
        menu.addSeparator()
        menu.addAction(_("Register of classes and talks…"), self.print_register)
        self.print_button.setMenu(menu)
        self.print_job: PrintJob | None = None
        heading.addWidget(self.print_button)

        self.model = ActivityTableModel(parent=self)
        self.proxy = ActivityFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = plain_table()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActivityTableModel.DATES, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        fit_columns(self.table, self.model, ActivityTableModel.NAME)
        self.list_empty = empty_label("")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.list_empty)

        splitter = list_and_detail([(self.list_stack, 1), (self._build_details(), 1)])
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._filter_changed)
        self.search.returnPressed.connect(self.table.setFocus)
        for combo in (self.status_filter, self.kind_filter, self.year_filter):
            combo.currentIndexChanged.connect(self._filter_changed)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda _index: self.edit_activity())
        self.search.installEventFilter(self)

        self._shortcut("Ctrl+F", self.focus_search)
        self._shortcut("Ctrl+N", self.new_activity)
        self._shortcut("Ctrl+L", self.add_learners)
        self._shortcut("Ctrl+Shift+L", self.add_village)
        self._shortcut("Ctrl+Shift+N", self.add_session)
        self._shortcut("Ctrl+G", self.generate_series)
        self._shortcut("Ctrl+Shift+X", self.toggle_cancelled)
        self._shortcut("Ctrl+T", self.take_attendance)
        self._shortcut("Ctrl+P", self.print_class_list)
        self._shortcut("F2", self.edit_activity, self.table)
        self._shortcut(QKeySequence.StandardKey.Delete, self.delete_activity, self.table)
        self._shortcut(QKeySequence.StandardKey.Delete, self.remove_learner, self.learner_table)
        self._shortcut(QKeySequence.StandardKey.Delete, self.delete_session, self.session_table)
        self._shortcut("F2", self.edit_session, self.session_table)

    def _shortcut(self, keys: str | QKeySequence.StandardKey, slot: Callable[[], object],
                  widget: QWidget | None = None) -> None:
        sequence = QKeySequence(keys)
        if widget is None:
            shortcut = QShortcut(sequence, self)
        else:
            shortcut = QShortcut(sequence, widget, context=Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(slot)

    def _build_details(self) -> QWidget:
        self.detail_title = QLabel()
        font = self.detail_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.detail_title.setFont(font)
        self.detail_title.setWordWrap(True)
        self.detail_meta = QLabel()
        self.detail_meta.setWordWrap(True)
        self.detail_meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = screen_button(_("Edit"), _("Edit the class or talk"), "Enter", self.edit_activity)
        self.delete_button = screen_button(_("Delete"), _("Delete the class or talk"), "Del",
                                     self.delete_activity)
        heading = QHBoxLayout()
        heading.addWidget(self.detail_title, 1)
        heading.addWidget(self.edit_button)
        heading.addWidget(self.delete_button)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_learners_tab(), "")
        self.tabs.addTab(self._build_sessions_tab(), "")

        details = QWidget()
        layout = QVBoxLayout(details)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.detail_meta)
        layout.addWidget(self.tabs, 1)
        self.details_empty = empty_label(_("Choose a class or talk in the list above to see its "
                                            "learners and sessions."))
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        self.details_stack.addWidget(self.details_empty)
        return self.details_stack


    # --- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (keeping the chosen class) and the chosen class's details."""
        chosen, db = self.current_id(), self.db
        loaded, found = load_on_worker(self, lambda: (list_activities(db), village_names(db)),
                                       title=_("Classes & talks"))
        if not loaded or found is None:
            return
        rows, self._villages = found
        with self._quietly():
            self.model.set_rows(rows)
            self.table.setColumnHidden(ActivityTableModel.FORMER, not self.model.has_former_centres())
            self._fill_years(rows)
            self._apply_filters()
            if not (chosen and self._select(chosen)) and self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(0, ActivityTableModel.NAME))
        self._current_changed()

    @contextlib.contextmanager
    def _quietly(self) -> Iterator[None]:
        """Change the list's selection without loading the details at every step."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _row_changed(self, *_args: object) -> None:
        if not self._quiet:
            self._current_changed()

    def _fill_years(self, rows: Sequence[ActivitySummary]) -> None:
        years: set[int] = set()
        for row in rows:
            start = row.start_date or row.end_date
            end = row.end_date or row.start_date
            if start and end:
                years.update(range(start.year, end.year + 1))
        chosen = self.year_filter.currentData()
        self.year_filter.blockSignals(True)
        self.year_filter.clear()
        self.year_filter.addItem(_("All years"), None)
        for year in sorted(years, reverse=True):
            self.year_filter.addItem(str(year), year)
        index = self.year_filter.findData(chosen)
        self.year_filter.setCurrentIndex(max(index, 0))
        self.year_filter.blockSignals(False)

    def _apply_filters(self) -> None:
        self.proxy.set_criteria(self.search.text(), self.status_filter.currentData(),
                                self.kind_filter.currentData(), self.year_filter.currentData())
        if not self.model.rows:
            self.list_empty.setText(_(
                "No classes or talks yet. Click “New class or talk” (Ctrl+N) to create the first "
                "one: a literacy class, a short course, a topic talk…"))
            self.list_stack.setCurrentWidget(self.list_empty)
        elif not self.proxy.rowCount():
            self.list_empty.setText(_("No class or talk matches the search and filters. Press Esc "
                                      "in the search box to clear it, or choose “All” in the "
                                      "filters."))
            self.list_stack.setCurrentWidget(self.list_empty)
        else:
            self.list_stack.setCurrentWidget(self.table)

    def _filter_changed(self) -> None:
        chosen = self.current_id()
        with self._quietly():
            self._apply_filters()
            if not (chosen and self._select(chosen)) and self.proxy.rowCount():
                self.table.setCurrentIndex(self.proxy.index(0, ActivityTableModel.NAME))
        if self.current_id() != (self.current_summary.id if self.current_summary else None):
            self._current_changed()

    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or self.list_stack.currentWidget() is not self.table:
            return None
        return index.data(ID_ROLE)

    def _select(self, activity_id: str) -> bool:
        source_row = self.model.row_of(activity_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, ActivityTableModel.NAME))
        if not index.isValid():
            return False
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def select_activity(self, activity_id: str) -> None:
        """Show one class (the window calls this to jump here); filters are cleared if they hide it."""
        if self.model.row_of(activity_id) < 0:
            self.refresh()
        with self._quietly():
            if not self._select(activity_id):
                for combo in (self.status_filter, self.kind_filter, self.year_filter):
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
                self._apply_filters()
                self._select(activity_id)
        self._current_changed()
        self.table.setFocus()

    def _current_changed(self) -> None:
        """Load the chosen class's heading, learners and sessions."""
        activity_id = self.current_id()
        if activity_id is None:
            self.current = self.current_summary = None
            self.details_stack.setCurrentWidget(self.details_empty)
            return
        self.current_summary = self.model.rows[self.model.row_of(activity_id)]
        db = self.db
        loaded, details = load_on_worker(self, lambda: (get_activity(db, activity_id), enrolled_learners(
            db, activity_id), list_sessions(db, activity_id)), title=_("Classes & talks"), what="details")
        if not loaded or details is None:
            return
        self.current, learners, sessions = details
        self.details_stack.setCurrentWidget(self.details_stack.widget(0))
        self._show_heading(self.current_summary, self.current)
        self._show_learners(learners)
        self._show_sessions(sessions, self._want_session)
        self._want_session = None

    def _show_heading(self, summary: ActivitySummary, data: ActivityInput) -> None:
        self.detail_title.setText(data.name)
        parts = [summary.code, kind_label(data.kind)]
        group = topic_group(data.topic_group)
        if group and data.topic_group != "other":
            parts.append(pick(group.name_vi, group.name_en))
        parts.append(status_label(data.status))
        if data.start_date or data.end_date:
            parts.append(date_range(data.start_date, data.end_date))
        if data.teacher:
            parts.append(_("Teacher or speaker: {name}").format(name=data.teacher))
        place = ", ".join(part for part in (data.venue, self._villages.get(data.village_id or "", ""))
                          if part)
        if place:
            parts.append(_("Venue: {venue}").format(venue=place))
        if data.partner:
            body = next((b for b in PARTNER_BODIES if b.name_vi == data.partner), None)
            parts.append(_("Partner: {name}").format(
                name=pick(body.name_vi, body.name_en) if body else data.partner))
        if data.planned_sessions or data.planned_periods:
            parts.append(_("Planned: {sessions} sessions, {periods} periods").format(
                sessions=format_integer(data.planned_sessions) or "—",
                periods=format_integer(data.planned_periods) or "—"))
        if data.funding_source or data.funding_amount:
            source = funding_source(data.funding_source)
            label = pick(source.name_vi, source.name_en) if source else _("Funding")
            parts.append(f"{label}: {format_money(data.funding_amount) or '—'}")
        self.detail_meta.setText(" · ".join(parts))


    def _reload_details(self, session_id: str | None = None) -> None:
        """After a change: counts in the list, the details, and the window's status."""
        self._want_session = session_id
        self.refresh()

    def focus_start(self) -> None:
        if self.model.rows:
            self.table.setFocus()
        else:
            self.new_button.setFocus()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
            if event.key() == Qt.Key.Key_Down:
                self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    # --- classes ---------------------------------------------------------------------------

    def new_activity(self) -> None:
        dialog = ActivityDialog(self.db, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self.search.clear()
            self._reload_details()
            self.select_activity(dialog.saved.id)

    def import_past(self) -> None:
        from desktop.ui.activity_import_dialog import ActivityImportDialog

        dialog = ActivityImportDialog(self.db, self)
        dialog.exec()
        if dialog.imported_count:
            self.search.clear()
            self._reload_details()

    def edit_activity(self) -> None:
        summary = self.current_summary
        if summary is None:
            return
        dialog = ActivityDialog(self.db, summary.id, parent=self, code=summary.code)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload_details()
            self.select_activity(summary.id)

    def delete_activity(self) -> None:
        summary = self.current_summary
        if summary is None:
            return
        text = _("Delete “{name}” ({code})?").format(name=summary.name, code=summary.code) + "\n\n" + _(
            "Its {sessions} sessions, the attendance taken and the list of {learners} enrolled "
            "learners are removed from lists and reports. The learners stay in the register."
        ).format(sessions=summary.sessions, learners=summary.enrolled)
        if not confirm(self, _("Delete class or talk"), text, _("Delete the class or talk"),
                       _("Don't delete")):
            return
        db = self.db
        save_on_worker(self, lambda: delete_activity(db, summary.id), title=_("Delete class or talk"))
        self._reload_details()
        self.table.setFocus()


