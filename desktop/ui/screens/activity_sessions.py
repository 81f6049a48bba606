"""The sessions panel of the classes-and-talks screen: add, edit, generate, cancel, delete, take attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.reference.activities import LITERACY_TERMS
from desktop.services.activities import (
    SessionInfo,
    SessionInput,
    delete_session,
    set_session_cancelled,
)
from desktop.ui.database_call import save_on_worker
from desktop.ui.messages import confirm, show_error
from desktop.ui.models.activity_tables import SessionModel
from desktop.ui.screens.activity_widgets import (
    empty_label,
    month_end,
    note_label,
    plain_table,
    screen_button,
)
from desktop.ui.session_dialogs import SeriesDialog, SessionDialog, weekday_long
from desktop.ui.widgets.record_table import fit_columns


class SessionsPart:
    """The sessions tab of ActivitiesScreen (its db, current class and messages are the screen's)."""

    def _build_sessions_tab(self) -> QWidget:
        self.add_session_button = screen_button(_("Add session…"), _("Add one session"), "Ctrl+Shift+N",
                                          self.add_session)
        self.series_button = screen_button(_("Weekly series…"), _("Create sessions on chosen weekdays "
                                     "between two dates"), "Ctrl+G", self.generate_series)
        self.edit_session_button = screen_button(_("Edit session"), _("Edit the chosen session"), "Enter",
                                           self.edit_session)
        self.cancel_session_button = screen_button(_("Cancel session"), _("Cancel the chosen session, or "
                                             "restore a cancelled one"), "Ctrl+Shift+X",
                                             self.toggle_cancelled)
        self.delete_session_button = screen_button(_("Delete session"), _("Delete a session entered by "
                                             "mistake"), "Del", self.delete_session)
        self.attendance_button = screen_button(_("Take attendance"), _("Open the attendance sheet for the "
                                         "chosen session's month"), "Ctrl+T", self.take_attendance)
        self.session_note = note_label()
        bar = QHBoxLayout()
        for widget in (self.add_session_button, self.series_button, self.edit_session_button,
                       self.cancel_session_button, self.delete_session_button, self.attendance_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.session_model = SessionModel(lambda: self.today(), self)
        self.session_table = plain_table()
        self.session_table.setModel(self.session_model)
        fit_columns(self.session_table, self.session_model, SessionModel.CONTENT)
        self.session_table.activated.connect(lambda _index: self.edit_session())
        self.session_table.selectionModel().currentRowChanged.connect(self._update_session_buttons)
        self.sessions_empty = empty_label(_(
            "No sessions yet. Press Ctrl+Shift+N to add one, or Ctrl+G to create a weekly series "
            "between two dates."))
        self.session_stack = QStackedWidget()
        self.session_stack.addWidget(self.session_table)
        self.session_stack.addWidget(self.sessions_empty)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.session_note)  # its own line: six buttons leave no room beside them
        layout.addWidget(self.session_stack, 1)
        return page

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

    # --- sessions --------------------------------------------------------------------------

    def _session_defaults(self, date: dt.date) -> SessionInput:
        data = self.current
        if data is None:
            return SessionInput(date)
        venue = data.venue or self._villages.get(data.village_id or "", "")
        last = self.session_model.rows[-1] if self.session_model.rows else None
        terms = LITERACY_TERMS.get(data.kind, ())  # a literacy class goes on in its last session's term
        term = last.literacy_term if last else (terms[0] if terms else None)
        return SessionInput(date, last.start_time if last else "", last.end_time if last else "",
                            "", last.periods if last else None, data.teacher, venue, term)

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
        end = self.current.end_date or month_end(start)
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
        db = self.db
        changed, _none = save_on_worker(self, lambda: set_session_cancelled(db, session.id, not session.cancelled),
                                        title=_("Cancel session"))
        if not changed:
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
        db = self.db
        deleted, _none = save_on_worker(self, lambda: delete_session(db, session.id), title=_("Delete session"))
        if not deleted:
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
