"""Spine labels: the accession number in large type and as a Code 128 barcode, on label sheets.

The sheet (rows × columns, label size, margins) is a LabelSheet; start skips labels already
used, so a half-used sheet goes back into the printer. Sizes inside a label follow its height.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.i18n import _
from desktop.printing.barcodes import code128_bars, code128_modules, draw_code128, module_for
from desktop.printing.blocks import fit_line, render_blocks
from desktop.printing.book_model import LabelSheet, SpineLabel, SpineLabelsData
from desktop.printing.fonts import SANS, SERIF, font_name, register_fonts
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import Output
from desktop.printing.text import nfc

register_fonts()  # measuring text below needs the faces

SMALL = 8.0
_BOLD = font_name(SANS, bold=True)
_SANS = font_name(SANS)
_SERIF_BOLD = font_name(SERIF, bold=True)


@dataclass(frozen=True)
class LabelLayout:
    """Where things go inside the labels of one print run (offsets from a label's bottom left).

    One number size for the whole run, so that a sheet looks even. Tall labels carry the
    centre's name and the classification on a top line and the number centred under it;
    short ones put the classification beside the number.
    """

    pad_x: float  # labels touching the paper's edge: printers leave 3-4 mm blank there
    pad_y: float
    number_size: float
    number_baseline: float
    top_baseline: float | None  # None: no room for a top line
    bar_bottom: float
    bar_height: float

    @classmethod
    def for_labels(cls, sheet: LabelSheet, labels: Sequence[SpineLabel]) -> LabelLayout:
        height, width = sheet.label_height, sheet.label_width
        pad_x, pad_y = min(4 * mm, width * 0.07), min(3 * mm, height * 0.1)
        tall = height >= 25 * mm
        bar_height = height * (0.34 if tall else 0.4)
        bar_top = pad_y + bar_height
        top_baseline = height - pad_y - SMALL if tall else None
        ceiling = top_baseline - 3 if top_baseline is not None else height - pad_y
        size = max(8.0, min(24.0, (ceiling - bar_top - 6) / 0.73))  # 0.73: digits' height
        room = width - 2 * pad_x
        for label in labels:
            side = 0.0 if tall or not label.classification else (
                stringWidth(nfc(label.classification), _SANS, SMALL + 1) + 6)
            while size > 8 and stringWidth(nfc(label.code), _BOLD, size) > room - side:
                size -= 0.5
        # the number in the middle of the room between the bars and the top line
        number_baseline = bar_top + max(3.0, (ceiling - bar_top - 0.73 * size) / 2)
        return cls(pad_x, pad_y, size, number_baseline, top_baseline, pad_y, bar_height)


def barcode_geometry(sheet: LabelSheet, code: str) -> tuple[float, float] | None:
    """(left edge of the bars from the label's left, module) or None when code is not ASCII."""
    try:
        code128_bars(code)
    except ValueError:
        return None
    room = sheet.label_width - 2 * min(4 * mm, sheet.label_width * 0.07)
    module = module_for(code, room)
    width = code128_modules(code) * module
    return (sheet.label_width - width) / 2, module


def render_spine_labels(
    data: SpineLabelsData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Labels in sheet order from data.start; returns the number of sheets printed."""
    sheet = data.sheet
    sheet.check()
    if not 0 <= data.start < sheet.per_sheet:
        raise ValueError(f"start {data.start} is not a label of a {sheet.per_sheet}-label sheet")
    layout = LabelLayout.for_labels(sheet, data.labels)

    def draw(canvas: Canvas, index: int, x: float, y: float) -> None:
        _draw_label(canvas, data, data.labels[index], layout, x, y)

    return render_blocks(
        out,
        page_size=sheet.page_size,
        per_page=sheet.per_sheet,
        origin=sheet.origin,
        count=len(data.labels),
        draw=draw,
        title=_("Spine labels"),
        start=data.start,
        progress=progress,
        cancel=cancel,
    )


def _draw_label(
    canvas: Canvas,
    data: SpineLabelsData,
    label: SpineLabel,
    layout: LabelLayout,
    x: float,
    y: float,
) -> None:
    sheet = data.sheet
    width = sheet.label_width - 2 * layout.pad_x
    left, right = x + layout.pad_x, x + sheet.label_width - layout.pad_x
    middle = x + sheet.label_width / 2
    if data.outlines:
        canvas.saveState()
        canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
        canvas.setLineWidth(0.3)
        canvas.rect(x, y, sheet.label_width, sheet.label_height, stroke=1, fill=0)
        canvas.restoreState()
    code = nfc(label.code)
    classification = nfc(label.classification)
    baseline = y + layout.number_baseline
    canvas.setFillColorRGB(0, 0, 0)
    if layout.top_baseline is not None:
        top = y + layout.top_baseline
        side = 0.0
        if classification:
            canvas.setFont(_BOLD, SMALL + 1)
            canvas.drawRightString(right, top, classification)
            side = stringWidth(classification, _BOLD, SMALL + 1) + 6
        if data.centre_name and width - side > 30:
            canvas.setFont(_SERIF_BOLD, SMALL)
            canvas.drawString(left, top, fit_line(data.centre_name, _SERIF_BOLD, SMALL,
                                                  width - side))
        canvas.setFont(_BOLD, layout.number_size)
        canvas.drawCentredString(middle, baseline, code)
    elif classification:
        canvas.setFont(_BOLD, layout.number_size)
        canvas.drawString(left, baseline, code)
        canvas.setFont(_SANS, SMALL + 1)
        canvas.drawRightString(right, baseline, classification)
    else:
        canvas.setFont(_BOLD, layout.number_size)
        canvas.drawCentredString(middle, baseline, code)
    geometry = barcode_geometry(sheet, code)
    if geometry is not None:
        offset, module = geometry
        draw_code128(canvas, code, x + offset, y + layout.bar_bottom, layout.bar_height, module)


__all__ = ["LabelLayout", "barcode_geometry", "render_spine_labels"]
