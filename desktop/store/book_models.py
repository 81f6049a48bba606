"""SQLAlchemy models of the book cabinet (tủ sách): titles, copies, registers, readers, loans.

Every table is syncable (the `Syncable` mixin: UUIDv7 id, origin centre, HLC version, change
sequence, tombstone), stamped by the session hook in `store.database`. Folded and sort-key columns
are stored beside the text they come from, so searches are indexed SQL, not Python scans.

Natural keys (accession number, reader card number, intake entry number per year) are unique.
Their counters live in `book_counter`, so a number is never given twice, even after weeding or
deleting the copy that had it.
"""

# No `from __future__ import annotations` here: with it every `Mapped[...]` annotation is a
# string that SQLAlchemy must evaluate again, a fifth of the time it takes to map these classes
# at each start.

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import Base, Syncable, add_sync_index
from desktop.store.register_models import Learner  # noqa: F401  (a reader's link to a learner)

# Intake sources of the summary accession register; "opening" is stock that was on the shelves
# before the register was kept in this app (an imported catalogue list).
INTAKE_SOURCES = ("purchase", "donation", "allocation", "rotation", "opening")

# A copy's place in the registers. Whether it is on loan comes from `book_loan`, not from here.
COPY_ACTIVE = "active"  # on the shelf or on loan
COPY_LOST = "lost"
COPY_WEEDED = "weeded"
COPY_EXPECTED = "expected"  # a rotated copy on the lender's list, not yet received
COPY_SENT_BACK = "sent_back"  # a rotated copy handed back to the lender
COPY_STATUSES = (COPY_ACTIVE, COPY_LOST, COPY_WEEDED, COPY_EXPECTED, COPY_SENT_BACK)

LOAN_OPEN, LOAN_RETURNED, LOAN_LOST, LOAN_CANCELLED = "open", "returned", "lost", "cancelled"


class BookTitle(Syncable, Base):
    """A title in the catalogue (đầu sách); copies hang off it."""

    __tablename__ = "book_title"

    title: Mapped[str] = mapped_column(String(500), nullable=False)
    title_sort: Mapped[str] = mapped_column(String(1500), nullable=False, index=True)
    authors: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    publisher: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    place: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    isbn: Mapped[str] = mapped_column(String(13), nullable=False, default="")
    # The ISBN-13 form of `isbn` (also for ISBN-10s), so a scanned EAN-13 finds either.
    isbn13: Mapped[str | None] = mapped_column(String(13), nullable=True, index=True)
    language: Mapped[str] = mapped_column(String(40), nullable=False, default="vi")
    classification: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    main_class: Mapped[str] = mapped_column(String(3), nullable=False, default="", index=True)
    call_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    subjects: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    audience: Mapped[str] = mapped_column(String(10), nullable=False, default="adult")
    law_book: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    price: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Folded title, authors, subjects, publisher and ISBN: what search-as-you-type matches.
    search_folded: Mapped[str] = mapped_column(String(2000), nullable=False, default="")


