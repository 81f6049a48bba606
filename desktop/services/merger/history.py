"""What a centre knows of the former centres merged into it: for Settings and the village list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from desktop.store.database import Database


@dataclass(frozen=True)
class MergerInfo:
    former_name: str
    former_commune_name: str
    former_commune_code: str
    merged_on: dt.date
    records: int
    accession_prefix: str


def list_mergers(db: Database) -> list[MergerInfo]:
    from desktop.store.merger_models import CentreMerger

    with db.reading() as session:
        rows = session.execute(select(CentreMerger).where(CentreMerger.deleted.is_(False))
                               .order_by(CentreMerger.merged_on, CentreMerger.former_commune_code)).scalars()
        return [MergerInfo(row.former_name, row.former_commune_name, row.former_commune_code, row.merged_on,
                           row.records, row.accession_prefix) for row in rows]


def former_communes_of_villages(db: Database) -> dict[str, str]:
    """Village id → the former commune's name, for the villages that came with a former centre."""
    from desktop.store.models import Centre, Installation, Village

    with db.reading() as session:
        own = session.execute(select(Installation.centre_id)).scalar()
        return dict(session.execute(select(Village.id, Centre.commune_name).join(Centre, Centre.id == Village.centre_id)
                                    .where(Village.centre_id != own)).all()) if own else {}
