"""Local small numbers for the centres and installations a database has met (`sync_node`).

A syncable row names its origin centre and the installation that wrote its version by these
numbers; the 16-byte ids live once, here. Never synced: each database numbers its own."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session as OrmSession

from desktop.store.models import Installation, SyncNode

CENTRE, INSTALLATION = "centre", "installation"


def node_number(session: OrmSession, uuid: str, kind: str) -> int:
    """The local number of a centre or installation id, given one on first sight."""
    table = SyncNode.__table__
    number = session.execute(select(table.c.number).where(table.c.uuid == uuid)).scalar()
    if number is None:
        number = session.execute(insert(table).values(uuid=uuid, kind=kind)
                                 .returning(table.c.number)).scalar_one()
    return number


def node_uuid(session: OrmSession, number: int) -> str:
    table = SyncNode.__table__
    return session.execute(select(table.c.uuid).where(table.c.number == number)).scalar_one()


def node_uuids(session: OrmSession) -> dict[int, str]:
    """Every local number with its id (few: one per centre and installation met)."""
    table = SyncNode.__table__
    return dict(session.execute(select(table.c.number, table.c.uuid)).all())


def adopt_centre(session: OrmSession, installation: Installation, centre_id: str) -> int:
    """Make `centre_id` this installation's centre: rows made here from now on come from it."""
    installation.centre_id = centre_id
    installation.centre_node = node_number(session, centre_id, CENTRE)
    return installation.centre_node


def origin_centre_id(session: OrmSession, row: object) -> str:
    """The origin centre's id of a syncable row (the text form packages and users see)."""
    return node_uuid(session, row.origin)  # type: ignore[attr-defined]
