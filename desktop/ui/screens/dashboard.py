"""Tổng quan: this month's sessions, what needs doing, and the year's participant-times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.formatting import format_date, format_integer, format_month
from desktop.i18n import _, ngettext
from desktop.services.backup_copies import CopySettings, copy_settings
from desktop.services.dashboard import Dashboard, SessionDue, load_dashboard
from desktop.store.database import Database
from desktop.ui.after_paint import call_after_paint
from desktop.ui.getting_started import GettingStartedPanel
from desktop.ui.messages import show_error
from desktop.ui.screens.base import Screen
from desktop.ui.shortcuts import with_shortcut
from desktop.ui.tasks import BackgroundTask

if TYPE_CHECKING:
    from desktop.services.getting_started import FirstSteps
    from desktop.services.sync.status import SendStatus


def _send_status(db: Database) -> SendStatus:
    """(imported here, on the worker: it maps the sync tables, which the first paint need not wait for)"""
    from desktop.services.sync.status import send_status

    return send_status(db)


def _load(db: Database) -> tuple[Dashboard, SendStatus, FirstSteps | None, CopySettings]:
    """The figures, the send status, (at a centre) its first steps and the USB copies' state,
    off the GUI thread."""
    from desktop.services.getting_started import first_steps

    status = _send_status(db)
    steps = None if status.office else first_steps(db, office_key_pinned=status.office_key_pinned)
    return load_dashboard(db), status, steps, copy_settings(db)


class FigureTile(QFrame):
    """One big number with its caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.value = QLabel("—")
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)


