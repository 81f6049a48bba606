"""The book cabinet's lists: the stocktaking shelf list and the rotation handover list, A4
portrait, tables on the Decree 30 frame, "Page x/y" below.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from desktop.i18n import _
from desktop.printing.book_model import (
    HandoverData,
    HandoverRow,
    ShelfListData,
    ShelfListRow,
)
from desktop.printing.frame import labelled, signature_block
from desktop.printing.grid import (
    BODY_STYLE,
    TableRows,
    date_format,
    distribute,
    fit,
    integer_format,
    make_table,
    snug_width,
)
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import PORTRAIT, Output
from desktop.printing.register_parts import (
    ROW_HEIGHT,
    TICK_WIDTH,
    book_text,
    build_register,
    register_frame,
)
from desktop.printing.text import markup, nfc


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
    story: list[Flowable] = register_frame(
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
        body = TableRows(header)
        for index, row in enumerate(rows):
            cells = [
                n(index + 1),
                nfc(row.code),
                fit(book_text(row.title, row.authors), widths[2]),
                fit(row.classification, widths[3]),
                "",
                fit(row.note, widths[5]),
            ]
            body.add(cells, ROW_HEIGHT)
        story += [
            Paragraph(f"<b>{markup(heading)}</b>", BODY_STYLE),
            Spacer(1, 3),
            make_table(
                body.rows,
                widths,
                body.heights,
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
    return build_register(story, out, setup, title, shelf_label, progress, cancel)


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
    story: list[Flowable] = register_frame(data.header, title, lines, 11)
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
    return build_register(story, out, setup, title, data.document_number, progress, cancel)


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
    body = TableRows(header)
    for index, row in enumerate(rows):
        cells = [
            n(index + 1),
            fit(row.code, widths[1]),
            fit(book_text(row.title, row.authors), widths[2]),
        ]
        if money:
            cells.append(n(row.compensation))
        cells.append(fit(row.note, widths[-1]))
        body.add(cells, ROW_HEIGHT)
    extra: list[tuple[object, ...]] = [("ALIGN", (0, 1), (0, -1), "RIGHT")]
    if money:
        extra.append(("ALIGN", (3, 1), (3, -1), "RIGHT"))
    return make_table(body.rows, widths, body.heights, header_rows=1, extra=extra)
