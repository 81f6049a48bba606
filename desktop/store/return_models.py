"""Return packages (office → centre): corrections, reference data versions, what was sent and applied.

`CorrectionAnswer` is a centre's record and travels back to the office in its packages; the rest
is bookkeeping of one database (never synced): the office's proposed corrections, published
reference lists, return packages written and key revocations announced; at a centre the
corrections received, the reference lists applied and the return packages applied.
"""

# No `from __future__ import annotations`: see store.models.

import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import ID, Base, Syncable, add_sync_index

ACCEPTED, DECLINED, PENDING = "accepted", "declined", "pending"


class CorrectionAnswer(Syncable, Base):
    """A centre's answer to a correction the office asked for (travels to the office)."""

    __tablename__ = "correction_answer"

    correction_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    record_id: Mapped[str] = mapped_column(ID, nullable=False)
    field: Mapped[str] = mapped_column(String(60), nullable=False)
    answer: Mapped[str] = mapped_column(String(12), nullable=False)  # accepted, declined
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


RETURN_SYNCABLE_MODELS: tuple[type[Base], ...] = (CorrectionAnswer,)
for _model in RETURN_SYNCABLE_MODELS:
    add_sync_index(_model)


class SyncCorrection(Base):
    """At an office: a change it asks a centre to make to one field of one of its records."""

    __tablename__ = "sync_correction"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    record_id: Mapped[str] = mapped_column(ID, nullable=False)
    record_label: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    field: Mapped[str] = mapped_column(String(60), nullable=False)
    old_value: Mapped[str] = mapped_column(Text, nullable=False)  # JSON
    new_value: Mapped[str] = mapped_column(Text, nullable=False)  # JSON
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SyncCorrectionInbox(Base):
    """At a centre: a correction the office asked for, until it is accepted or declined."""

    __tablename__ = "sync_correction_inbox"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    record_id: Mapped[str] = mapped_column(ID, nullable=False)
    record_label: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    field: Mapped[str] = mapped_column(String(60), nullable=False)
    old_value: Mapped[str] = mapped_column(Text, nullable=False)
    new_value: Mapped[str] = mapped_column(Text, nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    proposed_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False, default=PENDING)
    answer_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    answered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SyncReferenceVersion(Base):
    """A version of a reference list: published at an office, applied at a centre."""

    __tablename__ = "sync_reference_version"

    list_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    entries: Mapped[str] = mapped_column(Text, nullable=False)  # JSON list of {key, name_vi, name_en}
    published_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    applied_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SyncReturnSent(Base):
    """At an office: a return package written for a centre (numbered per centre)."""

    __tablename__ = "sync_return_sent"

    package_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SyncReturnApplied(Base):
    """At a centre: a return package applied (a later one must carry a higher number)."""

    __tablename__ = "sync_return_applied"

    package_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer, nullable=False)
    office_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False)
    applied_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SyncKeyRevocation(Base):
    """At an office: one of its own old keys it revoked, with the statement that old key signed
    (so a centre that pinned it can check the revocation came from the office)."""

    __tablename__ = "sync_key_revocation"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    revoked_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    statement: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    signature: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
