"""The Lifelong Learning Week tab: the year's dates (each year its own, the year before's offered
for a new year), the classes and talks held in it
to tick as counted (Space), a talk added, and the week's figures."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError, ValidationError
from desktop.formatting import DateError, format_date, format_integer, parse_date
from desktop.i18n import _
from desktop.reports.labels import kind_label
from desktop.services.society import week as week_service
from desktop.services.society.week import WeekActivity
from desktop.store.database import Database
from desktop.ui.database_call import give_back_the_keyboard, load_on_worker, save_on_worker
from desktop.ui.messages import show_error
from desktop.ui.widgets.actions import action_button, shortcut_action
from desktop.ui.widgets.record_model import CENTRE, RIGHT, Column, RecordModel
from desktop.ui.widgets.record_table import ListView, fit_columns


class PickView(ListView):
    """Space ticks or unticks the chosen class or talk."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.toggle_requested()
            return
        super().keyPressEvent(event)

    def toggle_requested(self) -> None:
        pass


class AddTalkDialog(QDialog):
    def __init__(self, db: Database, year: int, first: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.year = db, year
        self.saved_id: str | None = None
        self.setWindowTitle(_("Add a talk held in the week"))
        self.name_box = QLineEdit()
        self.name_box.setObjectName("talkName")
        self.date_box = QLineEdit(format_date(first))
        self.venue_box = QLineEdit()
        self.total_box, self.women_box, self.minority_box = (QSpinBox(), QSpinBox(), QSpinBox())
        for box in (self.total_box, self.women_box, self.minority_box):
            box.setRange(0, 100_000)
        form = QFormLayout()
        form.addRow(_("Name"), self.name_box)
        form.addRow(_("Date"), self.date_box)
        form.addRow(_("Venue"), self.venue_box)
        form.addRow(_("Participants"), self.total_box)
        form.addRow(_("of whom women"), self.women_box)
        form.addRow(_("of whom ethnic minority"), self.minority_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close without saving"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def save(self) -> None:
        try:
            try:
                day = parse_date(self.date_box.text())
            except DateError as error:
                raise ValidationError(error.message, "date") from None
            if day is None:
                raise ValidationError(_("Enter the date."), "date")
        except UserError as error:
            show_error(self, error)
            return
        db, year, name, venue = self.db, self.year, self.name_box.text(), self.venue_box.text()
        total = self.total_box.value() or None
        women = self.women_box.value() if total else None
        minority = self.minority_box.value() if total else None
        added, talk_id = save_on_worker(self, lambda: week_service.add_week_talk(
            db, year, name, day, venue=venue, participants=total, women=women, minority=minority),
            title=self.windowTitle())
        if not added:
            return
        self.saved_id = talk_id
        self.accept()
        give_back_the_keyboard(self)


class WeekTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.year = 0
        self._today = today
        self.dates = QLabel()
        self.dates.setObjectName("weekDates")
        self.dates.setWordWrap(True)
        self.picks = RecordModel([
            Column(_("Counted"), lambda item: "✓" if item.picked else "", align=CENTRE, width="Counted"),
            Column(_("Code"), lambda item: item.code, width="01234-2026-000"),
            Column(_("Class or talk"), lambda item: item.name),
            Column(_("Kind"), lambda item: kind_label(item.kind), width="Reading or cultural activity"),
            Column(_("Sessions in the week"), lambda item: format_integer(item.sessions), lambda item: item.sessions,
                   RIGHT, "000"),
        ], self)
        self.pick_view = PickView()
        self.pick_view.setObjectName("weekPicks")
        self.pick_view.toggle_requested = self.toggle_current  # type: ignore[method-assign]
        self.pick_view.setModel(self.picks)
        fit_columns(self.pick_view, self.picks, stretch=2)
        self.pick_view.open_requested.connect(self.toggle_current)
        self.lines = RecordModel([
            Column(_("Class or talk"), lambda line: f"{line.code} {line.name}"),
            Column(_("Sessions"), lambda line: format_integer(line.sessions), lambda line: line.sessions, RIGHT, "000"),
            Column(_("Participant-times"), lambda line: format_integer(line.participants),
                   lambda line: line.participants, RIGHT, "Participant-times"),
            Column(_("Women"), lambda line: format_integer(line.women), lambda line: line.women, RIGHT, "00000"),
            Column(_("Ethnic minority"), lambda line: format_integer(line.minority), lambda line: line.minority,
                   RIGHT, "Ethnic minority"),
        ], self)
        self.line_view = ListView()
        self.line_view.setObjectName("weekReport")
        self.line_view.setModel(self.lines)
        fit_columns(self.line_view, self.lines)
        self.summary = QLabel()
        self.summary.setObjectName("weekSummary")
        self.summary.setWordWrap(True)
        add = shortcut_action(self, _("Add a talk held in the week…"), "Ctrl+N", self.add_talk)
        self.starts_box = QLineEdit()
        self.starts_box.setObjectName("weekStarts")
        self.starts_box.setPlaceholderText("dd/mm")
        self.starts_box.setMaximumWidth(80)
        self.starts_box.setToolTip(_("This year's first day of the week (day/month); Enter saves. A year "
                                     "without dates of its own takes those of the year before."))
        self.days_box = QSpinBox()
        self.days_box.setRange(1, 31)
        self.days_box.setSuffix(" " + _("days"))
        self.starts_box.returnPressed.connect(self.save_dates)
        self.days_box.editingFinished.connect(self.save_dates)
        top = QHBoxLayout()
        top.addWidget(self.dates, 1)
        top.addWidget(QLabel(_("Starts on")))
        top.addWidget(self.starts_box)
        top.addWidget(self.days_box)
        top.addSpacing(12)
        top.addWidget(action_button(_("Add a talk held in the week…"), add))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        hint = QLabel(_("Classes and talks held in the week: Space (or Enter) ticks those counted in its report."))
        hint.setObjectName("legend")
        layout.addWidget(hint)
        layout.addWidget(self.pick_view, 3)
        layout.addWidget(QLabel(_("The week's report")))
        layout.addWidget(self.summary)
        layout.addWidget(self.line_view, 2)

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def show_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        db, year, today = self.db, self.year, self.today()
        loaded, found = load_on_worker(self, lambda: (
            week_service.week_dates(db, year), week_service.week_activities(db, year),
            week_service.week_report(db, year, as_of=today)), title=_("Lifelong Learning Week"))
        if not loaded or found is None:
            return
        dates, activities, report = found
        period = dates.period
        self.period = period
        text = _("Lifelong Learning Week {year}: {first} – {last}").format(
            year=self.year, first=format_date(period.first), last=format_date(period.last))
        if not dates.own:
            text += " " + (_("(the dates of {year}; change them to set this year's own)").format(year=dates.from_year)
                           if dates.from_year else _("(the usual dates; change them to set this year's own)"))
        self.dates.setText(text)
        self.starts_box.setText(f"{period.first.day:02d}/{period.first.month:02d}")
        self.days_box.blockSignals(True)
        self.days_box.setValue(period.days)
        self.days_box.blockSignals(False)
        row = self.pick_view.currentIndex().row()
        self.picks.set_rows(activities)
        if self.picks.rows:
            self.pick_view.selectRow(max(0, min(row, len(self.picks.rows) - 1)))
        self.lines.set_rows(report.lines)
        self.summary.setText(_(
            "{activities} activities · {participants} participant-times, of whom {women} women and {minority} "
            "ethnic minority · {books} books lent in the week").format(
            activities=format_integer(report.activities), participants=format_integer(report.participants),
            women=format_integer(report.women), minority=format_integer(report.minority),
            books=format_integer(report.books_lent)))

    def focus_start(self) -> None:
        self.pick_view.setFocus()

    def save_dates(self) -> None:
        parts = self.starts_box.text().replace("-", "/").replace(".", "/").split("/")
        try:
            if len(parts) != 2 or not all(part.strip().isdigit() for part in parts):
                raise ValidationError(_("Write the first day as day/month, for example 01/10."), "starts")
            day, month = (int(part) for part in parts)
            period = self.period
            if (day, month, self.days_box.value()) == (period.first.day, period.first.month, period.days):
                return
        except UserError as error:
            show_error(self, error)
            return
        db, year, days = self.db, self.year, self.days_box.value()
        saved, _none = save_on_worker(self, lambda: week_service.set_week_dates(db, year, month, day, days),
                                      title=_("Lifelong Learning Week"))
        if saved:
            self.reload()

    def toggle_current(self) -> None:
        index = self.pick_view.currentIndex()
        if not index.isValid():
            return
        item: WeekActivity = self.picks.record(index.row())
        db, year = self.db, self.year
        save_on_worker(self, lambda: week_service.set_picked(db, year, item.activity_id, not item.picked),
                       title=_("Lifelong Learning Week"))
        self.reload()

    def add_talk(self) -> AddTalkDialog:
        dialog = AddTalkDialog(self.db, self.year, self.period.first, self)
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

