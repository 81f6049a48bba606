"""The book cabinet's registers and lists: tables on the Decree 30 frame, "Page x/y" below.

Item and summary accession registers (Circular 18/2014) and the loan book are A4 landscape;
the stocktaking shelf list and the rotation handover list are A4 portrait.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop.i18n import _
from desktop.printing.book_model import (
    HandoverData,
    HandoverRow,
    ItemRegisterData,
    LoanBookData,
    ShelfListData,
    ShelfListRow,
    SummaryRegisterData,
)
from desktop.printing.frame import OfficialHeader, labelled, signature_block, title_block
from desktop.printing.grid import (
    BODY_STYLE,
    HEADER_FONT,
    cell_height,
    date_format,
    distribute,
    fit,
    grid_style,
    header_cell,
    integer_format,
    make_table,
    snug_width,
)
from desktop.printing.model import CancelCallback, DocumentHeader, ProgressCallback
from desktop.printing.pages import LANDSCAPE, PORTRAIT, Footer, Output, PageSetup, build
from desktop.printing.text import date_line, markup, nfc

ROW_HEIGHT = 15.0
SIGN_ROW_HEIGHT = 20.0  # room for a signature in the loan book
TICK_WIDTH = 34.0


def _frame(header: DocumentHeader, title: str, lines: Sequence[str], size: float) -> list[Flowable]:
    day = header.date or dt.date.today()
    return [
        OfficialHeader(header, date_line(header.place, day), size=size),
        *title_block(title, lines, size=size + 2),
    ]


def _build(
    story: list[Flowable],
    out: Output,
    setup: PageSetup,
    title: str,
    detail: str,
    progress: ProgressCallback | None,
    cancel: CancelCallback | None,
) -> int:
    running = nfc(f"{title} · {detail}" if detail else title)
    footer = Footer(setup, running_title=running)
    return build(story, out, footer, title=running, progress=progress, cancel=cancel)


def _signed_table(
    rows: list[Sequence[object]],
    widths: Sequence[float],
    heights: list[float | None],
    closing: list[Flowable],
    extra: Sequence[tuple[object, ...]] = (),
    keep: int = 3,
) -> Flowable:
    """The table with the closing lines and signatures as its last row, kept with the last rows.

    A signature alone on the final page is not accepted on an official document; the last rows
    (header repeated above them) go with it instead.
    """
    last = len(rows)  # index of the closing row
    first_kept = max(1, last - keep)
    commands = [
        command
        for command in grid_style(1, extra).getCommands()
        if command[0] != "GRID"  # the closing row has no lines round it
    ]
    commands += [
        ("GRID", (0, 0), (-1, last - 1), 0.5, colors.black),
        ("SPAN", (0, last), (-1, last)),
        ("NOSPLIT", (0, first_kept), (-1, last)),
        ("VALIGN", (0, last), (-1, last), "TOP"),
        ("LEFTPADDING", (0, last), (-1, last), 0),
        ("RIGHTPADDING", (0, last), (-1, last), 0),
        ("TOPPADDING", (0, last), (-1, last), 4),
    ]
    table = Table(
        [*[list(row) for row in rows], [closing] + [""] * (len(widths) - 1)],
        colWidths=list(widths),
        rowHeights=[*heights, None],
        repeatRows=1,
    )
    table.setStyle(TableStyle(commands))
    return table


def _book(title: str, authors: str) -> str:
    """Title / author, as library registers write them."""
    return f"{nfc(title)} / {nfc(authors)}" if authors else nfc(title)


def _publication(place: str, publisher: str, year: int | None) -> str:
    return ", ".join(nfc(part) for part in (place, publisher, str(year or "")) if part)


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
    lines = [labelled(_("Period"), data.period_label)]
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
    table_rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
    heights: list[float | None] = [None]
    for row in rows:
        cells = [
            format_day(row.received_on),
            nfc(row.written_number),
            fit(_book(row.title, row.authors), widths[2]),
            fit(_publication(row.place, row.publisher, row.year), widths[3]),
            n(row.price),
            fit(row.classification, widths[5]),
            nfc(row.intake_entry),
            fit(row.note, widths[7]),
        ]
        table_rows.append(cells)
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
    closing: list[Flowable] = [
        Paragraph(
            markup(_("Copies in this register: {count}").format(count=n(len(rows)))), BODY_STYLE
        ),
        signature_block(data.header, setup.width, others=[(_("Book cabinet keeper"), "")]),
    ]
    table = _signed_table(
        table_rows,
        widths,
        heights,
        closing,
        extra=[
            ("ALIGN", (1, 1), (1, -2), "RIGHT"),
            ("ALIGN", (4, 1), (4, -2), "RIGHT"),
            ("ALIGN", (5, 1), (6, -2), "CENTER"),
        ],
    )
    story = [*_frame(data.header, title, lines, 11), table]
    return _build(story, out, setup, title, data.period_label, progress, cancel)


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
    table_rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
    heights: list[float | None] = [None]
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
        table_rows.append(cells)
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
    total_label = _("Total ({count} batches)").format(count=n(len(rows)))
    table_rows.append([total_label, "", "", "", "", n(totals[0]), n(totals[1]), n(value), ""])
    heights.append(ROW_HEIGHT)
    table = _signed_table(
        table_rows,
        widths,
        heights,
        [signature_block(data.header, setup.width, others=[(_("Book cabinet keeper"), "")])],
        extra=[
            ("ALIGN", (0, 1), (1, -2), "CENTER"),
            ("ALIGN", (5, 1), (7, -2), "RIGHT"),
            ("SPAN", (0, -2), (4, -2)),
            ("ALIGN", (0, -2), (0, -2), "LEFT"),
            ("FONT", (0, -2), (-1, -2), HEADER_FONT, 9),
        ],
    )
    story = [*_frame(data.header, title, [labelled(_("Period"), data.period_label)], 11), table]
    return _build(story, out, setup, title, data.period_label, progress, cancel)


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
    table_rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
    heights: list[float | None] = [None]
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
        table_rows.append(cells)
        heights.append(max(cell_height(cell, SIGN_ROW_HEIGHT) for cell in cells))
    table = _signed_table(
        table_rows,
        widths,
        heights,
        [signature_block(data.header, setup.width, others=[(_("Book cabinet keeper"), "")])],
        extra=[
            ("ALIGN", (0, 1), (0, -2), "RIGHT"),
            ("ALIGN", (1, 1), (1, -2), "CENTER"),
            ("ALIGN", (4, 1), (5, -2), "CENTER"),
            ("ALIGN", (7, 1), (8, -2), "CENTER"),
        ],
    )
    story = [*_frame(data.header, title, [labelled(_("Period"), data.period_label)], 11), table]
    return _build(story, out, setup, title, data.period_label, progress, cancel)


# ---- the stocktaking shelf list ----------------------------------------------------------


def _shelf_groups(rows: Sequence[ShelfListRow]) -> list[tuple[str, list[ShelfListRow]]]:
    groups: list[tuple[str, list[ShelfListRow]]] = []
    for row in rows:
        if not groups or groups[-1][0] != row.shelf:
            groups.append((row.shelf, []))
        groups[-1][1].append(row)
    return groups


def render_shelf_list(
    data: ShelfListData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """The stocktaking list: per shelf, the copies that should be there and a tick column.

    Each shelf starts on a new page, so that volunteers can share the shelves out.
    """
    setup = PORTRAIT
    title = _("Stocktaking shelf list")
    n = integer_format()
    shelf_label = nfc(data.shelf_label) or _("all shelves")
    header = [
        _("No."),
        _("Accession number"),
        _("Title and author"),
        _("Classification"),
        _("Found"),
        _("Notes"),
    ]
    groups = _shelf_groups(data.rows)
    codes = [nfc(row.code) for row in data.rows]
    fixed: list[float | None] = [
        snug_width(header[0], [n(max((len(g) for _s, g in groups), default=0))]),
        min(snug_width(header[1], codes), 90.0),
        None,
        min(snug_width(header[3], [nfc(row.classification) for row in data.rows]), 84.0),
        max(TICK_WIDTH, snug_width(header[4])),
        None,
    ]
    widths = distribute(setup.width, fixed, [5, 2])
    story: list[Flowable] = _frame(
        data.header,
        title,
        [
            labelled(_("Shelf"), shelf_label),
            labelled(_("Copies to count"), n(len(data.rows))),
        ],
        11,
    )
    if not groups:
        story.append(Paragraph(markup(_("No copies on this shelf.")), BODY_STYLE))
    for number, (shelf, rows) in enumerate(groups):
        if number:
            story.append(PageBreak())
        heading = _("Shelf {shelf}: {count} copies").format(
            shelf=nfc(shelf) or _("(no shelf)"), count=n(len(rows))
        )
        table_rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
        heights: list[float | None] = [None]
        for index, row in enumerate(rows):
            cells = [
                n(index + 1),
                nfc(row.code),
                fit(_book(row.title, row.authors), widths[2]),
                fit(row.classification, widths[3]),
                "",
                fit(row.note, widths[5]),
            ]
            table_rows.append(cells)
            heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
        story += [
            Paragraph(f"<b>{markup(heading)}</b>", BODY_STYLE),
            Spacer(1, 3),
            make_table(
                table_rows,
                widths,
                heights,
                header_rows=1,
                extra=[
                    ("ALIGN", (0, 1), (1, -1), "RIGHT"),
                    ("ALIGN", (3, 1), (3, -1), "CENTER"),
                ],
            ),
            Spacer(1, 4),
            Paragraph(
                markup(
                    _("Found: ……… of {count}. Counted by: ………………………… Date: ……………").format(
                        count=n(len(rows))
                    )
                ),
                BODY_STYLE,
            ),
        ]
    story.append(
        KeepTogether(
            [Spacer(1, 6), signature_block(data.header, setup.width,
                                           others=[(_("Book cabinet keeper"), "")])]
        )
    )
    return _build(story, out, setup, title, shelf_label, progress, cancel)


# ---- the rotation handover list ----------------------------------------------------------


def render_handover_list(
    data: HandoverData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Minutes for a rotated batch going back: copies returned, lost, damaged, never received."""
    setup = PORTRAIT
    title = _("Rotated books handover list")
    n, format_day = integer_format(), date_format()
    lines = [
        labelled(_("Lender"), data.lender),
        labelled(_("Received under"), data.document_number)
        + " &nbsp; "
        + labelled(_("on"), format_day(data.received_on)),
        labelled(_("To be returned by"), format_day(data.return_by)),
    ]
    story: list[Flowable] = _frame(data.header, title, lines, 11)
    sections: list[tuple[str, Sequence[HandoverRow], bool]] = [
        (_("Copies handed back"), data.returned, False),
        (_("Copies lost"), data.lost, True),
        (_("Copies damaged"), data.damaged, True),
        (_("Copies on the list but never received"), data.not_received, False),
    ]
    numerals = ["I", "II", "III", "IV"]
    for numeral, (heading, rows, money) in zip(numerals, sections, strict=True):
        text = f"{numeral}. {nfc(heading)}: {n(len(rows))}"
        story += [CondPageBreak(60), Paragraph(f"<b>{markup(text)}</b>", BODY_STYLE), Spacer(1, 3)]
        if rows:
            story.append(_handover_table(rows, setup.width, money, n))
        story.append(Spacer(1, 8))
    compensation = sum(row.compensation or 0 for row in (*data.lost, *data.damaged))
    if compensation:
        story.append(
            Paragraph(
                markup(_("Compensation received: {amount} VND").format(amount=n(compensation))),
                BODY_STYLE,
            )
        )
    story.append(
        KeepTogether(
            [
                Spacer(1, 6),
                signature_block(data.header, setup.width,
                                others=[(_("For the lender"), ""), (_("Book cabinet keeper"), "")]),
            ]
        )
    )
    return _build(story, out, setup, title, data.document_number, progress, cancel)


