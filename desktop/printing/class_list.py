"""The class list: A4 landscape, one line per learner, then totals by sex, ethnicity and age."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop.formatting import format_date, format_integer
from desktop.i18n import _
from desktop.printing.codes import make_sheet_code
from desktop.printing.frame import OfficialHeader, labelled, signature_block, title_block
from desktop.printing.grid import (
    BODY_STYLE,
    cell_height,
    distribute,
    fit,
    header_cell,
    snug_width,
)
from desktop.printing.keep import table_with_closing
from desktop.printing.model import CancelCallback, ClassListData, LearnerRow, ProgressCallback
from desktop.printing.pages import LANDSCAPE, Footer, Output, build
from desktop.printing.text import date_line, markup, nfc

ROW_HEIGHT = 20.0  # room for a signature
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("15–25", 15, 25),
    ("15–35", 15, 35),
    ("15–60", 15, 60),
)


@dataclass(frozen=True)
class ClassTotals:
    learners: int
    women: int
    minority: int
    by_band: tuple[int, ...]  # one per AGE_BANDS entry
    over_60: int
    age_unknown: int


def class_totals(learners: Sequence[LearnerRow], today: dt.date) -> ClassTotals:
    """Counts for the foot of the list; the age bands overlap, as in the reports (15–25 ⊂ 15–35)."""
    ages = [learner.age_on(today) for learner in learners]
    return ClassTotals(
        learners=len(learners),
        women=sum(learner.gender == "female" for learner in learners),
        minority=sum(learner.is_minority for learner in learners),
        by_band=tuple(
            sum(age is not None and low <= age <= high for age in ages)
            for _label, low, high in AGE_BANDS
        ),
        over_60=sum(age is not None and age > 60 for age in ages),
        age_unknown=sum(age is None for age in ages),
    )


def render_class_list(
    data: ClassListData,
    out: Output,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCallback | None = None,
) -> int:
    """Write the list as PDF to out (path or binary file); returns the number of pages."""
    setup = LANDSCAPE
    title = _("Class list")
    period = " – ".join(format_date(day) for day in (data.start, data.end) if day)
    story: list[Flowable] = [
        OfficialHeader(
            data.header, date_line(data.header.place, data.header.date or data.today), size=11
        ),
        *title_block(
            title,
            [
                labelled(_("Class"), f"{nfc(data.class_name)} ({nfc(data.class_code)})")
                + " &nbsp; "
                + labelled(_("Kind"), data.kind_label),
                labelled(_("Dates"), period) + " &nbsp; " + labelled(_("Teacher"), data.teacher),
            ],
            size=13,
        ),
        *_table(
            data,
            setup.width,
            setup.height,
            closing=[
                Spacer(1, 6),
                *_totals(data),
                signature_block(
                    data.header, setup.width, others=[(_("Teacher"), nfc(data.teacher))]
                ),
            ],
        ),
    ]
    footer = Footer(
        setup,
        running_title=nfc(f"{title} · {data.class_code}"),
        code_for_page=lambda page: make_sheet_code(
            data.class_code, data.today.year, data.today.month, page
        ),
    )
    return build(
        story, out, footer, title=f"{title} {data.class_code}", progress=progress, cancel=cancel
    )


def _table(data: ClassListData, width: float, frame_height: float,
           closing: Sequence[Flowable]) -> list[Flowable]:
    """The list, its last rows kept with the totals and signatures (see printing.keep)."""
    header = [
        _("No."),
        _("Full name"),
        _("Date or year of birth"),
        _("Woman"),
        _("Ethnic group"),
        _("Village"),
        _("Schooling or occupation"),
        _("Phone"),
        _("Signature"),
        _("Notes"),
    ]
    phones = [nfc(learner.phone) for learner in data.learners]
    fixed: list[float | None] = [
        snug_width(header[0], [str(len(data.learners))]),
        160.0,
        snug_width(header[2], ["00/00/0000"], bold_values=False),
        snug_width(header[3]),
        None,
        None,
        None,
        min(snug_width(header[7], phones, bold_values=False), 80.0),
        66.0,
        None,
    ]
    widths = distribute(width, fixed, [3, 4, 4, 4])
    rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
    heights: list[float | None] = [None]
    for index, learner in enumerate(data.learners):
        birth = (
            format_date(learner.birth_date) if learner.birth_date else str(learner.birth_year or "")
        )
        texts = [
            "",
            learner.full_name,
            "",
            "",
            learner.ethnic_group,
            learner.village,
            learner.occupation,
            learner.phone,
            "",
            learner.notes,
        ]
        cells = [
            fit(text, width) if text else "" for text, width in zip(texts, widths, strict=True)
        ]
        cells[0], cells[2], cells[3] = (
            str(index + 1),
            birth,
            "x" if learner.gender == "female" else "",
        )
        rows.append(list(cells))
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
    return table_with_closing(
        rows,
        widths,
        heights,
        header_rows=1,
        closing=closing,
        frame_height=frame_height,
        body_style=[("ALIGN", (0, 1), (0, -1), "RIGHT"), ("ALIGN", (2, 1), (3, -1), "CENTER")],
    )


def _totals(data: ClassListData) -> list[Flowable]:
    totals = class_totals(data.learners, data.today)
    n = format_integer
    first = _("Learners: {learners}; women: {women}; ethnic minority: {minority}.").format(
        learners=n(totals.learners), women=n(totals.women), minority=n(totals.minority)
    )
    bands = "; ".join(
        f"{label}: {n(count)}"
        for (label, _l, _h), count in zip(AGE_BANDS, totals.by_band, strict=True)
    )
    second = _("By age on {date}: {bands}; over 60: {over_60}").format(
        date=format_date(data.today), bands=bands, over_60=n(totals.over_60)
    )
    if totals.age_unknown:
        second += "; " + _("age unknown: {count}").format(count=n(totals.age_unknown))
    return [Paragraph(markup(first), BODY_STYLE), Paragraph(markup(second + "."), BODY_STYLE)]
