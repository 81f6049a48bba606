"""The records behind a report's figure (classes, learners or sessions) as a printed list, in
the frame of the other printed lists: the Decree 30 header, the title with the period, a
numbered table with a totals line, the summary, the signature and the recipients."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.formatting import format_integer
from desktop.i18n import _
from desktop.printing.frame import OfficialHeader, signature_block, title_block
from desktop.printing.grid import BODY_SIZE, BODY_STYLE, HEADER_FONT, cell_height, distribute, fit, header_cell, snug_width
from desktop.printing.keep import table_with_closing
from desktop.printing.model import CancelCallback, DocumentHeader, ProgressCallback
from desktop.printing.pages import LANDSCAPE, PORTRAIT, Footer, Output, build
from desktop.printing.text import date_line, markup, nfc
from desktop.reports.periodic import Issuer
from desktop.reports.record_lists import RecordTable

ROW_HEIGHT = 14.0
SHORT_TEXT = 96.0  # points: a text column this narrow (a code, a date, an age) is kept snug
WIDE_FROM = 7  # columns (with the number) from which the list is printed landscape


@dataclass(frozen=True)
class RecordListData:
    header: DocumentHeader
    title: str  # what the records are, e.g. "Classes and talks behind the figures"
    subtitle: str  # the period and the figure, e.g. "Tháng 10/2026 — Xóa mù chữ"
    table: RecordTable
    made_on: dt.date


def list_header(issuer: Issuer, office: bool, made_on: dt.date) -> DocumentHeader:
    """The frame of the periodic report's, kept where the list is made."""
    return DocumentHeader(issuing_body=issuer.body, centre_name=issuer.name, place=issuer.place,
                          signer_title=issuer.signer_title, signer_name=issuer.signer_name,
                          recipients=(_("Archived at the office") if office else _("Archived at the centre"),),
                          date=made_on)


def render_record_list(data: RecordListData, out: Output, *, progress: ProgressCallback | None = None,
                       cancel: CancelCallback | None = None) -> int:
    """Write the list as PDF to out (path or binary file); returns the number of pages."""
    setup = LANDSCAPE if len(data.table.columns) + 1 >= WIDE_FROM else PORTRAIT
    closing: list[Flowable] = [Spacer(1, 6)]
    if data.table.summary:
        closing.append(Paragraph(markup(data.table.summary), BODY_STYLE))
    closing.append(signature_block(data.header, setup.width))
    story: list[Flowable] = [
        OfficialHeader(data.header, date_line(data.header.place, data.header.date or data.made_on), size=11),
        *title_block(data.title, [markup(data.subtitle)], size=13),
        *_table(data.table, setup.width, setup.height, closing),
    ]
    running = nfc(f"{data.title} · {data.subtitle}")
    return build(story, out, Footer(setup, running_title=running), title=running, progress=progress,
                 cancel=cancel)


def _table(table: RecordTable, width: float, frame_height: float, closing: Sequence[Flowable]) -> list[Flowable]:
    """The numbered rows and, when the list has counts, a totals line kept with the closing."""
    header = [_("No."), *table.columns]
    first_number = len(header) - table.numbers
    texts = [[str(index + 1), *(_text(value) for value in row)] for index, row in enumerate(table.rows)]
    totals: list[str] = []
    if table.numbers:
        totals = ["", _("Total"), *([""] * (first_number - 2)), *(format_integer(value) for value in table.totals())]
    # counts, the number and short texts as wide as they are; the other text columns share the
    # rest by how long their texts are, so a name gets room without squeezing the counts
    fixed: list[float | None] = []
    weights: list[float] = []
    for column, title in enumerate(header):
        values = [row[column] for row in texts] + ([totals[column]] if totals else [])
        snug = snug_width(title, values, bold_values=bool(totals))
        if column == 0 or column >= first_number:
            fixed.append(min(snug, SHORT_TEXT))
        elif snug <= SHORT_TEXT:
            fixed.append(snug)
        else:
            fixed.append(None)
            weights.append(min(max(snug, 40.0), width * 0.5))
    if not weights:  # every text is short: the first text column takes what is left
        fixed[1], weights = None, [1.0]
    widths = distribute(width, fixed, weights)
    rows: list[Sequence[object]] = [[header_cell(title) for title in header]]
    heights: list[float | None] = [None]
    for line in [*texts, *([totals] if totals else [])]:
        cells = [fit(text, column) if text else "" for text, column in zip(line, widths, strict=True)]
        rows.append(cells)
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
    body_style: list[tuple[object, ...]] = [("ALIGN", (0, 1), (0, -1), "RIGHT")]
    if table.numbers:
        body_style.append(("ALIGN", (first_number, 1), (-1, -1), "RIGHT"))
    tail_style: list[tuple[object, ...]] = [("FONT", (0, -1), (-1, -1), HEADER_FONT, BODY_SIZE)] if totals else []
    return table_with_closing(rows, widths, heights, header_rows=1, closing=closing, frame_height=frame_height,
                              body_style=body_style, tail_style=tail_style)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return format_integer(value)
    return str(value)
