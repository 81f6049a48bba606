"""The demo cabinet's plan as plain data: copies, intake batches, readers, loans, incidents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


from desktop.services.books.settings import Closure
from desktop.store.book_models import COPY_ACTIVE


@dataclass
class PlannedTitle:
    title: str
    authors: str
    publisher: str
    place: str
    year: int
    classification: str
    audience: str = "adult"
    law_book: bool = False
    language: str = "vi"
    isbn: str = ""
    price: int = 0
    subjects: str = ""
    weight: float = 1.0  # how much readers want it


@dataclass
class PlannedCopy:
    title: int
    intake: int
    received: dt.date
    price: int
    shelf: str
    accession: int | None = None
    external: str | None = None
    status: str = COPY_ACTIVE
    withdrawn: dt.date | None = None
    weeding: int | None = None
    damaged: bool = False
    busy_until: dt.date = dt.date.min  # on loan until this day (inclusive)


@dataclass
class PlannedIntake:
    year: int
    number: int
    date: dt.date
    source: str
    supplier: str
    document: str
    return_by: dt.date | None = None
    returned_on: dt.date | None = None


@dataclass
class PlannedReader:
    card: int
    name: str
    village: int
    gender: str
    birth_year: int | None
    group: str | None
    registered: dt.date
    learner: int | None
    child: bool
    weight: float
    out: list[dt.date] = field(default_factory=list)  # return days of the copies they have out


@dataclass
class PlannedLoan:
    copy: int
    reader: int
    loaned: dt.date
    due: dt.date
    returned: dt.date | None
    state: str
    renewals: int = 0


@dataclass
class PlannedIncident:
    copy: int
    loan: int | None
    reader: int | None
    kind: str
    date: dt.date
    compensation: int
    note: str


@dataclass
class BookPlan:
    titles: list[PlannedTitle] = field(default_factory=list)
    copies: list[PlannedCopy] = field(default_factory=list)
    intakes: list[PlannedIntake] = field(default_factory=list)
    readers: list[PlannedReader] = field(default_factory=list)
    loans: list[PlannedLoan] = field(default_factory=list)
    incidents: list[PlannedIncident] = field(default_factory=list)
    weedings: list[tuple[str, dt.date, str, list[int]]] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)
    stocktake: tuple[dt.date, dt.date, list[int], int] | None = None  # start, close, missing, expected


# A learner as the demo needs them: name, gender, birth year, ethnic group, village id.
LearnerRow = tuple[str, str | None, int | None, str | None, str | None]
