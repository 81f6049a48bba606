"""The item accession register (sổ đăng ký cá biệt): every owned copy in accession order, with
weeded and lost ones and the note that says what became of them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.i18n import _
from desktop.services.books.common import copy_code
from desktop.store.book_models import (
    COPY_LOST,
    COPY_SENT_BACK,
    COPY_WEEDED,
    BookCopy,
    BookIntake,
    BookTitle,
    BookWeeding,
)
from desktop.store.database import Database


@dataclass(frozen=True)
class RegisterLine:
    """A line of the item accession register (sổ đăng ký cá biệt)."""

    copy_id: str
    received_on: dt.date
    accession_number: int  # the value, for ordering; `accession_code` is what is written
    title: str
    authors: str
    place: str
    publisher: str
    year: int | None
    price: int | None
    classification: str
    intake_entry: str  # "7/2026"
    status: str
    note: str  # "đã thanh lọc (QĐ số …)", "mất", the copy's own note
    accession_code: str = ""  # as written: "TS-0012"



def register_note(status: str, decision_number: str = "", note: str = "") -> str:
    """The note column of the item register: weeded with its decision, lost, or the copy's note."""
    if status == COPY_WEEDED:
        text = _("weeded, decision {number}").format(number=decision_number) \
            if decision_number else _("weeded")
    elif status == COPY_LOST:
        text = _("lost")
    elif status == COPY_SENT_BACK:
        text = _("returned to the lender")
    else:
        text = ""
    return "; ".join(part for part in (text, note) if part)


@dataclass(frozen=True)
class FormerCabinet:
    """A former centre's book cabinet, merged into this one (issue 16)."""

    centre_id: str
    origin: int
    name: str
    commune_name: str
    director: str
    prefix: str  # put before its numbers at the merge ("" when none was)


def former_cabinet(db: Database, commune_code: str) -> FormerCabinet | None:
    """The cabinet of the former centre with that commune code, if one was merged into this one."""
    from desktop.store.merger_models import CentreMerger
    from desktop.store.models import Centre

    with db.reading() as session:
        row = session.execute(select(Centre.id, Centre.origin, Centre.name, Centre.commune_name, Centre.director,
                                     CentreMerger.accession_prefix)
                              .join(CentreMerger, CentreMerger.former_centre_id == Centre.id)
                              .where(CentreMerger.former_commune_code == commune_code.strip(),
                                     CentreMerger.deleted.is_(False))).first()
    return FormerCabinet(*row) if row else None


def item_register(db: Database, *, first: int | None = None, last: int | None = None,
                  intake_id: str | None = None, former: FormerCabinet | None = None) -> list[RegisterLine]:
    """The item accession register in accession order: owned copies, weeded and lost ones too.

    For a `former` cabinet: its copies only, numbered as its register wrote them before the merge."""
    with db.reading() as session:
        statement = (select(BookCopy, BookTitle, BookIntake.entry_number, BookIntake.entry_year,
                            BookWeeding.decision_number)
                     .join(BookTitle, BookTitle.id == BookCopy.title_id)
                     .join(BookIntake, BookIntake.id == BookCopy.intake_id)
                     .outerjoin(BookWeeding, BookWeeding.id == BookCopy.weeding_id)
                     .where(BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False))
                     .order_by(func.coalesce(BookCopy.accession_prefix, ""),
                               BookCopy.accession_number))
        if first is not None:
            statement = statement.where(BookCopy.accession_number >= first)
        if last is not None:
            statement = statement.where(BookCopy.accession_number <= last)
        if intake_id is not None:
            statement = statement.where(BookCopy.intake_id == intake_id)
        if former is not None:
            statement = statement.where(BookCopy.origin == former.origin)
        lines = []
        for copy, title, entry_number, entry_year, decision in session.execute(statement).all():
            assert copy.accession_number is not None  # owned copies only, by the query
            lines.append(RegisterLine(
                copy_id=copy.id, received_on=copy.received_on,
                accession_number=copy.accession_number, accession_code=_as_written(copy_code(copy), former),
                title=title.title,
                authors=title.authors, place=title.place, publisher=title.publisher,
                year=title.year, price=copy.price, classification=title.classification,
                intake_entry=f"{entry_number}/{entry_year}", status=copy.status,
                note=register_note(copy.status, decision or "", copy.notes)))
        return lines


def _as_written(code: str, former: FormerCabinet | None) -> str:
    """A former cabinet's number without the prefix the merge put before it."""
    if former is not None and former.prefix and code.startswith(former.prefix + "-"):
        return code[len(former.prefix) + 1:]
    return code
