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
    QHeaderView,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer, format_money
from desktop.i18n import _, ngettext, pick
from desktop.reference.activities import ACTIVITY_KINDS, PARTNER_BODIES, funding_source, topic_group
from desktop.reference.ethnic_groups import ethnic_group_by_key
from desktop.services.activities import (
    STATUSES,
    ActivityInput,
    ActivitySummary,
    SessionInfo,
    SessionInput,
    delete_activity,
    delete_session,
    enrol_learners,
    enrolled_learners,
    get_activity,
    list_activities,
    list_sessions,
    set_session_cancelled,
    unenrol_learner,
    village_names,
)
from desktop.services import documents as document_service
from desktop.services.centre import list_villages
from desktop.services.learners import LearnerSummary, list_learners
from desktop.store.database import Database
from desktop.ui.activity_dialog import (
    ActivityDialog,
    fit_popup,
    status_label,
)
from desktop.ui.learner_picker import LearnerPickerDialog, VillageEnrolDialog
from desktop.ui.messages import confirm, show_error
from desktop.ui.print_preview import PeriodDialog, PrintJob, file_name, start_print
from desktop.ui.screens.base import Screen
from desktop.ui.session_dialogs import SeriesDialog, SessionDialog, weekday_long
from desktop.ui.models.activity_tables import (
    ID_ROLE,
    ActivityFilter,
    ActivityTableModel,
    EnrolledModel,
    SessionModel,
    date_range,
    kind_label,
)
from desktop.ui.widgets.actions import with_shortcut
from desktop.ui.widgets.record_table import fit_columns, style_list

def _table() -> QTableView:
    view = style_list(QTableView())
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setTabKeyNavigation(False)
    return view


def _button(text: str, tooltip: str, shortcut: str | QKeySequence | None,
            slot: Callable[[], object]) -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(with_shortcut(tooltip, shortcut) if shortcut else tooltip)
    button.setAutoDefault(False)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _note() -> QLabel:
    """A short summary beside a row of buttons; it wraps rather than being cut off."""
    label = QLabel()
    label.setObjectName("legend")
    label.setWordWrap(True)
    label.setMinimumWidth(120)
    return label


def _empty_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setMargin(24)
    return label


