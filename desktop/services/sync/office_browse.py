"""At an office: read one centre's learners, classes and talks, and its study-promotion fund's
ledger (never edited here; corrections go
back to the centre). An office database holds many centres; every row carries its origin centre
as a local number, which these look-ups filter on."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.errors import UserError, ValidationError
from desktop.i18n import _
from desktop.services.activities import ActivitySummary, activity_summary_row
from desktop.services.learners import LearnerSummary, summaries_of, summaries_statement
from desktop.services.society.fund import FundLine, ledger_of_origin
from desktop.services.sync.mode import SILENT_DAYS_KEY
from desktop.services.sync.office import centre_node_of
from desktop.store.database import Database
from desktop.store.models import Centre, Setting
from desktop.store.register_models import Activity, Enrolment, Learner, Session
from desktop.sync.keys import Fingerprint

MIN_SILENT_DAYS, MAX_SILENT_DAYS = 1, 366


@dataclass(frozen=True)
class ReceivedCentre:
    """A centre whose records this office holds."""

    id: str
    name: str
    commune_code: str

    def label(self) -> str:
        return f"{self.commune_code} · {self.name}" if self.commune_code else self.name


def received_centres(db: Database) -> list[ReceivedCentre]:
    """The centres with records here, in commune-code order."""
    with db.reading() as session:
        rows = session.execute(select(Centre.id, Centre.name, Centre.commune_code)
                               .where(Centre.deleted.is_(False))
                               .order_by(Centre.commune_code, Centre.name)).all()
        return [ReceivedCentre(*row) for row in rows]


def _node(session: object, centre_id: str) -> int:
    node = centre_node_of(session, centre_id)  # type: ignore[arg-type]
    if node is None:
        raise UserError(_("No records of this centre have been imported yet."))
    return node


def centre_learners(db: Database, centre_id: str) -> list[LearnerSummary]:
    """One centre's learners in Vietnamese name order (search happens in the list, as at a centre)."""
    statement = summaries_statement()
    with db.reading() as session:
        node = _node(session, centre_id)
        rows = session.execute(statement.where(Learner.origin == node, Learner.deleted.is_(False))).all()
        return summaries_of(rows)


def centre_activities(db: Database, centre_id: str) -> list[ActivitySummary]:
    """One centre's classes and talks, newest first, with enrolment and session counts."""
    enrolled = (select(Enrolment.activity_id, func.count().label("n"))
                .where(Enrolment.deleted.is_(False)).group_by(Enrolment.activity_id).subquery())
    held = (select(Session.activity_id, func.count().label("n"))
            .where(Session.deleted.is_(False), Session.cancelled.is_(False))
            .group_by(Session.activity_id).subquery())
    with db.reading() as session:
        node = _node(session, centre_id)
        statement = (select(Activity, enrolled.c.n, held.c.n)
                     .outerjoin(enrolled, enrolled.c.activity_id == Activity.id)
                     .outerjoin(held, held.c.activity_id == Activity.id)
                     .where(Activity.deleted.is_(False), Activity.origin == node)
                     .order_by(Activity.start_date.desc(), Activity.code.desc()))
        return [activity_summary_row(activity, n_enrolled or 0, n_sessions or 0)
                for activity, n_enrolled, n_sessions in session.execute(statement).all()]


def centre_fund_lines(db: Database, centre_id: str) -> list[FundLine]:
    """One centre's study-promotion fund: its entries in force (corrections in place of what they
    corrected), oldest first, with the balance after each, as the centre's ledger shows them."""
    with db.reading() as session:
        return ledger_of_origin(session, _node(session, centre_id))


def activity_months(db: Database, activity_id: str) -> list[tuple[int, int]]:
    """The months in which a class or talk held sessions, newest first."""
    with db.reading() as session:
        dates = session.execute(select(Session.date).where(
            Session.activity_id == activity_id, Session.deleted.is_(False),
            Session.cancelled.is_(False))).scalars().all()
    return sorted({(day.year, day.month) for day in dates}, reverse=True)


def set_silent_days(db: Database, days: int) -> None:
    """After how many days without a package a centre counts as silent on the board."""
    if not MIN_SILENT_DAYS <= days <= MAX_SILENT_DAYS:
        raise ValidationError(_("Enter a number of days from {low} to {high}.").format(
            low=MIN_SILENT_DAYS, high=MAX_SILENT_DAYS), "silent_days")
    with db.unit_of_work() as session:
        setting = session.get(Setting, SILENT_DAYS_KEY)
        if setting is None:
            session.add(Setting(key=SILENT_DAYS_KEY, value=str(days)))
        else:
            setting.value = str(days)


@dataclass(frozen=True)
class FingerprintForms:
    digits: str
    words: str


def fingerprint_forms(text: str) -> FingerprintForms | None:
    """The digits and words of a fingerprint's stored text form, to read out over the phone."""
    try:
        fingerprint = Fingerprint(bytes.fromhex(text))
    except ValueError:
        return None
    return FingerprintForms(fingerprint.digits, fingerprint.words_text)
