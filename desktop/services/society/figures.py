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
from desktop.services.society.models import eligible_counts
from desktop.services.society.targets import office_targets_in, split_targets, targets_in_force
from desktop.store.models import Village
from desktop.store.society_models import LearningFigure, LearningTarget, VillageHouseholds

Key = int | None


def society_figures(session: OrmSession, period: Period, keys: list[Key]) -> dict[Key, SocietyFigures]:
    """Per key (an origin centre at an office, None for a centre's own): the year's learning
    models against the targets in force (the office's where it set one), the households and
    villages a register target is measured against, and the fund over the period."""
    year = period.last.year
    by_origin = None not in keys
    figures: dict[Key, list[tuple[str, int, int]]] = {key: [] for key in keys}
    own: dict[Key, dict[tuple[str, str], int]] = {key: {} for key in keys}
    villages: dict[Key, dict[str, int | None]] = {key: {} for key in keys}
    for origin, model, registered, recognised in session.execute(
            select(LearningFigure.origin, LearningFigure.model, LearningFigure.registered, LearningFigure.recognised)
            .join(Village, Village.id == LearningFigure.village_id)
            .where(LearningFigure.year == year, LearningFigure.deleted.is_(False), Village.deleted.is_(False))):
        key = origin if by_origin else None
        if key in figures:
            figures[key].append((model, registered, recognised))
    for origin, model, measure, percent in session.execute(
            select(LearningTarget.origin, LearningTarget.model, LearningTarget.measure, LearningTarget.percent)
            .where(LearningTarget.year == year, LearningTarget.deleted.is_(False))):
        key = origin if by_origin else None
        if key in own:
            own[key][(model, measure)] = percent
    for origin, village_id in session.execute(select(Village.origin, Village.id).where(Village.deleted.is_(False))):
        key = origin if by_origin else None
        if key in villages:
            villages[key][village_id] = None
    for village_id, households in session.execute(
            select(VillageHouseholds.village_id, VillageHouseholds.households)
            .where(VillageHouseholds.year == year, VillageHouseholds.deleted.is_(False))):
        for counts in villages.values():
            if village_id in counts:
                counts[village_id] = households
    office = office_targets_in(session, year)
    fund = fund_figures(session, period.first, period.last, keys)
    result = {}
    for key in keys:
        recognised_targets, register_targets = split_targets(targets_in_force(own[key], office))
        models = tally_models(figures[key], recognised_targets, register_targets=register_targets,
                              eligible=eligible_counts(list(villages[key].values())))
        result[key] = SocietyFigures(year, models, fund[key])
    return result
