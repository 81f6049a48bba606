"""The book cabinet's printed documents, gathered in one place for callers.

Each renderer takes its data (desktop.printing.book_model) and writes a PDF:
``render_xxx(data, out, *, progress=None, cancel=None) -> pages``.

* registers and lists on the Decree 30 frame (book_registers): item and summary accession
  registers, the loan book, the stocktaking shelf list, the rotation handover list;
* small blocks several to an A4 page (book_slips): overdue reminder slips, reader cards;
* spine labels with the accession number and a Code 128 barcode on a label sheet (labels).
"""

from __future__ import annotations

from desktop.printing.book_model import (
    A4_3X8,
    A4_4X10,
    A4_5X13,
    LABEL_SHEETS,
    HandoverData,
    HandoverRow,
    ItemRegisterData,
    ItemRegisterRow,
    LabelSheet,
    LoanBookData,
    LoanBookRow,
    OverdueCopy,
    OverdueSlip,
    OverdueSlipsData,
    ReaderCard,
    ReaderCardsData,
    ShelfListData,
    ShelfListRow,
    SpineLabel,
    SpineLabelsData,
    SummaryRegisterData,
    SummaryRegisterRow,
)
from desktop.printing.book_lists import render_handover_list, render_shelf_list
from desktop.printing.book_registers import (
    render_item_register,
    render_loan_book,
    render_summary_register,
)
from desktop.printing.book_slips import render_overdue_slips, render_reader_cards
from desktop.printing.labels import render_spine_labels

__all__ = [
    "A4_3X8",
    "A4_4X10",
    "A4_5X13",
    "LABEL_SHEETS",
    "HandoverData",
    "HandoverRow",
    "ItemRegisterData",
    "ItemRegisterRow",
    "LabelSheet",
    "LoanBookData",
    "LoanBookRow",
    "OverdueCopy",
    "OverdueSlip",
    "OverdueSlipsData",
    "ReaderCard",
    "ReaderCardsData",
    "ShelfListData",
    "ShelfListRow",
    "SpineLabel",
    "SpineLabelsData",
    "SummaryRegisterData",
    "SummaryRegisterRow",
    "render_handover_list",
    "render_item_register",
    "render_loan_book",
    "render_overdue_slips",
    "render_reader_cards",
    "render_shelf_list",
    "render_spine_labels",
    "render_summary_register",
]
