"""The demo centre's learning society, for every year the demo makes: learning-model figures per
village with its households, the year's targets (for registering and for recognition) and the
named clans behind them, the year's Lifelong Learning Week dates (moved by the province in the
latest year), the study-promotion fund's
receipts (some in kind) and payments with one corrected entry a year, and the Lifelong Learning
Week's activities picked (a talk added when nothing was held in the week).

Drawn from `random.Random(f"society-{seed}")`, so two builds hold the same figures. One
transaction per year, written as ORM rows so the sync identity hook stamps them.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop.demo import names as data
from desktop.reports.society import CITIZEN, CLAN, COMMUNITY, FAMILY, UNIT
from desktop.services.society import week as week_service
from desktop.store.database import Database
from desktop.store.models import Village
from desktop.store.register_models import Learner
from desktop.store.society_models import (
    REGISTERED_MEASURE,
    FundEntry,
    LearningFigure,
    LearningMember,
    LearningTarget,
    VillageHouseholds,
)

TARGETS = {FAMILY: 85, CLAN: 80, COMMUNITY: 70, UNIT: 90, CITIZEN: 75}  # recognised, of those registered
REGISTER_TARGETS = {FAMILY: 100, COMMUNITY: 100}  # registered, of the households and of the villages
DONORS = ("Công ty TNHH Minh Phát", "Hợp tác xã Nông nghiệp Thống Nhất", "Đồn Biên phòng",
          "Hội Cựu chiến binh xã", "Ông Lò Văn Thành (con em quê hương)", "Bà Nguyễn Thị Hằng (Hà Nội)",
          "Quỹ Khuyến học tỉnh", "Cửa hàng vật tư nông nghiệp Bình An", "Chi hội Khuyến học các thôn bản")
IN_KIND = (("200 quyển vở, 50 bộ sách giáo khoa", 4_500_000),
           ("30 chiếc cặp sách, 30 bộ đồ dùng học tập", 3_600_000),
           ("1 tủ sách và 120 cuốn sách thiếu nhi", 6_800_000))
UNITS = ("Trường Tiểu học", "Trường THCS", "Trường Mầm non", "Trạm Y tế xã", "UBND xã")


@dataclass(frozen=True)
class SocietyDemoSummary:
    figures: int
    members: int
    fund_entries: int
    week_activities: int


def _clan_names(rng: random.Random, count: int) -> list[str]:
    stock = [surname for stock in data.NAMES.values() for surname in stock.families]
    return [f"Dòng họ {name}" for name in rng.sample(sorted(set(stock)), min(count, len(set(stock))))]


def build_society_demo(db: Database, *, years: int = 1, seed: int = 1,
                       today: dt.date | None = None) -> SocietyDemoSummary:
    """Fill the learning society of a demo centre for each calendar year its data covers."""
    today = today or dt.date.today()
    rng = random.Random(f"society-{seed}")
    first_year = (today - dt.timedelta(days=365 * years)).year
    with db.reading() as session:
        villages = session.execute(select(Village.id, Village.name).where(Village.deleted.is_(False))
                                   .order_by(Village.sort_key)).all()
        people = dict(session.execute(select(Learner.village_id, func.count()).where(Learner.deleted.is_(False))
                                      .group_by(Learner.village_id)).all())
    base_households = {row.id: max(25, int(people.get(row.id, 0) * 1.4) + rng.randint(10, 60)) for row in villages}
    adults = {key: count * 3 for key, count in base_households.items()}
    clans = {row.id: _clan_names(rng, rng.randint(2, 6)) for row in villages}
    units = {row.id: UNITS[: rng.choice((0, 0, 1, 2))] for row in villages}
    figures = members = entries = picked = 0
    balance = 0
    for year in range(first_year, today.year + 1):
        growth = (year - first_year) * 0.03
        # the national dates, until the province moved the week in the latest year
        week_service.set_week_dates(db, year, *((9, 28) if year == today.year and year > first_year else (10, 1)), 7)
        with db.unit_of_work() as session:
            for model, percent in TARGETS.items():
                session.add(LearningTarget(year=year, model=model, percent=min(100, percent + (year - first_year))))
            for model, percent in REGISTER_TARGETS.items():
                session.add(LearningTarget(year=year, model=model, measure=REGISTERED_MEASURE, percent=percent))
            for village in villages:
                lines = []
                homes = base_households[village.id] + (year - first_year) * rng.randint(0, 4)  # new households
                session.add(VillageHouseholds(year=year, village_id=village.id, households=homes))
                registered = min(homes, int(homes * (0.82 + growth + rng.random() * 0.12)))
                lines.append((FAMILY, registered, int(registered * (0.74 + growth + rng.random() * 0.18))))
                named_clans = clans[village.id]
                recognised_clans = [name for name in named_clans if rng.random() < 0.75 + growth]
                lines.append((CLAN, len(named_clans), len(recognised_clans)))
                for name in named_clans:
                    session.add(LearningMember(year=year, village_id=village.id, model=CLAN, name=name,
                                               recognised=name in recognised_clans))
                    members += 1
                lines.append((COMMUNITY, 1, int(rng.random() < 0.6 + growth)))
                if units[village.id]:
                    count = len(units[village.id])
                    lines.append((UNIT, count, count - int(rng.random() < 0.2)))
                citizens = int(adults[village.id] * (0.25 + growth * 2 + rng.random() * 0.15))
                lines.append((CITIZEN, citizens, int(citizens * (0.6 + rng.random() * 0.3))))
                for model, registered, recognised in lines:
                    session.add(LearningFigure(year=year, village_id=village.id, model=model,
                                               registered=registered, recognised=min(registered, recognised)))
                    figures += 1
            year_entries = _fund_year(rng, year, today, balance)
            first_payment: FundEntry | None = None
            for entry in year_entries:
                session.add(entry)
                balance += entry.amount if entry.kind == "receipt" else -entry.amount
                if entry.kind == "payment" and first_payment is None:
                    first_payment = entry
            entries += len(year_entries)
            if first_payment is not None:
                session.flush()
                # a decision number mistyped at first, corrected a few days later: kept in the history
                session.add(FundEntry(kind="payment", date=first_payment.date, party=first_payment.party,
                                      amount=first_payment.amount, purpose=first_payment.purpose,
                                      category=first_payment.category,
                                      decision_number=first_payment.decision_number.replace("QĐ", "QĐ-HKH"),
                                      replaces_id=first_payment.id, reason="Ghi sai số quyết định"))
                entries += 1
        picked += _pick_week(db, rng, year, today)
    return SocietyDemoSummary(figures, members, entries, picked)


def _fund_year(rng: random.Random, year: int, today: dt.date, balance: int) -> list[FundEntry]:
    """Donations through the year (one in kind), scholarships in September, awards at the school
    year's end, support at Tết; payments never beyond what came in."""
    result: list[FundEntry] = []
    for month in sorted(rng.sample(range(1, 13), rng.randint(3, 5))):
        day = dt.date(year, month, rng.randint(1, 25))
        if day > today:
            continue
        amount = rng.choice((1, 2, 3, 5, 10, 15, 20)) * 1_000_000
        result.append(FundEntry(kind="receipt", date=day, party=rng.choice(DONORS), amount=amount,
                                purpose=f"Ủng hộ Quỹ khuyến học năm {year}"))
    gift, value = rng.choice(IN_KIND)
    day = dt.date(year, 8, rng.randint(10, 28))
    if day <= today:
        result.append(FundEntry(kind="receipt", date=day, party=rng.choice(DONORS), amount=value, in_kind=gift,
                                purpose="Tặng học sinh trước năm học mới"))
    plans = [(dt.date(year, 1, 20), "support", "Hỗ trợ học sinh nghèo đón Tết", 300_000, 8),
             (dt.date(year, 5, 28), "award", "Khen thưởng học sinh giỏi, học viên tiêu biểu", 200_000, 12),
             (dt.date(year, 9, 5), "scholarship", "Học bổng khuyến học đầu năm học", 500_000, 10)]
    number = 1
    for day, category, purpose, each, count in plans:
        if day > today:
            continue
        amount = each * rng.randint(count // 2, count)
        # what the fund holds on the day: the balance brought in, the receipts and payments before it
        held = balance + sum(entry.amount if entry.kind == "receipt" else -entry.amount
                             for entry in result if entry.date <= day)
        if amount > held:
            continue
        names = rng.choice(("Học sinh các thôn bản (danh sách kèm theo)", "Học viên lớp xóa mù chữ",
                            "Học sinh Trường Tiểu học và THCS xã"))
        result.append(FundEntry(kind="payment", date=day, party=names, amount=amount, purpose=purpose,
                                category=category, decision_number=f"{number:02d}/QĐ-{year}"))
        number += 1
    return sorted(result, key=lambda entry: entry.date)


def _pick_week(db: Database, rng: random.Random, year: int, today: dt.date) -> int:
    period = week_service.week_period(db, year)
    if period.last > today:
        return 0
    held = week_service.week_activities(db, year)
    for item in held:
        week_service.set_picked(db, year, item.activity_id, True)
    if held:
        return len(held)
    total = rng.randint(60, 140)
    week_service.add_week_talk(db, year, f"Ngày hội đọc sách – Tuần lễ học tập suốt đời {year}",
                               period.first,
                               topic_group="culture_society", venue="Nhà văn hóa xã", participants=total,
                               women=total // 2 + rng.randint(0, 10), minority=int(total * 0.7))
    return 1
