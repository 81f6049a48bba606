"""SQLAlchemy models of a merger of centres (the communes merged on 1 July 2025, issue 16).

A merger record says that a former centre's records came into this one, and when; a learner join
says that two learner records are one person (confirmed by the user at the merge). Both travel
to the office with the new centre's next package, so the office learns of the merger; the former
centre's own records keep their ids and origin, so nothing it reported before changes.

The ids named here are plain ids, not foreign keys: the office may hold the new centre's package
before (or without) one of the former centre's.
"""

# No `from __future__ import annotations`: see store.models.

import datetime as dt

from sqlalchemy import Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import ID, Base, Syncable, add_sync_index


class CentreMerger(Syncable, Base):
    """A former centre merged into this one: what it was called, and what the merge decided."""

    __tablename__ = "centre_merger"

    former_centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    into_centre_id: Mapped[str] = mapped_column(ID, nullable=False)
    merged_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    former_name: Mapped[str] = mapped_column(String(200), nullable=False)
    former_commune_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    former_commune_code: Mapped[str] = mapped_column(String(10), nullable=False)
    former_code_system: Mapped[str] = mapped_column(String(20), nullable=False, default="2004")
    # Put before the former cabinet's accession numbers where they collided ("" when none did).
    accession_prefix: Mapped[str] = mapped_column(String(12), nullable=False, default="")
    records: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="")


class LearnerJoin(Syncable, Base):
    """Two learner records confirmed as one person: the joined one's history now hangs on the kept one."""

    __tablename__ = "learner_join"

    joined_learner_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    kept_learner_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    joined_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    merger_id: Mapped[str | None] = mapped_column(ID, nullable=True)


MERGER_SYNCABLE_MODELS: tuple[type[Base], ...] = (CentreMerger, LearnerJoin)
for _model in MERGER_SYNCABLE_MODELS:
    add_sync_index(_model)


class MergerOriginal(Base):
    """At an office: a former centre's record as the office held it before the new centre's first
    change to it (never synced). A period before the merger is reported from these, so the joins
    and renumberings of the merger do not change what the former centre reported."""

    __tablename__ = "merger_original"

    table_name: Mapped[str] = mapped_column(String(60), primary_key=True)
    record_id: Mapped[str] = mapped_column(ID, primary_key=True)
    former_centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    kept_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    row: Mapped[str] = mapped_column(Text, nullable=False)  # its own columns and `deleted`, as a package carries them
