"""The register of classes and talks for a period: A4 landscape, one line each, a totals line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable

from desktop.i18n import _
from desktop.printing.frame import OfficialHeader, labelled, signature_block, title_block
from desktop.printing.grid import (
    HEADER_FONT,
    PADDING,
    cell_height,
    date_format,
    distribute,
    fit,
    header_cell,
    integer_format,
    snug_width,
    text_width,
)
from desktop.printing.keep import table_with_closing
from desktop.printing.model import CancelCallback, ProgressCallback, RegisterData, RegisterRow
from desktop.printing.pages import LANDSCAPE, Footer, Output, build
from desktop.printing.text import date_line, nfc

ROW_HEIGHT = 15.0
_TEXT_WEIGHTS = [5, 3, 3, 3, 3]  # name, topic, venue, partner, teacher share what is left
_WRAPPED = (1, 2, 3, 5, 6, 7)  # code, name, topic, venue, partner, teacher may wrap


def render_register(
    data: RegisterData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Write the register as PDF to out (path or binary file); returns the number of pages."""
    setup = LANDSCAPE
    title = _("Register of classes and talks")
    period = nfc(data.period_label)
    story: list[Flowable] = [
        OfficialHeader(
            data.header, date_line(data.header.place, data.header.date or dt.date.today()), size=11
        ),
        *title_block(title, [labelled(_("Period"), period)], size=13),
        *_table_with_signature(data, setup.width, setup.height),
    ]
    footer = Footer(setup, running_title=nfc(f"{title} · {period}"))
    return build(story, out, footer, title=f"{title} {period}", progress=progress, cancel=cancel)


def _dates(row: RegisterRow, format_day: Callable[[dt.date | None], str]) -> str:
    start, end = format_day(row.start), format_day(row.end)
    return start if not end or end == start else f"{start}\n{end}"


def _table_with_signature(data: RegisterData, width: float, frame_height: float) -> list[Flowable]:
    rows, widths, heights, header_style, body_style, tail_style = table_parts(data, width)
    return table_with_closing(rows, widths, heights, header_rows=2,
                              closing=[signature_block(data.header, width)],
                              frame_height=frame_height, tail_rows=3, header_style=header_style,
                              body_style=body_style, tail_style=tail_style)


def table_parts(data: RegisterData, width: float) -> tuple[
        list[Sequence[object]], list[float], list[float | None],
        list[tuple[object, ...]], list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The register's cells, column widths, row heights and styles (header, body, totals row)."""
    n, format_day = integer_format(), date_format()
    numbers = [
        [item.sessions, item.participants, item.women, item.minority, item.funding or 0]
        for item in data.rows
    ]
    sums = [sum(column) for column in zip(*numbers, strict=True)] if numbers else [0] * 5
    top = [
        _("No."),
        _("Code"),
        _("Class or talk"),
        _("Topic"),
        _("Dates"),
        _("Venue"),
        _("Partner"),
        _("Teacher or speaker"),
        _("Sessions"),
        _("Participant-times"),
        "",
        "",
        _("Funding (VND)"),
    ]
    second = [""] * 9 + [_("Total"), _("Women"), _("Minority"), ""]
    codes = max((text_width(nfc(item.code)) for item in data.rows), default=0.0) + 2 * PADDING + 1
    fixed: list[float | None] = [
        snug_width(top[0], [n(len(data.rows))]),
        min(max(codes, snug_width(top[1])), 120.0),
        None,
        None,
        snug_width(top[4], ["00/00/0000"], bold_values=False),
        None,
        None,
        None,
        *(
            # a long header word may break rather than squeeze the text columns
            max(min(snug_width(head), 70.0), snug_width("", [n(total)]))
            for head, total in zip([top[8], *second[9:12], top[12]], sums, strict=True)
        ),
    ]
    widths = distribute(width, fixed, _TEXT_WEIGHTS)
    rows: list[Sequence[object]] = [
        [header_cell(text) if text else "" for text in top],
        [header_cell(text) if text else "" for text in second],
    ]
    heights: list[float | None] = [None, None]
    for index, (item, values) in enumerate(zip(data.rows, numbers, strict=True)):
        texts = [item.code, item.name, item.topic, item.venue, item.partner, item.teacher]
        cells = [str(index + 1)]
        cells += [fit(text, widths[col]) for text, col in zip(texts[:3], _WRAPPED[:3], strict=True)]
        cells.append(_dates(item, format_day))
        cells += [fit(text, widths[col]) for text, col in zip(texts[3:], _WRAPPED[3:], strict=True)]
        cells += [n(value) for value in values[:4]] + [n(item.funding)]
        rows.append(list(cells))
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells[1:8]))
    rows.append(
        [
            "",
            _("Total (classes and talks): {count}").format(count=n(len(data.rows))),
            "",
            "",
            "",
            "",
            "",
            "",
            *(n(value) for value in sums),
        ]
    )
    heights.append(ROW_HEIGHT)
    spans = [("SPAN", (c, 0), (c, 1)) for c in (*range(9), 12)] + [("SPAN", (9, 0), (11, 0))]
    body_style: list[tuple[object, ...]] = [
        ("ALIGN", (0, 2), (0, -1), "RIGHT"),
        ("ALIGN", (8, 2), (-1, -1), "RIGHT"),
    ]
    tail_style: list[tuple[object, ...]] = [  # the totals row, always the last
        ("SPAN", (1, -1), (7, -1)),
        ("FONT", (0, -1), (-1, -1), HEADER_FONT, 9),
    ]
    return list(rows), list(widths), heights, list(spans), body_style, tail_style
