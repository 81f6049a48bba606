"""SQLAlchemy models of the learning society: learning-model figures per village and year, the
households of each village in a year (what "100% of families register" is measured against), the
year's targets, the named households or clans behind a figure, the study-promotion fund's ledger,
and the classes and talks held in Lifelong Learning Week.

Every table is syncable (the `Syncable` mixin), so all of it travels to the office. Fund entries
are never changed once written: a correction is a new entry that names the one it replaces, so the
ledger keeps what was changed and when (the when is read from each entry's UUIDv7 id).
"""

# No `from __future__ import annotations`: see store.models.

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desktop.store.models import ID, Base, Syncable, add_sync_index
from desktop.store.register_models import Activity  # noqa: F401  (a week activity's class or talk)

# The models' keys ("family", "clan", …) are those of desktop.reports.society.LEARNING_MODELS.
RECEIPT, PAYMENT = "receipt", "payment"
# a target is for registering (a share of the households, or of the villages) or for recognition
# (a share of those registered)
REGISTERED_MEASURE, RECOGNISED_MEASURE = "registered", "recognised"
TARGET_MEASURES = (REGISTERED_MEASURE, RECOGNISED_MEASURE)
PAYMENT_PURPOSES = ("scholarship", "award", "support", "other")


class LearningFigure(Syncable, Base):
    """How many of one model a village registered and had recognised in one year."""

    __tablename__ = "learning_figure"
    __table_args__ = (UniqueConstraint("year", "village_id", "model", name="uq_learning_figure_cell"),)

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    village_id: Mapped[str] = mapped_column(ForeignKey("village.id"), nullable=False, index=True)
    model: Mapped[str] = mapped_column(String(20), nullable=False)
    registered: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    recognised: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class VillageHouseholds(Syncable, Base):
    """How many households a village has in a year: the families that could register."""

    __tablename__ = "village_households"
    __table_args__ = (UniqueConstraint("year", "village_id", name="uq_village_households_year"),)

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    village_id: Mapped[str] = mapped_column(ForeignKey("village.id"), nullable=False, index=True)
    households: Mapped[int] = mapped_column(Integer, nullable=False)


class LearningTarget(Syncable, Base):
    """The commune's own target for one model and year, in percent: for registering (`measure`
    "registered": of the households, or of the villages for communities) or for recognition
    ("recognised": of those registered). A target received from the office takes its place."""

    __tablename__ = "learning_target"
    __table_args__ = (UniqueConstraint("year", "model", "measure", "origin", name="uq_learning_target_model"),)

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    model: Mapped[str] = mapped_column(String(20), nullable=False)
    measure: Mapped[str] = mapped_column(String(12), nullable=False, default=RECOGNISED_MEASURE,
                                         server_default=RECOGNISED_MEASURE)
    percent: Mapped[int] = mapped_column(Integer, nullable=False)


class LearningMember(Syncable, Base):
    """A named household, clan or unit behind a village's figure (for villages that keep a list)."""

    __tablename__ = "learning_member"

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    village_id: Mapped[str] = mapped_column(ForeignKey("village.id"), nullable=False, index=True)
    model: Mapped[str] = mapped_column(String(20), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    recognised: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class FundEntry(Syncable, Base):
    """A line of the study-promotion fund's ledger: a receipt or a payment, in whole đồng.

    A receipt in kind keeps what was given and its value (the amount). A payment names who
    received it and the decision behind it; `advance` marks one made beyond the balance on
    purpose. `replaces_id` makes this entry the correction of an earlier one, which stays in
    the ledger's history; `cancelled` ends an entry (as its correction) without a new amount."""

    __tablename__ = "fund_entry"

    kind: Mapped[str] = mapped_column(String(10), nullable=False)
    date: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    party: Mapped[str] = mapped_column(String(200), nullable=False)  # donor, or who was paid
    amount: Mapped[int] = mapped_column(Integer, nullable=False)
    in_kind: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    purpose: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    category: Mapped[str] = mapped_column(String(20), nullable=False, default="")
    decision_number: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    advance: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    cancelled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # no foreign key: a correction may reach an office in the same package as the entry it replaces
    replaces_id: Mapped[str | None] = mapped_column(ID, nullable=True, index=True)
    reason: Mapped[str] = mapped_column(Text, nullable=False, default="")


class LearningWeekActivity(Syncable, Base):
    """A class or talk counted in one year's Lifelong Learning Week."""

    __tablename__ = "learning_week_activity"
    __table_args__ = (UniqueConstraint("year", "activity_id", name="uq_learning_week_activity_pick"),)

    year: Mapped[int] = mapped_column(Integer, nullable=False)
    activity_id: Mapped[str] = mapped_column(ForeignKey("activity.id"), nullable=False, index=True)


SOCIETY_SYNCABLE_MODELS: tuple[type[Base], ...] = (
    LearningFigure, LearningTarget, LearningMember, FundEntry, LearningWeekActivity, VillageHouseholds,
)
for _model in SOCIETY_SYNCABLE_MODELS:
    add_sync_index(_model)
