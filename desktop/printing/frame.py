"""The Decree 30/2020 frame: issuing body and national title on top, title, signatures below."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.i18n import _
from desktop.printing.fonts import SERIF, font_name, register_fonts
from desktop.printing.model import DocumentHeader
from desktop.printing.text import markup, nfc, upper

register_fonts()  # measuring below needs the faces

_BOLD = font_name(SERIF, bold=True)
_REGULAR = font_name(SERIF)
_ITALIC = font_name(SERIF, italic=True)
_BOLD_ITALIC = font_name(SERIF, bold=True, italic=True)


class OfficialHeader(Flowable):
    """Issuing body over the centre's name (left); national title, motto and date line (right)."""

    def __init__(self, header: DocumentHeader, date_text: str, *, size: float = 12) -> None:
        super().__init__()
        self._header = header
        self._date_text = nfc(date_text)
        self._size = size
        self._left: list[tuple[str, str, float]] = []
        self._right: list[tuple[str, str, float]] = []
        self._motto_line = 0
        self._split_x = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        size = self._size
        nation = nfc(_("SOCIALIST REPUBLIC OF VIET NAM"))
        motto = nfc(_("Independence - Freedom - Happiness"))
        needed = max(stringWidth(nation, _BOLD, size), stringWidth(motto, _BOLD, size + 1)) + 10
        right_width = min(max(needed, availWidth * 0.55), availWidth * 0.65)
        left_width = availWidth - right_width
        self._left = _lines(upper(self._header.issuing_body), _REGULAR, size, left_width)
        self._left += _lines(upper(self._header.centre_name), _BOLD, size, left_width)
        self._right = _lines(nation, _BOLD, size, right_width)
        self._right += _lines(motto, _BOLD, size + 1, right_width)
        self._motto_line = len(self._right) - 1
        self._right.append(("", _REGULAR, size * 0.6))
        self._right += _lines(self._date_text, _ITALIC, size + 1, right_width)
        self._split_x = left_width
        self.width = availWidth
        self.height = max(_height(self._left), _height(self._right)) + 4
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        left_centre = self._split_x / 2
        right_centre = self._split_x + (self.width - self._split_x) / 2
        y = self.height
        for text, face, size in self._left:
            y -= size * 1.3
            canvas.setFont(face, size)
            canvas.drawCentredString(left_centre, y, text)
        # Decree 30: a short solid rule, a third to a half of the name's length, under the body
        rule = max(stringWidth(self._left[-1][0], _BOLD, self._size) * 0.4, 30)
        canvas.setLineWidth(0.6)
        drop = self._size * 0.45
        canvas.line(left_centre - rule / 2, y - drop, left_centre + rule / 2, y - drop)
        y = self.height
        for index, (text, face, size) in enumerate(self._right):
            y -= size * 1.3
            if text:
                canvas.setFont(face, size)
                canvas.drawCentredString(right_centre, y, text)
            if index == self._motto_line:
                # the motto is underlined by a rule as long as the motto itself
                width = stringWidth(text, face, size)
                drop = size * 0.4
                canvas.line(right_centre - width / 2, y - drop, right_centre + width / 2, y - drop)


def _lines(text: str, face: str, size: float, width: float) -> list[tuple[str, str, float]]:
    """Wrapped lines of even length: no lone last word under a long first line."""
    width -= 6
    lines = simpleSplit(text, face, size, width)
    if len(lines) > 1:
        low, high = 0.0, width
        for _step in range(12):
            middle = (low + high) / 2
            if len(simpleSplit(text, face, size, middle)) > len(lines):
                low = middle
            else:
                high = middle
        lines = simpleSplit(text, face, size, high)
    return [(line, face, size) for line in lines if line]


def _height(lines: Sequence[tuple[str, str, float]]) -> float:
    return sum(size * 1.3 for _text, _face, size in lines) + 6


def _style(
    name: str, face: str, size: float, align: int = TA_CENTER, **extra: float
) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=face, fontSize=size, leading=size * 1.25, alignment=align, **extra
    )


def title_block(title: str, lines: Sequence[str], *, size: float = 14) -> list[Flowable]:
    """The document's title in bold capitals, then its particulars centred under it."""
    story: list[Flowable] = [
        Spacer(1, 6),
        Paragraph(markup(upper(title)), _style("title", _BOLD, size, spaceAfter=3)),
    ]
    line_style = _style("title-line", _REGULAR, size - 3)
    story += [Paragraph(line, line_style) for line in lines if line]
    story.append(Spacer(1, 8))
    return story


def labelled(label: str, value: str) -> str:
    """'Label: value' for a title line, the value in bold; already Paragraph markup."""
    return f"{markup(label)}: <b>{markup(value)}</b>" if value else ""


def signature_block(
    header: DocumentHeader,
    width: float,
    *,
    others: Sequence[tuple[str, str]] = (),
    note: str = "",
) -> Table:
    """Recipients bottom left; other signers (title, name), then the head's signature, right."""
    caption_style = _style("sign-caption", _ITALIC, 10)
    columns: list[list[Flowable]] = []
    for title, name in (*others, (header.signer_title, header.signer_name)):
        cell: list[Flowable] = [
            Paragraph(markup(upper(title)), _style("sign-title", _BOLD, 11)),
            Paragraph(markup(note or _("(Signature and full name)")), caption_style),
            Spacer(1, 52),
            Paragraph(markup(name), _style("sign-name", _BOLD, 11)),
        ]
        columns.append(cell)
    recipients: list[Flowable] = []
    if header.recipients:
        recipients.append(
            Paragraph(markup(_("Recipients:")), _style("to", _BOLD_ITALIC, 10, TA_LEFT))
        )
        item_style = _style("to-item", _REGULAR, 9, TA_LEFT)
        recipients += [Paragraph("- " + markup(item), item_style) for item in header.recipients]
    left_share = 0.34 if recipients else 0.0
    sign_width = width * (1 - left_share) / len(columns)
    widths = ([width * left_share] if recipients else []) + [sign_width] * len(columns)
    row: list[object] = ([recipients] if recipients else []) + list(columns)
    table = Table([row], colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), _REGULAR, 10),  # else reportlab selects Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    table.spaceBefore = 10
    return table
