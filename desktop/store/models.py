"""SQLAlchemy models of a centre's records.

Every syncable row carries the sync identity from day one (../shared/sync-design.md 1-3):
a UUIDv7 id, its origin centre, a hybrid-logical-clock version, a per-installation change
sequence, and a tombstone flag instead of a physical delete. The session hook in
`store.database` stamps these on every flush, so services cannot forget them.
"""

# No `from __future__ import annotations` here: with it every `Mapped[...]` annotation is a
# string that SQLAlchemy must evaluate again, a fifth of the time it takes to map these classes
# at each start.

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.store.identity import new_id

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = String(36)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Syncable:
    """Columns every record that travels in a sync package carries."""

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    origin_centre_id: Mapped[str] = mapped_column(ID, nullable=False, index=True)
    version: Mapped[str] = mapped_column(String(64), nullable=False)
    change_seq: Mapped[int] = mapped_column(Integer, nullable=False, index=True)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)


class Installation(Base):
    """This database's installation identity and its clocks (never synced)."""

    __tablename__ = "installation"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    centre_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    last_hlc: Mapped[str | None] = mapped_column(String(64), nullable=True)
    last_change_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Setting(Base):
    """Local preferences (language, data choices) as key/value text (never synced)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class Centre(Syncable, Base):
    __tablename__ = "centre"

    name: Mapped[str] = mapped_column(String(200), nullable=False)
    commune_name: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    commune_code: Mapped[str] = mapped_column(String(10), nullable=False)
    commune_code_system: Mapped[str] = mapped_column(String(20), nullable=False, default="2025")
    province_code: Mapped[str] = mapped_column(String(4), nullable=False)
    province_code_system: Mapped[str] = mapped_column(String(20), nullable=False, default="2025")
    director: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    address: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    phone: Mapped[str] = mapped_column(String(40), nullable=False, default="")


class Village(Syncable, Base):
    __tablename__ = "village"

    centre_id: Mapped[str] = mapped_column(ForeignKey("centre.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    name_folded: Mapped[str] = mapped_column(String(120), nullable=False)
    sort_key: Mapped[str] = mapped_column(String(400), nullable=False)


def load_all_models() -> tuple[type[Base], ...]:
    """Every syncable model: the centre's, the register's and the book cabinet's.

    The register's and the cabinet's tables live in their own modules, imported by the services
    that use them: mapping them costs a tenth of a second that showing the window need not wait
    for (before it paints, it reads only the centre and the settings)."""
    from desktop.store.book_models import BOOK_SYNCABLE_MODELS
    from desktop.store.register_models import REGISTER_SYNCABLE_MODELS

    return (Centre, Village) + REGISTER_SYNCABLE_MODELS + BOOK_SYNCABLE_MODELS
