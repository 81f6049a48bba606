"""The sign-in sheet of a topic talk: A4 portrait, one line per attendee plus empty lines."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.formatting import format_date
from desktop.i18n import _
from desktop.printing.codes import make_sheet_code
from desktop.printing.frame import OfficialHeader, labelled, signature_block, title_block
from desktop.printing.grid import BODY_STYLE, cell_height, distribute, fit, header_cell
from desktop.printing.keep import table_with_closing
from desktop.printing.model import CancelCallback, ProgressCallback, SigninSheetData
from desktop.printing.pages import PORTRAIT, Footer, Output, build
from desktop.printing.text import date_line, markup, nfc

ROW_HEIGHT = 22.0  # room for a signature


def render_signin_sheet(
    data: SigninSheetData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Write the sheet as PDF to out (path or binary file); returns the number of pages."""
    setup = PORTRAIT
    title = _("Sign-in sheet")
    when = format_date(data.date)
    story: list[Flowable] = [
        OfficialHeader(data.header, date_line(data.header.place, data.header.date or data.date)),
        *title_block(
            title,
            [
                labelled(_("Topic talk"), f"{nfc(data.talk_title)} ({nfc(data.talk_code)})"),
                labelled(_("Date"), when) + " &nbsp; " + labelled(_("Venue"), data.venue),
                labelled(_("Speaker"), data.speaker),
            ],
        ),
        *_table(
            data,
            setup.width,
            setup.height,
            closing=[
                Spacer(1, 8),
                Paragraph(
                    markup(_("Total attending: ……… of whom women: ……… ethnic minority: ………")),
                    BODY_STYLE,
                ),
                signature_block(
                    data.header, setup.width, others=[(_("Speaker"), nfc(data.speaker))]
                ),
            ],
        ),
    ]
    footer = Footer(
        setup,
        running_title=nfc(f"{title} · {data.talk_code} · {when}"),
        code_for_page=lambda page: make_sheet_code(
            data.talk_code, data.date.year, data.date.month, page
        ),
    )
    return build(
        story,
        out,
        footer,
        title=f"{title} {data.talk_code} {when}",
        progress=progress,
        cancel=cancel,
    )


def _table(data: SigninSheetData, width: float, frame_height: float,
           closing: Sequence[Flowable]) -> list[Flowable]:
    """The lines, the last few kept with the totals and signatures (see printing.keep)."""
    widths = distribute(width, [26.0, None, None, None], [5, 3, 3])
    rows: list[Sequence[object]] = [
        [
            header_cell(_("No.")),
            header_cell(_("Full name")),
            header_cell(_("Village")),
            header_cell(_("Signature")),
        ],
    ]
    heights: list[float | None] = [None]
    for index, person in enumerate(data.attendees):
        name, village = fit(person.full_name, widths[1]), fit(person.village, widths[2])
        rows.append([str(index + 1), name, village, ""])
        heights.append(max(cell_height(name, ROW_HEIGHT), cell_height(village, ROW_HEIGHT)))
    for extra in range(max(data.empty_rows, 0)):
        rows.append([str(len(data.attendees) + extra + 1), "", "", ""])
        heights.append(ROW_HEIGHT)
    return table_with_closing(
        rows, widths, heights, header_rows=1, closing=closing, frame_height=frame_height,
        body_style=[("ALIGN", (0, 1), (0, -1), "RIGHT")],
    )
