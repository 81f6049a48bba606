"""The office's import report (what became of each centre's package) as PDF and as Excel.

Plain data in (filled by desktop.services.sync.import_documents): the labels are already in the
user's language, the packages in the order they were imported. The PDF is for the file and the
director; the workbook is for the officer who reworks the figures in Excel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.formatting import format_datetime
from desktop.i18n import _, ngettext
from desktop.printing.frame import labelled, title_block
from desktop.printing.grid import BODY_STYLE, HEADER_FONT, cell_height, distribute, fit, header_cell, integer_format, make_table
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import LANDSCAPE, Footer, Output, build
from desktop.printing.text import markup, nfc

COUNT_NAMES = ("new", "updated", "unchanged", "older", "deleted", "conflict", "set_aside")
STATUS_FILLS = {"refused": colors.Color(0.98, 0.86, 0.86), "held-gap": colors.Color(1.0, 0.95, 0.8)}


def count_headers() -> tuple[str, ...]:
    return (_("New"), _("Updated"), _("Unchanged"), _("Older, ignored"), _("Deleted"), _("Conflicts"),
            _("Set aside"))


@dataclass(frozen=True)
class TableLine:
    """One table's counts in one package."""

    label: str
    counts: tuple[int, ...]  # in COUNT_NAMES order


@dataclass(frozen=True)
class PackageLine:
    file: str
    centre: str
    commune_code: str
    changes: str  # "1–20024", "full copy"
    status: str  # imported, already-imported, held-gap, refused
    status_label: str
    reason: str
    notes: tuple[str, ...] = ()
    tables: tuple[TableLine, ...] = ()
    conflicts: tuple[str, ...] = ()
    set_aside: tuple[tuple[str, str, str], ...] = ()  # table label, record id, reason


@dataclass(frozen=True)
class ImportReportData:
    office: str  # "Sở GD&ĐT Lai Châu"
    made_at: dt.datetime
    dry_run: bool
    packages: tuple[PackageLine, ...] = field(default_factory=tuple)

    def status_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for package in self.packages:
            counts[package.status] = counts.get(package.status, 0) + 1
        return counts


def report_title(data: ImportReportData) -> str:
    return _("Import preview") if data.dry_run else _("Import report")


def _explanation(data: ImportReportData) -> str:
    if data.dry_run:
        return _("Preview only: nothing has been saved yet.")
    return ngettext("{count} package was read; what it brought is below.",
                    "{count} packages were read; what each one brought is below.", len(data.packages)).format(
        count=len(data.packages))


def render_import_report_pdf(data: ImportReportData, out: Output, *, progress: ProgressCallback | None = None,
                             cancel: CancelCallback | None = None) -> int:
    """Write the report as PDF (A4 landscape); returns the number of pages."""
    setup = LANDSCAPE
    title = report_title(data)
    made = format_datetime(data.made_at)
    story: list[Flowable] = [
        *title_block(title, [labelled(_("Office"), data.office), labelled(_("Made"), made),
                             markup(_explanation(data))]),
        _packages_table(data, setup.width),
    ]
    tables = _counts_table(data, setup.width)
    if tables is not None:
        story += [Spacer(1, 10), Paragraph(markup(_("Records per table")), _HEADING), tables]
    details = _details_table(data, setup.width)
    if details is not None:
        story += [Spacer(1, 10), Paragraph(markup(_("Conflicts and records set aside")), _HEADING), details]
    footer = Footer(setup, running_title=nfc(f"{title} · {data.office} · {made}"))
    return build(story, out, footer, title=f"{title} {made}", progress=progress, cancel=cancel)


_HEADING = BODY_STYLE.clone("heading", fontName=HEADER_FONT, fontSize=11, leading=14, spaceAfter=4)


def _packages_table(data: ImportReportData, width: float) -> Flowable:
    widths = distribute(width, [24.0, None, None, 62.0, 78.0, None], [3, 3, 6])
    rows: list[Sequence[object]] = [[header_cell(_("No.")), header_cell(_("Package file")),
                                     header_cell(_("Centre")), header_cell(_("Changes")),
                                     header_cell(_("Result")), header_cell(_("Reason and notes"))]]
    heights: list[float | None] = [None]
    extra: list[tuple[object, ...]] = [("ALIGN", (0, 1), (0, -1), "RIGHT")]
    for number, package in enumerate(data.packages, start=1):
        centre = f"{package.centre} ({package.commune_code})" if package.commune_code else package.centre
        reason = "\n".join(part for part in (package.reason, *package.notes) if part)
        cells = [str(number), fit(package.file, widths[1]), fit(centre, widths[2]), fit(package.changes, widths[3]),
                 fit(package.status_label, widths[4]), fit(reason, widths[5])]
        rows.append(cells)
        heights.append(max(cell_height(str(cell), 14.0) for cell in cells))
        fill = STATUS_FILLS.get(package.status)
        if fill is not None:
            extra.append(("BACKGROUND", (4, number), (4, number), fill))
    if not data.packages:
        rows.append(["", _("No package was found."), "", "", "", ""])
        heights.append(None)
    return make_table(rows, widths, heights, 1, extra)


