"""The first steps of a new centre, for the overview's "getting started" list: villages, learners,
the book register, the office's key, the first class. Each is done once its records exist."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.store.book_models import BookCopy
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import Activity, Learner

# In the order a centre usually takes them.
STEPS = ("villages", "learners", "books", "office_key", "first_class")


@dataclass(frozen=True)
class FirstSteps:
    """Which first steps are done; `office_key` is None in an office's own database."""

    villages: bool
    learners: bool
    books: bool
    first_class: bool
    office_key: bool | None

    def done(self, step: str) -> bool:
        return bool(getattr(self, step))

    @property
    def all_done(self) -> bool:
        return all(self.done(step) for step in STEPS if getattr(self, step) is not None)


def _any(session: object, model: type, *conditions: object) -> bool:
    statement = select(func.count()).select_from(model).where(  # type: ignore[arg-type]
        model.deleted.is_(False), *conditions).limit(1)  # type: ignore[attr-defined]
    return bool(session.execute(statement).scalar_one())  # type: ignore[attr-defined]


def first_steps(db: Database, *, office_key_pinned: bool | None) -> FirstSteps:
    """The state of each step; `office_key_pinned` comes from the send status (None: an office)."""
    with db.reading() as session:
        return FirstSteps(
            villages=_any(session, Village), learners=_any(session, Learner),
            books=_any(session, BookCopy, BookCopy.accession_number.is_not(None)),
            first_class=_any(session, Activity), office_key=office_key_pinned)
