"""Corrections: the office asks a centre to change one field of one of its records (sync-design
item 2: the office never edits a centre's rows in place).

At the office a correction is proposed with the officer's reason and goes out in the next return
packages until the centre answers. At the centre it waits in a list to be accepted (applied as a
normal local edit, so the record comes back changed in the next package) or declined with a
reason; either answer is a `correction_answer` record that travels to the office.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _, pick
from desktop.reference.activities import ACTIVITY_KINDS, GENDERS, TOPIC_GROUPS
from desktop.services.sync.mode import is_office
from desktop.services.sync.office import centre_node_of
from desktop.services.sync.rows import RowProblem, codecs
from desktop.store.database import Database
from desktop.store.identity import new_id
from desktop.store.models import Centre
from desktop.store.return_models import (
    ACCEPTED, DECLINED, PENDING, CorrectionAnswer, SyncCorrection, SyncCorrectionInbox, SyncReferenceVersion,
)
from desktop.text.vietnamese import clean_name, fold, name_sort_key

MAX_REASON = 2000
WAITING, SENT, APPLIED = "waiting", "sent", "applied"


def _field_labels() -> dict[tuple[str, str], str]:
    return {("learner", "full_name"): _("full name"), ("learner", "birth_year"): _("birth year"),
            ("learner", "gender"): _("gender"), ("learner", "ethnic_group_key"): _("ethnic group"),
            ("activity", "name"): _("name"), ("activity", "topic_group"): _("topic group"),
            ("activity", "kind"): _("kind"), ("activity", "partner"): _("partner body")}


CORRECTABLE = frozenset({
    ("learner", "full_name"), ("learner", "birth_year"), ("learner", "gender"), ("learner", "ethnic_group_key"),
    ("activity", "name"), ("activity", "topic_group"), ("activity", "kind"), ("activity", "partner")})


def field_label(table: str, field: str) -> str:
    return _field_labels().get((table, field), field)


# fields whose values are keys of a reference list the office may publish a newer version of
LISTED_FIELDS = {("activity", "topic_group"): "topic_groups", ("activity", "kind"): "activity_kinds"}


def _check_choice(table: str, field: str, value: Any, offered: set[str] | None = None) -> None:
    choices = {("learner", "gender"): GENDERS, ("activity", "topic_group"): TOPIC_GROUPS,
               ("activity", "kind"): ACTIVITY_KINDS}.get((table, field))
    keys = {choice.key for choice in choices} | (offered or set()) if choices is not None else set()
    if choices is not None and value not in keys:
        raise ValidationError(_("“{value}” is not one of the choices of {field}.").format(
            value=value, field=field_label(table, field)), "value")
    if (table, field) == ("learner", "birth_year") and value is not None and not 1900 <= value <= 2100:
        raise ValidationError(_("Enter a year between 1900 and 2100."), "value")


def _model(table: str) -> type:
    from desktop.store.models import load_all_models

    for model in load_all_models():
        if model.__tablename__ == table:
            return model
    raise KeyError(table)


def offered_values(db: Database, table: str, field: str) -> set[str]:
    """Keys a listed field may take beyond the national list's: the newest version held."""
    from desktop.services.reference_lists import offered_keys

    list_name = LISTED_FIELDS.get((table, field))
    return offered_keys(db, list_name) if list_name else set()


def parse_value(table: str, field: str, text: Any, offered: set[str] | None = None) -> Any:
    """The value a correction sets, from what an officer typed (or a package carried); `offered`:
    keys of the office's published list the field may also take."""
    if (table, field) not in CORRECTABLE:
        raise ValidationError(_("The office can ask for corrections of a learner's full name, birth year, gender "
                                "or ethnic group, and of a class's name, topic group, kind or partner body."),
                              "field")
    codec = codecs()[table]
    read = codec.importers[codec.index[field]]
    value: Any = text
    if isinstance(text, str):
        value = " ".join(text.split())
        if read.__name__ == "_integer":
            try:
                value = int(value)
            except ValueError:
                raise ValidationError(_("Enter a whole number."), "value") from None
    if value in ("", None):
        if not codec.nullable[codec.index[field]]:
            raise ValidationError(_("Enter the corrected value."), "value")
        value = None
    else:
        try:
            value = read(value)
        except RowProblem:
            raise ValidationError(_("This value cannot be stored in {field}.").format(
                field=field_label(table, field)), "value") from None
    _check_choice(table, field, value, offered)
    return value


def _label(record: Any, table: str) -> str:
    return record.full_name if table == "learner" else f"{record.code} {record.name}"


