"""The learning society's figures as plain data: learning models against their targets, and the
study-promotion fund's receipts, payments and balance. Pure: no database, no Qt.

A model has two targets. The target for recognition is the share of those registered that are
to be recognised ("85% recognised"): met when recognised × 100 ≥ target × registered; with nobody
registered it cannot be judged. The target for registering is the share of those who could
register that did ("100% register"): for families the households of the villages, for Learning
Communities the villages themselves; clans, units and citizens have no such count here, so their
register target is shown but not judged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

FAMILY, CLAN, COMMUNITY, UNIT, CITIZEN = "family", "clan", "community", "unit", "citizen"
LEARNING_MODELS = (FAMILY, CLAN, COMMUNITY, UNIT, CITIZEN)


def model_label(model: str) -> str:
    from desktop.i18n import _

    return {FAMILY: _("Learning Family"), CLAN: _("Learning Clan"), COMMUNITY: _("Learning Community"),
            UNIT: _("Learning Unit"), CITIZEN: _("Learning Citizen")}.get(model, model)


def model_short_label(model: str) -> str:
    """The model in a grid's narrow header: "Families", "Clans"…"""
    from desktop.i18n import _

    return {FAMILY: _("Families"), CLAN: _("Clans"), COMMUNITY: _("Communities"),
            UNIT: _("Units"), CITIZEN: _("Citizens")}.get(model, model)


def target_met(registered: int, recognised: int, target: int | None) -> bool | None:
    """Whether the recognised share reaches the target; None without a target or registrations."""
    if target is None or registered <= 0:
        return None
    return recognised * 100 >= target * registered


def register_met(eligible: int | None, registered: int, target: int | None) -> bool | None:
    """Whether the registered share of those who could register reaches the target; None when
    there is no target or nothing to measure it against."""
    if target is None or not eligible or eligible <= 0:
        return None
    return registered * 100 >= target * eligible


@dataclass(frozen=True)
class ModelTally:
    """One learning model over some villages (or centres): how many registered and recognised,
    and how many could register (`eligible`: households or villages; None where not counted)."""

    model: str
    registered: int = 0
    recognised: int = 0
    target: int | None = None  # percent of the registered to be recognised
    eligible: int | None = None
    register_target: int | None = None  # percent of the eligible to register

    @property
    def met(self) -> bool | None:
        return target_met(self.registered, self.recognised, self.target)

    @property
    def register_met(self) -> bool | None:
        return register_met(self.eligible, self.registered, self.register_target)

    @property
    def recognised_percent(self) -> float | None:
        return None if self.registered <= 0 else 100 * self.recognised / self.registered

    @property
    def registered_percent(self) -> float | None:
        return None if not self.eligible or self.eligible <= 0 else 100 * self.registered / self.eligible

    def __add__(self, other: ModelTally) -> ModelTally:
        # summed centres keep a target only when they all had the same one, and a count of those
        # who could register only when every centre had one
        target = self.target if self.target == other.target else None
        register_target = self.register_target if self.register_target == other.register_target else None
        eligible = None if self.eligible is None or other.eligible is None else self.eligible + other.eligible
        return ModelTally(self.model, self.registered + other.registered, self.recognised + other.recognised,
                          target, eligible, register_target)


def tally_models(figures: Iterable[tuple[str, int, int]], targets: Mapping[str, int], *,
                 register_targets: Mapping[str, int] | None = None,
                 eligible: Mapping[str, int | None] | None = None) -> tuple[ModelTally, ...]:
    """(model, registered, recognised) lines summed per model, every model present, in order,
    with the targets for recognition and for registering, and the count that could register."""
    sums = {model: [0, 0] for model in LEARNING_MODELS}
    for model, registered, recognised in figures:
        if model in sums:
            sums[model][0] += registered
            sums[model][1] += recognised
    register_targets, eligible = register_targets or {}, eligible or {}
    return tuple(ModelTally(model, sums[model][0], sums[model][1], targets.get(model), eligible.get(model),
                            register_targets.get(model))
                 for model in LEARNING_MODELS)


@dataclass(frozen=True)
class FundFigures:
    """The fund over a period: what came in (of it, in kind), what went out, the balance before
    and after. Whole đồng."""

    opening: int = 0
    receipts: int = 0
    receipts_in_kind: int = 0
    payments: int = 0
    advances: int = 0  # of the payments, those made as an advance beyond the balance

    @property
    def balance(self) -> int:
        return self.opening + self.receipts - self.payments

    def __add__(self, other: FundFigures) -> FundFigures:
        return FundFigures(self.opening + other.opening, self.receipts + other.receipts,
                           self.receipts_in_kind + other.receipts_in_kind, self.payments + other.payments,
                           self.advances + other.advances)


@dataclass(frozen=True)
class SocietyFigures:
    """What section II of the periodic report adds for the learning society."""

    year: int = 0  # the year whose learning-model figures are shown
    models: tuple[ModelTally, ...] = field(default_factory=lambda: tally_models((), {}))
    fund: FundFigures = field(default_factory=FundFigures)

    def __add__(self, other: SocietyFigures) -> SocietyFigures:
        if not self.year:  # the empty start of a sum
            return other
        return SocietyFigures(self.year or other.year,
                              tuple(mine + theirs for mine, theirs in zip(self.models, other.models)),
                              self.fund + other.fund)


@dataclass(frozen=True)
class WeekLine:
    """A class or talk counted in Lifelong Learning Week: its sessions in the week and their
    participant-times, of whom women and ethnic minority."""

    activity_id: str
    code: str
    name: str
    kind: str
    sessions: int
    participants: int
    women: int
    minority: int


@dataclass(frozen=True)
class WeekReport:
    year: int
    first: dt.date
    last: dt.date
    lines: tuple[WeekLine, ...]
    books_lent: int

    @property
    def activities(self) -> int:
        return len(self.lines)

    @property
    def participants(self) -> int:
        return sum(line.participants for line in self.lines)

    @property
    def women(self) -> int:
        return sum(line.women for line in self.lines)

    @property
    def minority(self) -> int:
        return sum(line.minority for line in self.lines)

    def as_json(self) -> dict[str, object]:
        return {"year": self.year, "from": self.first.isoformat(), "to": self.last.isoformat(),
                "activities": self.activities, "participants": self.participants, "women": self.women,
                "ethnic_minority": self.minority, "books_lent": self.books_lent,
                "lines": [{"code": line.code, "name": line.name, "kind": line.kind, "sessions": line.sessions,
                           "participants": line.participants, "women": line.women, "ethnic_minority": line.minority}
                          for line in self.lines]}
