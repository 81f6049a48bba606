"""The import report in words a clerk reads: labels for tables and results, and the report saved
as PDF or Excel (desktop.printing.import_report lays them out)."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.errors import UserError
from desktop.i18n import _
from desktop.printing.import_report import (
    COUNT_NAMES,
    ImportReportData,
    PackageLine,
    TableLine,
    render_import_report_pdf,
    write_import_report_workbook,
)
from desktop.printing.model import PrintCancelled
from desktop.progress import Cancelled, Progress
from desktop.services.sync.mode import get_office_settings
from desktop.services.sync.receive import ImportReport, PackageResult
from desktop.store.database import Database
from desktop.store.sync_models import ALREADY_IMPORTED, HELD_GAP, IMPORTED, REFUSED


def table_label(table: str) -> str:
    """What a synced table holds, as a clerk calls it."""
    return {"centre": _("Centre details"), "village": _("Villages"), "learner": _("Learners"),
            "activity": _("Classes & talks"), "enrolment": _("Enrolments"), "session": _("Sessions"),
            "attendance": _("Attendance marks"), "walk_in": _("Walk-in attendees"),
            "session_evidence": _("Session photos"), "book_title": _("Book titles"),
            "book_intake": _("Book intake batches"), "book_weeding": _("Weeding records"),
            "book_copy": _("Book copies"), "book_reader": _("Readers"), "book_loan": _("Loans"),
            "book_incident": _("Lost and damaged books"), "book_stocktake": _("Stocktakings"),
            "book_stocktake_scan": _("Stocktaking scans"), "book_stocktake_item": _("Stocktaking results"),
            "centre_merger": _("Former centres merged in"), "learner_join": _("Learners joined as one person"),
            }.get(table, table)


def status_label(status: str, *, dry_run: bool = False) -> str:
    if status == IMPORTED:
        return _("Ready to import") if dry_run else _("Imported")
    return {ALREADY_IMPORTED: _("Already imported"), HELD_GAP: _("Held: changes missing"),
            REFUSED: _("Refused")}.get(status, status)


def changes_text(package: PackageResult) -> str:
    if not package.sequence_to:
        return ""
    span = f"{package.sequence_from}–{package.sequence_to}"
    return _("{span}, full copy").format(span=span) if package.full else span


def package_line(package: PackageResult, *, dry_run: bool) -> PackageLine:
    tables = tuple(TableLine(table_label(table), tuple(counts.get(name, 0) for name in COUNT_NAMES))
                   for table, counts in package.tables.items() if any(counts.values()))
    return PackageLine(package.file, package.centre, package.commune_code, changes_text(package), package.status,
                       status_label(package.status, dry_run=dry_run), package.reason, tuple(package.notes), tables,
                       tuple(package.conflicts),
                       tuple((table_label(table), record, reason) for table, record, reason in package.set_aside))


def report_data(db: Database, report: ImportReport) -> ImportReportData:
    office = get_office_settings(db)
    return ImportReportData(office.name, report.made_at, report.dry_run,
                            tuple(package_line(package, dry_run=report.dry_run) for package in report.packages))


def _write_failed(path: Path, error: OSError) -> UserError:
    return UserError(_("The report could not be saved to “{path}”: {reason}. Close the file if it is open in "
                       "another program, or choose another folder.").format(path=path,
                                                                            reason=error.strerror or error))


def save_import_report_pdf(db: Database, report: ImportReport, path: Path, progress: Progress | None = None) -> Path:
    """Write the report as PDF (to a temporary name first: never half a file under the real one)."""
    data = report_data(db, report)
    progress = progress or Progress()
    partial = Path(path).with_name(Path(path).name + ".partial")
    try:
        render_import_report_pdf(data, partial, progress=lambda done, total: progress.report(done, total),
                                 cancel=lambda: progress.cancelled)
        os.replace(partial, path)
    except PrintCancelled:
        raise Cancelled() from None
    except OSError as error:
        raise _write_failed(Path(path), error) from error
    finally:
        partial.unlink(missing_ok=True)
    return Path(path)


def save_import_report_excel(db: Database, report: ImportReport, path: Path) -> Path:
    data = report_data(db, report)
    partial = Path(path).with_name(Path(path).name + ".partial")
    try:
        write_import_report_workbook(data, partial)
        os.replace(partial, path)
    except OSError as error:
        raise _write_failed(Path(path), error) from error
    finally:
        partial.unlink(missing_ok=True)
    return Path(path)
