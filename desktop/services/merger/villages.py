"""A village joined at a merge takes its learning-society rows to the village kept (issue 16).

The learning-model figures, the households and the named members of the village joined move to
the village kept. Where the kept village already holds a figure for the same year and model (or
households for the same year), the two are added together in the kept row and the joined row
becomes a tombstone: a joined village is one village, so a Learning Community stays one (the
larger of the two counts). Every row changed gets a new version from this PC's clock, so it
travels in the next package and the office counts what the centre counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession

from desktop.reports.society import COMMUNITY

HOUSEHOLDS = "households"  # the figure of a `SummedFigure` that is a village's households

Stamp = Callable[[], tuple[int, int, int]]


@dataclass(frozen=True)
class SummedFigure:
    """Two villages' counts for one year and figure, added together in the village kept."""

    joined_village: str
    kept_village: str
    year: int
    figure: str  # a learning model's key, or HOUSEHOLDS
    incoming: tuple[int, ...]  # (registered, recognised), or (households,)
    existing: tuple[int, ...]
    result: tuple[int, ...]


def move_society_rows(session: OrmSession, joins: dict[str, str], stamp: Stamp) -> tuple[SummedFigure, ...]:
    """Move the society rows of each joined village (key) to the village kept (value)."""
    from desktop.store.models import Village
    from desktop.store.society_models import LearningFigure, LearningMember, VillageHouseholds

    if not joins:
        return ()
    names = dict(session.execute(select(Village.id, Village.name).where(
        Village.id.in_([*joins, *joins.values()]))).all())
    summed: list[SummedFigure] = []
    figures = LearningFigure.__table__
    for joined, kept in joins.items():
        def label(year: int, figure: str, incoming: tuple[int, ...], existing: tuple[int, ...],
                  result: tuple[int, ...], joined: str = joined, kept: str = kept) -> None:
            summed.append(SummedFigure(names.get(joined, ""), names.get(kept, ""), year, figure, incoming, existing,
                                       result))

        for row in session.execute(select(figures.c.id, figures.c.year, figures.c.model, figures.c.registered,
                                          figures.c.recognised).where(figures.c.village_id == joined,
                                                                      figures.c.deleted.is_(False))
                                   .order_by(figures.c.year, figures.c.model)).all():
            target = session.execute(select(figures.c.id, figures.c.registered, figures.c.recognised,
                                            figures.c.deleted).where(
                figures.c.village_id == kept, figures.c.year == row.year, figures.c.model == row.model)).first()
            if target is None:
                _write(session, figures, row.id, stamp, village_id=kept)
                continue
            existing = (0, 0) if target.deleted else (target.registered, target.recognised)
            incoming = (row.registered, row.recognised)
            combine = max if row.model == COMMUNITY else (lambda one, other: one + other)
            result = (combine(existing[0], incoming[0]), combine(existing[1], incoming[1]))
            _write(session, figures, target.id, stamp, registered=result[0], recognised=result[1], deleted=False)
            _write(session, figures, row.id, stamp, deleted=True)
            label(row.year, row.model, incoming, existing, result)
        households = VillageHouseholds.__table__
        for row in session.execute(select(households.c.id, households.c.year, households.c.households).where(
                households.c.village_id == joined, households.c.deleted.is_(False))
                .order_by(households.c.year)).all():
            target = session.execute(select(households.c.id, households.c.households, households.c.deleted).where(
                households.c.village_id == kept, households.c.year == row.year)).first()
            if target is None:
                _write(session, households, row.id, stamp, village_id=kept)
                continue
            existing_count = 0 if target.deleted else target.households
            _write(session, households, target.id, stamp, households=existing_count + row.households, deleted=False)
            _write(session, households, row.id, stamp, deleted=True)
            label(row.year, HOUSEHOLDS, (row.households,), (existing_count,), (existing_count + row.households,))
        members = LearningMember.__table__
        for member_id in session.execute(select(members.c.id).where(members.c.village_id == joined,
                                                                    members.c.deleted.is_(False))).scalars().all():
            _write(session, members, member_id, stamp, village_id=kept)
    return tuple(summed)


def _write(session: OrmSession, table, record_id: str, stamp: Stamp, **values: object) -> None:  # type: ignore[no-untyped-def]
    version, node, sequence = stamp()
    session.execute(update(table).where(table.c.id == record_id).values(
        version=version, version_node=node, change_seq=sequence, **values))
