"""Plain input data for the book cabinet's printed documents: frozen dataclasses, no database.

Services fill these (desktop.services.book_documents); renderers only read them. Lists are
already in display order. Labels already translated (source of a batch, notes) come as text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.printing.model import DocumentHeader

mm = 72 / 25.4  # points per millimetre; the model imports no reportlab
A4_SIZE = (210 * mm, 297 * mm)


# ---- registers and lists (A4 tables on the Decree 30 frame) ------------------------------


@dataclass(frozen=True)
class ItemRegisterRow:
    """A line of the item accession register (sổ đăng ký cá biệt): one owned copy."""

    received_on: dt.date
    accession_number: int
    title: str
    authors: str = ""
    place: str = ""
    publisher: str = ""
    year: int | None = None
    price: int | None = None
    classification: str = ""
    intake_entry: str = ""  # the summary register's entry, "7/2026"
    note: str = ""  # "đã thanh lọc (QĐ số …)", lost, the copy's own note
    accession_code: str = ""  # the number as written ("TS-0012"); empty: the bare number

    @property
    def written_number(self) -> str:
        return self.accession_code or str(self.accession_number)


@dataclass(frozen=True)
class ItemRegisterData:
    header: DocumentHeader
    rows: Sequence[ItemRegisterRow]
    period_label: str = ""  # "No. 1–779" or "2026"; empty: the whole register


@dataclass(frozen=True)
class SummaryRegisterRow:
    """A line of the summary accession register (sổ đăng ký tổng quát): one intake batch."""

    entry: str  # "7/2026"
    date: dt.date
    document_number: str
    source: str  # already translated: purchase, donation, allocation, rotation
    supplier: str
    titles: int
    copies: int
    value: int
    notes: str = ""


@dataclass(frozen=True)
class SummaryRegisterData:
    header: DocumentHeader
    rows: Sequence[SummaryRegisterRow]
    period_label: str = ""


@dataclass(frozen=True)
class LoanBookRow:
    """A line of the loan book (sổ mượn sách)."""

    loaned_on: dt.date
    reader_name: str
    village: str
    card_code: str
    copy_code: str
    title: str
    due_on: dt.date
    returned_on: dt.date | None = None
    note: str = ""  # lost, renewed twice …


@dataclass(frozen=True)
class LoanBookData:
    header: DocumentHeader
    rows: Sequence[LoanBookRow]
    period_label: str = ""


@dataclass(frozen=True)
class ShelfListRow:
    """A copy that should be on a shelf, for counting by hand."""

    shelf: str
    code: str  # accession number, or the lender's code of a rotated copy
    title: str
    authors: str = ""
    classification: str = ""
    note: str = ""  # "on loan", "rotated" …


@dataclass(frozen=True)
class ShelfListData:
    header: DocumentHeader
    rows: Sequence[ShelfListRow]
    shelf_label: str = ""  # the shelf asked for; empty: all shelves


@dataclass(frozen=True)
class HandoverRow:
    code: str
    title: str
    authors: str = ""
    compensation: int | None = None
    note: str = ""


@dataclass(frozen=True)
class HandoverData:
    """The copies of a rotated batch as they go back to the lender, for the handover minutes."""

    header: DocumentHeader
    lender: str
    document_number: str
    received_on: dt.date
    return_by: dt.date | None
    returned: Sequence[HandoverRow]  # copies handed back
    lost: Sequence[HandoverRow] = ()
    damaged: Sequence[HandoverRow] = ()
    not_received: Sequence[HandoverRow] = ()  # on the lender's list, never arrived


# ---- slips, cards and labels (small blocks, several per sheet) ----------------------------


@dataclass(frozen=True)
class OverdueCopy:
    code: str
    title: str
    due_on: dt.date
    days_overdue: int


@dataclass(frozen=True)
class OverdueSlip:
    """One reader's reminder: the overdue copies with their due dates."""

    reader_name: str
    village: str
    card_code: str
    copies: Sequence[OverdueCopy]


