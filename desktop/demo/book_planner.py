"""Drawing the demo cabinet's plan from one seed: intakes, titles and copies, readers, and a
day-by-day simulation of the desk (loans, returns, losses, weeding, a stocktake).
"""

from __future__ import annotations

import datetime as dt
import random


from desktop.demo import names
from desktop.demo.book_catalogue import KIND_MIX, TitleCatalogue, shelf_for
from desktop.demo.book_records import (
    BookPlan,
    LearnerRow,
    PlannedCopy,
    PlannedIncident,
    PlannedIntake,
    PlannedLoan,
    PlannedReader,
)
from desktop.demo.calendar import TET
from desktop.i18n import _
from desktop.services.books.settings import CabinetSettings, Closure
from desktop.store.book_models import (
    COPY_ACTIVE,
    COPY_LOST,
    COPY_SENT_BACK,
    COPY_WEEDED,
    LOAN_LOST,
    LOAN_OPEN,
    LOAN_RETURNED,
)


COPIES_PER_YEAR = 420
LOANS_PER_YEAR = 4150
READERS_PER_YEAR = 55


# Borrowing by month: children's summer holidays up, the harvest months down, Tết quiet.
MONTH_WEIGHTS = (0.7, 0.6, 1.0, 1.0, 0.9, 1.3, 1.4, 1.1, 0.8, 0.9, 1.0, 1.0)
DONORS = ("Hội Khuyến học xã", "Đoàn Thanh niên xã", "Hội Cựu chiến binh xã",
          "Chương trình Sách hóa nông thôn Việt Nam", "Quỹ Sách cho em", "Trường THCS xã",
          "Ông Nguyễn Văn Hùng (giáo viên nghỉ hưu)", "Bà Lò Thị Xuân", "Hội Liên hiệp Phụ nữ xã",
          "Ban Chỉ huy Đồn Biên phòng", "Trạm Khuyến nông", "Một nhóm sinh viên tình nguyện")


SUPPLIERS = ("Công ty Sách – Thiết bị trường học tỉnh", "Nhà sách Tiền Phong", "Nhà sách Fahasa",
             "Công ty Phát hành sách tỉnh")


def _copies_count(rng: random.Random) -> int:
    return rng.choices((1, 2, 3, 4, 5, 10), weights=(34, 26, 16, 8, 12, 4))[0]


def _number_in_date_order(intakes: list[PlannedIntake]) -> None:
    """Summary-register entries are numbered within a year in the order the batches came."""
    by_year: dict[int, list[PlannedIntake]] = {}
    for intake in intakes:
        by_year.setdefault(intake.year, []).append(intake)
    for batches in by_year.values():
        for number, intake in enumerate(sorted(batches, key=lambda batch: batch.date), start=1):
            intake.number = number


def _village_name_group(rng: random.Random, group: str, gender: str) -> str:
    stock = names.NAMES.get(group, names.NAMES["kinh"])
    family = rng.choices(stock.families, weights=stock.family_weights or None)[0]
    middle = rng.choice(stock.middle_female if gender == "female" else stock.middle_male)
    given = rng.choice(stock.given_female if gender == "female" else stock.given_male)
    return f"{family} {middle} {given}"


