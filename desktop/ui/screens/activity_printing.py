"""Printing from the classes-and-talks screen: the class list, a talk's sign-in sheet, the register."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDialog

from desktop.i18n import _
from desktop.services import documents as document_service
from desktop.ui.print_preview import PeriodDialog, PrintJob, file_name, start_print


class PrintingPart:
    """The print actions of ActivitiesScreen."""

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
