"""The monthly attendance sheet of a class: A4 landscape, one column per session.

Many sessions are split into blocks of columns (each block starts a new page and repeats
No. and name); many learners flow onto further pages under repeated header rows. The blank
version leaves the cells empty for hand ticking; the filled one prints the recorded marks.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from desktop.formatting import format_month, format_weekday_short
from desktop.i18n import _, current_language
from desktop.printing.codes import make_sheet_code
from desktop.printing.frame import OfficialHeader, labelled, signature_block, title_block
from desktop.printing.grid import (
    BODY_STYLE,
    HEADER_FONT,
    HEADER_SIZE,
    PADDING,
    cell_height,
    fit,
    header_cell,
    make_table,
    snug_width,
    text_width,
)
from desktop.printing.keep import table_with_closing
from desktop.printing.model import AttendanceSheetData, CancelCallback, ProgressCallback
from desktop.printing.pages import LANDSCAPE, Footer, Output, build
from desktop.printing.text import date_line, markup, nfc

MAX_BLOCK = 16
NO_WIDTH, NAME_WIDTH, YEAR_WIDTH, VILLAGE_WIDTH, MIN_NOTES_WIDTH = 22.0, 160.0, 34.0, 72.0, 60.0
BLANK_ROW, FILLED_ROW = 20.0, 15.0


@dataclass(frozen=True)
class _Column:
    label: str  # the day of the month over the weekday (the month is in the title), or empty
    session: int | None  # index into data.sessions


@dataclass(frozen=True)
class _Widths:
    session: float
    total: float
    page: float

    def fixed(self, *, totals: bool = True) -> float:
        return NO_WIDTH + NAME_WIDTH + YEAR_WIDTH + VILLAGE_WIDTH + (3 * self.total if totals else 0)

    def per_block(self) -> int:
        room = self.page - self.fixed() - MIN_NOTES_WIDTH
        return max(1, min(MAX_BLOCK, int(room // self.session)))

    def notes(self, sessions: int, *, totals: bool = True) -> float:
        return self.page - self.fixed(totals=totals) - sessions * self.session


def _session_label(day: dt.date) -> str:
    # "T2" is how Vietnamese writes Monday; English's two-letter "Mo" is not read as a day
    return f"{day.day:02d}\n{format_weekday_short(day, narrow=current_language() == 'vi')}"


def _label_width(labels: Sequence[str]) -> float:
    lines = [line for label in labels for line in label.split("\n")] or ["00"]
    return max(text_width(nfc(line), bold=True, size=HEADER_SIZE) for line in lines) + 2 * PADDING + 1.5


def render_attendance_sheet(
    data: AttendanceSheetData,
    out: Output,
    *,
    blank: bool = False,
    extra_rows: int = 0,
    empty_columns: int = 0,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Write the sheet as PDF to out (path or binary file); returns the number of pages.

    extra_rows adds empty rows for walk-ins; empty_columns adds session columns with no date
    (a sheet with no planned sessions gets as many as fit on one page).
    """
    setup = LANDSCAPE
    columns = [_Column(_session_label(s.date), i) for i, s in enumerate(data.sessions)]
    columns += [_Column("", None)] * max(empty_columns, 0)
    most = str(len(data.learners) * len(data.sessions))  # widest possible sum in the totals row
    widths = _Widths(
        session=max(22.0, _label_width([column.label for column in columns if column.label])),
        total=max(22.0, snug_width("C", [most])),
        page=setup.width,
    )
    if not columns:  # nothing planned: as many dateless columns as one page holds
        columns = [_Column("", None)] * widths.per_block()
    size = math.ceil(len(columns) / math.ceil(len(columns) / widths.per_block()))  # 20 → 10 + 10
    starts = range(0, len(columns), size)

    month = format_month(data.year, data.month)
    title = _("Attendance sheet")
    story: list[Flowable] = [
        OfficialHeader(
            data.header, date_line(data.header.place, None if blank else _today(data)), size=11
        ),
        *title_block(
            title,
            [
                labelled(_("Class"), f"{nfc(data.class_name)} ({nfc(data.class_code)})")
                + " &nbsp; "
                + labelled(_("Month"), month),
                labelled(_("Teacher"), data.teacher)
                + " &nbsp; "
                + labelled(_("Venue"), data.venue),
            ],
            size=13,
        ),
    ]
    for start in starts:
        if start:
            story.append(PageBreak())
        block = columns[start : start + size]
        if len(starts) > 1:
            story.append(_block_caption(start + 1, start + len(block), len(columns)))
        story += _legend()
        # The month's totals go with the last block only, where every session has been seen.
        is_last = start == starts[-1]
        closing = [signature_block(data.header, setup.width,
                                   others=[(_("Teacher"), nfc(data.teacher))])] if is_last else None
        story += _block_table(data, block, widths, blank=blank, extra_rows=extra_rows,
                              totals=is_last, closing=closing, frame_height=setup.height)
    footer = Footer(
        setup,
        running_title=nfc(f"{title} · {data.class_code} · {month}"),
        code_for_page=lambda page: make_sheet_code(data.class_code, data.year, data.month, page),
    )
    return build(
        story,
        out,
        footer,
        title=f"{title} {data.class_code} {month}",
        progress=progress,
        cancel=cancel,
    )


