"""What the office's correction screens show: a centre's records with the values a correction may
change, the choices each field offers (the office's own published lists), and the corrections
already asked for with their values as a person reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.i18n import _, pick
from desktop.reference.activities import GENDERS
from desktop.reference.ethnic_groups import ETHNIC_GROUPS
from desktop.services.sync.corrections import (
    CORRECTABLE, LISTED_FIELDS, OfficeCorrection, field_label, office_corrections, shown_value,
)
from desktop.services.sync.office import centre_node_of
from desktop.services.sync.reference_versions import current_reference
from desktop.store.database import Database
from desktop.store.register_models import Activity, Learner

TABLE_FIELDS = {"learner": ("full_name", "birth_year", "gender", "ethnic_group_key"),
                "activity": ("name", "topic_group", "kind", "partner")}
assert all((table, field) in CORRECTABLE for table, fields in TABLE_FIELDS.items() for field in fields)


@dataclass(frozen=True)
class CorrectableRecord:
    id: str
    table: str
    label: str
    values: dict[str, Any]  # field → the value the office holds


@dataclass(frozen=True)
class FieldChoice:
    value: str
    label: str


def correctable_fields(table: str) -> list[tuple[str, str]]:
    """(field, label) of the fields a correction of this kind of record may change."""
    return [(field, field_label(table, field)) for field in TABLE_FIELDS[table]]


def correctable_records(db: Database, centre_id: str, table: str) -> list[CorrectableRecord]:
    """One centre's live learners (by name) or classes and talks (newest first) with their values."""
    fields = TABLE_FIELDS[table]
    with db.reading() as session:
        node = centre_node_of(session, centre_id)
        if node is None:
            raise UserError(_("No records of this centre have been imported yet."))
        if table == "learner":
            statement = select(Learner).where(Learner.origin == node, Learner.deleted.is_(False)) \
                .order_by(Learner.name_sort, Learner.id)
        else:
            statement = select(Activity).where(Activity.origin == node, Activity.deleted.is_(False)) \
                .order_by(Activity.start_date.desc(), Activity.code.desc())
        found = []
        for record in session.execute(statement).scalars():
            if table == "learner":
                label = f"{record.full_name} ({record.birth_year})" if record.birth_year else record.full_name
            else:
                label = f"{record.code} · {record.name}"
            found.append(CorrectableRecord(record.id, table, label,
                                           {field: getattr(record, field) for field in fields}))
        return found


def field_choices(db: Database, table: str, field: str) -> list[FieldChoice] | None:
    """The values a field offers (None: typed freely): the office's newest list for topic groups,
    kinds and partner bodies, the national lists for gender and ethnic group."""
    if (table, field) == ("learner", "gender"):
        return [FieldChoice(choice.key, pick(choice.name_vi, choice.name_en)) for choice in GENDERS]
    if (table, field) == ("learner", "ethnic_group_key"):
        return [FieldChoice(group.key, pick(group.name_vi, group.name_en)) for group in ETHNIC_GROUPS]
    list_name = LISTED_FIELDS.get((table, field))
    if list_name is not None:
        return [FieldChoice(entry.key, pick(entry.name_vi, entry.name_en or entry.name_vi))
                for entry in current_reference(db, list_name).entries]
    if (table, field) == ("activity", "partner"):  # stored under its Vietnamese name, typed or chosen
        return [FieldChoice(entry.name_vi, pick(entry.name_vi, entry.name_en or entry.name_vi))
                for entry in current_reference(db, "partner_bodies").entries if entry.key != "other"]
    return None


def value_text(db_labels: dict[tuple[str, str], dict[str, str]], table: str, field: str, value: Any) -> str:
    """A stored value as read: a published list's label first, else the national one."""
    label = db_labels.get((table, field), {}).get(value) if isinstance(value, str) else None
    return label if label else shown_value(table, field, value)


@dataclass(frozen=True)
class CorrectionLine:
    correction: OfficeCorrection
    field: str  # its label
    old: str
    new: str


def correction_lines(db: Database, centre_id: str | None = None) -> list[CorrectionLine]:
    """The corrections asked for, newest first, with fields and values in words."""
    labels = {key: {entry.key: pick(entry.name_vi, entry.name_en or entry.name_vi)
                    for entry in current_reference(db, list_name).entries}
              for key, list_name in LISTED_FIELDS.items()}
    return [CorrectionLine(item, field_label(item.table, item.field),
                           value_text(labels, item.table, item.field, item.old),
                           value_text(labels, item.table, item.field, item.new))
            for item in office_corrections(db, centre_id)]