class BookIntake(Syncable, Base):
    """A line of the summary accession register (sổ đăng ký tổng quát): one intake batch."""

    __tablename__ = "book_intake"
    __table_args__ = (UniqueConstraint("entry_year", "entry_number", "origin",
                                       name="uq_book_intake_entry_year_number"),)

    entry_year: Mapped[int] = mapped_column(Integer, nullable=False)
    entry_number: Mapped[int] = mapped_column(Integer, nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    source: Mapped[str] = mapped_column(String(20), nullable=False)
    supplier: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    document_number: Mapped[str] = mapped_column(String(100), nullable=False, default="")
    value: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # Rotated batches (luân chuyển) only: the date they must be back, and when they went back.
    return_by: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    returned_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class BookWeeding(Syncable, Base):
    """A weeding decision (thanh lọc): the copies it withdrew point at it."""

    __tablename__ = "book_weeding"

    decision_number: Mapped[str] = mapped_column(String(100), nullable=False)
    decision_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    copies: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class BookCopy(Syncable, Base):
    """A copy (bản sách): a line of the item accession register (sổ đăng ký cá biệt).

    Owned copies have an accession number (số ĐKCB); rotated copies are the lender's stock and
    carry the lender's code in `external_code` instead.
    """

    __tablename__ = "book_copy"
    # Numbers are unique per centre (an office holds many); the number comes first so that a
    # scan at the desk finds it through the same index.
    # An accession number is its prefix ("TS", "" for a bare number) and its value; the value
    # comes first so that a scan of a bare number finds it through the same index.
    __table_args__ = (
        UniqueConstraint("accession_number", "accession_prefix", "origin",
                         name="uq_book_copy_accession"),
        UniqueConstraint("external_code", "origin", name="uq_book_copy_external_code"),
        # the report's copies per title at every centre at once, read from the index alone
        Index("ix_book_copy_origin_title", "origin", "title_id", "deleted", "accession_number", "received_on",
              "withdrawn_on"),
    )

    accession_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The collection prefix as a key ("TS" for "TS-0012"; "" for a bare number) and the number
    # exactly as the label and the register write it ("TS-0012"). Empty for rotated copies.
    accession_prefix: Mapped[str | None] = mapped_column(String(12), nullable=True)
    accession_code: Mapped[str | None] = mapped_column(String(40), nullable=True)
    external_code: Mapped[str | None] = mapped_column(String(60), nullable=True)
    title_id: Mapped[str] = mapped_column(ForeignKey("book_title.id"), nullable=False, index=True)
    intake_id: Mapped[str] = mapped_column(ForeignKey("book_intake.id"), nullable=False, index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    price: Mapped[int | None] = mapped_column(Integer, nullable=True)
    shelf: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=COPY_ACTIVE, index=True)
    # The day the copy left the stock (lost, weeded, sent back), for figures as of a date.
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    weeding_id: Mapped[str | None] = mapped_column(ForeignKey("book_weeding.id"), nullable=True)
    damaged: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class BookCounter(Syncable, Base):
    """The last number handed out in a series ("accession", "reader_card", "intake-2026")."""

    __tablename__ = "book_counter"
    __table_args__ = (UniqueConstraint("name", "origin", name="uq_book_counter_name"),)

    name: Mapped[str] = mapped_column(String(40), nullable=False)
    value: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class BookReader(Syncable, Base):
    """A reader (bạn đọc): a learner or any villager, with a card number.

    A reader made from a learner copies the learner's name, village and birth year, so the
    row stands on its own in a sync package; `learner_id` keeps the link.
    """

    __tablename__ = "book_reader"
    __table_args__ = (UniqueConstraint("card_number", "origin", name="uq_book_reader_card_number"),)

    card_number: Mapped[int] = mapped_column(Integer, nullable=False)
    learner_id: Mapped[str | None] = mapped_column(ForeignKey("learner.id"), nullable=True,
                                                   unique=True)
    full_name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_folded: Mapped[str] = mapped_column(String(120), nullable=False, index=True)
    name_sort: Mapped[str] = mapped_column(String(500), nullable=False, index=True)
    village_id: Mapped[str | None] = mapped_column(ForeignKey("village.id"), nullable=True,
                                                   index=True)
    gender: Mapped[str | None] = mapped_column(String(10), nullable=True)
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ethnic_group_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    registered_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class BookLoan(Syncable, Base):
    """A loan (lượt mượn) of one copy to one reader; at most one open loan per copy."""

    __tablename__ = "book_loan"
    __table_args__ = (
        Index("ix_book_loan_copy_state", "copy_id", "state"),
        Index("ix_book_loan_reader_state", "reader_id", "state"),
        Index("ix_book_loan_state_due", "state", "due_on"),
        # a centre's latest loan at an office (the completeness board), and the report's loans of
        # a period at every centre at once, read from the index alone
        Index("ix_book_loan_origin_loaned_on", "origin", "loaned_on", "deleted", "state", "copy_id", "reader_id"),
        # The database itself refuses a second open loan of one copy.
        Index("uq_book_loan_open_copy", "copy_id", unique=True,
              sqlite_where=text("state = 'open'"), postgresql_where=text("state = 'open'")),
    )

    copy_id: Mapped[str] = mapped_column(ForeignKey("book_copy.id"), nullable=False)
    reader_id: Mapped[str] = mapped_column(ForeignKey("book_reader.id"), nullable=False)
    loaned_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    due_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    returned_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    state: Mapped[str] = mapped_column(String(10), nullable=False, default=LOAN_OPEN)
    renewals: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class BookIncident(Syncable, Base):
    """A loss or damage (or a lost copy found again), with any compensation paid."""

    __tablename__ = "book_incident"

    copy_id: Mapped[str] = mapped_column(ForeignKey("book_copy.id"), nullable=False, index=True)
    loan_id: Mapped[str | None] = mapped_column(ForeignKey("book_loan.id"), nullable=True)
    reader_id: Mapped[str | None] = mapped_column(ForeignKey("book_reader.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(10), nullable=False)  # lost, damaged, found
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    compensation: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")


class BookStocktake(Syncable, Base):
    """A stocktaking count (kiểm kê), open until closed; the closed result is kept."""

    __tablename__ = "book_stocktake"

    started_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    closed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    expected: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    found: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    missing: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    on_loan: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    misplaced: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    unknown: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    found_lost: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class BookStocktakeScan(Syncable, Base):
    """One code scanned or ticked during a count, on a shelf; `copy_id` is None for unknown codes."""

    __tablename__ = "book_stocktake_scan"
    __table_args__ = (UniqueConstraint("stocktake_id", "code",
                                       name="uq_book_stocktake_scan_stocktake_code"),)

    stocktake_id: Mapped[str] = mapped_column(ForeignKey("book_stocktake.id"), nullable=False)
    code: Mapped[str] = mapped_column(String(60), nullable=False)
    copy_id: Mapped[str | None] = mapped_column(ForeignKey("book_copy.id"), nullable=True)
    shelf: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    scanned_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class BookStocktakeItem(Syncable, Base):
    """The kept result of a closed count for one copy not simply found in place.

    Outcomes: missing, on_loan, misplaced, found_lost, found_on_loan.
    """

    __tablename__ = "book_stocktake_item"
    __table_args__ = (UniqueConstraint("stocktake_id", "copy_id",
                                       name="uq_book_stocktake_item_stocktake_copy"),)

    stocktake_id: Mapped[str] = mapped_column(ForeignKey("book_stocktake.id"), nullable=False)
    copy_id: Mapped[str] = mapped_column(ForeignKey("book_copy.id"), nullable=False, index=True)
    outcome: Mapped[str] = mapped_column(String(20), nullable=False)
    shelf_recorded: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    shelf_found: Mapped[str] = mapped_column(String(60), nullable=False, default="")


BOOK_SYNCABLE_MODELS: tuple[type[Base], ...] = (
    BookTitle, BookIntake, BookWeeding, BookCopy, BookCounter, BookReader, BookLoan,
    BookIncident, BookStocktake, BookStocktakeScan, BookStocktakeItem,
)
for _model in BOOK_SYNCABLE_MODELS:
    add_sync_index(_model)
