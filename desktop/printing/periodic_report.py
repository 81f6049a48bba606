"""The periodic report (báo cáo định kỳ) as PDF, in the Decree 30 frame of the other documents:
I. situation, II. results (organisation, the table by topic group, participants, literacy, the
book cabinet, and at an office a table per centre), with charts; III. assessment; IV. direction;
the signature and the recipients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from desktop.formatting import format_decimal, format_money
from desktop.i18n import _
from desktop.printing.fonts import SERIF, font_name
from desktop.printing.frame import OfficialHeader, signature_block, title_block
from desktop.printing.grid import header_cell, integer_format, make_table
from desktop.printing.model import CancelCallback, DocumentHeader, ProgressCallback
from desktop.printing.pages import PORTRAIT, Footer, Output, build
from desktop.printing.report_charts import month_chart, share_chart, topic_chart
from desktop.printing.text import date_line, markup, nfc
from desktop.reports import labels
from desktop.reports.indicators import CentreReport
from desktop.reports.periodic import PeriodicReport
from desktop.reports.society import WeekReport, model_label

_BODY = ParagraphStyle("report-body", fontName=font_name(SERIF), fontSize=12, leading=16, alignment=TA_JUSTIFY,
                       firstLineIndent=28, spaceAfter=4)
_HEADING = ParagraphStyle("report-heading", fontName=font_name(SERIF, bold=True), fontSize=12, leading=16,
                          alignment=TA_LEFT, spaceBefore=8, spaceAfter=4)
_SUB = ParagraphStyle("report-sub", parent=_HEADING, fontName=font_name(SERIF, bold=True, italic=True),
                      spaceBefore=6)
_NOTE = ParagraphStyle("report-note", parent=_BODY, fontName=font_name(SERIF, italic=True), fontSize=10,
                       leading=13, firstLineIndent=0)
_BLANK = "…" * 60


def render_periodic_report(report: PeriodicReport, out: Output, *, progress: ProgressCallback | None = None,
                           cancel: CancelCallback | None = None) -> int:
    """Write the report as PDF to out; returns the number of pages."""
    setup = PORTRAIT
    width = setup.width
    header = DocumentHeader(issuing_body=report.issuer.body, centre_name=report.issuer.name,
                            place=report.issuer.place, signer_title=report.issuer.signer_title,
                            signer_name=report.issuer.signer_name,
                            recipients=report.texts.recipients or (
                                _("Archived at the office") if report.office else _("Archived at the centre"),), date=report.made_on)
    subject = (_("Results of the community learning centres' work") if report.office
               else _("Results of the community learning centre's work"))
    story: list[Flowable] = [
        OfficialHeader(header, date_line(header.place, header.date or dt.date.today())),
        *title_block(_("Periodic report"), [markup(subject), markup(report.period_label)]),
        Paragraph(markup(labels.counting_rule(report.counting)), _NOTE),
    ]
    for line in report.warnings:  # (DejaVu Serif has no warning sign: a dash leads each line)
        story.append(Paragraph("– " + markup(line), _NOTE))
    story += _section(_("I. SITUATION"), report.texts.situation)
    story.append(Paragraph(markup(_("II. RESULTS")), _HEADING))
    story += _results(report, width)
    story += _section(_("III. ASSESSMENT"), report.texts.assessment)
    story += _section(_("IV. DIRECTION AND TASKS FOR THE NEXT PERIOD"), report.texts.direction)
    story.append(signature_block(header, width))
    title = f"{_('Periodic report')} {report.period_label}"
    return build(story, out, Footer(setup, running_title=nfc(title)), title=title, progress=progress,
                 cancel=cancel)


def _section(heading: str, text: str) -> list[Flowable]:
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()] or [_BLANK, _BLANK]
    return [Paragraph(markup(heading), _HEADING), *(Paragraph(markup(line), _BODY) for line in paragraphs)]


def _results(report: PeriodicReport, width: float) -> list[Flowable]:
    n = integer_format()
    total = report.total
    times, unique = total.participant_times, total.unique_learners
    story: list[Flowable] = [
        Paragraph(markup(_("1. Organisation")), _SUB),
        Paragraph(markup(_(
            "In the period {classes} classes and talks were held (of which {talks} topic talks) in "
            "{sessions} sessions, with {times} participant-times: {women} by women, {minority} by ethnic "
            "minority people and {rural} by rural workers. {learners} learners took part, each counted once.")
            .format(classes=n(total.classes_total), talks=n(total.talks_total), sessions=n(total.sessions_total),
                    times=n(times.total), women=n(times.women), minority=n(times.minority),
                    rural=n(times.rural_workers), learners=n(unique.total))), _BODY),
        _topic_table(total, width),
    ]
    months = [(labels.month_label(f"{year}-{month:02d}"), total.by_month.get(f"{year}-{month:02d}", 0))
              for year, month in report.period.months()]
    charts: list[Flowable] = []
    if len(months) > 1:
        charts.append(month_chart(_("Participant-times by month"), months, width))
    charts.append(topic_chart(_("Participant-times by topic group"),
                              [(labels.topic_label(line.topic), line.participant_times) for line in total.topic_lines],
                              width))
    half = width / 2
    shares = Table([[share_chart(_("Women among participant-times"), _("Women"), times.women, _("Men and not recorded"),
                                 times.total, half),
                     share_chart(_("Ethnic minority among participant-times"), _("Ethnic minority"), times.minority,
                                 _("Others"), times.total, half)]], colWidths=[half, half])
    story += [Spacer(1, 6), *charts, shares]
    story += [CondPageBreak(160), Paragraph(markup(_("2. Participants")), _SUB), _participants_table(total, width)]
    # an office lists its literacy classes in the workbook: hundreds of lines would bury the report
    story += [Paragraph(markup(_("3. Literacy")), _SUB), *_literacy(total, width, by_class=not report.office)]
    story += [Paragraph(markup(_("4. Book cabinet")), _SUB), _books_table(total, width)]
    if report.learning_week is not None:
        story.append(KeepTogether([Paragraph(markup(_("Activities of Lifelong Learning Week")), _SUB),
                                   _week_table(report.learning_week, width)]))
    # each heading stays with its table
    story.append(KeepTogether([Paragraph(markup(_("5. Learning models (year {year})").format(
        year=total.society.year)), _SUB), _models_table(total, width)]))
    story.append(KeepTogether([Paragraph(markup(_("6. Study-promotion fund")), _SUB), _fund_table(total, width)]))
    if report.office:
        story += [Paragraph(markup(_("7. By centre")), _SUB), _centre_table(report.centres, total, width)]
    if total.poor_attendance:
        story.append(Paragraph(markup(_(
            "{count} learners came to fewer than seven in ten of their class's sessions marked; the list "
            "is in the Excel workbook.").format(count=n(len(total.poor_attendance)))), _NOTE))
    return story


def _grid(header: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[float], *,
          total_row: bool = True) -> Table:
    cells = [[header_cell(text) for text in header], *[list(row) for row in rows]]
    extra: list[tuple[object, ...]] = [("ALIGN", (1, 1), (-1, -1), "RIGHT")]
    if total_row:
        extra.append(("FONT", (0, -1), (-1, -1), font_name("DejaVuSans", bold=True), 9))
    return make_table(cells, widths, None, 1, extra)


def _wrap(text: str, width: float) -> Paragraph:
    style = ParagraphStyle("cell-text", fontName=font_name("DejaVuSans"), fontSize=9, leading=11)
    return Paragraph(markup(text), style)


def _topic_table(total: CentreReport, width: float) -> Table:
    n = integer_format()
    header = [_("Topic group"), _("Classes and talks"), _("Sessions"), _("Participant-times"), _("Women"),
              _("Ethnic minority"), _("Rural workers")]
    number = (width * 0.55) / 6
    rows: list[list[object]] = [
        [_wrap(labels.topic_label(line.topic), width * 0.45), n(line.classes), n(line.sessions),
         n(line.participant_times), n(line.women), n(line.minority), n(line.rural_workers)]
        for line in total.topic_lines]
    rows.append([_("Total"), n(total.classes_total), n(total.sessions_total), n(total.participant_times.total),
                 n(total.participant_times.women), n(total.participant_times.minority),
                 n(total.participant_times.rural_workers)])
    return _grid(header, rows, [width * 0.45] + [number] * 6)


def _participants_table(total: CentreReport, width: float) -> Flowable:
    n = integer_format()
    times, unique = total.participant_times, total.unique_learners
    rows: list[list[object]] = [
        [_("Total"), n(times.total), n(unique.total)], [_("Women"), n(times.women), n(unique.women)],
        [_("Ethnic minority"), n(times.minority), n(unique.minority)],
        [_("Rural workers"), n(times.rural_workers), n(unique.rural_workers)],
        *([labels.band_label(key), n(times.age_bands.get(key, 0)), n(unique.age_bands.get(key, 0))]
          for key in labels.band_keys()),
    ]
    villages = sorted(set(times.villages) | set(unique.villages), key=lambda name: (name == "", name))
    rows += [[_wrap(labels.village_label(name), width * 0.5), n(times.villages.get(name, 0)),
              n(unique.villages.get(name, 0))] for name in villages]
    return _grid(["", _("Participant-times"), _("Learners")], rows, [width * 0.5, width * 0.25, width * 0.25],
                 total_row=False)


def _literacy(total: CentreReport, width: float, *, by_class: bool = True) -> list[Flowable]:
    n = integer_format()
    literacy = total.literacy
    if not literacy.classes:
        return [Paragraph(markup(_("No literacy class met in the period.")), _BODY)]
    phases = sorted(literacy.classes)
    rows: list[list[object]] = [[labels.phase_label(kind), n(literacy.classes.get(kind, 0)),
                                 n(literacy.learners.get(kind, 0)), n(literacy.completions.get(kind, 0))]
                                for kind in phases]
    rows.append([_("Total"), n(sum(literacy.classes.values())), n(sum(literacy.learners.values())),
                 n(sum(literacy.completions.values()))])
    story: list[Flowable] = [_grid([_("Phase"), _("Classes"), _("Learners"), _("Completed")], rows,
                                   [width * 0.52] + [width * 0.16] * 3)]
    terms = [[phase, _wrap(term, width * 0.32), n(count)]
             for phase, term, count in labels.term_rows(literacy.learners_by_term)]
    if terms:  # no total: a class that moved on to its next term in the period counts in both
        story += [Spacer(1, 6), _grid([_("Phase"), _("Programme term"), _("Learners")], terms,
                                      [width * 0.52, width * 0.32, width * 0.16], total_row=False)]
    lines: list[list[object]] = [
        [_wrap(f"{line.code} {line.name}", width * 0.4), n(line.periods_in_period), n(line.periods_to_date),
         n(line.planned_periods), n(line.programme_periods)] for line in literacy.lines]
    if lines and by_class:
        story += [Spacer(1, 6), _grid([_("Class"), _("Periods taught in the period"), _("Periods taught to date"),
                                       _("Planned periods"), _("Programme periods")], lines,
                                      [width * 0.4] + [width * 0.15] * 4, total_row=False)]
    return story


def _books_table(total: CentreReport, width: float) -> Flowable:
    n = integer_format()
    books = total.books
    rows: list[list[object]] = [
        [_("Titles / copies"), f"{n(books.titles_total)} / {n(books.copies_total)}"],
        [_("New in the period: titles / copies"), f"{n(books.titles_new)} / {n(books.copies_new)}"],
        [_("Loans"), n(books.loans)],
        *([_("Loans of {subject}").format(subject=labels.subject_label(item.code)), n(item.loans)]
          for item in books.loans_by_class if item.loans),
        [_("Registered readers / new"), f"{n(books.readers_total)} / {n(books.readers_new)}"],
        [_("Reader visits"), n(books.reader_visits)],
        [_("Copies lost / damaged"), f"{n(books.lost_copies)} / {n(books.damaged_copies)}"],
    ]
    return KeepTogether(_grid([_("Indicator"), _("Number")], rows, [width * 0.7, width * 0.3], total_row=False))


def _week_table(week: WeekReport, width: float) -> Flowable:
    n = integer_format()
    rows: list[list[object]] = [
        [_wrap(f"{line.code} {line.name}", width * 0.5), n(line.sessions), n(line.participants), n(line.women),
         n(line.minority)] for line in week.lines]
    rows.append([_("Total: {count} activities").format(count=n(week.activities)), n(sum(
        line.sessions for line in week.lines)), n(week.participants), n(week.women), n(week.minority)])
    number = width * 0.5 / 4
    table = _grid([_("Class or talk"), _("Sessions"), _("Participant-times"), _("Women"), _("Ethnic minority")],
                  rows, [width * 0.5] + [number] * 4)
    note = Paragraph(markup(_("Books lent in the week: {books}").format(books=n(week.books_lent))), _BODY)
    return KeepTogether([table, Spacer(1, 4), note])


def _models_table(total: CentreReport, width: float) -> Flowable:
    """Each model: those who could register (households, villages), registered with its share and
    the register target, recognised with its share and the recognition target, and the results."""
    n = integer_format()

    def percent(value: float | None) -> str:
        if value is None:
            return ""
        return f"{n(int(value)) if value == int(value) else format_decimal(value)} %"

    def verdict(met: bool | None) -> str:
        return {True: _("met"), False: _("missed"), None: ""}[met]

    rows: list[list[object]] = []
    for item in total.society.models:
        rows.append([model_label(item.model), "" if item.eligible is None else n(item.eligible), n(item.registered),
                     percent(item.registered_percent),
                     "" if item.register_target is None else f"{n(item.register_target)} %", verdict(item.register_met),
                     n(item.recognised), percent(item.recognised_percent),
                     "" if item.target is None else f"{n(item.target)} %", verdict(item.met)])
    number, share, result = width * 0.075, width * 0.085, width * 0.12  # "100,0 %", "chưa đạt" a little wider
    return KeepTogether(_grid([_("Learning model"), _("Could register"), _("Registered"), _("Registered %"),
                               _("Register target"), _("Result"), _("Recognised"), _("Recognised %"),
                               _("Recognition target"), _("Result")], rows,
                              [width * 0.2, number, number, share, number, result, number, share, share, result],
                              total_row=False))


def _fund_table(total: CentreReport, width: float) -> Flowable:
    fund = total.society.fund
    rows = [
        [_("Balance brought forward"), format_money(fund.opening)],
        [_("Receipts in the period"), format_money(fund.receipts)],
        [_("of which in kind (value)"), format_money(fund.receipts_in_kind)],
        [_("Payments in the period (scholarships, awards, support)"), format_money(fund.payments)],
        [_("of which advances beyond the balance"), format_money(fund.advances)],
        [_("Balance at the end of the period"), format_money(fund.balance)],
    ]
    return KeepTogether(_grid([_("Indicator"), _("Amount")], rows, [width * 0.7, width * 0.3], total_row=True))


def _centre_table(centres: Sequence[CentreReport], total: CentreReport, width: float) -> Table:
    n = integer_format()
    header = [_("Centre"), _("Classes and talks"), _("Sessions"), _("Participant-times"), _("Women"),
              _("Ethnic minority"), _("Learners"), _("Book loans")]
    number = width * 0.6 / 7
    rows: list[list[object]] = [
        [_wrap(f"{', '.join(centre.codes)} {centre.name}", width * 0.4), n(centre.classes_total),
         n(centre.sessions_total), n(centre.participant_times.total), n(centre.participant_times.women),
         n(centre.participant_times.minority), n(centre.unique_learners.total), n(centre.books.loans)]
        for centre in centres]
    rows.append([_("Total"), n(total.classes_total), n(total.sessions_total), n(total.participant_times.total),
                 n(total.participant_times.women), n(total.participant_times.minority),
                 n(total.unique_learners.total), n(total.books.loans)])
    return _grid(header, rows, [width * 0.4] + [number] * 7)
