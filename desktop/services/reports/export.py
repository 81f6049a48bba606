"""The report written to a file: PDF, Excel workbook or JSON (atomically: a failed or cancelled
export leaves no half-written file). Official documents are in Vietnamese whatever the
interface's language; the JSON's keys are fixed, its labels in the caller's language."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import DOCUMENT_LANGUAGE, _, language_for_this_thread
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.record_list import RecordListData
from desktop.reports.periodic import PeriodicReport, report_json
from desktop.reports.periods import Period
from desktop.reports.record_lists import RecordTable
from desktop.services.documents import safe_target
from desktop.services.reports import build_report
from desktop.store.database import Database

FORMATS = ("pdf", "xlsx", "json")


def write_report(report: PeriodicReport, fmt: str, out: Path, *, progress: ProgressCallback | None = None,
                 cancel: CancelCallback | None = None) -> int:
    """Write an already built report; returns the PDF's pages (1 for the other formats)."""
    if fmt not in FORMATS:
        raise UserError(_("Choose the format: pdf, xlsx or json."))
    with safe_target(out) as target:
        if fmt == "json":
            Path(target).write_text(json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")
            return 1
        if fmt == "xlsx":
            from desktop.reports.workbook import write_workbook

            write_workbook(report, target)
            return 1
        from desktop.printing.periodic_report import render_periodic_report

        return render_periodic_report(report, target, progress=progress, cancel=cancel)


def export_report(db: Database, period: Period, fmt: str, out: Path, *, centre_code: str | None = None,
                  counting: str | None = None, as_of: dt.date | None = None,
                  progress: ProgressCallback | None = None, cancel: CancelCallback | None = None) -> int:
    """Build the report for the period and write it; documents (PDF, xlsx) in Vietnamese."""
    if fmt == "json":
        report = build_report(db, period, centre_code=centre_code, counting=counting, as_of=as_of)
        return write_report(report, fmt, out)
    with language_for_this_thread(DOCUMENT_LANGUAGE):
        report = build_report(db, period, centre_code=centre_code, counting=counting, as_of=as_of)
        return write_report(report, fmt, out, progress=progress, cancel=cancel)


def record_list_data(db: Database, title: str, subtitle: str, table: RecordTable, *,
                     as_of: dt.date | None = None) -> RecordListData:
    """A drill-down list ready to print, under the header of this database's reports."""
    from desktop.printing.record_list import list_header
    from desktop.services.reports import report_issuer

    made_on = as_of or dt.date.today()
    issuer, office = report_issuer(db, as_of=made_on)
    return RecordListData(list_header(issuer, office, made_on), title, subtitle, table, made_on)
