"""The book cabinet's registers: the item and summary accession registers (Circular 18/2014)
and the loan book, A4 landscape, tables on the Decree 30 frame, "Page x/y" below.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import (
    Flowable,
    Paragraph,
)

from desktop.i18n import _
from desktop.printing.book_model import (
    ItemRegisterData,
    LoanBookData,
    SummaryRegisterData,
)
from desktop.printing.frame import labelled, signature_block
from desktop.printing.grid import (
    BODY_STYLE,
    HEADER_FONT,
    TableRows,
    date_format,
    distribute,
    fit,
    integer_format,
    snug_width,
)
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import LANDSCAPE, Output
from desktop.printing.register_parts import (
    ROW_HEIGHT,
    SIGN_ROW_HEIGHT,
    book_text,
    build_register,
    publication_text,
    register_frame,
    signed_table,
)
from desktop.printing.text import markup, nfc


def _print_register(
    data: ItemRegisterData | SummaryRegisterData | LoanBookData,
    title: str,
    body: TableRows,
    widths: list[float],
    alignment: list[tuple[object, ...]],
    out: Output,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
    *,
    before_signature: Sequence[Flowable] = (),
) -> int:
    """A register of the cabinet on the landscape frame for its period, the keeper signing below
    the last rows; returns the page count."""
    closing = [*before_signature,
               signature_block(data.header, LANDSCAPE.width, others=[(_("Book cabinet keeper"), "")])]
    table = signed_table(body.rows, widths, body.heights, closing, extra=alignment)
    story = [*register_frame(data.header, title, [labelled(_("Period"), data.period_label)], 11), table]
    return build_register(story, out, LANDSCAPE, title, data.period_label, progress, cancel)


# ---- the item accession register ---------------------------------------------------------


def render_item_register(
    data: ItemRegisterData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Sổ đăng ký cá biệt: one line per owned copy in accession order; returns the page count."""
    setup = LANDSCAPE
    title = _("Item accession register")
    n, format_day = integer_format(), date_format()
    header = [
        _("Date entered"),
        _("Accession number"),
        _("Title and author"),
        _("Place, publisher, year"),
        _("Price (VND)"),
        _("Classification"),
        _("Summary register entry"),
        _("Notes"),
    ]
    rows = data.rows
    fixed: list[float | None] = [
        snug_width(header[0], ["00/00/0000"], bold_values=False),
        snug_width(header[1], [nfc(row.written_number) for row in rows] or ["0"]),
        None,
        None,
        snug_width(header[4], [n(max((row.price or 0 for row in rows), default=0))]),
        min(snug_width(header[5], [nfc(row.classification) for row in rows]), 80.0),
        snug_width(header[6], ["000/0000"]),
        None,
    ]
    widths = distribute(setup.width, fixed, [7, 5, 2.5])
    body = TableRows(header)
    for row in rows:
        cells = [
            format_day(row.received_on),
            nfc(row.written_number),
            fit(book_text(row.title, row.authors), widths[2]),
            fit(publication_text(row.place, row.publisher, row.year), widths[3]),
            n(row.price),
            fit(row.classification, widths[5]),
            nfc(row.intake_entry),
            fit(row.note, widths[7]),
        ]
        body.add(cells, ROW_HEIGHT)
    count = Paragraph(markup(_("Copies in this register: {count}").format(count=n(len(rows)))), BODY_STYLE)
    alignment = [
        ("ALIGN", (1, 1), (1, -2), "RIGHT"),
        ("ALIGN", (4, 1), (4, -2), "RIGHT"),
        ("ALIGN", (5, 1), (6, -2), "CENTER"),
    ]
    return _print_register(data, title, body, widths, alignment, out, progress, cancel, before_signature=[count])


# ---- the summary accession register ------------------------------------------------------