# ---- at the office ----------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficeCorrection:
    id: str
    centre_id: str
    centre: str
    commune_code: str
    table: str
    record_id: str
    record_label: str
    field: str
    old: Any
    new: Any
    reason: str
    proposed_at: dt.datetime
    status: str  # waiting (not sent yet), sent, declined, accepted, applied (the office holds the new value)
    answer_reason: str

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "centre_id": self.centre_id, "commune_code": self.commune_code,
                "table": self.table, "record_id": self.record_id, "record": self.record_label,
                "field": self.field, "old": self.old, "new": self.new, "reason": self.reason,
                "proposed_at": self.proposed_at.isoformat(timespec="seconds"), "status": self.status,
                "answer_reason": self.answer_reason}


def propose_correction(db: Database, *, table: str, record_id: str, field: str, value: Any,
                       reason: str) -> OfficeCorrection:
    """At an office: ask the record's centre to change `field` to `value`, for `reason`."""
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(_("Say why the office asks for this correction."), "reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(_("The reason is longer than {count} characters.").format(count=MAX_REASON), "reason")
    new = parse_value(table, field, value, offered_values(db, table, field) if (table, field) in CORRECTABLE else None)
    with db.unit_of_work() as session:
        if not is_office(session):
            raise UserError(_("Corrections are asked for by an office, in its database."))
        record = session.get(_model(table), record_id)
        if record is None or record.deleted:
            raise ValidationError(_("No such record is held at this office."), "record")
        old = getattr(record, field)
        if old == new:
            raise ValidationError(_("The record already has this value."), "value")
        centre_id = _centre_of(session, record.origin)
        correction = SyncCorrection(
            id=new_id(), centre_id=centre_id, table_name=table, record_id=record_id,
            record_label=_label(record, table)[:300], field=field, old_value=json.dumps(old, ensure_ascii=False),
            new_value=json.dumps(new, ensure_ascii=False), reason=reason, proposed_at=dt.datetime.now())
        session.add(correction)
        session.flush()
        return _office_view(session, correction)


def _centre_of(session: OrmSession, origin: int) -> str:
    from desktop.store.models import SyncNode

    return session.execute(select(SyncNode.uuid).where(SyncNode.number == origin)).scalar_one()


def _office_view(session: OrmSession, correction: SyncCorrection) -> OfficeCorrection:
    centre = session.get(Centre, correction.centre_id)
    answer = session.execute(select(CorrectionAnswer).where(
        CorrectionAnswer.correction_id == correction.id, CorrectionAnswer.deleted.is_(False))
        .order_by(CorrectionAnswer.version.desc())).scalars().first()
    new = json.loads(correction.new_value)
    if answer is None:
        status, answer_reason = (SENT if correction.sent_at else WAITING), ""
    elif answer.answer == DECLINED:
        status, answer_reason = DECLINED, answer.reason
    else:
        record = session.get(_model(correction.table_name), correction.record_id)
        held = getattr(record, correction.field) if record is not None else None
        status, answer_reason = (APPLIED if held == new else ACCEPTED), answer.reason
    return OfficeCorrection(correction.id, correction.centre_id, centre.name if centre else "",
                            centre.commune_code if centre else "", correction.table_name, correction.record_id,
                            correction.record_label, correction.field, json.loads(correction.old_value), new,
                            correction.reason, correction.proposed_at, status, answer_reason)


def office_corrections(db: Database, centre_id: str | None = None) -> list[OfficeCorrection]:
    """The corrections the office asked for, newest first, with where each stands."""
    with db.reading() as session:
        query = select(SyncCorrection).order_by(SyncCorrection.proposed_at.desc())
        if centre_id is not None:
            query = query.where(SyncCorrection.centre_id == centre_id)
        return [_office_view(session, row) for row in session.execute(query).scalars()]


def open_corrections(session: OrmSession, centre_id: str) -> list[SyncCorrection]:
    """What the next return package to this centre asks for: every correction not answered yet
    (a lost return costs nothing: the next one carries them again)."""
    answered = set(session.execute(select(CorrectionAnswer.correction_id).where(
        CorrectionAnswer.origin == centre_node_of(session, centre_id))).scalars()) \
        if centre_node_of(session, centre_id) is not None else set()
    return [row for row in session.execute(select(SyncCorrection).where(
        SyncCorrection.centre_id == centre_id).order_by(SyncCorrection.proposed_at)).scalars()
        if row.id not in answered]


# ---- at the centre ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ReceivedCorrection:
    id: str
    table: str
    record_id: str
    record_label: str
    field: str
    field_label: str
    old: Any
    new: Any
    current: Any  # the record's value now (it may have changed since the office saw it)
    reason: str
    proposed_at: dt.datetime
    status: str
    answer_reason: str
    listed_labels: tuple[tuple[str, str], ...] = ()  # key → label of the office's list for this field

    def value_text(self, value: Any) -> str:
        """A value of this correction's field as read here (the office's list names new keys)."""
        return shown_value(self.table, self.field, value, dict(self.listed_labels))


def shown_value(table: str, field: str, value: Any, listed: dict[str, str] | None = None) -> str:
    """A value as a person reads it (a choice's label, not its key); `listed`: labels of the
    office's published list, which may name keys the national list does not have."""
    if value is None or value == "":
        return "—"
    if listed and isinstance(value, str) and value in listed:
        return listed[value]
    choices = {("learner", "gender"): GENDERS, ("activity", "topic_group"): TOPIC_GROUPS,
               ("activity", "kind"): ACTIVITY_KINDS}.get((table, field))
    if choices is not None:
        for choice in choices:
            if choice.key == value:
                return pick(choice.name_vi, choice.name_en)
    if (table, field) == ("learner", "ethnic_group_key"):
        from desktop.reference.ethnic_groups import ethnic_group_by_key

        group = ethnic_group_by_key(str(value))
        if group is not None:
            return pick(group.name_vi, group.name_en)
    return str(value)


def received_corrections(db: Database, *, pending_only: bool = False) -> list[ReceivedCorrection]:
    with db.reading() as session:
        query = select(SyncCorrectionInbox).order_by(SyncCorrectionInbox.proposed_at)
        if pending_only:
            query = query.where(SyncCorrectionInbox.status == PENDING)
        result = []
        labels = {}
        for (table, field), list_name in LISTED_FIELDS.items():
            held = session.execute(select(SyncReferenceVersion).where(SyncReferenceVersion.list_name == list_name)
                                   .order_by(SyncReferenceVersion.version.desc()).limit(1)).scalars().first()
            entries = json.loads(held.entries) if held is not None else []
            labels[(table, field)] = tuple((entry["key"], pick(entry["name_vi"], entry["name_en"] or entry["name_vi"]))
                                           for entry in entries)
        for row in session.execute(query).scalars():
            record = session.get(_model(row.table_name), row.record_id)
            current = getattr(record, row.field) if record is not None else None
            result.append(ReceivedCorrection(row.id, row.table_name, row.record_id, row.record_label, row.field,
                                             field_label(row.table_name, row.field), json.loads(row.old_value),
                                             json.loads(row.new_value), current, row.reason, row.proposed_at,
                                             row.status, row.answer_reason,
                                             labels.get((row.table_name, row.field), ())))
        return result


def answer_correction(db: Database, correction_id: str, *, accept: bool, reason: str = "") -> None:
    """At a centre: accept (the record is changed here, as any edit) or decline with a reason.
    The answer goes to the office in the next package."""
    reason = " ".join(reason.split())
    if not accept and not reason:
        raise ValidationError(_("Say why the correction is declined: the office reads it."), "reason")
    if len(reason) > MAX_REASON:
        raise ValidationError(_("The reason is longer than {count} characters.").format(count=MAX_REASON), "reason")
    with db.reading() as session:
        asked = session.get(SyncCorrectionInbox, correction_id)
        named = (asked.table_name, asked.field) if asked is not None else None
    offered = offered_values(db, *named) if named is not None else set()
    with db.unit_of_work() as session:
        row = session.get(SyncCorrectionInbox, correction_id)
        if row is None:
            raise ValidationError(_("This correction is not in the list."))
        if row.status != PENDING:
            raise ValidationError(_("This correction was already answered."))
        if accept:
            record = session.get(_model(row.table_name), row.record_id)
            if record is None or record.deleted:
                raise ValidationError(_("The record this correction names is no longer in the register: "
                                        "decline it and say so."))
            _apply(record, row.table_name, row.field, parse_value(row.table_name, row.field,
                                                                   json.loads(row.new_value), offered))
        now = dt.datetime.now()
        row.status, row.answer_reason, row.answered_at = (ACCEPTED if accept else DECLINED), reason, now
        session.add(CorrectionAnswer(correction_id=row.id, table_name=row.table_name, record_id=row.record_id,
                                     field=row.field, answer=row.status, reason=reason, answered_at=now))


_DERIVED: dict[tuple[str, str], Callable[[Any, Any], None]] = {
    ("learner", "full_name"): lambda record, name: (setattr(record, "name_folded", fold(name)),
                                                    setattr(record, "name_sort", name_sort_key(name))),
    ("activity", "name"): lambda record, name: setattr(record, "name_folded", fold(name)),
}


def _apply(record: Any, table: str, field: str, value: Any) -> None:
    if isinstance(value, str) and field in ("full_name", "name"):
        value = clean_name(value)
    setattr(record, field, value)
    derived = _DERIVED.get((table, field))
    if derived is not None:
        derived(record, value)
