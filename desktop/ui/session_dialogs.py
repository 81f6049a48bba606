"""Adding or editing one session of a class, and generating a weekly series of sessions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import ValidationError
from desktop.formatting import format_date
from desktop.i18n import _, ngettext
from desktop.reference.activities import LITERACY_TERMS
from desktop.services.activities import (
    SessionInfo,
    SessionInput,
    add_session,
    generate_sessions,
    get_activity,
    list_sessions,
    series_dates,
    update_session,
)
from desktop.services.session_dates import OutsidePeriod
from desktop.store.database import Database
from desktop.ui.activity_dialog import ERROR_STYLE, DateField, FormDialog, count_box, select_data
from desktop.ui.database_call import load_on_worker
from desktop.ui.messages import confirm


T = TypeVar("T")


def weekday_short(index: int) -> str:
    """T2 … CN in Vietnamese (Monday is 0)."""
    return (_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun"))[index]


def weekday_long(index: int) -> str:
    return (_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"),
            _("Sunday"))[index]


def save_outside_period_if_confirmed(dialog: FormDialog, save: Callable[[bool], T]) -> T | None:
    """Save; a date outside the class's period is saved only once the user says so.

    None when the user goes back to change the date (the cursor is put in it). Both tries run on
    the database worker.
    """
    try:
        return dialog.on_worker(lambda: save(False))
    except OutsidePeriod as outside:
        if not confirm(dialog, _("Date outside the class's period"),
                       outside.message + "\n\n" + _("Save anyway?"), _("Save anyway"),
                       _("Change the date")):
            dialog.show_field_error(outside.message, outside.field)
            return None
    return dialog.on_worker(lambda: save(True))


class TimeField(QLineEdit):
    """A time typed as hh:mm; 730, 7.30, 7h30 and 19g30 are understood too."""

    def __init__(self, value: str = "", parent: QWidget | None = None) -> None:
        super().__init__(value, parent)
        self.setPlaceholderText(_("hh:mm"))
        self.setMaxLength(8)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00:00") * 3)
        self.editingFinished.connect(lambda: self.setText(self.time()))

    def time(self) -> str:
        """The time as hh:mm when it can be read; otherwise the text as typed (the service objects)."""
        return normalise_time(self.text())


def normalise_time(text: str) -> str:
    raw = text.strip().lower()
    if not raw:
        return ""
    match = (re.fullmatch(r"(\d{1,2})\s*[:.hg]\s*(\d{2})?", raw)
             or re.fullmatch(r"(\d{1,2})(\d{2})", raw) or re.fullmatch(r"(\d{1,2})", raw))
    if not match:
        return text.strip()
    hours = int(match.group(1))
    minutes = int(match.group(2) or 0) if match.lastindex and match.lastindex >= 2 else 0
    if hours > 23 or minutes > 59:
        return text.strip()
    return f"{hours:02d}:{minutes:02d}"


class _SessionFields:
    """Time, content, periods (and a literacy class's programme term), teacher and venue: what
    one session and a series template share."""

    def build_session_fields(self, form: QFormLayout, defaults: SessionInput, kind: str) -> None:
        self.start_time = TimeField(defaults.start_time)
        self.end_time = TimeField(defaults.end_time)
        times = QHBoxLayout()
        times.addWidget(self.start_time)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end_time)
        times.addStretch(1)
        time_caption = QLabel(_("Time (from – to)"))
        time_caption.setBuddy(self.start_time)
        form.addRow(time_caption, times)
        self.content = QLineEdit(defaults.content)
        self.content.setPlaceholderText(_("What the session covers"))
        form.addRow(_("Content"), self.content)
        self.periods = count_box(12, _("Periods taught in the session; leave at — if not counted"))
        self.periods.setValue(defaults.periods or 0)
        self.periods.setMaximumWidth(self.start_time.maximumWidth())
        form.addRow(_("Periods"), self.periods)
        self.term: QComboBox | None = None
        terms = LITERACY_TERMS.get(kind, ())
        if terms:  # only a literacy class's phase has terms: a pick among its own
            self.term = QComboBox()
            self.term.addItem("—", None)
            for term in terms:
                self.term.addItem(_("Term {number}").format(number=term), term)
            select_data(self.term, defaults.literacy_term if defaults.literacy_term in terms else None)
            self.term.setToolTip(_("The term of the literacy programme the session teaches "
                                   "(phase 1: terms 1 to 3; phase 2: terms 4 and 5)"))
            form.addRow(_("Programme term"), self.term)
        self.teacher = QLineEdit(defaults.teacher)
        form.addRow(_("Teacher or speaker"), self.teacher)
        self.venue = QLineEdit(defaults.venue)
        form.addRow(_("Venue"), self.venue)

    def session_input(self, date: dt.date) -> SessionInput:
        return SessionInput(date=date, start_time=self.start_time.time(),
                            end_time=self.end_time.time(), content=self.content.text(),
                            periods=self.periods.value() or None, teacher=self.teacher.text(),
                            venue=self.venue.text(),
                            literacy_term=self.term.currentData() if self.term is not None else None)

    def session_field_map(self) -> dict[str, QWidget]:
        fields: dict[str, QWidget] = {
            "start_time": self.start_time, "end_time": self.end_time, "content": self.content,
            "periods": self.periods, "teacher": self.teacher, "venue": self.venue}
        if self.term is not None:
            fields["literacy_term"] = self.term
        return fields


class SessionDialog(FormDialog, _SessionFields):
    """Add a session to a class (session None) or edit one; `saved` holds it after Save."""

    def __init__(self, db: Database, activity_id: str, session: SessionInfo | None = None, *,
                 defaults: SessionInput | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.activity_id = activity_id
        self.session = session
        self.saved: SessionInfo | None = None
        self.setWindowTitle(_("Edit session") if session else _("Add a session"))
        self.setMinimumWidth(520)
        if session is not None:
            defaults = SessionInput(session.date, session.start_time, session.end_time,
                                    session.content, session.periods, session.teacher, session.venue,
                                    session.literacy_term)
        defaults = defaults or SessionInput(dt.date.today())
        form = QFormLayout()
        self.date = DateField(defaults.date)
        form.addRow(_("Date *"), self.date)
        # read on the database worker; the dialog waits for it, so it opens as before
        _loaded, kind = load_on_worker(self, lambda: get_activity(db, activity_id).kind,
                                       title=self.windowTitle(), what="activity")
        self.build_session_fields(form, defaults, kind or "")
        self.fields = {"date": self.date, **self.session_field_map()}
        buttons = self.save_buttons(_("Save"))[0]
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.date.setFocus()
        self.date.selectAll()

    def accept(self) -> None:
        self.save_and_close(self._save)

    def _save(self) -> bool:
        date = self.read_date("date")
        if date is None:
            raise ValidationError(_("Enter the date of the session."), "date")
        data = self.session_input(date)

        def save(confirmed: bool) -> SessionInfo:
            if self.session is None:
                return add_session(self.db, self.activity_id, data,
                                   confirm_outside_period=confirmed)
            return update_session(self.db, self.session.id, data,
                                  confirm_outside_period=confirmed)

        saved = save_outside_period_if_confirmed(self, save)
        if saved is None:
            return False
        self.saved = saved
        return True


class SeriesDialog(FormDialog, _SessionFields):
    """Make a session on chosen weekdays between two dates; dates that have one are skipped."""

    def __init__(self, db: Database, activity_id: str, *, start: dt.date, end: dt.date,
                 defaults: SessionInput | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.activity_id = activity_id
        self.created: list[SessionInfo] = []
        self.setWindowTitle(_("Weekly series of sessions"))
        self.setMinimumWidth(600)
        # read on the database worker; the dialog waits for them, so it opens as before
        loaded, found = load_on_worker(self, lambda: (get_activity(db, activity_id).kind,
                                                      {s.date for s in list_sessions(db, activity_id)}),
                                       title=self.windowTitle(), what="activity")
        kind, self._taken = found if loaded and found is not None else ("", set())
        form = QFormLayout()
        self.start_date = DateField(start)
        self.end_date = DateField(end)
        period = QHBoxLayout()
        period.addWidget(self.start_date)
        period.addWidget(QLabel("–"))
        period.addWidget(self.end_date)
        period.addStretch(1)
        period_caption = QLabel(_("From – to *"))
        period_caption.setBuddy(self.start_date)
        form.addRow(period_caption, period)
        self.weekday_boxes: list[QCheckBox] = []
        days = QHBoxLayout()
        for index in range(7):
            box = QCheckBox(weekday_short(index))
            box.setToolTip(weekday_long(index))
            days.addWidget(box)
            self.weekday_boxes.append(box)
        days.addStretch(1)
        days_caption = QLabel(_("On *"))
        days_caption.setBuddy(self.weekday_boxes[0])
        form.addRow(days_caption, days)
        self.build_session_fields(form, defaults or SessionInput(start), kind)
        self.fields = {"start_date": self.start_date, "end_date": self.end_date,
                       "weekdays": self.weekday_boxes[0], **self.session_field_map()}
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setObjectName("preview")
        buttons, self.ok_button = self.save_buttons(_("Create sessions"))
        hint = QLabel(_("Tick the weekdays with Tab and Space. Dates that already have a session "
                        "are skipped."))
        hint.setObjectName("legend")
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.preview)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.start_date.textChanged.connect(self.update_preview)
        self.end_date.textChanged.connect(self.update_preview)
        for box in self.weekday_boxes:
            box.toggled.connect(self.update_preview)
        self.update_preview()
        self.start_date.setFocus()
        self.start_date.selectAll()

    def weekdays(self) -> set[int]:
        return {index for index, box in enumerate(self.weekday_boxes) if box.isChecked()}

    def planned_dates(self) -> list[dt.date]:
        """The new dates the series would make; ValidationError when it cannot."""
        start, end = self.read_date("start_date"), self.read_date("end_date")
        if start is None:
            raise ValidationError(_("Enter the first date of the series."), "start_date")
        if end is None:
            raise ValidationError(_("Enter the last date of the series."), "end_date")
        return [day for day in series_dates(start, end, self.weekdays()) if day not in self._taken]

    def update_preview(self) -> None:
        try:
            all_dates = self.planned_dates()
        except ValidationError as error:
            self.preview.setStyleSheet(ERROR_STYLE)
            self.preview.setText(error.message)
            self.ok_button.setText(_("Create sessions"))
            self.ok_button.setEnabled(False)
            return
        start, end = self.read_date("start_date"), self.read_date("end_date")
        assert start is not None and end is not None
        skipped = len(series_dates(start, end, self.weekdays())) - len(all_dates)
        self.preview.setStyleSheet("")
        parts = []
        if all_dates:
            count = ngettext("{count} new session", "{count} new sessions",
                             len(all_dates)).format(count=len(all_dates))
            if len(all_dates) == 1:
                parts.append(f"{count}: {format_date(all_dates[0])}.")
            else:
                parts.append(count + ", " + _("from {first} to {last}.").format(
                    first=format_date(all_dates[0]), last=format_date(all_dates[-1])))
        else:
            parts.append(_("No new sessions: every chosen date already has one."))
        if skipped:
            parts.append(ngettext("{count} date already has a session and is skipped.",
                                  "{count} dates already have a session and are skipped.",
                                  skipped).format(count=skipped))
        self.preview.setText(" ".join(parts))
        self.ok_button.setText(ngettext("Create {count} session", "Create {count} sessions",
                                        len(all_dates)).format(count=len(all_dates)))
        self.ok_button.setEnabled(bool(all_dates))

    def accept(self) -> None:
        self.save_and_close(self._save)

    def _save(self) -> bool:
        start, end = self.read_date("start_date"), self.read_date("end_date")
        if start is None or end is None:
            self.planned_dates()  # raises the right message
            return False
        template = self.session_input(start)
        created = save_outside_period_if_confirmed(self, lambda confirmed: generate_sessions(
            self.db, self.activity_id, start, end, self.weekdays(), template,
            confirm_outside_period=confirmed))
        if created is None:
            return False
        self.created = created
        return True