def _today(data: AttendanceSheetData) -> dt.date:
    return data.header.date or dt.date.today()


def _block_caption(first: int, last: int, count: int) -> Flowable:
    caption = _("Sessions {first}–{last} of {count}").format(first=first, last=last, count=count)
    return Paragraph(f"<b>{markup(caption)}</b>", BODY_STYLE)


def _legend() -> list[Flowable]:
    legend = _("C: present · P: excused · K: unexcused · M: late (counted as present)")
    return [Paragraph(markup(legend), BODY_STYLE), Spacer(1, 2 * mm)]


def _learner_totals(data: AttendanceSheetData, index: int) -> Counter[str]:
    marks = (data.marks.get((index, s), "").upper() for s in range(len(data.sessions)))
    return Counter("C" if mark == "M" else mark for mark in marks if mark)


def _block_table(
    data: AttendanceSheetData,
    block: Sequence[_Column],
    layout: _Widths,
    *,
    blank: bool,
    extra_rows: int,
    totals: bool = True,
    closing: Sequence[Flowable] | None = None,
    frame_height: float = 0,
) -> list[Flowable]:
    """The block's table; with `closing`, its last rows are kept with it (see printing.keep)."""
    n = len(block)
    total_columns = 3 if totals else 0
    notes_width = layout.notes(n, totals=totals)
    widths = [
        NO_WIDTH,
        NAME_WIDTH,
        YEAR_WIDTH,
        VILLAGE_WIDTH,
        *[layout.session] * n,
        *[layout.total] * total_columns,
        notes_width,
    ]
    first_total = 4 + n
    notes_col = first_total + total_columns
    top: list[object] = [
        header_cell(_("No.")),
        header_cell(_("Full name")),
        header_cell(_("Year of birth")),
        header_cell(_("Village")),
    ]
    top += [header_cell(_("Sessions (day of the month)"))] + [""] * (n - 1)
    top += ([header_cell(_("Month's totals")), "", ""] if totals else []) + [header_cell(_("Notes"))]
    second: list[object] = ["", "", "", ""]
    second += [c.label for c in block] + (["C", "P", "K"] if totals else []) + [""]
    rows: list[Sequence[object]] = [top, second]
    row_height = BLANK_ROW if blank else FILLED_ROW
    heights: list[float | None] = [None, None]
    present = [0] * n
    marked = [False] * n  # a session with no mark at all was not held (or not entered yet)
    sums: Counter[str] = Counter()
    for index, learner in enumerate(data.learners):
        name = fit(learner.full_name, NAME_WIDTH)
        village = fit(learner.village, VILLAGE_WIDTH)
        notes = fit(learner.notes, notes_width)
        row: list[object] = [str(index + 1), name, str(learner.year_of_birth or ""), village]
        for position, column in enumerate(block):
            mark = (
                ""
                if blank or column.session is None
                else data.marks.get((index, column.session), "")
            )
            present[position] += mark.upper() in ("C", "M")
            marked[position] = marked[position] or bool(mark)
            row.append(mark.upper())
        if blank:
            row += [""] * total_columns
        else:
            counted = _learner_totals(data, index)
            row += [str(counted[mark]) for mark in ("C", "P", "K")][:total_columns]
            sums.update(counted)
        row.append(notes)
        rows.append(row)
        heights.append(max(cell_height(cell, row_height) for cell in (name, village, notes)))
    for extra in range(max(extra_rows, 0)):
        rows.append([str(len(data.learners) + extra + 1)] + [""] * (len(widths) - 1))
        heights.append(BLANK_ROW)
    total_row: list[object] = ["", _("Number present"), "", ""]
    # an empty count, not 0: 0 would say that nobody came to a session not yet held
    total_row += [""] * n if blank else [str(count) if held else ""
                                         for count, held in zip(present, marked, strict=True)]
    total_row += ([""] * total_columns if blank
                  else [str(sums[mark]) for mark in ("C", "P", "K")][:total_columns])
    total_row.append("")
    rows.append(total_row)
    heights.append(row_height)
    header_style = [
        ("SPAN", (0, 0), (0, 1)),
        ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (2, 0), (2, 1)),
        ("SPAN", (3, 0), (3, 1)),
        ("SPAN", (4, 0), (3 + n, 0)),
        *([("SPAN", (first_total, 0), (first_total + 2, 0))] if totals else []),
        ("SPAN", (notes_col, 0), (notes_col, 1)),
    ]
    body_style = [
        ("ALIGN", (0, 2), (0, -1), "RIGHT"),
        ("ALIGN", (2, 2), (2, -1), "CENTER"),
        ("ALIGN", (4, 2), (notes_col - 1, -1), "CENTER"),
        *([("LINEBEFORE", (first_total, 0), (first_total, -1), 1.2, "black")] if totals else []),
    ]
    tail_style = [  # the "number present" row, always the last
        ("SPAN", (1, -1), (3, -1)),
        ("FONT", (0, -1), (-1, -1), HEADER_FONT, 9),
    ]
    if closing is not None:
        return table_with_closing(rows, widths, heights, header_rows=2, closing=closing,
                                  frame_height=frame_height, tail_rows=4, header_style=header_style,
                                  body_style=body_style, tail_style=tail_style)
    return [make_table(rows, widths, heights, header_rows=2,
                       extra=[*header_style, *body_style, *tail_style])]
