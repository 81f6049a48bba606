"""The year's learning-society targets: the commune's own, and those the office sets.

A target is a percentage per learning model and measure: for registering (of the households, or of
the villages for Learning Communities) or for recognition (of those registered). An office sets
them per year and publishes them as the reference list "learning_targets"; every return package
carries its newest version to the centres (services.sync.reference_versions).

Which wins: a target the office sent is the one used, for that year, model and measure; the
commune's own target counts only where the office sent none. The commune's own is kept (it
comes back into use if the office's list stops naming that target).

In the list, one entry per target: the key names the year, the model and the measure
("2026.family.registered"); the names say it in words with the percentage at the end
("2026 – Gia đình học tập – đăng ký: 100%"), which is where the percentage is read from.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session as OrmSession

from desktop.errors import UserError, ValidationError
from desktop.i18n import _, language_for_this_thread
from desktop.reports.society import LEARNING_MODELS, model_label
from desktop.store.database import Database
from desktop.store.return_models import SyncReferenceVersion
# the measures are read from here by the window, which reads no store module
from desktop.store.society_models import (
    RECOGNISED_MEASURE,
    REGISTERED_MEASURE,
    TARGET_MEASURES,
    LearningTarget,
)
from desktop.sync.returns import ReferenceEntry

TARGETS_LIST = "learning_targets"
_KEY = re.compile(r"(\d{4})\.([a-z]+)\.([a-z]+)")
_PERCENT = re.compile(r"(\d{1,3})\s*%\s*$")

TargetKey = tuple[str, str]  # (model, measure)

__all__ = ["RECOGNISED_MEASURE", "REGISTERED_MEASURE", "TARGET_MEASURES", "TARGETS_LIST", "YearTarget"]


@dataclass(frozen=True)
class YearTarget:
    """The target in force for a model and measure, where it came from, and the commune's own
    (kept, but not used, when the office sent one)."""

    model: str
    measure: str
    percent: int
    from_office: bool
    own: int | None = None


def measure_label(measure: str) -> str:
    return _("registered") if measure == REGISTERED_MEASURE else _("recognised")


def check_year(year: int) -> None:
    if type(year) is not int or not 1990 <= year <= 2100:
        raise ValidationError(_("The year {year} is outside the years a report can cover ({first}–{last}).")
                              .format(year=year, first=1990, last=2100))


def _check(model: str, measure: str, percent: int | None) -> None:
    if model not in LEARNING_MODELS:
        raise ValidationError(_("There is no learning model “{model}”.").format(model=model))
    if measure not in TARGET_MEASURES:
        raise ValidationError(_("A target is for registering or for recognition."))
    if percent is not None and (type(percent) is not int or not 0 <= percent <= 100):
        raise ValidationError(_("A target is a percentage from 0 to 100."))


# ---- the list as it travels -----------------------------------------------------------------

def target_entry(year: int, model: str, measure: str, percent: int) -> ReferenceEntry:
    """One target as an entry of the office's list (names in Vietnamese and in English)."""
    names = []
    for language in ("vi", "en"):
        with language_for_this_thread(language):
            names.append(f"{year} – {model_label(model)} – {measure_label(measure)}: {percent}%")
    return ReferenceEntry(f"{year}.{model}.{measure}", names[0], names[1])


def read_target_entries(entries: Iterable[ReferenceEntry]) -> dict[int, dict[TargetKey, int]]:
    """The targets per year in a list's entries; an entry that does not read as one is left out."""
    found: dict[int, dict[TargetKey, int]] = {}
    for entry in entries:
        key, percent = _KEY.fullmatch(entry.key.strip()), _PERCENT.search(entry.name_vi)
        if key is None or percent is None:
            continue
        year, model, measure = int(key[1]), key[2], key[3]
        if model in LEARNING_MODELS and measure in TARGET_MEASURES and int(percent[1]) <= 100:
            found.setdefault(year, {})[(model, measure)] = int(percent[1])
    return found


def _held_entries(session: OrmSession) -> tuple[int, tuple[ReferenceEntry, ...]]:
    row = session.execute(select(SyncReferenceVersion).where(SyncReferenceVersion.list_name == TARGETS_LIST)
                          .order_by(SyncReferenceVersion.version.desc()).limit(1)).scalars().first()
    if row is None:
        return 0, ()
    return row.version, tuple(ReferenceEntry(item["key"], item["name_vi"], item["name_en"])
                              for item in json.loads(row.entries))