def _counts_table(data: ImportReportData, width: float) -> Flowable | None:
    """A block of rows per package; its centre is named on the block's first row only."""
    format_int = integer_format()
    headers = count_headers()
    widths = distribute(width, [None, None, *[52.0] * len(headers)], [4, 2])
    rows: list[Sequence[object]] = [[header_cell(_("Centre")), header_cell(_("Kind of records")),
                                     *[header_cell(text) for text in headers]]]
    heights: list[float | None] = [None]
    extra: list[tuple[object, ...]] = [("ALIGN", (2, 1), (-1, -1), "RIGHT")]
    for package in data.packages:
        if not package.tables:
            continue
        extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 1.2, colors.black))
        for number, line in enumerate(package.tables):
            centre = fit(f"{package.centre} ({package.commune_code})", widths[0]) if number == 0 else ""
            rows.append([centre, fit(line.label, widths[1]), *[format_int(value) for value in line.counts]])
            heights.append(cell_height(centre, 14.0))
    if len(rows) == 1:
        return None
    return make_table(rows, widths, heights, 1, extra)


def _details_table(data: ImportReportData, width: float) -> Flowable | None:
    widths = distribute(width, [None, None, 210.0, None], [3, 2, 5])
    rows: list[Sequence[object]] = [[header_cell(_("Centre")), header_cell(_("Kind of records")),
                                     header_cell(_("Record id")), header_cell(_("What was found"))]]
    heights: list[float | None] = [None]
    for package in data.packages:
        centre = fit(f"{package.centre} ({package.commune_code})", widths[0])
        for table, record, reason in package.set_aside:
            cells = [centre, fit(table, widths[1]), fit(record, widths[2]),
                     fit(_("Set aside: {reason}").format(reason=reason), widths[3])]
            rows.append(cells)
            heights.append(max(cell_height(cell, 14.0) for cell in cells))
        for conflict in package.conflicts:
            cells = [centre, "", "", fit(conflict, widths[3])]
            rows.append(cells)
            heights.append(max(cell_height(cell, 14.0) for cell in cells))
    if len(rows) == 1:
        return None
    return make_table(rows, widths, heights, 1)


def write_import_report_workbook(data: ImportReportData, path: Path) -> None:
    """Write the report as an Excel workbook: packages, counts per table, set-aside rows and conflicts."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    book = Workbook()
    packages = book.active
    packages.title = _sheet_title(_("Packages read"))
    packages.append([nfc(report_title(data)), nfc(data.office), format_datetime(data.made_at)])
    packages.append([nfc(_explanation(data))])
    packages.append([])
    header = [_("No."), _("Package file"), _("Centre"), _("Commune code"), _("Changes"), _("Result"),
              _("Reason"), _("Notes")]
    packages.append([nfc(text) for text in header])
    fills = {"refused": PatternFill("solid", fgColor="FADCDC"), "held-gap": PatternFill("solid", fgColor="FFF2CC")}
    for number, package in enumerate(data.packages, start=1):
        packages.append([number, nfc(package.file), nfc(package.centre), package.commune_code, nfc(package.changes),
                         nfc(package.status_label), nfc(package.reason), nfc("\n".join(package.notes))])
        fill = fills.get(package.status)
        if fill is not None:
            packages.cell(row=packages.max_row, column=6).fill = fill
    _style_header(packages, 4, bold)
    _widths(packages, [6, 40, 40, 12, 16, 22, 70, 50])
    for row in packages.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    counts = book.create_sheet(_sheet_title(_("Records per table")))
    counts.append([nfc(text) for text in (_("Centre"), _("Commune code"), _("Package file"), _("Kind of records"),
                                          *count_headers())])
    for package in data.packages:
        for line in package.tables:
            counts.append([nfc(package.centre), package.commune_code, nfc(package.file), nfc(line.label),
                           *line.counts])
    _style_header(counts, 1, bold)
    _widths(counts, [40, 12, 40, 22, *[12] * len(COUNT_NAMES)])

    details = book.create_sheet(_sheet_title(_("Set aside and conflicts")))
    details.append([nfc(text) for text in (_("Centre"), _("Commune code"), _("Package file"), _("Kind"),
                                           _("Kind of records"), _("Record id"), _("Reason"))])
    for package in data.packages:
        for table, record, reason in package.set_aside:
            details.append([nfc(package.centre), package.commune_code, nfc(package.file), nfc(_("Set aside")),
                            nfc(table), record, nfc(reason)])
        for conflict in package.conflicts:
            details.append([nfc(package.centre), package.commune_code, nfc(package.file), nfc(_("Conflict")),
                            "", "", nfc(conflict)])
    _style_header(details, 1, bold)
    _widths(details, [40, 12, 40, 14, 22, 38, 70])
    for sheet in (counts, details):
        sheet.freeze_panes = "A2"
    packages.freeze_panes = "A5"
    book.save(path)


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in nfc(text))
    return cleaned[:31]


def _style_header(sheet, row: int, bold) -> None:  # type: ignore[no-untyped-def]
    for cell in sheet[row]:
        cell.font = bold


def _widths(sheet, widths: Sequence[int]) -> None:  # type: ignore[no-untyped-def]
    from openpyxl.utils import get_column_letter

    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