def plan_cabinet(rng: random.Random, years: int, today: dt.date, learners: list[LearnerRow],
          village_groups: list[str], province: str) -> tuple[BookPlan, CabinetSettings]:
    plan = BookPlan()
    start = today - dt.timedelta(days=365 * years)
    for year in range(start.year, today.year + 2):
        if year in TET:
            tet = dt.date(year, *TET[year])
            plan.closures.append(Closure(tet - dt.timedelta(days=2), tet + dt.timedelta(days=5),
                                         f"Tết Nguyên đán {year}"))
    # An unplanned closure: the flood of the last rainy season.
    flood = dt.date(today.year - 1, 8, 4)
    if flood > start:
        plan.closures.append(Closure(flood, flood + dt.timedelta(days=4), "Lũ quét, mất điện"))
    settings = CabinetSettings(closures=tuple(plan.closures))
    catalogue = TitleCatalogue(rng, plan, province)

    # Intake batches, each with its date, then their copies.
    batches: list[tuple[dt.date, str, str, str, int, tuple[tuple[str, int], ...]]] = []
    opening = start + dt.timedelta(days=rng.randint(3, 20))
    batches.append((opening, "allocation", "Phòng Văn hóa – Xã hội", "QĐ cấp phát sách ban đầu",
                    min(900, 300 + 60 * years), KIND_MIX))
    for year_index in range(years + 1):
        year_start = start + dt.timedelta(days=365 * year_index)
        for _batch in range(rng.randint(5, 8)):
            day = year_start + dt.timedelta(days=rng.randint(0, 364))
            if day >= today or day <= opening:
                continue
            roll = rng.random()
            if roll < 0.45:
                batches.append((day, "donation", rng.choice(DONORS), "", rng.randint(10, 70), KIND_MIX))
            elif roll < 0.75:
                batches.append((day, "purchase", rng.choice(SUPPLIERS),
                                f"HĐ {rng.randint(100, 9999):07d}", rng.randint(30, 110),
                                (("agri", 30), ("children", 20), ("series", 20), ("health", 10),
                                 ("general", 20))))
            elif roll < 0.88:
                batches.append((day, "allocation", f"Sở Tư pháp tỉnh {province}",
                                f"{rng.randint(10, 300)}/QĐ-STP", rng.randint(20, 60),
                                (("law", 1),)))
            else:
                batches.append((day, "allocation", "Phòng Văn hóa – Xã hội",
                                f"{rng.randint(10, 300)}/QĐ-VHXH", rng.randint(30, 80), KIND_MIX))
    batches.sort(key=lambda batch: batch[0])
    target = COPIES_PER_YEAR * years + min(900, 300 + 60 * years)
    planned = sum(batch[4] for batch in batches)
    scale = target / planned if planned else 1.0
    numbers: dict[int, int] = {}
    accession = 0
    for day, source, supplier, document, size, mix in batches:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        intake_index = len(plan.intakes)
        plan.intakes.append(PlannedIntake(day.year, numbers[day.year], day, source, supplier, document))
        remaining = max(1, round(size * scale))
        kinds = [kind for kind, _w in mix]
        weights = [w for _k, w in mix]
        while remaining > 0:
            title_index = catalogue.draw(rng.choices(kinds, weights=weights)[0], day.year)
            title = plan.titles[title_index]
            count = min(_copies_count(rng), remaining)
            for _copy in range(count):
                accession += 1
                plan.copies.append(PlannedCopy(title_index, intake_index, day, title.price, shelf_for(title),
                                         accession=accession))
            remaining -= count

    # Rotated batches from the provincial library, twice a year, about five months each.
    rotation_days = sorted(start + dt.timedelta(days=rng.randint(30, 365 * years - 1))
                           for _ in range(max(1, 2 * years)))
    rotation_days.append(today - dt.timedelta(days=rng.randint(40, 120)))  # the batch held now
    code = 10000
    for day in rotation_days:
        numbers[day.year] = numbers.get(day.year, 0) + 1
        return_by = day + dt.timedelta(days=rng.choice((120, 150, 180)))
        if day == rotation_days[-1]:
            return_by = today + dt.timedelta(days=rng.randint(8, 25))
        returned = return_by - dt.timedelta(days=rng.randint(0, 1)) if return_by < today else None
        intake_index = len(plan.intakes)
        plan.intakes.append(PlannedIntake(day.year, numbers[day.year], day, "rotation",
                                    f"Thư viện tỉnh {province}", f"BB giao nhận {rng.randint(1, 90)}/TV",
                                    return_by, returned))
        for _copy in range(rng.randint(80, 150)):
            title_index = catalogue.draw(rng.choices(("children", "series", "literature", "agri",
                                                      "general"), weights=(3, 3, 2, 2, 2))[0], day.year)
            code += 1
            prefix = "TN" if plan.titles[title_index].audience == "children" else "VV"
            plan.copies.append(PlannedCopy(title_index, intake_index, day, plan.titles[title_index].price,
                                     "LC", external=f"{prefix}.{code:06d}"))
    _number_in_date_order(plan.intakes)

    # Readers: learners of the centre (most), villagers and school children.
    reader_count = 80 + READERS_PER_YEAR * years
    pool = list(range(len(learners)))
    rng.shuffle(pool)
    for card in range(1, reader_count + 1):
        day = start + dt.timedelta(days=int((today - start).days * (card / reader_count) ** 1.3))
        if day >= today:
            day = today - dt.timedelta(days=1)
        roll = rng.random()
        if pool and roll < 0.6:
            index = pool.pop()
            full_name, gender, birth_year, group, village_id = learners[index]
            village = village_groups.index(village_id) if village_id in village_groups else 0
            plan.readers.append(PlannedReader(card, full_name, village, gender or "female",
                                        birth_year, group, day, index, False,
                                        rng.paretovariate(1.6)))
            continue
        child = roll < 0.85
        gender = rng.choice(("female", "male"))
        village = rng.randrange(max(len(village_groups), 1))
        group = rng.choice(tuple(names.NAMES))
        birth_year = day.year - (rng.randint(7, 14) if child else rng.randint(18, 75))
        plan.readers.append(PlannedReader(card, _village_name_group(rng, group, gender), village, gender,
                                    birth_year, group, day, None, child,
                                    rng.paretovariate(1.6) * (1.5 if child else 1.0)))

    _simulate(rng, plan, settings, start, today, years)
    return plan, settings


