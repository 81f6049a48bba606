"""Learning models per year and village: the grid of registered and recognised counts with the
households of each village, the year's targets (services.society.targets: the office's where it
sent one, else the commune's own), and the named households or clans behind a figure.

One cell is one (year, village, model) record; saving a cell changes only that record, so two
people entering different villages on two PCs never overwrite each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.reports.society import COMMUNITY, FAMILY, LEARNING_MODELS, ModelTally, model_label, tally_models
from desktop.services.society.targets import (
    TargetKey,
    YearTarget,
    office_targets_in,
    own_targets_in,
    set_target,
    split_targets,
    targets_in_force,
)
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.society_models import LearningFigure, LearningMember, VillageHouseholds

__all__ = ["set_target"]  # kept here for the callers that set a target beside the figures

MAX_COUNT = 1_000_000


@dataclass(frozen=True)
class Cell:
    registered: int = 0
    recognised: int = 0


@dataclass(frozen=True)
class VillageLine:
    """A village's figures for the year: a cell per model that has one (none: nothing entered)."""

    village_id: str
    village: str
    cells: dict[str, Cell]
    members: dict[str, int]  # named members per model
    households: int | None = None  # None: not entered for the year

    def cell(self, model: str) -> Cell:
        return self.cells.get(model, Cell())

    @property
    def families_registered_percent(self) -> float | None:
        """Registered families as a share of the village's households (the "100% register" measure)."""
        if not self.households:
            return None
        return 100 * self.cell(FAMILY).registered / self.households

    @property
    def has_figures(self) -> bool:
        return bool(self.cells)


@dataclass(frozen=True)
class LearningGrid:
    year: int
    villages: tuple[VillageLine, ...]
    totals: tuple[ModelTally, ...]  # every model, with its targets
    targets: dict[str, int]  # the recognition targets in force, per model
    target_set: dict[TargetKey, YearTarget] = field(default_factory=dict)  # each with where it came from

    @property
    def households_complete(self) -> bool:
        """Every village's households are entered, so the families' register target can be judged."""
        return bool(self.villages) and all(line.households is not None for line in self.villages)


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    recognised: bool


def _check_model(model: str) -> None:
    if model not in LEARNING_MODELS:
        raise ValidationError(_("There is no learning model “{model}”.").format(model=model))


def _check_year(year: int) -> None:
    if not 1990 <= year <= 2100:
        raise ValidationError(_("The year {year} is outside the years a report can cover ({first}–{last}).")
                              .format(year=year, first=1990, last=2100))


def learning_grid(db: Database, year: int) -> LearningGrid:
    """Every village of the centre (those without figures too) and the totals per model."""
    with db.reading() as session:
        villages = session.execute(select(Village.id, Village.name).where(Village.deleted.is_(False))
                                   .order_by(Village.sort_key)).all()
        figures = session.execute(select(LearningFigure.village_id, LearningFigure.model,
                                         LearningFigure.registered, LearningFigure.recognised)
                                  .where(LearningFigure.year == year, LearningFigure.deleted.is_(False))).all()
        members = session.execute(select(LearningMember.village_id, LearningMember.model)
                                  .where(LearningMember.year == year, LearningMember.deleted.is_(False))).all()
        households = households_in(session, year)
        target_set = targets_in_force(own_targets_in(session, year), office_targets_in(session, year))
    cells: dict[str, dict[str, Cell]] = {}
    for row in figures:
        cells.setdefault(row.village_id, {})[row.model] = Cell(row.registered, row.recognised)
    named: dict[str, dict[str, int]] = {}
    for row in members:
        counts = named.setdefault(row.village_id, {})
        counts[row.model] = counts.get(row.model, 0) + 1
    lines = tuple(VillageLine(row.id, row.name, cells.get(row.id, {}), named.get(row.id, {}), households.get(row.id))
                  for row in villages)
    known = {row.id for row in villages}
    recognised_targets, register_targets = split_targets(target_set)
    totals = tally_models(((row.model, row.registered, row.recognised) for row in figures
                           if row.village_id in known), recognised_targets, register_targets=register_targets,
                          eligible=eligible_counts([households.get(row.id) for row in villages]))
    return LearningGrid(year, lines, totals, recognised_targets, target_set)


def eligible_counts(households: list[int | None]) -> dict[str, int | None]:
    """What a register target is measured against, for villages with these household counts:
    the households (once every village has its count) and the villages themselves."""
    return {FAMILY: sum(households) if households and None not in households else None,  # type: ignore[arg-type]
            COMMUNITY: len(households) or None}


