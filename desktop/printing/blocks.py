"""Sheets of equal blocks drawn straight on the canvas: slips, cards, labels.

No frame and no footer: a footer would land on the labels. Progress counts blocks; cancel is
checked before every page and raises desktop.progress.Cancelled before anything is written (the canvas
writes only when saved).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.printing.fonts import SANS, font_name, register_fonts
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import Output
from desktop.printing.text import nfc
from desktop.progress import as_progress

register_fonts()  # measuring text below needs the faces

Origin = Callable[[int], tuple[float, float]]
"""Bottom-left corner of the block at a position of the sheet (0 = first, row by row)."""

DrawBlock = Callable[[Canvas, int, float, float], None]
"""draw(canvas, item index, x, y): draw one block with its bottom-left corner at (x, y)."""


def render_blocks(
    out: Output,
    *,
    page_size: tuple[float, float],
    per_page: int,
    origin: Origin,
    count: int,
    draw: DrawBlock,
    title: str,
    start: int = 0,
    decorate: Callable[[Canvas], None] | None = None,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Draw count blocks, per_page to a page, the first at position start; returns the pages."""
    register_fonts()
    task = as_progress(progress, cancel)
    target: Any = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
    canvas = Canvas(target, pagesize=page_size, initialFontName=font_name(SANS))
    canvas.setTitle(nfc(title))
    canvas.setCreator("CLC Ledger")
    start %= per_page
    total = max(count, 1)
    slot, pages = start, 0
    for index in range(count):
        if index == 0 or slot == per_page:
            task.check()
            if pages:
                canvas.showPage()
            pages += 1
            slot %= per_page  # the first page keeps its start offset
            if decorate is not None:
                decorate(canvas)
        x, y = origin(slot)
        draw(canvas, index, x, y)
        slot += 1
        task.report(index + 1, total)
    task.check()
    if not pages:  # nothing to print: one empty page rather than an unreadable file
        pages = 1
        if decorate is not None:
            decorate(canvas)
    canvas.showPage()
    canvas.save()
    if not count:
        task.report(total, total)
    return pages


def fit_line(text: str, face: str, size: float, width: float) -> str:
    """text cut with an ellipsis where it would overflow width (labels have no second line)."""
    text = nfc(text)
    if stringWidth(text, face, size) <= width:
        return text
    while text and stringWidth(text + "…", face, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, face: str, size: float, width: float, max_lines: int = 0) -> list[str]:
    """Lines of text that fit width; with max_lines, the last kept line ends in an ellipsis."""
    lines = simpleSplit(nfc(text), face, size, width) or [""]
    if max_lines and len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], fit_line(rest + " …", face, size, width)]
    return lines


def dashed_lines(canvas: Canvas, lines: Sequence[tuple[float, float, float, float]]) -> None:
    """Light dashed cut lines."""
    canvas.saveState()
    canvas.setStrokeColorRGB(0.55, 0.55, 0.55)
    canvas.setLineWidth(0.4)
    canvas.setDash(3, 3)
    for x1, y1, x2, y2 in lines:
        canvas.line(x1, y1, x2, y2)
    canvas.restoreState()
