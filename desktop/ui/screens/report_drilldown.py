"""The report screen's drill-down: the classes, sessions or learners behind a figure, read off
the GUI thread and shown in a list dialog that can be printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QComboBox

from desktop.i18n import _
from desktop.printing.record_list import RecordListData
from desktop.progress import Progress
from desktop.reports import labels
from desktop.reports.periodic import PeriodicReport
from desktop.reports.periods import period_label
from desktop.reports.record_lists import RecordTable
from desktop.store.database import Database
from desktop.ui.messages import show_error
from desktop.ui.screens.report_tables import keeps_learner
from desktop.ui.tasks import BackgroundTask


class FiguresDrillDown:
    """Part of ReportsScreen (a Screen): what it needs of the screen is declared here."""

    db: Database
    report: PeriodicReport | None
    centre: QComboBox
    _today: dt.date | None
    behind_task: BackgroundTask | None
    last_dialog: object

    def show_records(self, topic: str | None, *, modal: bool = True):  # type: ignore[no-untyped-def]
        """The classes and talks behind the figures (of one topic group, or all)."""
        from desktop.reports.record_lists import classes_table
        from desktop.ui.report_dialogs import classes_dialog

        if self.report is None:
            return None
        period = self.report.period
        lines = [line for line in self.report.total.activity_lines if topic is None or line.topic == topic]

        def subtitle() -> str:
            return period_label(period) + (f" — {labels.topic_label(topic)}" if topic is not None else "")

        dialog = classes_dialog(subtitle(), lines, lambda line: self.show_behind(
            "sessions", f"{period_label(period)} — {line.code} {line.name}",
            activity_id=line.activity_id, detail=f"{line.code} {line.name}"), self, printable=self._printable(
                lambda: _("Classes and talks behind the figures"), subtitle, lambda: classes_table(lines)))
        self._open(dialog, modal)
        return dialog

    def _printable(self, title: Callable[[], str], subtitle: Callable[[], str],
                   table: Callable[[], RecordTable]) -> Callable[[], RecordListData]:
        """A drill-down list to print, made on the printing worker in the document's language."""
        db, today = self.db, self._today

        def data() -> RecordListData:
            from desktop.services.reports.export import record_list_data

            return record_list_data(db, title(), subtitle(), table(), as_of=today)

        return data

    def show_behind(self, what: str, title: str, *, activity_id: str | None = None,
                    keep: tuple[str, str] = ("all", ""), modal: bool = True, detail: str = "") -> BackgroundTask | None:
        """The learners or sessions behind a figure, read off the GUI thread, in a list dialog;
        `detail`: what the sessions are of, under the period on the printed list."""
        if self.report is None:
            return None
        db, period, today = self.db, self.report.period, self._today
        counting, centre = self.report.counting, self.centre.currentData() or None

        def work(_progress: Progress) -> list[object]:
            from desktop.services.reports import records_behind

            return records_behind(db, period, what=what, activity_id=activity_id, centre_code=centre,
                                  counting=counting, as_of=today)

        def done(lines: list) -> None:  # type: ignore[type-arg]
            from desktop.reports.record_lists import learners_figure_label, learners_table, sessions_table
            from desktop.ui.report_dialogs import learners_dialog, sessions_dialog

            self.behind_task = None
            if what == "sessions":
                self._open(sessions_dialog(title, lines, self, printable=self._printable(
                    lambda: _("The sessions held"),
                    lambda: period_label(period) + (f" — {detail}" if detail else ""),
                    lambda: sessions_table(lines))), modal)
            else:
                kept = [line for line in lines if keeps_learner(keep, line)]
                self._open(learners_dialog(title, kept, self, printable=self._printable(
                    lambda: _("Learners behind the figures"),
                    lambda: f"{period_label(period)} — {learners_figure_label(keep)}",
                    lambda: learners_table(kept))), modal)

        def failed(error: Exception) -> None:
            self.behind_task = None
            show_error(self, error)

        self.behind_task: BackgroundTask | None = BackgroundTask(
            self, _("Reports"), work, on_success=done, on_error=failed).start()
        return self.behind_task

    def _open(self, dialog, modal: bool) -> None:  # type: ignore[no-untyped-def]
        self.last_dialog = dialog
        if modal:
            dialog.exec()
        else:
            dialog.show()
