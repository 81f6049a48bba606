"""A realistic demo book cabinet for a demo centre: about 5,000 copies and 40,000 loans at 10 years.

Like `desktop.demo.centre`, the build has two halves. A plan is drawn in memory from one
`random.Random(seed)`: intake batches (an allocation to start with, then donations, purchases,
law books from the justice department, rotated batches from the provincial library), the titles
and copies they bring, readers (most of them learners of the centre, plus villagers and school
children), and a day-by-day simulation of the desk that respects the opening days, the loan
periods, the copies limit and each copy's availability. Returns are mostly on time, some late,
a few copies lost or damaged; loans of the last weeks are still out and some are overdue. Then
the plan is written with ORM objects in batches, so the sync identity hook stamps every row.

Call it on a database that already has its centre (and ideally learners, from `build_demo`).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select

from desktop.demo.book_planner import plan_cabinet
from desktop.demo.book_records import PlannedTitle
from desktop.demo.writer import BatchWriter
from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.progress import Cancelled, Progress, ReportCallback, as_progress
from desktop.reference.ddc import main_class_of
from desktop.reference.provinces import find_province
from desktop.services.books.settings import save_cabinet_settings
from desktop.store.book_models import (
    COPY_LOST,
    COPY_WEEDED,
    LOAN_OPEN,
    BookCopy,
    BookCounter,
    BookIncident,
    BookIntake,
    BookLoan,
    BookReader,
    BookStocktake,
    BookStocktakeItem,
    BookTitle,
    BookWeeding,
)
from desktop.store.database import Database
from desktop.store.models import Centre, Village
from desktop.store.register_models import Learner
from desktop.text.vietnamese import fold, name_sort_key, sort_key


MAX_YEARS = 30


class BookDemoCancelled(UserError, Cancelled):
    """The user stopped the build; the transaction in progress was rolled back."""

    def __init__(self) -> None:
        super().__init__(_("Building the demo book cabinet was cancelled."))


@dataclass(frozen=True)
class BookDemoSummary:
    """What the demo cabinet holds (owned copies only in `copies`)."""

    titles: int
    copies: int
    intakes: int
    readers: int
    loans: int
    open_loans: int
    overdue: int
    lost: int
    damaged: int
    weeded: int
    rotated_batches: int

    def __str__(self) -> str:
        return (f"{self.titles} titles, {self.copies} copies in {self.intakes} batches, "
                f"{self.readers} readers, {self.loans} loans ({self.open_loans} open, "
                f"{self.overdue} overdue), {self.lost} lost, {self.damaged} damaged, "
                f"{self.weeded} weeded, {self.rotated_batches} rotated batches")


def _search_text(title: PlannedTitle) -> str:
    return fold(" ".join(part for part in (title.title, title.authors, title.subjects,
                                           title.publisher, title.isbn) if part))


def build_book_demo(db: Database, *, years: int = 1, seed: int = 1, today: dt.date | None = None,
                    progress: Progress | ReportCallback | None = None,
                    cancel: Callable[[], bool] | None = None) -> BookDemoSummary:
    """Fill the book cabinet of a demo centre with `years` of realistic history up to `today`.

    The database needs its centre; readers are drawn from its learners when it has some. Raises
    BookDemoCancelled when cancelled (`progress` and `cancel` as for build_demo) (the transaction in progress is rolled back).
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError(_("Choose between 1 and {count} years.").format(count=MAX_YEARS), "years")
    today = today or dt.date.today()
    rng = random.Random(f"books-{seed}")
    with db.reading() as session:
        centre = session.execute(select(Centre).where(Centre.deleted.is_(False))).scalars().first()
        if centre is None:
            raise ValidationError(_("Set up the centre first."))
        if session.execute(select(BookCopy.id).limit(1)).first():
            raise ValidationError(_("This database already has a book cabinet."))
        villages = list(session.execute(select(Village.id).where(Village.deleted.is_(False))
                                        .order_by(Village.sort_key)).scalars())
        learners = session.execute(select(Learner.id, Learner.full_name, Learner.gender,
                                          Learner.birth_year, Learner.ethnic_group_key,
                                          Learner.village_id)
                                   .where(Learner.deleted.is_(False)).order_by(Learner.id)).all()
        province = find_province(centre.province_code)
    learner_ids = [row[0] for row in learners]
    learner_rows = [(row[1], row[2], row[3], row[4], row[5]) for row in learners]
    plan, settings = plan_cabinet(rng, years, today, learner_rows, villages,
                           province.name_vi if province else "Sơn La")
    task = as_progress(progress, cancel)
    if task.cancelled:
        raise BookDemoCancelled()
    save_cabinet_settings(db, settings)
    total = (len(plan.titles) + len(plan.intakes) + len(plan.copies) + len(plan.readers)
             + len(plan.loans) + len(plan.incidents))
    with db.unit_of_work() as session:
        writer = BatchWriter(session, task, total, cancelled=BookDemoCancelled)
        weeding_ids = writer.put([BookWeeding(
            decision_number=number, decision_date=day - dt.timedelta(days=3), date=day, reason=reason,
            copies=len(chosen), value=sum(plan.copies[i].price for i in chosen))
            for number, day, reason, chosen in plan.weedings])
        title_ids = writer.put([BookTitle(
            title=t.title, title_sort=sort_key(t.title), authors=t.authors, publisher=t.publisher,
            place=t.place, year=t.year, isbn=t.isbn,
            isbn13=t.isbn or None, language=t.language, classification=t.classification,
            main_class=(main.code if (main := main_class_of(t.classification)) else ""),
            call_number="", subjects=t.subjects, audience=t.audience, law_book=t.law_book,
            price=t.price, notes="", search_folded=_search_text(t)) for t in plan.titles])
        intake_ids = writer.put([BookIntake(
            entry_year=i.year, entry_number=i.number, date=i.date, source=i.source,
            supplier=i.supplier, document_number=i.document, value=None, notes="",
            return_by=i.return_by, returned_on=i.returned_on) for i in plan.intakes])
        copy_ids = writer.put([BookCopy(
            accession_number=c.accession, external_code=c.external, title_id=title_ids[c.title],
            accession_prefix="" if c.accession is not None else None,
            accession_code=str(c.accession) if c.accession is not None else None,
            intake_id=intake_ids[c.intake], received_on=c.received, price=c.price, shelf=c.shelf,
            status=c.status, withdrawn_on=c.withdrawn,
            weeding_id=weeding_ids[c.weeding] if c.weeding is not None else None,
            damaged=c.damaged, notes="") for c in plan.copies])
        reader_ids = writer.put([BookReader(
            card_number=r.card, learner_id=learner_ids[r.learner] if r.learner is not None else None,
            full_name=r.name, name_folded=fold(r.name), name_sort=name_sort_key(r.name),
            village_id=villages[r.village] if villages else None, gender=r.gender,
            birth_year=r.birth_year, ethnic_group_key=r.group, phone="", registered_on=r.registered,
            notes="") for r in plan.readers])
    with db.unit_of_work() as session:
        writer = BatchWriter(session, task, total, writer.done, cancelled=BookDemoCancelled)
        loan_ids = writer.put([BookLoan(
            copy_id=copy_ids[loan.copy], reader_id=reader_ids[loan.reader], loaned_on=loan.loaned,
            due_on=loan.due, returned_on=loan.returned, state=loan.state, renewals=loan.renewals)
            for loan in plan.loans])
        writer.put([BookIncident(
            copy_id=copy_ids[i.copy], loan_id=loan_ids[i.loan] if i.loan is not None else None,
            reader_id=reader_ids[i.reader] if i.reader is not None else None, kind=i.kind,
            date=i.date, compensation=i.compensation, note=i.note) for i in plan.incidents])
        if plan.stocktake is not None:
            begun, closed, missing, expected = plan.stocktake
            stocktake = BookStocktake(started_on=begun, closed_on=closed, note="Kiểm kê cuối năm",
                                      expected=expected, found=expected - len(missing),
                                      missing=len(missing))
            session.add(stocktake)
            session.flush()
            writer.put([BookStocktakeItem(stocktake_id=stocktake.id, copy_id=copy_ids[i],
                                          outcome="missing", shelf_recorded=plan.copies[i].shelf,
                                          shelf_found="") for i in missing])
        counters = {"accession": max((c.accession or 0 for c in plan.copies), default=0),
                    "reader_card": len(plan.readers)}
        for intake in plan.intakes:
            key = f"intake-{intake.year}"
            counters[key] = max(counters.get(key, 0), intake.number)
        writer.put([BookCounter(name=name, value=value) for name, value in counters.items()])
        if task.cancelled:
            raise BookDemoCancelled()
    open_loans = sum(1 for loan in plan.loans if loan.state == LOAN_OPEN)
    overdue = sum(1 for loan in plan.loans if loan.state == LOAN_OPEN and loan.due < today)
    return BookDemoSummary(
        titles=len(plan.titles), copies=sum(1 for c in plan.copies if c.accession is not None),
        intakes=len(plan.intakes), readers=len(plan.readers), loans=len(plan.loans),
        open_loans=open_loans, overdue=overdue,
        lost=sum(1 for c in plan.copies if c.status == COPY_LOST),
        damaged=sum(1 for c in plan.copies if c.damaged),
        weeded=sum(1 for c in plan.copies if c.status == COPY_WEEDED),
        rotated_batches=sum(1 for i in plan.intakes if i.source == "rotation"))
