"""The merge preview and report in words (screen, command line) and as PDF."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.errors import UserError
from desktop.formatting import format_date, format_integer
from desktop.i18n import _
from desktop.printing.merge_report import MergeReportData, ReportSection, render_merge_report_pdf
from desktop.printing.model import PrintCancelled
from desktop.progress import Cancelled, Progress
from desktop.services.merger.plan import MergePreview, MergeReport
from desktop.services.sync.import_documents import table_label


def centre_text(centre: object) -> str:
    return f"{centre.name} ({centre.commune_code})"  # type: ignore[attr-defined]


def table_section(preview: MergePreview, written: dict[str, int] | None = None) -> ReportSection:
    headers = (_("Kind of records"), _("Coming in"), _("Already here"))
    if written is not None:
        headers += (_("Merged"),)
    rows = []
    for count in preview.tables:
        if not (count.incoming or count.held or (written or {}).get(count.table)):
            continue
        row = (table_label(count.table), format_integer(count.incoming), format_integer(count.held))
        if written is not None:
            row += (format_integer(written.get(count.table, 0)),)
        rows.append(row)
    return ReportSection(_("Records per table"), headers, tuple(rows), numeric=tuple(range(1, len(headers))))


def duplicate_section(preview: MergePreview, joined: set[str] | None = None) -> ReportSection:
    headers = (_("Learner coming in"), _("Learner already here"), _("Year of birth"), _("Villages"), _("Classes"))
    if joined is not None:
        headers += (_("What was decided"),)
    rows = []
    for item in preview.duplicates:
        row = (item.incoming_name, item.existing_name, str(item.birth_year),
               f"{item.incoming_village or '—'} / {item.existing_village or '—'}",
               f"{item.incoming_classes} / {item.existing_classes}")
        if joined is not None:
            row += (_("Joined as one") if item.incoming_id in joined else _("Kept apart"),)
        rows.append(row)
    note = "" if rows else _("No learner of the former centre looks like one already here.")
    return ReportSection(_("Probable duplicate learners"), headers, tuple(rows), numeric=(2,), note=note)


def village_section(preview: MergePreview, joined: set[str] | None = None) -> ReportSection:
    headers = (_("Village coming in"), _("Village already here"), _("Commune"), _("Names"))
    if joined is not None:
        headers += (_("What was decided"),)
    rows = []
    for item in preview.villages:
        row = (item.incoming_name, item.existing_name, item.existing_centre,
               _("the same") if item.same else _("similar"))
        if joined is not None:
            row += (_("Joined") if item.incoming_id in joined else _("Kept apart"),)
        rows.append(row)
    note = "" if rows else _("No village of the former commune has the name of one already here.")
    return ReportSection(_("Villages with the same or a similar name"), headers, tuple(rows), note=note)


def collision_sections(preview: MergePreview, prefix: str) -> list[ReportSection]:
    sections = []
    accession_note = (_("{count} accession numbers are also used here. The former cabinet's numbers get the "
                        "prefix {prefix}: TS-0012 becomes {prefix}-TS-0012.").format(
        count=format_integer(preview.accession_collision_count), prefix=prefix or "—")
        if preview.accession_collision_count else _("No accession number collides."))
    sections.append(ReportSection(
        _("Accession numbers used in both cabinets"), (_("Accession number"), _("Title coming in"), _("Title already here")),
        tuple((item.code, item.incoming_title, item.existing_title) for item in preview.accession_collisions[:50]),
        note=accession_note))
    card_note = (_("{count} reader card numbers are also used here: those readers get new numbers after the "
                   "highest one (print their new cards).").format(count=format_integer(preview.card_collision_count))
                 if preview.card_collision_count else _("No reader card number collides."))
    sections.append(ReportSection(_("Reader cards"), (), (), note=card_note))
    if preview.class_code_collisions:
        sections.append(ReportSection(_("Class codes used in both centres"), (_("Code"),),
                                      tuple((code,) for code in preview.class_code_collisions)))
    return sections


def summed_section(report: MergeReport) -> ReportSection:
    """The joined villages' society figures added to the kept village's."""
    from desktop.reports.society import model_label
    from desktop.services.merger.villages import HOUSEHOLDS

    def counts(values: tuple[int, ...]) -> str:
        return " / ".join(format_integer(value) for value in values)

    rows = tuple((item.joined_village, item.kept_village, str(item.year),
                  _("Households") if item.figure == HOUSEHOLDS else model_label(item.figure),
                  counts(item.incoming), counts(item.existing), counts(item.result)) for item in report.summed_figures)
    return ReportSection(
        _("Village learning-society figures added together"),
        (_("Village joined"), _("Village kept"), _("Year of the figures"), _("Figure"), _("Coming in"),
         _("Already here"), _("Now")), rows, numeric=(2, 4, 5, 6),
        note=_("Both villages had a figure for the same year: the counts (registered / recognised, or households) "
               "were added together in the village kept. A joined village is one Learning Community, so that "
               "figure is the larger of the two."))


def report_data(report: MergeReport) -> MergeReportData:
    preview = report.preview
    title = _("Merge preview") if report.dry_run else _("Merge report")
    facts = ((_("Former centre"), centre_text(preview.former)),
             (_("Merged into"), centre_text(preview.into)),
             (_("File"), preview.file),
             (_("Date of the merger"), format_date(report.merged_on)))
    if report.nothing_to_do:
        explanation = _("This former centre was merged before and its file holds nothing new: nothing changed.")
    elif report.dry_run:
        explanation = _("Preview only: nothing has been saved yet.")
    else:
        explanation = _("{count} records were merged, each with its id and the former centre it came from. "
                        "Reports before the merger can still be made for the former centre alone.").format(
            count=format_integer(report.total_written))
    joined = {item.incoming_id for item in report.joined_learners}
    joined_villages = {item.incoming_id for item in report.joined_villages}
    sections = [table_section(preview, report.written), duplicate_section(preview, joined),
                village_section(preview, joined_villages), *collision_sections(preview, report.accession_prefix)]
    if report.renamed_villages:
        sections.append(ReportSection(_("Villages renamed"), (_("Name before"), _("Name after")), report.renamed_villages))
    if report.summed_figures:
        sections.append(summed_section(report))
    if report.renumbered_cards:
        sections.append(ReportSection(_("New reader card numbers"), (_("Reader"), _("Old card"), _("New card")),
                                      tuple((name, str(old), str(new)) for old, new, name in report.renumbered_cards),
                                      numeric=(1, 2)))
    return MergeReportData(title, facts, explanation, tuple(sections),
                           f"{title} · {preview.former.name} → {preview.into.name}")


def save_merge_report_pdf(report: MergeReport, path: Path, progress: Progress | None = None) -> Path:
    """Write the report as PDF (to a temporary name first: never half a file under the real one)."""
    progress = progress or Progress()
    partial = Path(path).with_name(Path(path).name + ".partial")
    try:
        render_merge_report_pdf(report_data(report), partial, progress=lambda done, total: progress.report(done, total),
                                cancel=lambda: progress.cancelled)
        os.replace(partial, path)
    except PrintCancelled:
        raise Cancelled() from None
    except OSError as error:
        raise UserError(_("The report could not be saved to “{path}”: {reason}. Close the file if it is open in "
                          "another program, or choose another folder.").format(path=path,
                                                                               reason=error.strerror or error)) from error
    finally:
        partial.unlink(missing_ok=True)
    return Path(path)
