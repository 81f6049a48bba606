"""Small blocks on A4: overdue reminder slips (8 a page, to cut) and reader cards (10 a page).

Slips are A7 (105 × 74 mm), two across and four down, with dashed cut lines; a reader whose
copies do not fit on one slip continues on the next. Cards are credit-card size (85.6 × 54 mm)
with their card number as text and as a Code 128 barcode, so the desk can scan them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.formatting import format_date, format_integer
from desktop.i18n import _, ngettext
from desktop.printing.barcodes import code128_modules, draw_code128, module_for
from desktop.printing.blocks import dashed_lines, fit_line, render_blocks, wrap
from desktop.printing.book_model import (
    OverdueCopy,
    OverdueSlip,
    OverdueSlipsData,
    ReaderCard,
    ReaderCardsData,
)
from desktop.printing.fonts import SANS, SERIF, font_name, register_fonts
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import Output
from desktop.printing.text import nfc, upper

register_fonts()  # measuring text below needs the faces

SLIP_COLUMNS, SLIP_ROWS = 2, 4
SLIP_WIDTH, SLIP_HEIGHT = A4[0] / SLIP_COLUMNS, A4[1] / SLIP_ROWS
SLIP_PADDING = 7 * mm  # printers leave the outer 4–5 mm of the paper blank
SMALL = 8.0  # nothing smaller: the slips go to older readers
TEXT = 9.0

CARD_WIDTH, CARD_HEIGHT = 85.6 * mm, 54 * mm
CARD_COLUMNS, CARD_ROWS = 2, 5
CARD_PADDING = 3.5 * mm
BARCODE_HEIGHT = 9 * mm

_SERIF = font_name(SERIF)
_SERIF_BOLD = font_name(SERIF, bold=True)
_SERIF_ITALIC = font_name(SERIF, italic=True)
_SANS = font_name(SANS)
_SANS_BOLD = font_name(SANS, bold=True)


# ---- overdue slips -----------------------------------------------------------------------


@dataclass(frozen=True)
class _SlipPart:
    slip: OverdueSlip
    copies: Sequence[OverdueCopy]
    continued: bool  # not the reader's first slip


class _SlipLayout:
    """Column widths and line heights of a slip, shared by measuring and drawing.

    A copy takes a code column, the title wrapped in the wide middle, and on the right its due
    date over the days it is late.
    """

    def __init__(self, data: OverdueSlipsData) -> None:
        self.width = SLIP_WIDTH - 2 * SLIP_PADDING
        self.leading = SMALL * 1.25
        codes = [nfc(copy.code) for slip in data.slips for copy in slip.copies]
        self.code_width = max(
            stringWidth(text, _SANS_BOLD, SMALL) for text in ["00000", *codes, nfc(_("Code"))]
        ) + 5
        lates = [late_text(copy.days_overdue) for slip in data.slips for copy in slip.copies]
        self.date_width = max(
            stringWidth(text, _SANS, SMALL) for text in ["00/00/0000", *lates]
        ) + 2
        self.date_width = max(self.date_width, stringWidth(nfc(_("Due")), _SANS_BOLD, SMALL) + 2)
        self.title_width = self.width - self.code_width - self.date_width - 6
        self.room = SLIP_HEIGHT - 2 * SLIP_PADDING - self.fixed_height(data)
        # one copy always fits: a title longer than the whole slip is cut short
        self.max_title_lines = max(1, int((self.room - 2) / self.leading))

    def title_lines(self, copy: OverdueCopy) -> list[str]:
        return wrap(copy.title, _SANS, SMALL, self.title_width, max_lines=self.max_title_lines)

    def copy_height(self, copy: OverdueCopy) -> float:
        return max(len(self.title_lines(copy)), 2) * self.leading + 2

    def fixed_height(self, data: OverdueSlipsData) -> float:
        centre = len(wrap(upper(data.centre_name), _SERIF_BOLD, SMALL, self.width, max_lines=2))
        footer = len(self.footer_lines(data))
        return (
            centre * self.leading + 17 + 2 * TEXT * 1.35 + self.leading + 4
            + footer * self.leading + self.leading + 6  # the date line above the foot
        )

    def footer_lines(self, data: OverdueSlipsData) -> list[str]:
        text = _("Please bring the books back; anyone in your family may return them. Thank you!")
        lines = wrap(text, _SERIF_ITALIC, SMALL, self.width)
        if data.contact:
            lines += wrap(data.contact, _SERIF_ITALIC, SMALL, self.width, max_lines=1)
        return lines


def late_text(days: int) -> str:
    return nfc(ngettext("{count} day late", "{count} days late", days).format(
        count=format_integer(days)))


def _split_slips(data: OverdueSlipsData, layout: _SlipLayout) -> list[_SlipPart]:
    parts: list[_SlipPart] = []

    def close(slip: OverdueSlip, chunk: list[OverdueCopy]) -> None:
        parts.append(_SlipPart(slip, tuple(chunk), bool(parts) and parts[-1].slip is slip))

    for slip in data.slips:
        chunk: list[OverdueCopy] = []
        used = 0.0
        for copy in slip.copies:
            height = layout.copy_height(copy)
            if chunk and used + height > layout.room:
                close(slip, chunk)
                chunk, used = [], 0.0
            chunk.append(copy)
            used += height
        close(slip, chunk)
    return parts


def render_overdue_slips(
    data: OverdueSlipsData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Reminder slips, one per reader (more if many copies), eight to an A4 page."""
    layout = _SlipLayout(data)
    parts = _split_slips(data, layout)

    def origin(slot: int) -> tuple[float, float]:
        row, column = divmod(slot, SLIP_COLUMNS)
        return column * SLIP_WIDTH, A4[1] - (row + 1) * SLIP_HEIGHT

    def cut_lines(canvas: Canvas) -> None:
        lines = [(SLIP_WIDTH * c, 0, SLIP_WIDTH * c, A4[1]) for c in range(1, SLIP_COLUMNS)]
        lines += [(0, SLIP_HEIGHT * r, A4[0], SLIP_HEIGHT * r) for r in range(1, SLIP_ROWS)]
        dashed_lines(canvas, lines)

    def draw(canvas: Canvas, index: int, x: float, y: float) -> None:
        _draw_slip(canvas, data, parts[index], layout, x, y)

    return render_blocks(
        out,
        page_size=A4,
        per_page=SLIP_COLUMNS * SLIP_ROWS,
        origin=origin,
        count=len(parts),
        draw=draw,
        title=_("Overdue reminder slips"),
        decorate=cut_lines,
        progress=progress,
        cancel=cancel,
    )


