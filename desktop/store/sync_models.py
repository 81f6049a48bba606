"""Sync bookkeeping: keys, packages sent and received, held and set-aside data (never synced).

A centre keeps its own key, the office key it pinned and the packages it wrote (its outbox). An
office keeps the keys of the centres it registered, one stream per installation it hears from
(how far its sequence is imported, whether two databases claim it), every package it was given
(imported, held for a gap with its bytes, or refused with the reason) and rows set aside.
"""

# No `from __future__ import annotations`: see store.models.

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store import rollup_models  # noqa: F401 - the roll-up's chain, mapped with the rest
from desktop.store.models import ID, Base

ROLE_OFFICE, ROLE_CENTRE = "office", "centre"
ROLE_UPPER = "upper-office"  # at an office: the key of the level above, its roll-up's recipient
IMPORTED, HELD_GAP, REFUSED, ALREADY_IMPORTED = "imported", "held-gap", "refused", "already-imported"


class SyncIdentity(Base):
    """This database's own signing and encryption keys (one row)."""

    __tablename__ = "sync_identity"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    private_key: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SyncPeer(Base):
    """A key this database trusts: the office's, pinned at a centre; a centre's, at an office."""

    __tablename__ = "sync_peer"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(12), nullable=False)
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    code: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    key_file: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    centre_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class SyncOutbox(Base):
    """A package this centre wrote (and verified); acknowledged once the office says so."""

    __tablename__ = "sync_outbox"

    package_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), nullable=False)
    installation_id: Mapped[str] = mapped_column(ID, nullable=False)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False)
    folder: Mapped[str] = mapped_column(Text, nullable=False, default="")
    sequence_from: Mapped[int] = mapped_column(Integer, nullable=False)
    sequence_to: Mapped[int] = mapped_column(Integer, nullable=False)
    full: Mapped[bool] = mapped_column(Boolean, nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, index=True)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class SyncStream(Base):
    """At an office: one installation's numbered changes, as far as they are imported."""

    __tablename__ = "sync_stream"

    installation_id: Mapped[str] = mapped_column(ID, primary_key=True)
    centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    imported_to: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_package_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    first_seen_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    last_package_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    cloned: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class SyncReceived(Base):
    """At an office: a package it was given, whatever became of it (its identity is the hash of
    its manifest, so a renamed copy is recognised). A held package keeps its bytes until the
    missing range arrives."""

    __tablename__ = "sync_received"

    package_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36), nullable=False)
    centre_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    installation_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    sequence_from: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    sequence_to: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    full: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    previous_package_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    file_name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")
    counts: Mapped[str] = mapped_column(Text, nullable=False, default="{}")
    digest_matches: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)


class SyncSetAside(Base):
    """At an office: a row a package carried that could not be applied, with the reason."""

    __tablename__ = "sync_set_aside"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_hash: Mapped[str] = mapped_column(ForeignKey("sync_received.package_hash"), nullable=False,
                                              index=True)
    table_name: Mapped[str] = mapped_column(String(60), nullable=False)
    record_id: Mapped[str] = mapped_column(String(80), nullable=False, default="")
    reason: Mapped[str] = mapped_column(Text, nullable=False)
    row: Mapped[str] = mapped_column(Text, nullable=False)


class SyncCentreState(Base):
    """At an office: the state digest of the records it holds of one centre, kept up to date by
    every import (so comparing it with the centre's own never re-reads years of records)."""

    __tablename__ = "sync_centre_state"

    centre_id: Mapped[str] = mapped_column(ID, primary_key=True)
    digest: Mapped[str] = mapped_column(String(120), nullable=False)
