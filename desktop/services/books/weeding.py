"""Weeding (thanh lọc): copies withdrawn by a decision leave circulation but stay in the registers.

The item register then notes "đã thanh lọc" with the decision number. Rules allow at most 10% of
the stock at a time (a setting): past that, the weeding needs an explicit confirmation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.formatting import format_decimal
from desktop.i18n import _, ngettext
from desktop.services.books.common import CopyInfo, copy_info, open_loan_of
from desktop.services.books.settings import load_cabinet_settings
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_LOST,
    COPY_WEEDED,
    LOAN_OPEN,
    BookCopy,
    BookIntake,
    BookLoan,
    BookTitle,
    BookWeeding,
)
from desktop.store.database import Database
from desktop.text.vietnamese import clean_name


@dataclass(frozen=True)
class WeedingInput:
    """The weeding decision: its number, date and reason."""

    decision_number: str
    decision_date: dt.date | None = None
    reason: str = ""


@dataclass(frozen=True)
class WeedingPreview:
    """What a weeding would withdraw, against the owned stock."""

    copies: tuple[CopyInfo, ...]
    stock: int  # owned copies in the registers, not yet weeded
    percent: float
    limit_percent: int
    value: int

    @property
    def over_limit(self) -> bool:
        """True past the share of the stock that may be weeded at once (10% by default)."""
        return self.percent > self.limit_percent


@dataclass(frozen=True)
class WeedingResult:
    """A recorded weeding decision and the copies it withdrew."""

    id: str
    decision_number: str
    decision_date: dt.date | None
    date: dt.date
    reason: str
    copies: tuple[CopyInfo, ...]
    value: int
    percent: float
    over_limit: bool


class WeedingNeedsConfirmation(UserError):
    """The selection is past the weeding limit; call again with confirm=True to go ahead."""

    def __init__(self, message: str, preview: WeedingPreview) -> None:
        super().__init__(message)
        self.preview = preview


def _owned_stock(session: OrmSession) -> int:
    return session.execute(select(func.count()).select_from(BookCopy).where(
        BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False),
        BookCopy.status.in_((COPY_ACTIVE, COPY_LOST)))).scalar_one()


def _selection(session: OrmSession, copy_ids: Sequence[str]) -> list[tuple[BookCopy, CopyInfo]]:
    if not copy_ids:
        raise ValidationError(_("Select the copies to weed."), "copies")
    if len(set(copy_ids)) != len(copy_ids):
        raise ValidationError(_("A copy is selected twice."), "copies")
    chosen = []
    for copy_id in copy_ids:
        copy = session.get(BookCopy, copy_id)
        if copy is None or copy.deleted:
            raise NotFoundError(_("This copy is no longer in the registers."))
        title = session.get_one(BookTitle, copy.title_id)
        source = session.get_one(BookIntake, copy.intake_id).source
        on_loan = open_loan_of(session, copy.id) is not None
        info = copy_info(copy, title, source, on_loan)
        if copy.accession_number is None:
            raise ValidationError(_("Copy {code} is a rotated copy: it goes back to the lender, it "
                                    "is not weeded.").format(code=info.code), "copies")
        if copy.status == COPY_WEEDED:
            raise ValidationError(_("Copy {code} was weeded already.").format(code=info.code),
                                  "copies")
        if on_loan:
            raise ValidationError(_("Copy {code} “{title}” is on loan; it can be weeded once it "
                                    "is back.").format(code=info.code, title=info.title), "copies")
        chosen.append((copy, info))
    return chosen


def _preview(session: OrmSession, copy_ids: Sequence[str], limit: int) -> WeedingPreview:
    chosen = _selection(session, copy_ids)
    stock = _owned_stock(session)
    percent = 100.0 * len(chosen) / stock if stock else 100.0
    return WeedingPreview(tuple(info for _copy, info in chosen), stock, round(percent, 1), limit,
                          sum(info.price or 0 for _copy, info in chosen))


def preview_weeding(db: Database, copy_ids: Sequence[str]) -> WeedingPreview:
    """Check a selection and say what share of the stock it is; nothing is saved."""
    limit = load_cabinet_settings(db).weeding_warning_percent
    with db.reading() as session:
        return _preview(session, copy_ids, limit)


def weed_copies(db: Database, data: WeedingInput, copy_ids: Sequence[str], *,
                confirm: bool = False, today: dt.date | None = None) -> WeedingResult:
    """Withdraw copies by a decision; past the limit only with confirm=True, else nothing changes."""
    today = today or dt.date.today()
    decision = clean_name(data.decision_number)
    if not decision:
        raise ValidationError(_("Enter the number of the weeding decision."), "decision_number")
    if data.decision_date is not None and data.decision_date > today:
        raise ValidationError(_("The decision date is in the future."), "decision_date")
    limit = load_cabinet_settings(db).weeding_warning_percent
    with db.unit_of_work() as session:
        preview = _preview(session, copy_ids, limit)
        if preview.over_limit and not confirm:
            raise WeedingNeedsConfirmation(ngettext(
                "{count} copy is {percent}% of the stock, more than the {limit}% weeded at one "
                "time. Confirm to weed it anyway.",
                "{count} copies are {percent}% of the stock, more than the {limit}% weeded at one "
                "time. Confirm to weed them anyway.", len(preview.copies)).format(
                count=len(preview.copies), percent=format_decimal(preview.percent),
                limit=limit), preview)
        weeding = BookWeeding(decision_number=decision, decision_date=data.decision_date,
                              date=today, reason=data.reason.strip(), copies=len(preview.copies),
                              value=preview.value)
        session.add(weeding)
        session.flush()
        withdrawn = []
        for copy_id in copy_ids:
            copy = session.get_one(BookCopy, copy_id)
            copy.status = COPY_WEEDED
            copy.weeding_id = weeding.id
            copy.withdrawn_on = copy.withdrawn_on if copy.withdrawn_on else today
            title = session.get_one(BookTitle, copy.title_id)
            withdrawn.append(copy_info(copy, title, "", False))
        session.flush()
        return WeedingResult(weeding.id, decision, data.decision_date, today, weeding.reason,
                             tuple(withdrawn), preview.value, preview.percent, preview.over_limit)


def list_weedings(db: Database) -> list[WeedingResult]:
    """Every weeding decision, newest first, with its copies."""
    with db.reading() as session:
        weedings = session.execute(select(BookWeeding).where(BookWeeding.deleted.is_(False))
                                   .order_by(BookWeeding.date.desc())).scalars().all()
        results = []
        for weeding in weedings:
            rows = session.execute(select(BookCopy, BookTitle)
                                   .join(BookTitle, BookTitle.id == BookCopy.title_id)
                                   .where(BookCopy.weeding_id == weeding.id)
                                   .order_by(BookCopy.accession_number)).all()
            copies = tuple(copy_info(copy, title, "", False) for copy, title in rows)
            results.append(WeedingResult(weeding.id, weeding.decision_number,
                                         weeding.decision_date, weeding.date, weeding.reason,
                                         copies, weeding.value, 0.0, False))
        return results


def weeding_candidates(db: Database, *, damaged_only: bool = False,
                       published_before: int | None = None) -> list[CopyInfo]:
    """Copies in stock worth looking at for weeding: damaged ones, or old editions."""
    with db.reading() as session:
        statement = (select(BookCopy, BookTitle, BookIntake.source)
                     .join(BookTitle, BookTitle.id == BookCopy.title_id)
                     .join(BookIntake, BookIntake.id == BookCopy.intake_id)
                     .where(BookCopy.deleted.is_(False), BookCopy.status == COPY_ACTIVE,
                            BookCopy.accession_number.is_not(None))
                     .order_by(BookCopy.accession_number))
        if damaged_only:
            statement = statement.where(BookCopy.damaged.is_(True))
        if published_before is not None:
            statement = statement.where(BookTitle.year < published_before)
        out = set(session.execute(select(BookLoan.copy_id).where(
            BookLoan.state == LOAN_OPEN, BookLoan.deleted.is_(False))).scalars())
        return [copy_info(copy, title, source, False)
                for copy, title, source in session.execute(statement).all() if copy.id not in out]


__all__ = ["WeedingInput", "WeedingNeedsConfirmation", "WeedingPreview", "WeedingResult",
           "list_weedings", "preview_weeding", "weed_copies", "weeding_candidates"]
