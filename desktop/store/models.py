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

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, MetaData, String, Text, case, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.store.identity import clock_time, id_time, new_id
from desktop.store.types import CompactId

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = CompactId()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Syncable:
    """Columns every record that travels in a sync package carries.

    Kept compact (issue 17): the origin centre and the installation that wrote the version are
    small local numbers resolved through `sync_node`; the clock is one integer; when a row was
    made and last changed is read from its UUIDv7 id and its clock, not stored twice."""

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    origin: Mapped[int] = mapped_column(Integer, nullable=False)
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)
    version_node: Mapped[int] = mapped_column(Integer, nullable=False)
    change_seq: Mapped[int] = mapped_column(Integer, nullable=False)
    deleted: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @property
    def created_at(self) -> dt.datetime:
        return id_time(self.id)

    @property
    def updated_at(self) -> dt.datetime:
        return clock_time(self.version)


def add_sync_index(model: type) -> None:
    """The one index sync needs: a centre's changes in sequence (export, acknowledgements), and
    at an office the same lookup per centre."""
    table = model.__table__  # type: ignore[attr-defined]
    Index(f"ix_{table.name}_origin_change_seq", table.c.origin, table.c.change_seq)


class SyncNode(Base):
    """A local small number for a centre or an installation met in this database (never synced).

    Every syncable row names its origin centre and the installation that wrote its version by
    this number instead of repeating a 16-byte id."""

    __tablename__ = "sync_node"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(ID, nullable=False, unique=True)
    kind: Mapped[str] = mapped_column(String(12), nullable=False)  # centre, installation


class Installation(Base):
    """This database's installation identity and its clocks (never synced)."""

    __tablename__ = "installation"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    centre_id: Mapped[str | None] = mapped_column(ID, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False)
    last_clock: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_change_seq: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    node: Mapped[int | None] = mapped_column(Integer, nullable=True)
    centre_node: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The file this identity belongs to (device and file number): a copy or a restored backup is
    # another file, and takes a new identity before it exports (sync-design item 10).
    file_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    parent_id: Mapped[str | None] = mapped_column(ID, nullable=True)


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


add_sync_index(Centre)
add_sync_index(Village)


def own_centre_first(centre_id: object) -> object:
    """An ORDER BY term that puts this database's own centre first: a centre that former centres
    were merged into also holds their centre rows (issue 16)."""
    own = select(Installation.__table__.c.centre_id).limit(1).scalar_subquery()
    return case((centre_id == own, 0), else_=1)


def load_all_models() -> tuple[type[Base], ...]:
    """Every syncable model: the centre's, the register's, the book cabinet's and the learning society's.

    The register's and the cabinet's tables live in their own modules, imported by the services
    that use them: mapping them costs a tenth of a second that showing the window need not wait
    for (before it paints, it reads only the centre and the settings)."""
    import desktop.store.sync_models  # noqa: F401 - sync bookkeeping, mapped with the rest
    from desktop.store.book_models import BOOK_SYNCABLE_MODELS
    from desktop.store.merger_models import MERGER_SYNCABLE_MODELS
    from desktop.store.register_models import REGISTER_SYNCABLE_MODELS
    from desktop.store.return_models import RETURN_SYNCABLE_MODELS
    from desktop.store.society_models import SOCIETY_SYNCABLE_MODELS

    return ((Centre, Village) + REGISTER_SYNCABLE_MODELS + BOOK_SYNCABLE_MODELS + RETURN_SYNCABLE_MODELS
            + SOCIETY_SYNCABLE_MODELS + MERGER_SYNCABLE_MODELS)
