"""Page geometry, the footer on every page and the one build function all documents share.

The canvas keeps each finished page until the end so that the footer can say "Page x/y" in a
single layout pass. Progress is counted in table rows placed; cancel is checked at every page
and after every table fragment, and raises desktop.progress.Cancelled before anything is written.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table

from desktop.i18n import _
from desktop.printing.fonts import SANS, SERIF, font_name, register_fonts
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.progress import as_progress
from desktop.printing.text import nfc

Output = str | os.PathLike[str] | IO[bytes]

QR_SIZE = 16 * mm
FOOTER_BASELINE = 9 * mm


@dataclass(frozen=True)
class PageSetup:
    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        """Width of the text frame."""
        return self.size[0] - self.left - self.right

    @property
    def height(self) -> float:
        return self.size[1] - self.top - self.bottom

    @property
    def is_landscape(self) -> bool:
        return self.size[0] > self.size[1]


# Decree 30/2020 asks for a wide left margin (binding); the bottom margin holds code, QR, page no.
PORTRAIT = PageSetup(A4, left=25 * mm, right=15 * mm, top=15 * mm, bottom=23 * mm)
LANDSCAPE = PageSetup(landscape(A4), left=15 * mm, right=12 * mm, top=12 * mm, bottom=23 * mm)


@dataclass(frozen=True)
class Footer:
    """What every page carries besides the story: running title, code line and QR, page x/y."""

    setup: PageSetup
    running_title: str = ""
    code_for_page: Callable[[int], str] | None = None
    _qr_mask: list[int] = field(default_factory=list, repr=False)  # chosen on the first page

    def draw(self, canvas: Canvas, page: int, pages: int) -> None:
        width, height = self.setup.size
        canvas.saveState()
        canvas.setFont(font_name(SERIF), 9)
        label = nfc(_("Page {page}/{pages}").format(page=page, pages=pages))
        canvas.drawCentredString(width / 2, FOOTER_BASELINE, label)
        if page > 1 and self.running_title:
            canvas.setFont(font_name(SERIF, italic=True), 8)
            canvas.drawString(self.setup.left, height - self.setup.top + 4 * mm, self.running_title)
        if self.code_for_page is not None:
            code = self.code_for_page(page)
            canvas.setFont(font_name(SANS), 8)
            canvas.drawString(self.setup.left, FOOTER_BASELINE, code)
            modules, mask = qr_modules(code, self._qr_mask[0] if self._qr_mask else None)
            self._qr_mask[:] = [mask]
            _draw_qr(canvas, modules, width - self.setup.right - QR_SIZE, 4 * mm)
        canvas.restoreState()


def qr_modules(value: str, mask: int | None = None) -> tuple[list[list[bool]], int]:
    """The QR matrix of value (medium error correction, dark modules True) and its mask pattern.

    Choosing the best of the 8 mask patterns is most of the cost; the pages of one document
    differ in a digit or two, so they reuse the first page's choice (any mask is valid QR).
    """
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(value)
    code.version = code.calculate_version()  # what QRCode.make() does, keeping the mask it picks
    if mask is None:
        mask = code.getBestMaskPattern()
    code.makeImpl(False, mask)
    return [[bool(module) for module in row] for row in code.modules], mask


def _draw_qr(canvas: Canvas, modules: list[list[bool]], x: float, y: float) -> None:
    # drawn as rectangles straight on the canvas: renderPDF would pull Helvetica into the file
    box = QR_SIZE / len(modules)
    path = canvas.beginPath()
    for row_number, row in enumerate(modules):
        top = y + QR_SIZE - (row_number + 1) * box
        column = 0
        for dark, run in itertools.groupby(row):
            count = len(list(run))
            if dark:
                path.rect(x + column * box, top, count * box, box * 1.02)
            column += count
    canvas.drawPath(path, stroke=0, fill=1)


class _PagedCanvas(Canvas):
    """Holds the finished pages back until save() so that the footer knows the page count."""

    def __init__(self, *args: Any, footer: Footer, **kwargs: Any) -> None:
        # reportlab would otherwise start every page in Helvetica and list it in the PDF
        kwargs["initialFontName"] = kwargs.get("initialFontName") or font_name(SANS)
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._footer = footer

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            self._footer.draw(self, self._pageNumber, pages)
            Canvas.showPage(self)
        Canvas.save(self)


class _Document(BaseDocTemplate):
    def __init__(
        self,
        out: Output,
        setup: PageSetup,
        *,
        title: str,
        total_rows: int,
        progress: ProgressCallback | None,
        cancel: CancelCallback | None,
    ) -> None:
        target: Any = os.fspath(out) if isinstance(out, (str, os.PathLike)) else out
        super().__init__(
            target,
            pagesize=setup.size,
            leftMargin=setup.left,
            rightMargin=setup.right,
            topMargin=setup.top,
            bottomMargin=setup.bottom,
            title=title,
            creator="CLC Ledger",
        )
        frame = Frame(
            setup.left,
            setup.bottom,
            setup.width,
            setup.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="body",
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])
        self._total_rows = max(total_rows, 1)
        self._rows_done = 0
        self.task = as_progress(progress, cancel)

    def check_cancel(self) -> None:
        self.task.check()

    def handle_pageBegin(self) -> None:  # noqa: N802 - reportlab's name
        self.check_cancel()
        super().handle_pageBegin()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, Table):
            self._rows_done += _body_rows(flowable)
            self.task.report(min(self._rows_done, self._total_rows), self._total_rows)
        self.check_cancel()


def _body_rows(table: Table) -> int:
    # a split table repeats its header rows, so the body rows of the fragments add up exactly
    return int(table._nrows) - int(table.repeatRows or 0)


def build(
    story: Sequence[Flowable],
    out: Output,
    footer: Footer,
    *,
    title: str,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Lay the story out on footer.setup's pages, write the PDF to out, return the page count."""
    register_fonts()
    total_rows = sum(_body_rows(f) if isinstance(f, Table) else int(getattr(f, "body_rows", 0))
                     for f in story)
    document = _Document(
        out,
        footer.setup,
        title=nfc(title),
        total_rows=total_rows,
        progress=progress,
        cancel=cancel,
    )
    document.check_cancel()

    def canvasmaker(*args: Any, **kwargs: Any) -> Canvas:
        return _PagedCanvas(*args, footer=footer, **kwargs)

    document.build(list(story), canvasmaker=canvasmaker)
    document.task.report(document._total_rows, document._total_rows)
    return int(document.page)