def _simulate(rng: random.Random, plan: BookPlan, settings: CabinetSettings, start: dt.date,
              today: dt.date, years: int) -> None:
    """The desk, day by day: loans, returns (on time, late, lost), damage, weeding, a count."""
    copies = plan.copies
    intake_of = plan.intakes
    order = sorted(range(len(copies)), key=lambda i: copies[i].received)
    arrived: list[int] = []
    next_copy = 0
    weeding_days = sorted({start + dt.timedelta(days=int(365 * years * f)) for f in (0.45, 0.85)}
                          if years >= 3 else set())
    open_days = sum(1 for n in range((today - start).days) if settings.is_open(start + dt.timedelta(days=n)))
    per_day = LOANS_PER_YEAR * years / max(open_days, 1)
    day = start
    readers = plan.readers
    returns: dict[dt.date, list[int]] = {}
    for index, intake in enumerate(intake_of):
        if intake.source == "rotation" and intake.returned_on is not None:
            returns.setdefault(intake.returned_on, []).append(index)
    members: list[int] = []
    cumulative: list[float] = []
    while day < today:
        day += dt.timedelta(days=1)
        while next_copy < len(order) and copies[order[next_copy]].received <= day:
            arrived.append(order[next_copy])
            next_copy += 1
        for intake_index in returns.get(day, ()):
            for copy in copies:
                if copy.intake == intake_index and copy.status == COPY_ACTIVE:
                    copy.status = COPY_SENT_BACK
                    copy.withdrawn = day
        if weeding_days and day >= weeding_days[0]:
            weeding_days.pop(0)
            _weed(rng, plan, arrived, day)
        if not settings.is_open(day):
            continue
        while len(members) < len(readers) and readers[len(members)].registered <= day:
            cumulative.append((cumulative[-1] if cumulative else 0.0) + readers[len(members)].weight)
            members.append(len(members))
        if not members or not arrived:
            continue
        mean = per_day * MONTH_WEIGHTS[day.month - 1] / (sum(MONTH_WEIGHTS) / 12)
        count = max(0, int(rng.gauss(mean, mean ** 0.5)))
        made = tries = 0
        while made < count and tries < 4 * count:
            tries += 1
            reader_index = rng.choices(members, cum_weights=cumulative)[0]
            reader = readers[reader_index]
            reader.out = [back for back in reader.out if back >= day]
            if len(reader.out) >= settings.max_copies_per_reader:
                continue
            copy_index = _pick_copy(rng, plan, arrived, reader, day, settings)
            if copy_index is None:
                continue
            _lend(rng, plan, copy_index, reader_index, day, today, settings)
            made += 1
    if years >= 2:
        _stocktake(rng, plan, arrived, today)


def _pick_copy(rng: random.Random, plan: BookPlan, arrived: list[int], reader: PlannedReader,
               day: dt.date, settings: CabinetSettings) -> int | None:
    copies, titles = plan.copies, plan.titles
    for _attempt in range(40):
        index = rng.choice(arrived)
        copy = copies[index]
        title = titles[copy.title]
        if copy.status != COPY_ACTIVE or copy.busy_until >= day:
            continue
        if (title.audience == "children") != reader.child and rng.random() < 0.8:
            continue
        if rng.random() > min(title.weight / 2.5, 1.0):
            continue
        intake = plan.intakes[copy.intake]
        if intake.source == "rotation":
            due = settings.due_date(day, title.audience)
            if intake.return_by is None or due + dt.timedelta(days=5) > intake.return_by:
                continue
        return index
    return None