@dataclass(frozen=True)
class OverdueSlipsData:
    centre_name: str
    today: dt.date
    slips: Sequence[OverdueSlip]  # grouped by village, in village order
    contact: str = ""  # opening hours, phone: printed at the foot of each slip


@dataclass(frozen=True)
class ReaderCard:
    card_code: str  # "BD00012": printed and encoded in the barcode
    full_name: str
    village: str = ""
    birth_year: int | None = None
    registered_on: dt.date | None = None


@dataclass(frozen=True)
class ReaderCardsData:
    centre_name: str
    cards: Sequence[ReaderCard]
    issuing_body: str = ""  # "UBND xã …", above the centre's name


@dataclass(frozen=True)
class LabelSheet:
    """A sheet of self-adhesive labels: a grid of equal labels, filled row by row.

    left and top are the distances from the paper's edge to the first label; column_gap and
    row_gap the blank strips between labels (0 for sheets where the labels touch).
    """

    name: str
    rows: int
    columns: int
    label_width: float  # points
    label_height: float
    left: float
    top: float
    column_gap: float = 0.0
    row_gap: float = 0.0
    page_size: tuple[float, float] = A4_SIZE

    @property
    def per_sheet(self) -> int:
        return self.rows * self.columns

    def position(self, index: int) -> tuple[int, int]:
        """(row, column), both from 0, of the index-th label of a sheet (row by row)."""
        index %= self.per_sheet
        return divmod(index, self.columns)

    def origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner (x, y in points from the page's bottom left) of a label."""
        row, column = self.position(index)
        x = self.left + column * (self.label_width + self.column_gap)
        top = self.page_size[1] - self.top - row * (self.label_height + self.row_gap)
        return x, top - self.label_height

    def check(self) -> None:
        """ValueError if the grid does not fit on the paper."""
        width = self.left + self.columns * self.label_width + (self.columns - 1) * self.column_gap
        height = self.top + self.rows * self.label_height + (self.rows - 1) * self.row_gap
        if self.rows < 1 or self.columns < 1 or self.label_width <= 0 or self.label_height <= 0:
            raise ValueError(f"label sheet {self.name!r}: empty grid")
        if width > self.page_size[0] + 0.5 or height > self.page_size[1] + 0.5:
            raise ValueError(f"label sheet {self.name!r} is larger than its paper")


# Common A4 sheets sold in Vietnam under Tomy/Decal or Avery numbers.
A4_3X8 = LabelSheet("A4 3×8 (70×37 mm)", rows=8, columns=3, label_width=70 * mm,
                    label_height=37 * mm, left=0.0, top=0.5 * mm)
A4_4X10 = LabelSheet("A4 4×10 (52.5×29.7 mm)", rows=10, columns=4, label_width=52.5 * mm,
                     label_height=29.7 * mm, left=0.0, top=0.0)
A4_5X13 = LabelSheet("A4 5×13 (38×21.2 mm)", rows=13, columns=5, label_width=38.1 * mm,
                     label_height=21.2 * mm, left=4.75 * mm, top=10.7 * mm, column_gap=2.5 * mm)
LABEL_SHEETS: dict[str, LabelSheet] = {"A4-3x8": A4_3X8, "A4-4x10": A4_4X10, "A4-5x13": A4_5X13}


@dataclass(frozen=True)
class SpineLabel:
    code: str  # the accession number (or a lender's code): printed large and as Code 128
    classification: str = ""  # call number or DDC class, printed small beside the number


@dataclass(frozen=True)
class SpineLabelsData:
    centre_name: str
    labels: Sequence[SpineLabel]
    sheet: LabelSheet = A4_3X8
    start: int = 0  # labels already used on the first sheet (filled row by row)
    outlines: bool = False  # draw each label's edge (plain paper, to cut by hand)
