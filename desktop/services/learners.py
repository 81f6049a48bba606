"""Learners: the register of people who take part (học viên)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Row, Select, select

from desktop.errors import NotFoundError, UserError, ValidationError
from desktop.i18n import _
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import Learner
from desktop.text.vietnamese import clean_name, fold, name_sort_key

MAX_NAME_LENGTH = 100
MIN_AGE, MAX_AGE = 5, 110

# Reported age bands overlap on purpose (15–25 is also inside 15–35 and 15–60).
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "15-25": (15, 25), "15-35": (15, 35), "15-60": (15, 60), "over-60": (61, None),
}


@dataclass(frozen=True)
class LearnerInput:
    full_name: str
    gender: str | None = None
    birth_date: dt.date | None = None
    birth_year: int | None = None
    ethnic_group_key: str | None = "kinh"
    village_id: str | None = None
    phone: str = ""
    citizen_id: str = ""
    occupation: str = ""
    schooling: str = ""
    religion: str = ""
    literacy_status: str = ""
    disability: bool = False
    poor_household: bool = False
    rural_worker: bool = False
    notes: str = ""


@dataclass(frozen=True)
class LearnerSummary:
    """One learner as lists and pickers show them (plain data for the GUI)."""

    id: str
    full_name: str
    name_folded: str
    name_sort: str
    gender: str | None
    birth_year: int | None
    birth_date: dt.date | None
    ethnic_group_key: str | None
    village_id: str | None
    village: str
    phone: str
    deleted: bool = False

    def label(self) -> str:
        """Name with birth year and village, so two people with one name can be told apart."""
        details = ", ".join(part for part in (str(self.birth_year or ""), self.village) if part)
        return f"{self.full_name} ({details})" if details else self.full_name


@dataclass(frozen=True)
class LearnerFilter:
    village_id: str | None = None
    ethnic_group_key: str | None = None
    gender: str | None = None
    age_band: str | None = None
    include_deleted: bool = False
    today: dt.date = field(default_factory=dt.date.today)


class ProbableDuplicate(UserError):
    """Saving would make a probable duplicate; the user may confirm and save anyway."""

    def __init__(self, message: str, existing: LearnerSummary) -> None:
        super().__init__(message)
        self.existing = existing


def learner_summary(learner: Learner, village_name: str | None) -> LearnerSummary:
    return LearnerSummary(
        learner.id, learner.full_name, learner.name_folded, learner.name_sort, learner.gender,
        learner.birth_year, learner.birth_date, learner.ethnic_group_key, learner.village_id,
        village_name or "", learner.phone, learner.deleted)


def normalise_input(data: LearnerInput, *, today: dt.date, known_villages: set[str],
                    villages_required: bool) -> LearnerInput:
    """Check a learner's fields and return them cleaned (NFC name, year from the date)."""
    from desktop.reference.ethnic_groups import ethnic_group_by_key

    name = clean_name(data.full_name)
    if not name:
        raise ValidationError(_("Enter the learner's full name."), "full_name")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(_("The name is longer than {count} characters.").format(
            count=MAX_NAME_LENGTH), "full_name")
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    if birth_year is not None and not (today.year - MAX_AGE <= birth_year <= today.year - MIN_AGE):
        raise ValidationError(_("The birth year {year} is not plausible for a learner.").format(
            year=birth_year), "birth_date")
    if data.birth_date and data.birth_date > today:
        raise ValidationError(_("The birth date is in the future."), "birth_date")
    if data.ethnic_group_key and ethnic_group_by_key(data.ethnic_group_key) is None:
        raise ValidationError(_("Choose an ethnic group from the list."), "ethnic_group_key")
    if data.village_id is None and villages_required:
        raise ValidationError(_("Choose the learner's village."), "village_id")
    if data.village_id is not None and data.village_id not in known_villages:
        raise ValidationError(_("Choose a village from the list."), "village_id")
    if data.gender not in (None, "female", "male"):
        raise ValidationError(_("Choose female or male."), "gender")
    return replace(data, full_name=name, birth_year=birth_year,
                   phone=data.phone.strip(), citizen_id=data.citizen_id.strip(),
                   occupation=clean_name(data.occupation), schooling=clean_name(data.schooling),
                   religion=clean_name(data.religion), notes=data.notes.strip())


def known_village_ids(session: object) -> set[str]:
    rows = session.execute(select(Village.id).where(Village.deleted.is_(False))).scalars()  # type: ignore[attr-defined]
    return set(rows)


def _find_duplicate(session: object, name_folded: str, birth_year: int | None,
                    village_id: str | None, exclude_id: str | None) -> Learner | None:
    if birth_year is None:
        return None
    query = select(Learner).where(
        Learner.name_folded == name_folded, Learner.birth_year == birth_year,
        Learner.village_id.is_(None) if village_id is None else Learner.village_id == village_id,
        Learner.deleted.is_(False))
    if exclude_id:
        query = query.where(Learner.id != exclude_id)
    return session.execute(query).scalars().first()  # type: ignore[attr-defined]


def apply_learner_input(learner: Learner, data: LearnerInput) -> None:
    learner.full_name = data.full_name
    learner.name_folded = fold(data.full_name)
    learner.name_sort = name_sort_key(data.full_name)
    for attribute in ("gender", "birth_date", "birth_year", "ethnic_group_key", "village_id",
                      "phone", "citizen_id", "occupation", "schooling", "religion",
                      "literacy_status", "disability", "poor_household", "rural_worker", "notes"):
        setattr(learner, attribute, getattr(data, attribute))


