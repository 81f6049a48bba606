"""Báo cáo: the periodic report for a month, quarter, term, school year, year, the Lifelong
Learning Week or any dates: its tables, charts, the classes behind a figure, the texts the user
writes, and the PDF and Excel files. At an office, every centre and the totals, or one centre.

The figures are the services' (`services.reports.build_report`), counted off the GUI thread; a
result that arrives for a period no longer chosen is dropped.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.formatting import format_integer, month_name
from desktop.i18n import _
from desktop.progress import Cancelled, Progress
from desktop.reports import labels
from desktop.reports.indicators import CentreReport
from desktop.reports.model import ATTENDED, ENROLMENT
from desktop.reports.periodic import PeriodicReport
from desktop.ui.activity_dialog import DateField
from desktop.ui.database_call import load_on_worker, save_on_worker
from desktop.ui.messages import inform, show_error
from desktop.ui.report_charts import BarChart, ShareBars
from desktop.ui.screens.base import Screen
from desktop.ui.screens.report_drilldown import FiguresDrillDown
from desktop.ui.screens.report_tables import period_text
from desktop.ui.tasks import BackgroundTask
from desktop.ui.widgets.actions import shortcut_action
from desktop.ui.widgets.figures_table import figures_table, fill_table

KINDS = ("month", "quarter", "term", "school_year", "year", "learning_week", "custom")
ERROR_STYLE = "color: #b00020;"
ALL_CENTRES = ""


class ReportsScreen(Screen, FiguresDrillDown):
    def __init__(self, db, navigator=None, parent=None, *, today: dt.date | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(db, navigator, parent)
        self._today = today or dt.date.today()
        self.report: PeriodicReport | None = None
        self.task: BackgroundTask | None = None
        self._asked: tuple[str, str, str] | None = None
        self.error: str = ""

        title = QLabel(_("Reports"))
        title.setObjectName("screenTitle")
        self.kind = QComboBox()
        self.kind.setObjectName("reportKind")
        for key, label in zip(KINDS, (_("Month"), _("Quarter"), _("Term"), _("School year"), _("Calendar year"),
                                      _("Lifelong Learning Week"), _("Other dates")), strict=True):
            self.kind.addItem(label, key)
        self.year = QSpinBox()
        self.year.setObjectName("reportYear")
        self.year.setRange(1990, 2100)
        self.year.setValue(self._today.year)
        self.part = QComboBox()
        self.part.setObjectName("reportPart")
        self.first, self.last = DateField(), DateField()
        self.counting = QComboBox()
        self.counting.setObjectName("reportCounting")
        self.counting.addItem(_("Participant-times: sessions attended"), ATTENDED)
        self.counting.addItem(_("Participant-times: enrolments"), ENROLMENT)
        self.counting.setToolTip(_("How a participant-time is counted; saved, and stated on every report."))
        self.centre = QComboBox()
        self.centre.setObjectName("reportCentre")
        self.centre.addItem(_("All centres"), ALL_CENTRES)
        self.centre.setVisible(False)  # an office's filter, shown once its centres are known
        self.show_button = QPushButton(_("Show"))
        self.show_action = shortcut_action(self, _("Show the report for this period"), "F5", self.compute,
                                           button=self.show_button)

        picker = QHBoxLayout()
        picker.addWidget(title)
        picker.addSpacing(12)
        for widget in (self.kind, self.year, self.part, self.first, self.last, self.show_button):
            picker.addWidget(widget)
        picker.addStretch(1)
        options = QHBoxLayout()
        options.addWidget(self.counting)
        options.addWidget(self.centre)
        options.addStretch(1)
        self.texts_button = QPushButton(_("Write the assessment…"))
        self.texts_button.setToolTip(_("Situation, assessment, direction and recipients, kept for this period"))
        self.texts_button.clicked.connect(self.edit_texts)
        self.records_button = QPushButton(_("Classes and talks…"))
        self.records_button.setToolTip(_("The classes and talks behind the figures"))
        self.records_button.clicked.connect(lambda: self.show_records(None))
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.clicked.connect(lambda: self._ask_export("pdf"))
        self.xlsx_button = QPushButton(_("Save as Excel…"))
        self.xlsx_button.clicked.connect(lambda: self._ask_export("xlsx"))
        for button in (self.texts_button, self.records_button, self.pdf_button, self.xlsx_button):
            options.addWidget(button)
            button.setEnabled(False)

        self.status = QLabel(_("Choose the period, then press Show (F5)."))
        self.status.setObjectName("reportStatus")
        self.status.setWordWrap(True)
        self.rule = QLabel()
        self.rule.setObjectName("reportRule")
        self.rule.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("reportWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(ERROR_STYLE)
        self.warnings.setVisible(False)
        for label in (self.status, self.rule, self.warnings):
            # wrapped labels must get the height their lines need, never be squeezed by the tables
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.topics = figures_table("reportTopics", [_("Topic group"), _("Classes and talks"), _("Sessions"),
                                              _("Participant-times"), _("Women"), _("Ethnic minority"),
                                              _("Rural workers")])
        self.topics.setToolTip(_("Double-click a topic group to see its classes and talks."))
        self.topics.cellDoubleClicked.connect(self._topic_clicked)
        self.people = figures_table("reportPeople", ["", _("Participant-times"), _("Learners")])
        self.people.setToolTip(_("Double-click a line to see the learners behind it."))
        self.people.cellDoubleClicked.connect(self._people_clicked)
        self._people_rows: list[tuple[str, str]] = []
        self.literacy = figures_table("reportLiteracy", [
            _("Class"), _("Periods taught in the period"), _("Periods taught to date"), _("Planned periods"),
            _("Programme periods")])
        self.literacy_terms = figures_table("reportLiteracyTerms", [_("Phase"), _("Programme term"), _("Learners")])
        literacy_page = QSplitter(Qt.Orientation.Vertical)  # by phase and term above, by class below
        literacy_page.addWidget(self.literacy_terms)
        literacy_page.addWidget(self.literacy)
        self.books = figures_table("reportBooks", [_("Indicator"), _("Number")])
        self.poor = figures_table("reportPoor", [_("Learner"), _("Village"), _("Class"), _("Sessions attended"),
                                          _("Sessions marked")])
        self.centres = figures_table("reportCentres", [_("Centre"), _("Classes and talks"), _("Sessions"),
                                                _("Participant-times"), _("Women"), _("Ethnic minority"),
                                                _("Learners"), _("Book loans")])
        self.centres.setToolTip(_("Double-click a centre to see its report alone."))
        self.centres.cellDoubleClicked.connect(self._centre_clicked)
        self.month_chart = BarChart(_("Participant-times by month"))
        self.topic_chart = BarChart(_("Participant-times by topic group"), horizontal=True)
        self.share_chart = ShareBars(_("Shares among participant-times"))
        charts = QWidget()
        chart_layout = QVBoxLayout(charts)
        for widget in (self.month_chart, self.topic_chart, self.share_chart):
            chart_layout.addWidget(widget)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportTabs")
        self.tabs.addTab(self.topics, _("By topic group"))
        self.tabs.addTab(scroll, _("Charts"))
        self.tabs.addTab(self.people, _("Participants"))
        self.tabs.addTab(literacy_page, _("Literacy"))
        self.tabs.addTab(self.books, _("Book cabinet"))
        self.tabs.addTab(self.poor, _("Poor attendance"))
        from desktop.ui.society.report_tab import SocietyReportTab

        self.society = SocietyReportTab()
        self.tabs.addTab(self.society, _("Learning society"))
        self._centres_tab = self.tabs.addTab(self.centres, _("By centre"))
        self.tabs.setTabVisible(self._centres_tab, False)

        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addLayout(options)
        layout.addWidget(self.warnings)
        layout.addWidget(self.status)
        layout.addWidget(self.rule)
        layout.addWidget(self.tabs, 1)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.counting.currentIndexChanged.connect(self._counting_changed)
        self._kind_changed()
        self.part.setCurrentIndex(self._today.month - 1)

    # the picker -------------------------------------------------------------------------------
    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.part.clear()
        if kind == "month":
            self.part.addItems([month_name(month) for month in range(1, 13)])
        elif kind == "quarter":
            self.part.addItems([_("Quarter {quarter}").format(quarter=quarter) for quarter in range(1, 5)])
        elif kind == "term":
            self.part.addItems([_("Term 1"), _("Term 2")])
        self.part.setVisible(kind in ("month", "quarter", "term"))
        self.year.setVisible(kind != "custom")
        self.year.setPrefix(_("School year from") + " " if kind in ("term", "school_year") else "")
        self.first.setVisible(kind == "custom")
        self.last.setVisible(kind == "custom")

    def chosen_period_text(self) -> str:
        first = last = None
        if self.kind.currentData() == "custom":
            try:
                first, last = self.first.date(), self.last.date()
            except ValueError as error:
                raise UserError(str(error)) from None
        return period_text(self.kind.currentData(), self.year.value(), self.part.currentIndex() + 1, first, last)

    def _counting_changed(self) -> None:
        from desktop.services.reports import set_counting

        db, counting = self.db, self.counting.currentData()
        saved, _result = save_on_worker(self, lambda: set_counting(db, counting), title=_("Reports"))
        if saved and self.report is not None:
            self.compute()

    # loading ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        from desktop.services.reports import get_counting

        db = self.db
        loaded, counting = load_on_worker(self, lambda: get_counting(db), title=_("Reports"), what="counting")
        if not loaded:
            return
        self.counting.blockSignals(True)
        self.counting.setCurrentIndex(max(self.counting.findData(counting), 0))
        self.counting.blockSignals(False)
        if self.report is not None:
            self.compute()

    def is_busy(self) -> bool:
        return self.task is not None

    def compute(self) -> None:
        try:
            text = self.chosen_period_text()
        except UserError as error:
            self._show_error(error.message)
            return
        asked = (text, self.counting.currentData(), self.centre.currentData() or "")
        self._asked = asked
        db, today = self.db, self._today

        def work(_progress: object) -> PeriodicReport:
            from desktop.services.reports import build_report, read_period

            return build_report(db, read_period(db, asked[0]), counting=asked[1], centre_code=asked[2] or None,
                                as_of=today)

        def done(report: PeriodicReport) -> None:
            self.task = None
            if self._asked == asked:
                self.show_report(report)

        def failed(error: Exception) -> None:
            self.task = None
            if isinstance(error, UserError):
                self._show_error(error.message)
            else:
                show_error(self, error)

        self.status.setText(_("Counting…"))
        self.task = BackgroundTask(self, _("Reports"), work, on_success=done, on_error=failed).start()

    def _show_error(self, message: str) -> None:
        self.error = message
        self.status.setText(message)
        self.status.setStyleSheet(ERROR_STYLE)

    # showing ----------------------------------------------------------------------------------
    def show_report(self, report: PeriodicReport) -> None:
        self.report, self.error = report, ""
        total = report.total
        times, unique = total.participant_times, total.unique_learners
        self.status.setStyleSheet("")
        self.status.setText(
            _("{period}: {classes} classes and talks, {sessions} sessions, {times} participant-times "
              "({women} women, {minority} ethnic minority), {learners} learners, {loans} book loans.").format(
                period=report.period_label, classes=format_integer(total.classes_total),
                sessions=format_integer(total.sessions_total), times=format_integer(times.total),
                women=format_integer(times.women), minority=format_integer(times.minority),
                learners=format_integer(unique.total), loans=format_integer(total.books.loans)))
        self.rule.setText(labels.counting_rule(report.counting))
        self.warnings.setText("\n".join(report.warnings))
        self.warnings.setVisible(bool(report.warnings))
        rows: list[list[object]] = [
            [labels.topic_label(line.topic), line.classes, line.sessions, line.participant_times, line.women,
             line.minority, line.rural_workers] for line in total.topic_lines]
        rows.append([_("Total"), total.classes_total, total.sessions_total, times.total, times.women,
                     times.minority, times.rural_workers])
        fill_table(self.topics, rows)
        self._fill_people(total)
        fill_table(self.literacy, [[f"{line.code} {line.name}", line.periods_in_period, line.periods_to_date,
                               line.planned_periods, line.programme_periods] for line in total.literacy.lines])
        fill_table(self.literacy_terms, [list(line) for line in labels.term_rows(total.literacy.learners_by_term)])
        books = total.books
        fill_table(self.books, [[_("Titles"), books.titles_total], [_("Copies"), books.copies_total],
                           [_("New titles in the period"), books.titles_new],
                           [_("New copies in the period"), books.copies_new], [_("Loans"), books.loans],
                           *([labels.subject_label(item.code), item.loans] for item in books.loans_by_class),
                           [_("Registered readers"), books.readers_total], [_("New readers"), books.readers_new],
                           [_("Reader visits"), books.reader_visits], [_("Copies lost"), books.lost_copies],
                           [_("Copies damaged"), books.damaged_copies]])
        fill_table(self.poor, [[item.full_name, labels.village_label(item.village),
                           f"{item.activity_code} {item.activity_name}", item.attended, item.marked]
                          for item in total.poor_attendance])
        self.month_chart.set_bars([(labels.month_label(key := f"{year}-{month:02d}"), total.by_month.get(key, 0))
                                   for year, month in report.period.months()])
        self.topic_chart.set_bars([(labels.topic_label(line.topic), line.participant_times)
                                   for line in total.topic_lines])
        self.share_chart.set_shares([(_("Women"), times.women, times.total),
                                     (_("Ethnic minority"), times.minority, times.total),
                                     (_("Rural workers"), times.rural_workers, times.total)])
        self._show_centres(report)
        self.society.show_report(report)
        for button in (self.texts_button, self.records_button, self.pdf_button, self.xlsx_button):
            button.setEnabled(True)

    def _fill_people(self, total: CentreReport) -> None:
        times, unique = total.participant_times, total.unique_learners
        rows: list[list[object]] = [
            [_("Total"), times.total, unique.total], [_("Women"), times.women, unique.women],
            [_("Ethnic minority"), times.minority, unique.minority],
            [_("Rural workers"), times.rural_workers, unique.rural_workers],
            *([labels.band_label(key), times.age_bands.get(key, 0), unique.age_bands.get(key, 0)]
              for key in labels.band_keys())]
        villages = sorted(set(times.villages) | set(unique.villages), key=lambda name: (name == "", name))
        rows += [[labels.village_label(name), times.villages.get(name, 0), unique.villages.get(name, 0)]
                 for name in villages]
        self._people_rows = [("all", ""), ("woman", ""), ("minority", ""), ("rural", ""),
                             *(("band", key) for key in labels.band_keys()), *(("village", name) for name in villages)]
        fill_table(self.people, rows)

    def _show_centres(self, report: PeriodicReport) -> None:
        self.tabs.setTabVisible(self._centres_tab, report.office)
        self.centre.setVisible(report.office)
        if not report.office:
            return
        known = {self.centre.itemData(index) for index in range(self.centre.count())}
        for centre in report.centres:
            code = ", ".join(centre.codes)
            if code not in known:
                self.centre.addItem(f"{code} {centre.name}", code)
        fill_table(self.centres, [[f"{', '.join(centre.codes)} {centre.name}", centre.classes_total,
                              centre.sessions_total, centre.participant_times.total, centre.participant_times.women,
                              centre.participant_times.minority, centre.unique_learners.total, centre.books.loans]
                             for centre in report.centres])

    # drill-down, texts, files -----------------------------------------------------------------
    def _topic_clicked(self, row: int, _column: int) -> None:
        if self.report is not None and row < len(self.report.total.topic_lines):
            self.show_records(self.report.total.topic_lines[row].topic)

    def _centre_clicked(self, row: int, _column: int) -> None:
        if self.report is not None and row < len(self.report.centres):
            self.centre.setCurrentIndex(self.centre.findData(", ".join(self.report.centres[row].codes)))
            self.compute()

    def _people_clicked(self, row: int, _column: int) -> None:
        if self.report is None:
            return
        meaning = self._people_rows[row] if row < len(self._people_rows) else ("all", "")
        label = self.people.item(row, 0).text()
        self.show_behind("learners", f"{self.report.period_label} — {label}", keep=meaning)

    def edit_texts(self) -> None:
        from desktop.services.reports import load_report_texts, save_report_texts
        from desktop.ui.report_dialogs import TextsDialog

        if self.report is None:
            return
        db, period = self.db, self.report.period
        loaded, texts = load_on_worker(self, lambda: load_report_texts(db, period), title=_("Reports"),
                                       what="texts")
        if not loaded or texts is None:
            return
        dialog = TextsDialog(self.report.period_label, texts, self)
        if dialog.exec():
            written = dialog.texts()
            save_on_worker(self, lambda: save_report_texts(db, period, written), title=_("Reports"))

    def _ask_export(self, fmt: str) -> None:
        if self.report is None:
            return
        suffix, kind = (".pdf", _("PDF document (*.pdf)")) if fmt == "pdf" else (".xlsx", _("Excel workbook (*.xlsx)"))
        name, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), f"bao-cao-{self.report.period.key}"
                                                    + suffix, kind)
        if name:
            self.export(fmt, Path(name if name.endswith(suffix) else name + suffix))

    def export(self, fmt: str, path: Path) -> BackgroundTask | None:
        """Write the shown report's period as PDF or Excel, off the GUI thread with Cancel."""
        if self.report is None:
            return None
        db, period, today = self.db, self.report.period, self._today
        counting, centre = self.report.counting, self.centre.currentData() or None

        def work(progress: Progress) -> int:
            from desktop.printing.model import PrintCancelled
            from desktop.services.reports.export import export_report

            try:
                return export_report(db, period, fmt, path, centre_code=centre, counting=counting, as_of=today,
                                     progress=progress.report, cancel=lambda: progress.cancelled)
            except PrintCancelled:
                raise Cancelled() from None

        def done(_pages: object) -> None:
            self.export_task = None
            inform(self, _("Reports"), _("The report was saved: {path}").format(path=path))

        def failed(error: Exception) -> None:
            self.export_task = None
            show_error(self, error)

        self.export_task: BackgroundTask | None = BackgroundTask(
            self, _("Saving the report"), work, on_success=done, on_error=failed).start()
        return self.export_task

    def focus_start(self) -> None:
        self.kind.setFocus()