def render_summary_register(
    data: SummaryRegisterData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Sổ đăng ký tổng quát: one line per intake batch and a totals line; returns the pages."""
    setup = LANDSCAPE
    title = _("Summary accession register")
    n, format_day = integer_format(), date_format()
    rows = data.rows
    totals = [sum(row.titles for row in rows), sum(row.copies for row in rows)]
    value = sum(row.value for row in rows)
    header = [
        _("Entry no."),
        _("Date entered"),
        _("Document no."),
        _("Source"),
        _("Supplier or donor"),
        _("Titles"),
        _("Copies"),
        _("Value (VND)"),
        _("Notes"),
    ]
    fixed: list[float | None] = [
        snug_width(header[0], ["000/0000"]),
        snug_width(header[1], ["00/00/0000"], bold_values=False),
        None,
        min(snug_width(header[3], [nfc(row.source) for row in rows]), 110.0),
        None,
        snug_width(header[5], [n(totals[0])]),
        snug_width(header[6], [n(totals[1])]),
        snug_width(header[7], [n(value)]),
        None,
    ]
    widths = distribute(setup.width, fixed, [3, 5, 3])
    body = TableRows(header)
    for row in rows:
        cells = [
            nfc(row.entry),
            format_day(row.date),
            fit(row.document_number, widths[2]),
            fit(row.source, widths[3]),
            fit(row.supplier, widths[4]),
            n(row.titles),
            n(row.copies),
            n(row.value),
            fit(row.notes, widths[8]),
        ]
        body.add(cells, ROW_HEIGHT)
    total_label = _("Total ({count} batches)").format(count=n(len(rows)))
    body.rows.append([total_label, "", "", "", "", n(totals[0]), n(totals[1]), n(value), ""])
    body.heights.append(ROW_HEIGHT)
    alignment = [
        ("ALIGN", (0, 1), (1, -2), "CENTER"),
        ("ALIGN", (5, 1), (7, -2), "RIGHT"),
        ("SPAN", (0, -2), (4, -2)),
        ("ALIGN", (0, -2), (0, -2), "LEFT"),
        ("FONT", (0, -2), (-1, -2), HEADER_FONT, 9),
    ]
    return _print_register(data, title, body, widths, alignment, out, progress, cancel)


# ---- the loan book -----------------------------------------------------------------------


def render_loan_book(
    data: LoanBookData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Sổ mượn sách: one line per loan, oldest first, with room to sign; returns the pages."""
    setup = LANDSCAPE
    title = _("Loan book")
    n, format_day = integer_format(), date_format()
    rows = data.rows
    header = [
        _("No."),
        _("Date lent"),
        _("Reader"),
        _("Village"),
        _("Card"),
        _("Accession number"),
        _("Title"),
        _("Due date"),
        _("Date returned"),
        _("Signature"),
        _("Notes"),
    ]
    day = snug_width("", ["00/00/0000"], bold_values=False)
    fixed: list[float | None] = [
        snug_width(header[0], [n(len(rows))]),
        max(day, snug_width(header[1])),
        None,
        None,
        snug_width(header[4], ["BD00000"], bold_values=False),
        min(snug_width(header[5], [nfc(row.copy_code) for row in rows]), 90.0),
        None,
        max(day, snug_width(header[7])),
        max(day, snug_width(header[8])),
        56.0,
        None,
    ]
    widths = distribute(setup.width, fixed, [4, 3, 6, 2])
    body = TableRows(header)
    for index, row in enumerate(rows):
        cells = [
            n(index + 1),
            format_day(row.loaned_on),
            fit(row.reader_name, widths[2]),
            fit(row.village, widths[3]),
            nfc(row.card_code),
            fit(row.copy_code, widths[5]),
            fit(row.title, widths[6]),
            format_day(row.due_on),
            format_day(row.returned_on),
            "",
            fit(row.note, widths[10]),
        ]
        body.add(cells, SIGN_ROW_HEIGHT)
    alignment = [
        ("ALIGN", (0, 1), (0, -2), "RIGHT"),
        ("ALIGN", (1, 1), (1, -2), "CENTER"),
        ("ALIGN", (4, 1), (5, -2), "CENTER"),
        ("ALIGN", (7, 1), (8, -2), "CENTER"),
    ]
    return _print_register(data, title, body, widths, alignment, out, progress, cancel)