def _duplicate_error(existing: Learner, village: str) -> ProbableDuplicate:
    summary = learner_summary(existing, village)
    return ProbableDuplicate(
        _("{name} born {year} in {village} is already registered. Is this the same person?").format(
            name=existing.full_name, year=existing.birth_year, village=village or "—"), summary)


def create_learner(db: Database, data: LearnerInput, *, confirm_duplicate: bool = False,
                   today: dt.date | None = None) -> LearnerSummary:
    """Register a learner; a probable duplicate is refused unless the user confirmed it."""
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        villages = known_village_ids(session)
        clean = normalise_input(data, today=today, known_villages=villages,
                                villages_required=bool(villages))
        if not confirm_duplicate:
            existing = _find_duplicate(session, fold(clean.full_name), clean.birth_year,
                                       clean.village_id, None)
            if existing is not None:
                raise _duplicate_error(existing, _village_name(session, existing.village_id))
        learner = Learner()
        apply_learner_input(learner, clean)
        session.add(learner)
        session.flush()
        return learner_summary(learner, _village_name(session, learner.village_id))


def update_learner(db: Database, learner_id: str, data: LearnerInput, *,
                   confirm_duplicate: bool = False, today: dt.date | None = None) -> LearnerSummary:
    today = today or dt.date.today()
    with db.unit_of_work() as session:
        learner = session.get(Learner, learner_id)
        if learner is None or learner.deleted:
            raise NotFoundError(_("This learner no longer exists."))
        villages = known_village_ids(session)
        clean = normalise_input(data, today=today, known_villages=villages,
                                villages_required=bool(villages))
        if not confirm_duplicate:
            existing = _find_duplicate(session, fold(clean.full_name), clean.birth_year,
                                       clean.village_id, learner_id)
            if existing is not None:
                raise _duplicate_error(existing, _village_name(session, existing.village_id))
        apply_learner_input(learner, clean)
        session.flush()
        return learner_summary(learner, _village_name(session, learner.village_id))


def learner_warnings(db: Database, data: LearnerInput, *, learner_id: str | None = None,
                     today: dt.date | None = None) -> list[str]:
    """What to confirm before saving (a learner under 15); nothing when editing a learner whose
    birth year was already saved, so the question is asked once."""
    from desktop.importing.cells import young_learner_warning

    today = today or dt.date.today()
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    if learner_id is not None:
        with db.reading() as session:
            learner = session.get(Learner, learner_id)
            if learner is not None and learner.birth_year == birth_year:
                return []
    warning = young_learner_warning(birth_year, today)
    return [warning] if warning else []


def get_learner(db: Database, learner_id: str) -> LearnerInput:
    """The editable fields of a learner, for the edit form."""
    with db.reading() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFoundError(_("This learner no longer exists."))
        return LearnerInput(
            learner.full_name, learner.gender, learner.birth_date, learner.birth_year,
            learner.ethnic_group_key, learner.village_id, learner.phone, learner.citizen_id,
            learner.occupation, learner.schooling, learner.religion, learner.literacy_status,
            learner.disability, learner.poor_household, learner.rural_worker, learner.notes)


def set_learner_deleted(db: Database, learner_id: str, deleted: bool = True) -> None:
    """Soft-delete (a tombstone that syncs) or restore a learner; marks are kept."""
    with db.unit_of_work() as session:
        learner = session.get(Learner, learner_id)
        if learner is None:
            raise NotFoundError(_("This learner no longer exists."))
        learner.deleted = deleted


def _village_name(session: object, village_id: str | None) -> str:
    if village_id is None:
        return ""
    village = session.get(Village, village_id)  # type: ignore[attr-defined]
    return village.name if village else ""


def in_age_band(birth_year: int | None, band: str, today: dt.date) -> bool:
    if birth_year is None:
        return False
    low, high = AGE_BANDS[band]
    age = today.year - birth_year
    return age >= low and (high is None or age <= high)


def summaries_statement() -> Select[Any]:
    """The learners' list columns in Vietnamese name order, to filter further: plain columns, not
    ORM objects, as a register is read whole every time its list opens."""
    return (select(Learner.id, Learner.full_name, Learner.name_folded, Learner.name_sort,
                   Learner.gender, Learner.birth_year, Learner.birth_date,
                   Learner.ethnic_group_key, Learner.village_id, Village.name,
                   Learner.phone, Learner.deleted)
            .outerjoin(Village, Village.id == Learner.village_id)
            .order_by(Learner.name_sort, Learner.id))


def summaries_of(rows: Sequence[Row[Any]]) -> list[LearnerSummary]:
    return [LearnerSummary(*row[:9], row[9] or "", *row[10:]) for row in rows]


def list_learners(db: Database, filters: LearnerFilter | None = None,
                  query: str = "") -> list[LearnerSummary]:
    """Learners in Vietnamese name order, optionally filtered; query ignores accents and case."""
    from desktop.text.vietnamese import fold_for_like

    filters = filters or LearnerFilter()
    statement = summaries_statement()
    if not filters.include_deleted:
        statement = statement.where(Learner.deleted.is_(False))
    if filters.village_id:
        statement = statement.where(Learner.village_id == filters.village_id)
    if filters.ethnic_group_key:
        statement = statement.where(Learner.ethnic_group_key == filters.ethnic_group_key)
    if filters.gender:
        statement = statement.where(Learner.gender == filters.gender)
    if filters.age_band:
        low, high = AGE_BANDS[filters.age_band]
        statement = statement.where(Learner.birth_year <= filters.today.year - low)
        if high is not None:
            statement = statement.where(Learner.birth_year >= filters.today.year - high)
    for token in fold_for_like(query):
        statement = statement.where(Learner.name_folded.contains(token, autoescape=True))
    with db.reading() as session:
        return summaries_of(session.execute(statement).all())