def _draw_slip(
    canvas: Canvas,
    data: OverdueSlipsData,
    part: _SlipPart,
    layout: _SlipLayout,
    x: float,
    y: float,
) -> None:
    left = x + SLIP_PADDING
    right = left + layout.width
    centre = x + SLIP_WIDTH / 2
    top = y + SLIP_HEIGHT - SLIP_PADDING
    line = top
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(_SERIF_BOLD, SMALL)
    for text in wrap(upper(data.centre_name), _SERIF_BOLD, SMALL, layout.width, max_lines=2):
        line -= layout.leading
        canvas.drawCentredString(centre, line, text)
    line -= 15
    canvas.setFont(_SERIF_BOLD, 12)
    title = upper(_("Overdue reminder"))
    if part.continued:
        title += " " + nfc(_("(continued)"))
    canvas.drawCentredString(centre, line, fit_line(title, _SERIF_BOLD, 12, layout.width))
    line -= 2
    slip = part.slip
    card_label = nfc(_("Card")) + ": "
    card_width = stringWidth(card_label, _SANS, TEXT) + stringWidth(nfc(slip.card_code), _SANS_BOLD,
                                                                     TEXT)
    for label, value, bold, room in (
        (_("Reader"), slip.reader_name, True, layout.width),
        (_("Village"), slip.village, False, layout.width - card_width - 8),
    ):
        line -= TEXT * 1.35
        label_text = nfc(label) + ": "
        canvas.setFont(_SANS, TEXT)
        canvas.drawString(left, line, label_text)
        face = _SANS_BOLD if bold else _SANS
        offset = stringWidth(label_text, _SANS, TEXT)
        canvas.setFont(face, TEXT)
        canvas.drawString(left + offset, line, fit_line(value, face, TEXT, room - offset))
    # the card number on the village's line, right
    canvas.setFont(_SANS_BOLD, TEXT)
    canvas.drawRightString(right, line, nfc(slip.card_code))
    canvas.setFont(_SANS, TEXT)
    canvas.drawString(right - card_width, line, card_label)
    # the copies: code, title, due date over the days late
    line -= layout.leading + 4
    title_x = left + layout.code_width
    canvas.setFont(_SANS_BOLD, SMALL)
    canvas.drawString(left, line, nfc(_("Code")))
    canvas.drawString(title_x, line, nfc(_("Title")))
    canvas.drawRightString(right, line, nfc(_("Due")))
    canvas.setLineWidth(0.4)
    canvas.line(left, line - 2.5, right, line - 2.5)
    for copy in part.copies:
        line -= layout.leading + 2
        top = line
        canvas.setFont(_SANS_BOLD, SMALL)
        canvas.drawString(left, line, nfc(copy.code))
        canvas.setFont(_SANS, SMALL)
        canvas.drawRightString(right, line, format_date(copy.due_on))
        canvas.drawRightString(right, line - layout.leading, late_text(copy.days_overdue))
        for number, text in enumerate(layout.title_lines(copy)):
            if number:
                line -= layout.leading
            canvas.drawString(title_x, line, text)
        line = min(line, top - layout.leading)
    # the foot: a kind word, the contact line and the date, from the bottom up
    bottom = y + SLIP_PADDING
    canvas.setFont(_SERIF_ITALIC, SMALL)
    footer = layout.footer_lines(data)
    for number, text in enumerate(reversed(footer)):
        canvas.drawString(left, bottom + number * layout.leading, text)
    canvas.drawRightString(
        right, bottom + len(footer) * layout.leading + 2, format_date(data.today)
    )