class ActivitiesScreen(Screen):
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
        self.new_button = _button(_("New class or talk"), _("Create a class or talk"), "Ctrl+N",
                                  self.new_activity)
        top = QHBoxLayout()  # under the title, which has its own line as on the other screens
        top.addWidget(self.search, 1)
        top.addWidget(self.status_filter)
        top.addWidget(self.kind_filter)
        top.addWidget(self.year_filter)
        top.addWidget(self.new_button)
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
        top.addWidget(self.print_button)

        self.model = ActivityTableModel(parent=self)
        self.proxy = ActivityFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = _table()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ActivityTableModel.DATES, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        fit_columns(self.table, self.model, ActivityTableModel.NAME)
        self.list_empty = _empty_label("")
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.list_empty)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.list_stack)
        splitter.addWidget(self._build_details())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        self.splitter = splitter

        layout = QVBoxLayout(self)
        layout.addWidget(title)
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
        self.edit_button = _button(_("Edit"), _("Edit the class or talk"), "Enter", self.edit_activity)
        self.delete_button = _button(_("Delete"), _("Delete the class or talk"), "Del",
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
        self.details_empty = _empty_label(_("Choose a class or talk in the list above to see its "
                                            "learners and sessions."))
        self.details_stack = QStackedWidget()
        self.details_stack.addWidget(details)
        self.details_stack.addWidget(self.details_empty)
        return self.details_stack

    def _build_learners_tab(self) -> QWidget:
        self.add_learners_button = _button(_("Add learners…"), _("Find learners in the register and "
                                           "add them"), "Ctrl+L", self.add_learners)
        self.add_village_button = _button(_("Add a village…"), _("Add every learner of a village"),
                                          "Ctrl+Shift+L", self.add_village)
        self.remove_learner_button = _button(_("Remove from class"),
                                             _("Remove the chosen learner from the class"), "Del",
                                             self.remove_learner)
        self.learner_note = _note()
        bar = QHBoxLayout()
        for widget in (self.add_learners_button, self.add_village_button, self.remove_learner_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.learner_note, 1)
        self.learner_model = EnrolledModel(parent=self)
        self.learner_table = _table()
        self.learner_table.setModel(self.learner_model)
        fit_columns(self.learner_table, self.learner_model, EnrolledModel.NAME)
        self.learners_empty = _empty_label(_(
            "No learners in this class yet. Press Ctrl+L to find learners in the register, or "
            "Ctrl+Shift+L to add everyone from a village."))
        self.learner_stack = QStackedWidget()
        self.learner_stack.addWidget(self.learner_table)
        self.learner_stack.addWidget(self.learners_empty)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.learner_stack, 1)
        return page

    def _build_sessions_tab(self) -> QWidget:
        self.add_session_button = _button(_("Add session…"), _("Add one session"), "Ctrl+Shift+N",
                                          self.add_session)
        self.series_button = _button(_("Weekly series…"), _("Create sessions on chosen weekdays "
                                     "between two dates"), "Ctrl+G", self.generate_series)
        self.edit_session_button = _button(_("Edit session"), _("Edit the chosen session"), "Enter",
                                           self.edit_session)
        self.cancel_session_button = _button(_("Cancel session"), _("Cancel the chosen session, or "
                                             "restore a cancelled one"), "Ctrl+Shift+X",
                                             self.toggle_cancelled)
        self.delete_session_button = _button(_("Delete session"), _("Delete a session entered by "
                                             "mistake"), "Del", self.delete_session)
        self.attendance_button = _button(_("Take attendance"), _("Open the attendance sheet for the "
                                         "chosen session's month"), "Ctrl+T", self.take_attendance)
        self.session_note = _note()
        bar = QHBoxLayout()
        for widget in (self.add_session_button, self.series_button, self.edit_session_button,
                       self.cancel_session_button, self.delete_session_button, self.attendance_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.session_note, 1)
        self.session_model = SessionModel(lambda: self.today(), self)
        self.session_table = _table()
        self.session_table.setModel(self.session_model)
        fit_columns(self.session_table, self.session_model, SessionModel.CONTENT)
        self.session_table.activated.connect(lambda _index: self.edit_session())
        self.session_table.selectionModel().currentRowChanged.connect(self._update_session_buttons)
        self.sessions_empty = _empty_label(_(
            "No sessions yet. Press Ctrl+Shift+N to add one, or Ctrl+G to create a weekly series "
            "between two dates."))
        self.session_stack = QStackedWidget()
        self.session_stack.addWidget(self.session_table)
        self.session_stack.addWidget(self.sessions_empty)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.session_stack, 1)
        return page

    # --- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list (keeping the chosen class) and the chosen class's details."""
        chosen = self.current_id()
        try:
            rows = list_activities(self.db)
            self._villages = village_names(self.db)
        except Exception as error:
            show_error(self, error)
            return
        with self._quietly():
            self.model.set_rows(rows)
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
        try:
            self.current = get_activity(self.db, activity_id)
            learners = enrolled_learners(self.db, activity_id)
            sessions = list_sessions(self.db, activity_id)
        except Exception as error:
            show_error(self, error)
            return
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

    def _show_learners(self, learners: Sequence[LearnerSummary]) -> None:
        self.learner_model.set_rows(learners)
        self.tabs.setTabText(0, _("Learners ({count})").format(count=len(learners)))
        self.learner_stack.setCurrentWidget(self.learner_table if learners else self.learners_empty)
        women = sum(1 for learner in learners if learner.gender == "female")
        minority = sum(1 for learner in learners
                       if (group := ethnic_group_by_key(learner.ethnic_group_key or "")) and group.minority)
        self.learner_note.setText(_("{women} women · {minority} ethnic minority").format(
            women=women, minority=minority) if learners else "")
        if learners:
            self.learner_table.setCurrentIndex(self.learner_model.index(0, EnrolledModel.NAME))
        self.remove_learner_button.setEnabled(bool(learners))

    def _show_sessions(self, sessions: Sequence[SessionInfo], select_id: str | None = None) -> None:
        previous = select_id or self.current_session_id()
        self.session_model.set_rows(sessions)
        held = [session for session in sessions if not session.cancelled]
        self.tabs.setTabText(1, _("Sessions ({count})").format(count=len(held)))
        self.session_stack.setCurrentWidget(self.session_table if sessions else self.sessions_empty)
        cancelled = len(sessions) - len(held)
        note = _("{periods} periods · attendance taken for {taken} of {held} sessions").format(
            periods=format_integer(sum(session.periods or 0 for session in held)), held=len(held),
            taken=sum(1 for session in held if session.attendance_taken)) if held else ""
        if cancelled:
            note += (" · " if note else "") + ngettext("{count} cancelled", "{count} cancelled",
                                                       cancelled).format(count=cancelled)
        self.session_note.setText(note)
        if sessions:
            row = next((number for number, session in enumerate(sessions) if session.id == previous), -1)
            if row < 0:  # the first session from today on, else the last one
                row = next((number for number, session in enumerate(sessions)
                            if session.date >= self.today()), len(sessions) - 1)
            index = self.session_model.index(row, SessionModel.DATE)
            self.session_table.setCurrentIndex(index)
            self.session_table.scrollTo(index)
        self._update_session_buttons()

    def _update_session_buttons(self, *_args: object) -> None:
        session = self.current_session()
        self.edit_session_button.setEnabled(session is not None)
        self.cancel_session_button.setEnabled(session is not None)
        self.delete_session_button.setEnabled(session is not None and not session.attendance_taken)
        self.cancel_session_button.setText(_("Restore session") if session and session.cancelled
                                           else _("Cancel session"))
        self.attendance_button.setEnabled(self.navigator is not None)

    def current_session(self) -> SessionInfo | None:
        index = self.session_table.currentIndex()
        if not index.isValid() or not self.session_model.rows:
            return None
        return self.session_model.rows[index.row()]

    def current_session_id(self) -> str | None:
        session = self.current_session()
        return session.id if session else None

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
        try:
            delete_activity(self.db, summary.id)
        except UserError as error:
            show_error(self, error)
        self._reload_details()
        self.table.setFocus()

    # --- learners --------------------------------------------------------------------------

    def _enrolled_ids(self) -> list[str]:
        return [learner.id for learner in self.learner_model.rows]

    def add_learners(self) -> None:
        activity_id = self.current_id()
        if activity_id is None:
            return
        self.tabs.setCurrentIndex(0)
        try:
            dialog = LearnerPickerDialog(self.db, self._enrolled_ids(), self)
        except Exception as error:
            show_error(self, error)
            return
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._enrol(activity_id, dialog.chosen_ids())

    def add_village(self) -> None:
        activity_id = self.current_id()
        if activity_id is None:
            return
        self.tabs.setCurrentIndex(0)
        try:
            villages = [(village.id, village.name) for village in list_villages(self.db)]
            learners = list_learners(self.db)
        except Exception as error:
            show_error(self, error)
            return
        dialog = VillageEnrolDialog(villages, learners, self._enrolled_ids(), self)
        if self.current is not None and self.current.village_id:
            index = dialog.village.findData(self.current.village_id)
            if index >= 0:
                dialog.village.setCurrentIndex(index)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.village_id() is None:
            return
        village_id = dialog.village_id()
        ids = [learner.id for learner in learners if learner.village_id == village_id]
        self._enrol(activity_id, ids)

    def _enrol(self, activity_id: str, learner_ids: list[str]) -> None:
        try:
            added = enrol_learners(self.db, activity_id, learner_ids, on=self.today())
        except Exception as error:
            show_error(self, error)
            return
        self._reload_details()
        self.learner_note.setText(ngettext("{count} learner added.", "{count} learners added.",
                                           added).format(count=added) + "  " + self.learner_note.text())
        self.learner_table.setFocus()

    def remove_learner(self) -> None:
        activity_id = self.current_id()
        index = self.learner_table.currentIndex()
        if activity_id is None or not index.isValid() or self.current is None:
            return
        learner = self.learner_model.rows[index.row()]
        text = _("Remove {learner} from “{name}”?").format(learner=learner.label(), name=self.current.name)
        text += "\n\n" + _("The learner stays in the register; attendance already taken is kept.")
        if not confirm(self, _("Remove from class"), text, _("Remove from the class"),
                       _("Keep in the class")):
            return
        try:
            unenrol_learner(self.db, activity_id, learner.id)
        except Exception as error:
            show_error(self, error)
            return
        row = index.row()
        self._reload_details()
        if self.learner_model.rows:
            self.learner_table.setCurrentIndex(
                self.learner_model.index(min(row, len(self.learner_model.rows) - 1), EnrolledModel.NAME))
        self.learner_table.setFocus()

    # --- sessions --------------------------------------------------------------------------

    def _session_defaults(self, date: dt.date) -> SessionInput:
        data = self.current
        if data is None:
            return SessionInput(date)
        venue = data.venue or self._villages.get(data.village_id or "", "")
        last = self.session_model.rows[-1] if self.session_model.rows else None
        return SessionInput(date, last.start_time if last else "", last.end_time if last else "",
                            "", last.periods if last else None, data.teacher, venue)

    def add_session(self) -> None:
        activity_id = self.current_id()
        if activity_id is None:
            return
        self.tabs.setCurrentIndex(1)
        today = self.today()
        dialog = SessionDialog(self.db, activity_id, defaults=self._session_defaults(today), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved is not None:
            self._reload_details(dialog.saved.id)
            self.session_table.setFocus()

    def edit_session(self) -> None:
        activity_id = self.current_id()
        session = self.current_session()
        if activity_id is None or session is None:
            return
        dialog = SessionDialog(self.db, activity_id, session, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._reload_details(session.id)
            self.session_table.setFocus()

    def generate_series(self) -> None:
        activity_id = self.current_id()
        if activity_id is None or self.current is None:
            return
        self.tabs.setCurrentIndex(1)
        today = self.today()
        start = self.current.start_date or today
        end = self.current.end_date or _month_end(start)
        if self.session_model.rows:  # continue after the last session
            start = max(start, self.session_model.rows[-1].date + dt.timedelta(days=1))
            end = max(end, start)
        dialog = SeriesDialog(self.db, activity_id, start=start, end=end,
                              defaults=self._session_defaults(start), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            first = dialog.created[0].id if dialog.created else None
            self._reload_details(first)
            self.session_note.setText(ngettext("{count} session created.", "{count} sessions created.",
                                               len(dialog.created)).format(count=len(dialog.created))
                                      + "  " + self.session_note.text())
            self.session_table.setFocus()

    def toggle_cancelled(self) -> None:
        session = self.current_session()
        if session is None:
            return
        self.tabs.setCurrentIndex(1)
        when = f"{weekday_long(session.date.weekday())} {format_date(session.date)}"
        if not session.cancelled:
            text = _("Cancel the session of {date}?").format(date=when) + "\n\n" + _(
                "It stays in the list, marked cancelled, and is not counted in reports. "
                "You can restore it later.")
            if not confirm(self, _("Cancel session"), text, _("Cancel the session"),
                           _("Keep the session")):
                return
        try:
            set_session_cancelled(self.db, session.id, not session.cancelled)
        except Exception as error:
            show_error(self, error)
            return
        self._reload_details(session.id)
        self.session_table.setFocus()

    def delete_session(self) -> None:
        session = self.current_session()
        if session is None:
            return
        when = f"{weekday_long(session.date.weekday())} {format_date(session.date)}"
        if session.attendance_taken:
            show_error(self, UserError(_(
                "The session of {date} has attendance taken, so it cannot be deleted. Cancel it "
                "instead (Ctrl+Shift+X).").format(date=when)))
            return
        text = _("Delete the session of {date}?").format(date=when) + "\n\n" + _(
            "Use this for a session entered by mistake. A session that did not take place should be "
            "cancelled instead (Ctrl+Shift+X).")
        if not confirm(self, _("Delete session"), text, _("Delete the session"), _("Don't delete")):
            return
        row = self.session_table.currentIndex().row()
        try:
            delete_session(self.db, session.id)
        except Exception as error:
            show_error(self, error)
            return
        self._reload_details()
        if self.session_model.rows:
            self.session_table.setCurrentIndex(
                self.session_model.index(min(row, len(self.session_model.rows) - 1), SessionModel.DATE))
        self.session_table.setFocus()

    def take_attendance(self) -> None:
        activity_id = self.current_id()
        if activity_id is None or self.navigator is None:
            return
        session = self.current_session()
        day = session.date if session else self.today()
        self.navigator.show_attendance(activity_id, day.year, day.month)  # type: ignore[attr-defined]

    # --- printing ----------------------------------------------------------------------------

    def _print(self, title: str, render: Callable[..., int], *names: object) -> PrintJob | None:
        if self.print_job is not None:
            return None
        self.print_job = start_print(self, title, render, suggested_name=file_name(title, *names))
        self.print_job.finished.connect(self._print_finished)
        return self.print_job

    def _print_finished(self) -> None:
        self.print_job = None

    def print_class_list(self) -> PrintJob | None:
        activity_id, summary = self.current_id(), self.current_summary
        if activity_id is None or summary is None:
            return None
        db, today = self.db, self.today()
        return self._print(_("Class list"), lambda out, **options: document_service.class_list(
            db, activity_id, out, today=today, **options), summary.code)

    def print_signin_sheet(self) -> PrintJob | None:
        """The sign-in sheet of the chosen session (or the next one) of a talk or class."""
        activity_id, summary = self.current_id(), self.current_summary
        if activity_id is None or summary is None:
            return None
        db, today, session_id = self.db, self.today(), self.current_session_id()
        return self._print(_("Sign-in sheet"), lambda out, **options: document_service.signin_sheet(
            db, activity_id, session_id, out, today=today, **options), summary.code)

    def print_register(self, period: tuple[dt.date, dt.date] | None = None) -> PrintJob | None:
        if period is None:
            dialog = PeriodDialog(self.today(), self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            period = dialog.period()
        first, last = period
        db, today = self.db, self.today()
        return self._print(_("Register of classes and talks"),
                           lambda out, **options: document_service.register(
                               db, first, last, out, today=today, **options),
                           document_service.period_label(first, last))


def _month_end(day: dt.date) -> dt.date:
    following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)