def households_in(session: object, year: int, origin: int | None = None) -> dict[str, int]:
    """The households entered per village for the year (at an office: of one origin centre)."""
    statement = select(VillageHouseholds.village_id, VillageHouseholds.households).where(
        VillageHouseholds.year == year, VillageHouseholds.deleted.is_(False))
    if origin is not None:
        statement = statement.where(VillageHouseholds.origin == origin)
    return dict(session.execute(statement).all())  # type: ignore[attr-defined]


def set_households(db: Database, year: int, village_id: str, households: int | None) -> None:
    """A village's households in the year (None removes the count)."""
    _check_year(year)
    if households is not None and (type(households) is not int or not 0 <= households <= MAX_COUNT):
        raise ValidationError(_("Enter a whole number of 0 or more."))
    with db.unit_of_work() as session:
        village = session.get(Village, village_id)
        if village is None or village.deleted:
            raise NotFoundError(_("This village is no longer in the list."))
        row = session.execute(select(VillageHouseholds).where(
            VillageHouseholds.year == year, VillageHouseholds.village_id == village_id)).scalars().first()
        if row is None:
            if households is not None:
                session.add(VillageHouseholds(year=year, village_id=village_id, households=households))
        elif households is None:
            row.deleted = True
        elif row.households != households or row.deleted:
            row.households, row.deleted = households, False


def set_figure(db: Database, year: int, village_id: str, model: str, *, registered: int | None = None,
               recognised: int | None = None) -> Cell:
    """Change one cell (registered, recognised or both); returns the cell as saved."""
    _check_year(year)
    _check_model(model)
    with db.unit_of_work() as session:
        village = session.get(Village, village_id)
        if village is None or village.deleted:
            raise NotFoundError(_("This village is no longer in the list."))
        figure = session.execute(select(LearningFigure).where(
            LearningFigure.year == year, LearningFigure.village_id == village_id,
            LearningFigure.model == model)).scalars().first()
        old = Cell(figure.registered, figure.recognised) if figure is not None and not figure.deleted else Cell()
        new = Cell(old.registered if registered is None else registered,
                   old.recognised if recognised is None else recognised)
        _check_cell(new, model)
        if new == old:
            return new
        if figure is None:
            session.add(LearningFigure(year=year, village_id=village_id, model=model,
                                       registered=new.registered, recognised=new.recognised))
        else:
            figure.registered, figure.recognised, figure.deleted = new.registered, new.recognised, False
        return new


def _check_cell(cell: Cell, model: str) -> None:
    for value in (cell.registered, cell.recognised):
        if type(value) is not int or not 0 <= value <= MAX_COUNT:
            raise ValidationError(_("Enter a whole number of 0 or more."))
    if cell.recognised > cell.registered:
        raise ValidationError(_("{model}: more recognised ({recognised}) than registered ({registered}). "
                                "Only those registered can be recognised.").format(
            model=model_label(model), recognised=cell.recognised, registered=cell.registered))
    if model == COMMUNITY and cell.registered > 1:
        raise ValidationError(_("A village is one Learning Community: enter 1 if it registered, 0 if not."))


def list_members(db: Database, year: int, village_id: str, model: str) -> list[Member]:
    with db.reading() as session:
        rows = session.execute(select(LearningMember.id, LearningMember.name, LearningMember.recognised).where(
            LearningMember.year == year, LearningMember.village_id == village_id, LearningMember.model == model,
            LearningMember.deleted.is_(False)).order_by(LearningMember.name)).all()
    return [Member(row.id, row.name, bool(row.recognised)) for row in rows]


def add_member(db: Database, year: int, village_id: str, model: str, name: str, *, recognised: bool = False) -> str:
    """A named household, clan or unit behind the village's figure."""
    _check_year(year)
    _check_model(model)
    name = " ".join(name.split())
    if not name:
        raise ValidationError(_("Enter the name of the household, clan or unit."), "name")
    with db.unit_of_work() as session:
        member = LearningMember(year=year, village_id=village_id, model=model, name=name[:200],
                                recognised=recognised)
        session.add(member)
        session.flush()
        return member.id


def set_member_recognised(db: Database, member_id: str, recognised: bool) -> None:
    with db.unit_of_work() as session:
        member = session.get(LearningMember, member_id)
        if member is None or member.deleted:
            raise NotFoundError(_("This name is no longer in the list."))
        member.recognised = recognised


def remove_member(db: Database, member_id: str) -> None:
    with db.unit_of_work() as session:
        member = session.get(LearningMember, member_id)
        if member is not None:
            member.deleted = True


def figures_from_members(db: Database, year: int, village_id: str, model: str) -> Cell:
    """Set the village's figure to its named list: everyone named registered, the ticked recognised."""
    members = list_members(db, year, village_id, model)
    return set_figure(db, year, village_id, model, registered=len(members),
                      recognised=sum(1 for member in members if member.recognised))