class DashboardScreen(Screen):
    def __init__(self, db, navigator=None, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self.dashboard: Dashboard | None = None
        self.task: BackgroundTask | None = None
        self._wanted = False
        self._overdue_for: dt.date | None = None
        title = QLabel(_("Overview"))
        title.setObjectName("screenTitle")
        self.send_reminder = self._make_send_reminder()
        self.copy_reminder = self._make_copy_reminder()
        self.getting_started = GettingStartedPanel(self._open_step)
        self.sessions_tile = FigureTile(_("sessions this month"))
        self.running_tile = FigureTile(_("classes and talks running"))
        self.times_tile = FigureTile(_("participant-times this year"))
        self.learners_tile = FigureTile(_("learners on the register"))
        self.overdue_tile = FigureTile(_("book loans overdue"))
        self.overdue_button = QPushButton(_("Overdue list…"))
        self.overdue_button.setToolTip(_("Open the book cabinet's overdue list"))
        self.overdue_button.clicked.connect(self._open_overdue)
        self.overdue_button.setEnabled(False)  # until the count is in
        self.overdue_tile.layout().addWidget(self.overdue_button, 0, Qt.AlignmentFlag.AlignLeft)
        tiles = QGridLayout()
        for column, tile in enumerate((self.sessions_tile, self.running_tile, self.times_tile,
                                       self.learners_tile, self.overdue_tile)):
            tiles.addWidget(tile, 0, column)

        self.month_list = self._list(_("Open the attendance of this session (Enter)"))
        self.missing_list = self._list(_("Open the attendance of this session (Enter)"))
        self.absent_list = self._list(_("Open this class's attendance (Enter)"))
        self.month_box = self._box(_("This month's sessions"), self.month_list)
        self.missing_box = self._box(_("Attendance not taken yet"), self.missing_list)
        self.absent_box = self._box(_("Learners absent three or more times in a row"), self.absent_list)
        lists = QGridLayout()
        lists.addWidget(self.month_box, 0, 0, 2, 1)
        lists.addWidget(self.missing_box, 0, 1)
        lists.addWidget(self.absent_box, 1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.send_reminder)
        layout.addWidget(self.copy_reminder)
        layout.addWidget(self.getting_started)
        layout.addLayout(tiles)
        layout.addLayout(lists, 1)

    @staticmethod
    def nav_title() -> str:
        return _("Overview")

    def _make_send_reminder(self) -> QFrame:
        """A band that says when the office has not had this centre's data for too long."""
        frame = QFrame()
        frame.setObjectName("sendReminder")
        frame.setStyleSheet("QFrame#sendReminder { background: #fff4ce; border: 1px solid #d9a800; "
                            "border-radius: 3px; }")
        self.send_reminder_text = QLabel()
        self.send_reminder_text.setWordWrap(True)
        self.send_reminder_button = QPushButton(_("Send to the office…"))
        tooltip = _("Open “Send / receive data”")
        if self.navigator is not None:
            tooltip = with_shortcut(tooltip, self.navigator.shortcut_for("sync"))  # type: ignore[attr-defined]
        self.send_reminder_button.setToolTip(tooltip)
        self.send_reminder_button.clicked.connect(self._open_send)
        row = QHBoxLayout(frame)
        row.addWidget(self.send_reminder_text, 1)
        row.addWidget(self.send_reminder_button)
        frame.setVisible(False)
        return frame

    def show_send_reminder(self, status: SendStatus, today: dt.date) -> None:
        """Shown when nothing was ever sent, or the last package is older than the interval
        set in Settings (an office's database is never reminded)."""
        due = status.reminder_due(today)
        self.send_reminder.setVisible(due)
        if not due:
            return
        days = status.days_since_sent(today)
        if days is None or status.last_sent is None:
            text = _("This centre's data has never been sent to the office.")
        else:
            text = ngettext("The last package for the office was written {days} day ago ({date}).",
                            "The last package for the office was written {days} days ago ({date}).",
                            days).format(days=format_integer(days), date=format_date(status.last_sent.date()))
        if not status.office_key_pinned:
            text += " " + _("First register the office's key, then send the data on a USB stick.")
        else:
            text += " " + _("Send the new records on a USB stick.")
        self.send_reminder_text.setText(text)

    def _make_copy_reminder(self) -> QFrame:
        """A band that says when the protected copy on the USB stick is more than a month old."""
        frame = QFrame()
        frame.setObjectName("copyReminder")
        frame.setStyleSheet("QFrame#copyReminder { background: #fff4ce; border: 1px solid #d9a800; "
                            "border-radius: 3px; }")
        self.copy_reminder_text = QLabel()
        self.copy_reminder_text.setWordWrap(True)
        self.copy_reminder_button = QPushButton(_("Backups…"))
        self.copy_reminder_button.setToolTip(_("Open Settings → Backups"))
        self.copy_reminder_button.clicked.connect(self._open_backups)
        row = QHBoxLayout(frame)
        row.addWidget(self.copy_reminder_text, 1)
        row.addWidget(self.copy_reminder_button)
        frame.setVisible(False)
        return frame

    def show_copy_reminder(self, settings: CopySettings, today: dt.date) -> None:
        """Shown once a month has passed since the last protected copy on the USB stick (only
        when a stick was chosen in Settings → Backups)."""
        due = settings.reminder_due(today)
        self.copy_reminder.setVisible(due)
        if not due:
            return
        days = settings.days_since_copy(today)
        if days is None or settings.last_copy is None:
            text = _("No protected copy of the backups has been written to the USB stick yet.")
        else:
            text = ngettext("The last protected copy on the USB stick was written {days} day ago ({date}).",
                            "The last protected copy on the USB stick was written {days} days ago ({date}).",
                            days).format(days=format_integer(days), date=format_date(settings.last_copy))
        text += " " + _("Plug in the stick, then press “Back up now” in Settings → Backups. If this "
                        "computer breaks, the stick is what brings the records back.")
        self.copy_reminder_text.setText(text)

    def _open_backups(self) -> None:
        if self.navigator is not None:
            self.navigator.show("settings")  # type: ignore[attr-defined]

    def _open_send(self) -> None:
        if self.navigator is not None:
            self.navigator.show_sync()  # type: ignore[attr-defined]

    def _list(self, tooltip: str) -> QListWidget:
        widget = QListWidget()
        widget.setToolTip(tooltip)
        # Long class names wrap instead of scrolling sideways (no horizontal scrolling at 1366×768).
        widget.setWordWrap(True)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(self._open_item)
        return widget

    @staticmethod
    def _box(title: str, content: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        QVBoxLayout(box).addWidget(content)
        return box

    def refresh(self) -> None:
        """Reload the figures off the GUI thread (over years of records the queries, and the
        first use of the ORM at start-up, take tens of milliseconds); they replace the old
        ones when ready."""
        self._wanted = True
        if self.task is None:
            self._start_loading()

    def _start_loading(self) -> None:
        self._wanted = False
        db = self.db
        self._run(lambda _progress: _load(db), self._loaded)

    def _count_overdue(self, today: dt.date) -> None:
        """The cabinet's figure comes second: its first count maps the cabinet's tables."""
        db = self.db

        def work(_progress: object) -> int:
            from desktop.services.books.loans import overdue_count

            return overdue_count(db, today)

        self._run(work, self._show_overdue)

    def _run(self, work: Callable[[object], object], on_success: Callable[[object], None]) -> None:
        self.task = BackgroundTask(self, _("Overview"), work, on_success=on_success,
                                   on_error=self._failed, show_dialog=False)
        self.task.finished.connect(self._task_finished)
        self.task.start()

    def _task_finished(self) -> None:
        self.task = None
        self._next()

    def _next(self) -> None:
        if self.task is not None:
            return
        if self._wanted:  # asked again while loading: the records may have changed meanwhile
            self._start_loading()
        elif self._overdue_for is not None:
            today, self._overdue_for = self._overdue_for, None
            self._count_overdue(today)

    def _show_overdue(self, result: object) -> None:
        assert isinstance(result, int)
        self.overdue_tile.value.setText(format_integer(result))
        self.overdue_button.setEnabled(result > 0)

    def _failed(self, error: Exception) -> None:
        show_error(self, error, _("The overview could not be loaded"))

    def _loaded(self, result: object) -> None:
        assert isinstance(result, tuple)
        data, send_status, steps, copies = result
        assert isinstance(data, Dashboard)
        self.dashboard = data
        self._overdue_for = data.today  # counted next
        self.sessions_tile.value.setText(format_integer(len(data.sessions_this_month)))
        self.sessions_tile.caption.setText(_("sessions in {month}").format(
            month=format_month(data.today.year, data.today.month)))
        self.running_tile.value.setText(format_integer(data.running_activities))
        self.times_tile.value.setText(format_integer(data.participant_times_year))
        self.times_tile.caption.setText(_("participant-times in {year}").format(year=data.today.year))
        self.learners_tile.value.setText(format_integer(data.learners_total))
        self._fill_sessions(self.month_list, data.sessions_this_month,
                            _("No sessions this month. Plan them under “Classes & talks”."))
        self._fill_sessions(self.missing_list, data.attendance_missing,
                            _("Attendance is up to date."))
        self.missing_box.setTitle(ngettext("Attendance not taken yet ({count} session)",
                                           "Attendance not taken yet ({count} sessions)",
                                           len(data.attendance_missing)).format(
            count=format_integer(len(data.attendance_missing))))
        self.absent_list.clear()
        for person in data.absent_streaks:
            item = QListWidgetItem(_("{name} ({village}): {count} absences in a row — {activity}").format(
                name=person.full_name, village=person.village or "—", activity=person.activity_name,
                count=person.absences))
            item.setData(Qt.ItemDataRole.UserRole, (person.activity_id, data.today))
            self.absent_list.addItem(item)
        if not data.absent_streaks:
            self._placeholder(self.absent_list, _("No learner has missed three sessions in a row."))
        self.show_send_reminder(send_status, data.today)
        self.show_copy_reminder(copies, data.today)
        if steps is None:
            self.getting_started.hide()
        else:
            self.getting_started.show_steps(steps)
        call_after_paint(self, self._next)

    def _open_step(self, step: str) -> None:
        """A getting-started step's screen: villages are in Settings, the register in the
        cabinet's catalogue (its list import), the office's key under Send / receive."""
        if self.navigator is None:
            return
        if step == "books":
            self.navigator.show_books("catalogue")  # type: ignore[attr-defined]
        else:
            self.navigator.show({"villages": "settings", "learners": "learners",  # type: ignore[attr-defined]
                                 "office_key": "sync", "first_class": "activities"}[step])

    def _open_overdue(self) -> None:
        if self.navigator is not None:
            self.navigator.show_books("overdue")  # type: ignore[attr-defined]

    def _fill_sessions(self, widget: QListWidget, sessions: list[SessionDue], empty: str) -> None:
        widget.clear()
        for due in sessions:
            when = format_date(due.date) + (f" {due.start_time}" if due.start_time else "")
            item = QListWidgetItem(f"{when} — {due.activity_name}")
            item.setToolTip(due.activity_code)
            item.setData(Qt.ItemDataRole.UserRole, (due.activity_id, due.date))
            widget.addItem(item)
        if not sessions:
            self._placeholder(widget, empty)

    @staticmethod
    def _placeholder(widget: QListWidget, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        widget.addItem(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if not target or self.navigator is None:
            return
        activity_id, day = target
        assert isinstance(day, dt.date)
        self.navigator.show_attendance(activity_id, day.year, day.month)  # type: ignore[attr-defined]

    def focus_start(self) -> None:
        self.missing_list.setFocus()
