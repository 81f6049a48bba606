"""The study-promotion fund's statement for a year (báo cáo thu chi quỹ khuyến học) on the
Decree 30 frame, A4 portrait: the balance brought forward, each receipt and payment in date order
with the running balance, the totals, the closing balance, and the signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.i18n import _
from desktop.printing.register_parts import build_register, register_frame, signed_table
from desktop.printing.frame import labelled
from desktop.printing.grid import cell_height, date_format, distribute, fit, header_cell, snug_width
from desktop.printing.model import CancelCallback, DocumentHeader, ProgressCallback
from desktop.printing.pages import PORTRAIT, Output
from desktop.printing.text import nfc

ROW_HEIGHT = 15.0


@dataclass(frozen=True)
class FundStatementRow:
    date: dt.date
    number: str  # the voucher's running number: PT01 for a receipt, PC01 for a payment
    content: str  # who, for what (and what was given in kind)
    decision_number: str
    receipt: int | None
    payment: int | None
    balance: int


@dataclass(frozen=True)
class FundStatementData:
    header: DocumentHeader
    year: int
    opening: int
    rows: tuple[FundStatementRow, ...]
    receipts: int
    receipts_in_kind: int
    payments: int
    closing: int


def _money(value: int | None) -> str:
    from desktop.formatting import format_integer

    return "" if value is None else format_integer(value)


def render_fund_statement(data: FundStatementData, out: Output, *, progress: ProgressCallback | None = None,
                          cancel: CancelCallback | None = None) -> int:
    """Returns the pages written."""
    setup = PORTRAIT
    title = _("Statement of the study-promotion fund")
    period = _("Year {year}").format(year=data.year)
    day = date_format()
    # a cash book's columns: the decision behind a payment is written in its content
    header = [_("Date"), _("Voucher"), _("Content"), _("Receipts (đồng)"), _("Payments (đồng)"),
              _("Balance (đồng)")]
    amounts = [_money(value) for row in data.rows for value in (row.receipt, row.payment, row.balance)]
    # sized on the figures: the headers wrap over two lines rather than narrow the content
    amount_width = max(snug_width("", [*amounts, _money(data.receipts), _money(data.closing)], bold_values=True),
                       52.0)
    fixed: list[float | None] = [snug_width(header[0], ["00/00/0000"], bold_values=False),
                                 snug_width(header[1], ["PT00"], bold_values=False), None,
                                 amount_width, amount_width, amount_width]
    widths = distribute(setup.width, fixed, [1])
    rows: list[Sequence[object]] = [[header_cell(text) for text in header]]
    heights: list[float | None] = [None]
    rows.append(["", "", _("Balance brought forward"), "", "", _money(data.opening)])
    heights.append(ROW_HEIGHT)
    for row in data.rows:
        content = row.content
        if row.decision_number:
            content += " (" + _("Decision {number}").format(number=row.decision_number) + ")"
        cells = [day(row.date), nfc(row.number), fit(content, widths[2]), _money(row.receipt), _money(row.payment),
                 _money(row.balance)]
        rows.append(cells)
        heights.append(max(cell_height(cell, ROW_HEIGHT) for cell in cells))
    rows.append(["", "", _("Total in the year"), _money(data.receipts), _money(data.payments), ""])
    heights.append(ROW_HEIGHT)
    rows.append(["", "", _("of which received in kind (value)"), _money(data.receipts_in_kind), "", ""])
    heights.append(ROW_HEIGHT)
    rows.append(["", "", _("Balance carried forward"), "", "", _money(data.closing)])
    heights.append(ROW_HEIGHT)
    last = len(rows)
    from desktop.printing.frame import signature_block
    from desktop.printing.grid import HEADER_FONT

    table = signed_table(rows, widths, heights,
                          [signature_block(data.header, setup.width, others=[(_("Prepared by"), "")])],
                          extra=[("ALIGN", (0, 1), (1, last - 1), "CENTER"),
                                 ("ALIGN", (3, 1), (5, last - 1), "RIGHT"),
                                 ("FONT", (0, 1), (-1, 1), HEADER_FONT, 9),
                                 ("FONT", (0, last - 3), (-1, last - 3), HEADER_FONT, 9),
                                 ("FONT", (0, last - 1), (-1, last - 1), HEADER_FONT, 9)])
    story = [*register_frame(data.header, title, [labelled(_("Period"), period)], 11), table]
    return build_register(story, out, setup, title, period, progress, cancel)
