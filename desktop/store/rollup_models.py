"""Roll-up bookkeeping (never synced): the signature chain that lets the level above check that a
consolidated package's rows really come from centres registered under the office that sent it.

An office keeps, for every centre package it imports, the package's signed manifest (`sync_chain_link`);
its roll-up carries the newest of them for each centre with the centre's key. The level above keeps,
for every centre it heard of through an office, which office and key vouched for it
(`sync_chain_centre`): its completeness board shows centres under each office.
"""

# No `from __future__ import annotations`: see store.models.

import datetime as dt

from sqlalchemy import DateTime, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import ID, Base


class SyncChainLink(Base):
    """At an office: the signed manifest of a centre package it imported (kept for its roll-up)."""

    __tablename__ = "sync_chain_link"

    package_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    installation_id: Mapped[str] = mapped_column(ID, nullable=False)
    key_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    manifest: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    signature: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class SyncChainCentre(Base):
    """At the level above: a centre known through an office's roll-up, and who vouched for it."""

    __tablename__ = "sync_chain_centre"

    centre_id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    commune_code: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    office_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    office_name: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    key_fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    signed_digest: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    rollups: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
