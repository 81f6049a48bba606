"""The periodic report as an Excel workbook (.xlsx): one sheet per table, real numbers, and the
totals as formulas, because offices rework the figures in Excel."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, Any

from desktop.i18n import _
from desktop.reports import labels
from desktop.reports.indicators import CentreReport, Split
from desktop.reports.periodic import PeriodicReport
from desktop.reports.society import LEARNING_MODELS, SocietyFigures, model_label, model_short_label

Output = str | os.PathLike[str] | IO[bytes]
Row = Sequence[Any]


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


class _Sheets:
    def __init__(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook()
        self._first = True

    def table(self, title: str, heading: str, header: Row, rows: Sequence[Row], *,
              total_label: str | None = None, total_from: int = 2) -> Any:
        """A sheet: a heading line, the header row, the rows, and (with total_label) a totals row
        of SUM formulas over the numeric columns from `total_from` (1-based)."""
        from openpyxl.styles import Alignment, Font, PatternFill

        sheet = self.book.active if self._first else self.book.create_sheet()
        self._first = False
        sheet.title = title[:31]
        sheet.append([heading])
        sheet["A1"].font = Font(bold=True, size=12)
        sheet.append(list(header))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="E6E6E6")
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for row in rows:
            sheet.append(list(row))
        if total_label is not None:
            first, last = 3, 2 + len(rows)
            totals: list[Any] = [total_label] + [""] * (total_from - 2)
            for column in range(total_from, len(header) + 1):
                letter = _column(column)
                totals.append(f"=SUM({letter}{first}:{letter}{last})" if rows else 0)
            sheet.append(totals)
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        widths = [max([len(str(header[i]))] + [len(str(row[i])) for row in rows if i < len(row)]) for i in
                  range(len(header))]
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[_column(index)].width = min(max(width + 2, 8), 60)
        sheet.freeze_panes = "A3"
        return sheet


def _split_rows(times: Split, unique: Split) -> list[Row]:
    rows: list[Row] = [
        [_("Total"), times.total, unique.total],
        [_("Women"), times.women, unique.women],
        [_("Ethnic minority"), times.minority, unique.minority],
        [_("Rural workers"), times.rural_workers, unique.rural_workers],
    ]
    rows += [[labels.band_label(key), times.age_bands.get(key, 0), unique.age_bands.get(key, 0)]
             for key in labels.band_keys()]
    return rows


def write_workbook(report: PeriodicReport, out: Output) -> None:
    """Write the report's tables to out (a path or a binary file)."""
    sheets = _Sheets()
    total = report.total
    heading = f"{report.issuer.name} — {report.period_label}"
    summary = [
        [_("Classes and talks held"), total.classes_total],
        [_("of which topic talks"), total.talks_total],
        [_("Sessions held"), total.sessions_total],
        [_("Participant-times"), total.participant_times.total],
        [_("of which women"), total.participant_times.women],
        [_("of which ethnic minority"), total.participant_times.minority],
        [_("of which rural workers"), total.participant_times.rural_workers],
        [_("Learners (each counted once)"), total.unique_learners.total],
        [_("Book loans"), total.books.loans],
        [_("Learners with poor attendance"), len(total.poor_attendance)],
    ]
    sheet = sheets.table(_("Summary"), heading, [_("Indicator"), _("Number")], summary)
    sheet.append([])
    sheet.append([labels.counting_rule(report.counting)])
    for line in report.warnings:
        sheet.append([line])

    centre_header = [_("Commune code"), _("Centre"), _("Classes and talks"), _("Sessions"), _("Participant-times"),
                     _("Women"), _("Ethnic minority"), _("Rural workers"), _("Learners"), _("Book loans")]
    sheets.table(_("By centre"), heading, centre_header, [_centre_row(centre) for centre in report.centres],
                 total_label=_("Total"), total_from=3)

    topic_header = [_("Topic group"), _("Classes and talks"), _("Sessions"), _("Participant-times"), _("Women"),
                    _("Ethnic minority"), _("Rural workers")]
    sheets.table(_("By topic group"), heading, topic_header,
                 [[labels.topic_label(line.topic), line.classes, line.sessions, line.participant_times, line.women,
                   line.minority, line.rural_workers] for line in total.topic_lines], total_label=_("Total"))

    sheets.table(_("By kind"), heading, [_("Kind"), _("Classes and talks"), _("Sessions"), _("Participant-times")],
                 [[labels.kind_label(kind), total.classes_by_kind.get(kind, 0), total.sessions_by_kind.get(kind, 0),
                   total.participant_times.kinds.get(kind, 0)] for kind in sorted(total.classes_by_kind)],
                 total_label=_("Total"))

    months = [key for key in _months(report)]
    sheets.table(_("By month"), heading, [_("Month"), _("Participant-times")],
                 [[labels.month_label(key), total.by_month.get(key, 0)] for key in months], total_label=_("Total"))

    sheets.table(_("Participants"), heading, ["", _("Participant-times"), _("Learners")],
                 _split_rows(total.participant_times, total.unique_learners))

    villages = sorted(set(total.participant_times.villages) | set(total.unique_learners.villages),
                      key=lambda name: (name == "", name))
    sheets.table(_("By village"), heading, [_("Village"), _("Participant-times"), _("Learners")],
                 [[labels.village_label(name), total.participant_times.villages.get(name, 0),
                   total.unique_learners.villages.get(name, 0)] for name in villages])

    literacy = total.literacy
    sheets.table(_("Literacy"), heading,
                 [_("Code"), _("Class"), _("Phase"), _("Periods taught in the period"), _("Periods taught to date"),
                  _("Planned periods"), _("Programme periods")],
                 [[line.code, line.name, labels.phase_label(line.kind), line.periods_in_period, line.periods_to_date,
                   line.planned_periods, line.programme_periods] for line in literacy.lines],
                 total_label=_("Total"), total_from=4)
    sheets.table(_("Literacy learners"), heading, [_("Phase"), _("Classes"), _("Learners"), _("Completed")],
                 [[labels.phase_label(kind), literacy.classes.get(kind, 0), literacy.learners.get(kind, 0),
                   literacy.completions.get(kind, 0)] for kind in sorted(literacy.classes)], total_label=_("Total"))
    # no totals row: a class that moved on to its next term in the period has its learners in both
    sheets.table(_("Literacy by term"), heading, [_("Phase"), _("Term"), _("Learners")],
                 [list(line) for line in labels.term_rows(literacy.learners_by_term)])

    books = total.books
    sheets.table(_("Book cabinet"), heading, [_("Indicator"), _("Number")], [
        [_("Titles"), books.titles_total], [_("Copies"), books.copies_total],
        [_("New titles in the period"), books.titles_new], [_("New copies in the period"), books.copies_new],
        [_("Loans"), books.loans], [_("Registered readers"), books.readers_total],
        [_("New readers"), books.readers_new], [_("Reader visits"), books.reader_visits],
        [_("Copies lost"), books.lost_copies], [_("Copies damaged"), books.damaged_copies]])
    sheets.table(_("Loans by subject"), heading, [_("Subject"), _("Loans")],
                 [[labels.subject_label(item.code), item.loans] for item in books.loans_by_class],
                 total_label=_("Total"))

    society = total.society
    verdict = {True: _("met"), False: _("missed"), None: ""}
    sheets.table(_("Learning models"), heading,
                 [_("Learning model"), _("Registered"), _("Recognised"), _("Target (%)"), _("Result"),
                  _("Could register"), _("Register target (%)"), _("Result (registering)")],
                 [[model_label(item.model), item.registered, item.recognised, item.target, verdict[item.met],
                   item.eligible, item.register_target, verdict[item.register_met]] for item in society.models])
    fund = society.fund
    sheets.table(_("Study-promotion fund"), heading, [_("Indicator"), _("Amount (đồng)")], [
        [_("Balance brought forward"), fund.opening], [_("Receipts in the period"), fund.receipts],
        [_("of which in kind (value)"), fund.receipts_in_kind], [_("Payments in the period"), fund.payments],
        [_("of which advances beyond the balance"), fund.advances],
        [_("Balance at the end of the period"), fund.balance]])

    if report.office:
        sheets.table(_("Learning society by centre"), heading, [
            _("Commune code"), _("Centre"),
            *(f"{model_short_label(model)}: {label}" for model in LEARNING_MODELS
              for label in (_("Registered"), _("Recognised"))),
            _("Receipts in the period"), _("Payments in the period"), _("Balance at the end of the period")],
            [_society_row(", ".join(centre.codes), centre.name, centre.society) for centre in report.centres],
            total_label=_("Total"), total_from=3)

    sheets.table(_("Poor attendance"), heading,
                 [_("Learner"), _("Village"), _("Class"), _("Sessions attended"), _("Sessions marked")],
                 [[item.full_name, labels.village_label(item.village), f"{item.activity_code} {item.activity_name}",
                   item.attended, item.marked] for item in total.poor_attendance])
    sheets.book.save(out)


def _society_row(code: str, name: str, society: SocietyFigures) -> Row:
    by_model = {item.model: item for item in society.models}
    return [code, name, *(value for model in LEARNING_MODELS
                          for value in (by_model[model].registered, by_model[model].recognised)),
            society.fund.receipts, society.fund.payments, society.fund.balance]


def _centre_row(centre: CentreReport) -> Row:
    return [", ".join(centre.codes), centre.name, centre.classes_total, centre.sessions_total,
            centre.participant_times.total, centre.participant_times.women, centre.participant_times.minority,
            centre.participant_times.rural_workers, centre.unique_learners.total, centre.books.loans]


def _months(report: PeriodicReport) -> list[str]:
    return [f"{year}-{month:02d}" for year, month in report.period.months()]


def write_list_workbook(title: str, heading: str, header: Sequence[str], rows: Sequence[Row], out: Output, *,
                        total_from: int | None = None) -> None:
    """One table (the records behind a figure) as a workbook, with SUM totals from `total_from`."""
    sheets = _Sheets()
    sheets.table(title, heading, header, rows, total_label=_("Total") if total_from else None,
                 total_from=total_from or 2)
    sheets.book.save(out)