def office_targets_in(session: OrmSession, year: int) -> dict[TargetKey, int]:
    """The office's targets for the year: at a centre those received, at an office its own
    published ones (the newest version of the list either way)."""
    return read_target_entries(_held_entries(session)[1]).get(year, {})


# ---- the targets in force --------------------------------------------------------------------

def own_targets_in(session: OrmSession, year: int, origin: int | None = None) -> dict[TargetKey, int]:
    """The commune's own targets for the year (at an office: those of one origin centre)."""
    statement = select(LearningTarget.model, LearningTarget.measure, LearningTarget.percent).where(
        LearningTarget.year == year, LearningTarget.deleted.is_(False))
    if origin is not None:
        statement = statement.where(LearningTarget.origin == origin)
    return {(row.model, row.measure): row.percent for row in session.execute(statement)}


def targets_in_force(own: Mapping[TargetKey, int], office: Mapping[TargetKey, int]) -> dict[TargetKey, YearTarget]:
    """The office's target where it sent one, else the commune's own."""
    result = {}
    for key in {*own, *office}:
        model, measure = key
        if key in office:
            result[key] = YearTarget(model, measure, office[key], True, own.get(key))
        else:
            result[key] = YearTarget(model, measure, own[key], False, own[key])
    return result


def year_targets(db: Database, year: int) -> dict[TargetKey, YearTarget]:
    with db.reading() as session:
        return targets_in_force(own_targets_in(session, year), office_targets_in(session, year))


def split_targets(targets: Mapping[TargetKey, YearTarget]) -> tuple[dict[str, int], dict[str, int]]:
    """(recognition targets, register targets) per model, as the tallies take them."""
    recognised = {model: item.percent for (model, measure), item in targets.items() if measure == RECOGNISED_MEASURE}
    registered = {model: item.percent for (model, measure), item in targets.items() if measure == REGISTERED_MEASURE}
    return recognised, registered


def set_target(db: Database, year: int, model: str, percent: int | None,
               measure: str = RECOGNISED_MEASURE) -> None:
    """The commune's own target (None removes it). Kept even where the office sent one, which wins."""
    check_year(year)
    _check(model, measure, percent)
    with db.unit_of_work() as session:
        target = session.execute(select(LearningTarget).where(
            LearningTarget.year == year, LearningTarget.model == model,
            LearningTarget.measure == measure)).scalars().first()
        if target is None:
            if percent is not None:
                session.add(LearningTarget(year=year, model=model, measure=measure, percent=percent))
        elif percent is None:
            target.deleted = True
        else:
            target.percent, target.deleted = percent, False


# ---- at an office -----------------------------------------------------------------------------

def published_targets(db: Database, year: int) -> tuple[int, dict[TargetKey, int]]:
    """At an office: the version of its targets list and the year's targets in it."""
    with db.reading() as session:
        version, entries = _held_entries(session)
    return version, read_target_entries(entries).get(year, {})


def publish_targets(db: Database, year: int, targets: Mapping[TargetKey, int | None]) -> int:
    """At an office: the year's targets (None or missing: no target) as the next version of the
    list, the other years' kept as they were; they reach the centres in the next return packages.
    Returns the version number."""
    from desktop.services.sync.reference_versions import publish_reference_version

    check_year(year)
    for (model, measure), percent in targets.items():
        _check(model, measure, percent)
    with db.reading() as session:
        _version, held = _held_entries(session)
    before = read_target_entries(held)
    by_year = {**before, year: {key: percent for key, percent in targets.items() if percent is not None}}
    if {key: value for key, value in by_year.items() if value} == before:
        raise UserError(_("These are the targets already published: nothing to send."))
    entries = [target_entry(each_year, model, measure, percent)
               for each_year in sorted(by_year)
               for model in LEARNING_MODELS for measure in TARGET_MEASURES
               if (percent := by_year[each_year].get((model, measure))) is not None]
    return publish_reference_version(db, TARGETS_LIST, entries)
