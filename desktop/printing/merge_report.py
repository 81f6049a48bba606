"""The merge report (a former centre merged into this one) as PDF: plain data in, already in the
user's language (filled by desktop.services.merger.documents)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.printing.frame import labelled, title_block
from desktop.printing.grid import BODY_STYLE, HEADER_FONT, cell_height, distribute, fit, header_cell, make_table
from desktop.printing.model import CancelCallback, ProgressCallback
from desktop.printing.pages import PORTRAIT, Footer, Output, build
from desktop.printing.text import markup, nfc


@dataclass(frozen=True)
class ReportSection:
    """A titled table; `numeric` columns are right-aligned."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class MergeReportData:
    title: str
    facts: tuple[tuple[str, str], ...]  # label, value
    explanation: str
    sections: tuple[ReportSection, ...]
    running_title: str


_HEADING = BODY_STYLE.clone("merge-heading", fontName=HEADER_FONT, fontSize=11, leading=14, spaceAfter=4)


def render_merge_report_pdf(data: MergeReportData, out: Output, *, progress: ProgressCallback | None = None,
                            cancel: CancelCallback | None = None) -> int:
    """Write the report (A4 portrait); returns the number of pages."""
    setup = PORTRAIT
    story: list[Flowable] = [*title_block(data.title, [*(labelled(label, value) for label, value in data.facts),
                                                       markup(data.explanation)])]
    for section in data.sections:
        story += [Spacer(1, 10), Paragraph(markup(section.title), _HEADING)]
        if section.note:
            story.append(Paragraph(markup(section.note), BODY_STYLE))
            story.append(Spacer(1, 4))
        if section.rows:
            story.append(_table(section, setup.width))
    footer = Footer(setup, running_title=nfc(data.running_title))
    return build(story, out, footer, title=data.title, progress=progress, cancel=cancel)


def _table(section: ReportSection, width: float) -> Flowable:
    count = len(section.headers)
    widths = distribute(width, [None] * count, [1.0 if index in section.numeric else 2.0 for index in range(count)])
    rows: list[Sequence[object]] = [[header_cell(text) for text in section.headers]]
    heights: list[float | None] = [None]
    for row in section.rows:
        cells = [fit(value, widths[index]) for index, value in enumerate(row)]
        rows.append(cells)
        heights.append(max(cell_height(cell, 14.0) for cell in cells))
    extra = [("ALIGN", (index, 1), (index, -1), "RIGHT") for index in section.numeric]
    return make_table(rows, widths, heights, 1, extra)
