"""What the book cabinet's registers and lists share: the Decree 30 frame above the table, the
table closed by its signatures, the running footer, and how a book is written in a row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    Table,
    TableStyle,
)

from desktop.printing.frame import OfficialHeader, title_block
from desktop.printing.grid import grid_style
from desktop.printing.model import CancelCallback, DocumentHeader, ProgressCallback
from desktop.printing.pages import Footer, Output, PageSetup, build
from desktop.printing.text import date_line, nfc

ROW_HEIGHT = 15.0
SIGN_ROW_HEIGHT = 20.0  # room for a signature in the loan book
TICK_WIDTH = 34.0


def register_frame(header: DocumentHeader, title: str, lines: Sequence[str], size: float) -> list[Flowable]:
    day = header.date or dt.date.today()
    return [
        OfficialHeader(header, date_line(header.place, day), size=size),
        *title_block(title, lines, size=size + 2),
    ]


def build_register(
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


def signed_table(
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


def book_text(title: str, authors: str) -> str:
    """Title / author, as library registers write them."""
    return f"{nfc(title)} / {nfc(authors)}" if authors else nfc(title)


def publication_text(place: str, publisher: str, year: int | None) -> str:
    return ", ".join(nfc(part) for part in (place, publisher, str(year or "")) if part)
