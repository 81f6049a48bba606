"""The learning society's figures for the periodic report, per origin centre at an office.

Learning models are counted per year: a period shows the figures of the year it ends in. The
fund counts receipts and payments dated in the period, the balance at its end.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.reports.periods import Period
from desktop.reports.society import SocietyFigures, tally_models
from desktop.services.society.fund import fund_figures
from desktop.store.models import Village
from desktop.store.society_models import LearningFigure, LearningTarget

Key = int | None


def society_figures(session: OrmSession, period: Period, keys: list[Key]) -> dict[Key, SocietyFigures]:
    year = period.last.year
    by_origin = None not in keys
    figures: dict[Key, list[tuple[str, int, int]]] = {key: [] for key in keys}
    targets: dict[Key, dict[str, int]] = {key: {} for key in keys}
    for origin, model, registered, recognised in session.execute(
            select(LearningFigure.origin, LearningFigure.model, LearningFigure.registered, LearningFigure.recognised)
            .join(Village, Village.id == LearningFigure.village_id)
            .where(LearningFigure.year == year, LearningFigure.deleted.is_(False), Village.deleted.is_(False))):
        key = origin if by_origin else None
        if key in figures:
            figures[key].append((model, registered, recognised))
    for origin, model, percent in session.execute(
            select(LearningTarget.origin, LearningTarget.model, LearningTarget.percent)
            .where(LearningTarget.year == year, LearningTarget.deleted.is_(False))):
        key = origin if by_origin else None
        if key in targets:
            targets[key][model] = percent
    fund = fund_figures(session, period.first, period.last, keys)
    return {key: SocietyFigures(year, tally_models(figures[key], targets[key]), fund[key]) for key in keys}