def _handover_table(
    rows: Sequence[HandoverRow], width: float, money: bool, n: Callable[[int | None], str]
) -> Flowable:
    header = [_("No."), _("Code"), _("Title and author")]
    if money:
        header.append(_("Compensation (VND)"))
    header.append(_("Notes"))
    fixed: list[float | None] = [
        snug_width(header[0], [n(len(rows))]),
        min(snug_width(header[1], [nfc(row.code) for row in rows]), 100.0),
        None,
    ]
    if money:
        fixed.append(snug_width(header[3], [n(row.compensation) for row in rows]))
    fixed.append(None)
    widths = distribute(width, fixed, [5, 2])
    table_rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
    heights: list[float | None] = [None]
    for index, row in enumerate(rows):
        cells = [
            n(index + 1),
            fit(row.code, widths[1]),
            fit(_book(row.title, row.authors), widths[2]),
        ]
        if money:
            cells.append(n(row.compensation))
        cells.append(fit(row.note, widths[-1]))
        table_rows.append(cells)
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
    extra: list[tuple[object, ...]] = [("ALIGN", (0, 1), (0, -1), "RIGHT")]
    if money:
        extra.append(("ALIGN", (3, 1), (3, -1), "RIGHT"))
    return make_table(table_rows, widths, heights, header_rows=1, extra=extra)