def _lend(rng: random.Random, plan: BookPlan, copy_index: int, reader_index: int, day: dt.date,
          today: dt.date, settings: CabinetSettings) -> None:
    copy = plan.copies[copy_index]
    title = plan.titles[copy.title]
    reader = plan.readers[reader_index]
    due = settings.due_date(day, title.audience)
    roll = rng.random()
    renewals = 0
    rotated = plan.intakes[copy.intake].source == "rotation"
    if roll < 0.004 and not rotated:
        outcome, back = "lost", due + dt.timedelta(days=rng.randint(20, 90))
    elif roll < 0.06:
        renewals = 1
        due = settings.due_date(due, title.audience)
        outcome, back = "returned", due - dt.timedelta(days=rng.randint(0, 5))
    elif roll < 0.30:
        outcome, back = "returned", due + dt.timedelta(days=int(rng.expovariate(1 / 9)) + 1)
    elif roll < 0.32 and not rotated:
        outcome, back = "never", today + dt.timedelta(days=1)  # still out, long overdue
    else:
        outcome, back = "returned", day + dt.timedelta(days=rng.randint(1, max((due - day).days, 1)))
    return_by = plan.intakes[copy.intake].return_by
    if rotated and return_by is not None:
        back = min(back, return_by - dt.timedelta(days=2))
        outcome = "returned" if outcome == "never" else outcome
    back = max(back, day)
    if outcome == "never" and day < today - dt.timedelta(days=240):
        outcome = "returned"  # very old loans were chased up long ago
        back = due + dt.timedelta(days=rng.randint(10, 60))
    loan_index = len(plan.loans)
    if outcome == "lost" and back < today:
        plan.loans.append(PlannedLoan(copy_index, reader_index, day, due, None, LOAN_LOST, renewals))
        copy.status = COPY_LOST
        copy.withdrawn = back
        plan.incidents.append(PlannedIncident(copy_index, loan_index, reader_index, "lost", back,
                                        copy.price if rng.random() < 0.7 else 0,
                                        rng.choice(("Đánh rơi khi đi nương", "Cháy nhà",
                                                    "Trẻ nhỏ làm rách nát", "Mất khi đi chợ", ""))))
        reader.out.append(back)
        return
    if back >= today or outcome == "never":
        plan.loans.append(PlannedLoan(copy_index, reader_index, day, due, None, LOAN_OPEN, renewals))
        copy.busy_until = dt.date.max
        reader.out.append(dt.date.max)
        return
    plan.loans.append(PlannedLoan(copy_index, reader_index, day, due, back, LOAN_RETURNED, renewals))
    copy.busy_until = back
    reader.out.append(back)
    if rng.random() < 0.006 and not copy.damaged:
        copy.damaged = True
        plan.incidents.append(PlannedIncident(copy_index, loan_index, reader_index, "damaged", back,
                                        rng.choice((0, 0, 10000, 20000)),
                                        rng.choice(("Ướt nước mưa", "Rách bìa", "Mất vài trang",
                                                    "Bị chuột gặm"))))


def _weed(rng: random.Random, plan: BookPlan, arrived: list[int], day: dt.date) -> None:
    owned = [i for i in arrived if plan.copies[i].accession is not None
             and plan.copies[i].status == COPY_ACTIVE and plan.copies[i].busy_until < day]
    old = [i for i in owned
           if plan.copies[i].damaged or plan.titles[plan.copies[i].title].year < day.year - 12]
    chosen = rng.sample(old, min(len(old), max(1, int(len(owned) * 0.04)))) if old else []
    if not chosen:
        return
    weeding = len(plan.weedings)
    for index in chosen:
        plan.copies[index].status = COPY_WEEDED
        plan.copies[index].withdrawn = day
        plan.copies[index].weeding = weeding
    plan.weedings.append((f"{rng.randint(5, 60)}/QĐ-TTHTCĐ", day,
                          "Sách rách nát, lạc hậu nội dung", chosen))


def _stocktake(rng: random.Random, plan: BookPlan, arrived: list[int], today: dt.date) -> None:
    """Last December's count: everything found but a few copies, which stay missing."""
    close = dt.date(today.year - 1, 12, 28)
    start = close - dt.timedelta(days=6)
    stock = [i for i in arrived if plan.copies[i].status == COPY_ACTIVE
             and plan.copies[i].accession is not None and plan.copies[i].received < start
             and plan.copies[i].busy_until < start]
    missing = rng.sample(stock, min(len(stock), max(1, len(stock) // 400)))
    plan.stocktake = (start, close, missing, len(stock))