# ---- reader cards ------------------------------------------------------------------------


def render_reader_cards(
    data: ReaderCardsData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Reader cards, ten to an A4 page, each outlined to be cut out."""
    left = (A4[0] - CARD_COLUMNS * CARD_WIDTH) / 2
    top = (A4[1] - CARD_ROWS * CARD_HEIGHT) / 2

    def origin(slot: int) -> tuple[float, float]:
        row, column = divmod(slot, CARD_COLUMNS)
        return left + column * CARD_WIDTH, A4[1] - top - (row + 1) * CARD_HEIGHT

    def draw(canvas: Canvas, index: int, x: float, y: float) -> None:
        _draw_card(canvas, data, data.cards[index], x, y)

    return render_blocks(
        out,
        page_size=A4,
        per_page=CARD_COLUMNS * CARD_ROWS,
        origin=origin,
        count=len(data.cards),
        draw=draw,
        title=_("Reader cards"),
        progress=progress,
        cancel=cancel,
    )


def card_barcode_box(x: float, y: float, value: str) -> tuple[float, float, float]:
    """Where a card's barcode goes: left edge of the bars, bottom, module width."""
    room = CARD_WIDTH - 2 * CARD_PADDING
    module = module_for(value, room)
    width = code128_modules(value) * module
    return x + (CARD_WIDTH - width) / 2, y + CARD_PADDING + SMALL + 3, module


def _draw_card(canvas: Canvas, data: ReaderCardsData, card: ReaderCard, x: float, y: float) -> None:
    canvas.saveState()
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.4)
    canvas.roundRect(x, y, CARD_WIDTH, CARD_HEIGHT, 3 * mm, stroke=1, fill=0)
    canvas.restoreState()
    width = CARD_WIDTH - 2 * CARD_PADDING
    centre = x + CARD_WIDTH / 2
    left = x + CARD_PADDING
    line = y + CARD_HEIGHT - CARD_PADDING
    leading = SMALL * 1.5  # stacked Vietnamese accents (Ồ, Ầ) need the room
    if data.issuing_body:
        canvas.setFont(_SERIF, SMALL)
        line -= leading
        canvas.drawCentredString(centre, line, fit_line(upper(data.issuing_body), _SERIF, SMALL,
                                                        width))
    canvas.setFont(_SERIF_BOLD, SMALL)
    for text in wrap(upper(data.centre_name), _SERIF_BOLD, SMALL, width, max_lines=2):
        line -= leading
        canvas.drawCentredString(centre, line, text)
    line -= 15
    canvas.setFont(_SERIF_BOLD, 12.5)
    canvas.drawCentredString(centre, line, upper(_("Reader card")))
    details: list[tuple[str, str, bool]] = [(_("Full name"), card.full_name, True)]
    born = str(card.birth_year or "")
    if born:
        details.append((_("Year of birth"), born, False))
    if card.village:
        details.append((_("Village"), card.village, False))
    line -= 3
    issued_line = line - 2 * TEXT * 1.3  # right of the second line (birth year or village)
    for label, value, bold in details:
        line -= TEXT * 1.3
        label_text = nfc(label) + ": "
        canvas.setFont(_SANS, TEXT)
        canvas.drawString(left, line, label_text)
        face = _SANS_BOLD if bold else _SANS
        size = 10.0 if bold else TEXT
        offset = stringWidth(label_text, _SANS, TEXT)
        canvas.setFont(face, size)
        canvas.drawString(left + offset, line, fit_line(value, face, size, width - offset))
    if card.registered_on is not None:
        canvas.setFont(_SANS, SMALL)
        issued = _("Issued {date}").format(date=format_date(card.registered_on))
        canvas.drawRightString(x + CARD_WIDTH - CARD_PADDING, issued_line, nfc(issued))
    code = nfc(card.card_code)
    bars_x, bars_y, module = card_barcode_box(x, y, code)
    draw_code128(canvas, code, bars_x, bars_y, BARCODE_HEIGHT, module)
    canvas.setFont(_SANS_BOLD, SMALL + 1)
    canvas.drawCentredString(centre, y + CARD_PADDING, code)
