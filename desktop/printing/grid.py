"""Shared table look: fonts, padding, header rows, and body cells that wrap without Paragraphs.

Body cells are plain strings (several lines when needed): reportlab lays them out several
times faster than Paragraphs, which only the few header cells use.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from desktop.formatting import format_date, format_integer
from desktop.printing.fonts import SANS, font_name, register_fonts
from desktop.printing.text import markup, nfc

register_fonts()  # measuring below needs the faces

BODY_SIZE = 9.0  # never below 8 pt in a table
HEADER_SIZE = 8.0
PADDING = 2.5
BODY_FONT = font_name(SANS)
HEADER_FONT = font_name(SANS, bold=True)
HEADER_FILL = colors.Color(0.9, 0.9, 0.9)

BODY_LEADING = BODY_SIZE * 1.2  # what reportlab tables use between the lines of a string
TOP_PADDING, BOTTOM_PADDING = 1.0, 2.0
BODY_STYLE = ParagraphStyle(
    "cell", fontName=BODY_FONT, fontSize=BODY_SIZE, leading=BODY_LEADING, alignment=TA_LEFT
)
HEADER_STYLE = ParagraphStyle(
    "cell-header",
    fontName=HEADER_FONT,
    fontSize=HEADER_SIZE,
    leading=HEADER_SIZE * 1.2,
    alignment=TA_CENTER,
)


def text_width(text: str, *, bold: bool = False, size: float = BODY_SIZE) -> float:
    return float(stringWidth(text, HEADER_FONT if bold else BODY_FONT, size))


def snug_width(header: str, values: Iterable[str] = (), *, bold_values: bool = True) -> float:
    """Narrowest column that shows its header without breaking a word and every value whole."""
    words = [text_width(word, bold=True, size=HEADER_SIZE) for word in nfc(header).split()]
    cells = [text_width(nfc(value), bold=bold_values) for value in values]
    return max([0.0, *words, *cells]) + 2 * PADDING + 1.5


def wrap_lines(
    text: str, width: float, font: str = BODY_FONT, size: float = BODY_SIZE
) -> list[str]:
    """Lines of text that fit width: at blanks, and inside a word only when it alone is too wide."""
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        while stringWidth(line, font, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines or [""]


def fit(text: object, width: float) -> str:
    """NFC text for a body cell, broken onto several lines when it is wider than the column.

    A multi-line plain string is drawn by the table itself, several times cheaper than a Paragraph.
    """
    return _fit(nfc(text), round(width, 2))


@functools.lru_cache(maxsize=4096)  # villages, topics and partners repeat down a long table
def _fit(value: str, width: float) -> str:
    room = width - 2 * PADDING
    if stringWidth(value, BODY_FONT, BODY_SIZE) <= room:
        return value
    return "\n".join(wrap_lines(value, room))


def integer_format() -> Callable[[int | None], str]:
    """format_integer for the current language, without a Babel call per table cell."""
    separator = format_integer(1000).strip("10") or ","

    def format_int(value: int | None) -> str:
        return "" if value is None else f"{value:,}".replace(",", separator)

    return format_int


def date_format() -> Callable[[dt.date | None], str]:
    """format_date for the current language, each distinct date formatted once."""
    return functools.lru_cache(maxsize=None)(format_date)


def header_cell(text: str) -> Paragraph:
    return Paragraph(markup(text), HEADER_STYLE)


def cell_height(cell: str, minimum: float) -> float:
    """The row height a body cell needs: its lines, at least minimum."""
    return max(minimum, (cell.count("\n") + 1) * BODY_LEADING + TOP_PADDING + BOTTOM_PADDING + 1)


class TableRows:
    """A table's heading row and body rows, each body row as tall as its tallest cell: what
    make_table and signed_table take as rows and heights."""

    def __init__(self, header: Sequence[str]) -> None:
        self.rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
        self.heights: list[float | None] = [None]

    def add(self, cells: Sequence[str], minimum: float) -> None:
        self.rows.append(cells)
        self.heights.append(max(cell_height(cell, minimum) for cell in cells))


def grid_style(header_rows: int, extra: Sequence[tuple[object, ...]] = ()) -> TableStyle:
    """Thin grid, shaded bold header rows, body in the table font, everything middle-aligned."""
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), BODY_FONT, BODY_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
    ]
    if header_rows:
        last = header_rows - 1
        commands += [
            ("FONT", (0, 0), (-1, last), HEADER_FONT, HEADER_SIZE),
            ("BACKGROUND", (0, 0), (-1, last), HEADER_FILL),
            ("ALIGN", (0, 0), (-1, last), "CENTER"),
        ]
    commands += list(extra)
    return TableStyle(commands)


def distribute(
    total: float, columns: Sequence[float | None], weights: Sequence[float]
) -> list[float]:
    """Column widths: given ones as they are; the None ones share the rest, one weight each."""
    rest = total - sum(width for width in columns if width is not None)
    unit = rest / sum(weights)
    shares = iter(weights)
    return [width if width is not None else unit * next(shares) for width in columns]


def make_table(
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    heights: Sequence[float | None] | None,
    header_rows: int,
    extra: Sequence[tuple[object, ...]] = (),
) -> Table:
    table = Table(
        [list(row) for row in rows],
        colWidths=list(widths),
        rowHeights=heights,
        repeatRows=header_rows,
    )
    table.setStyle(grid_style(header_rows, extra))
    return table
