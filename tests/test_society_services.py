"""The learning society's services, against hand-computed figures: learning models per village
and in total, targets met and missed, the fund's balance with receipts in kind, a payment below
zero refused unless an advance, corrections kept with what changed and when."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import ValidationError
from desktop.reports.periods import year_period
from desktop.services.reports import build_report
from desktop.services.society import fund as fund_service
from desktop.services.society import models as model_service
from desktop.services.society.fund import BalanceWouldGoNegative, FundDraft, parse_amount


def _fill(db, villages) -> None:
    nà_hạ, đông, pá = villages["Bản Nà Hạ"], villages["Thôn Đông"], villages["Bản Pá Khoang"]
    model_service.set_figure(db, 2026, nà_hạ, "family", registered=120, recognised=100)
    model_service.set_figure(db, 2026, đông, "family", registered=80, recognised=72)
    model_service.set_figure(db, 2026, pá, "family", registered=50, recognised=30)
    model_service.set_figure(db, 2026, nà_hạ, "clan", registered=4, recognised=4)
    model_service.set_figure(db, 2026, đông, "community", registered=1, recognised=1)
    model_service.set_figure(db, 2026, pá, "citizen", registered=300, recognised=210)
    model_service.set_figure(db, 2025, nà_hạ, "family", registered=999, recognised=1)  # another year
    model_service.set_target(db, 2026, "family", 80)
    model_service.set_target(db, 2026, "citizen", 75)


def test_tallies_per_village_and_in_total_with_a_village_without_figures(db, villages):
    _fill(db, villages)
    grid = model_service.learning_grid(db, 2026)
    by_name = {line.village: line for line in grid.villages}
    assert set(by_name) == set(villages)  # every village, the empty one too
    assert by_name["Bản Nà Hạ"].cell("family") == model_service.Cell(120, 100)
    assert by_name["Bản Nà Hạ"].cell("clan") == model_service.Cell(4, 4)
    assert by_name["Thôn Tây"].has_figures is False
    assert by_name["Thôn Tây"].cell("family") == model_service.Cell(0, 0)
    totals = {item.model: item for item in grid.totals}
    # families: 120 + 80 + 50 registered, 100 + 72 + 30 recognised
    assert (totals["family"].registered, totals["family"].recognised) == (250, 202)
    assert (totals["clan"].registered, totals["clan"].recognised) == (4, 4)
    assert (totals["community"].registered, totals["community"].recognised) == (1, 1)
    assert (totals["unit"].registered, totals["unit"].recognised) == (0, 0)
    assert (totals["citizen"].registered, totals["citizen"].recognised) == (300, 210)


def test_targets_met_and_missed(db, villages):
    _fill(db, villages)
    totals = {item.model: item for item in model_service.learning_grid(db, 2026).totals}
    # families: 202 of 250 = 80.8% against 80%: met
    assert totals["family"].target == 80 and totals["family"].met is True
    # citizens: 210 of 300 = 70% against 75%: missed
    assert totals["citizen"].target == 75 and totals["citizen"].met is False
    # clans: no target, nothing to judge
    assert totals["clan"].target is None and totals["clan"].met is None
    model_service.set_target(db, 2026, "citizen", 70)  # exactly reached counts as met
    totals = {item.model: item for item in model_service.learning_grid(db, 2026).totals}
    assert totals["citizen"].met is True


def test_a_cell_refuses_more_recognised_than_registered(db, villages):
    with pytest.raises(ValidationError, match="120"):
        model_service.set_figure(db, 2026, villages["Thôn Đông"], "family", registered=100, recognised=120)
    with pytest.raises(ValidationError):
        model_service.set_figure(db, 2026, villages["Thôn Đông"], "community", registered=2, recognised=0)
    assert model_service.learning_grid(db, 2026).totals[0].registered == 0


def test_named_households_set_the_figure(db, villages):
    village = villages["Thôn Tây"]
    for name, recognised in (("Hộ ông Lò Văn Pản", True), ("Hộ bà Quàng Thị Dung", False),
                             ("Hộ ông Cầm Văn Sơn", True)):
        model_service.add_member(db, 2026, village, "family", name, recognised=recognised)
    cell = model_service.figures_from_members(db, 2026, village, "family")
    assert cell == model_service.Cell(3, 2)
    line = next(line for line in model_service.learning_grid(db, 2026).villages if line.village == "Thôn Tây")
    assert line.members == {"family": 3}


def _receipt(day, amount, donor="Công ty TNHH Minh Phát", in_kind=""):
    return FundDraft("receipt", day, donor, amount, in_kind=in_kind, purpose="Khuyến học năm 2026")


def _payment(day, amount, to="Em Lò Thị Hoa", category="scholarship"):
    return FundDraft("payment", day, to, amount, category=category, decision_number="12/QĐ-HKH")


def test_a_fund_year_with_receipts_in_kind(db):
    fund_service.record_entry(db, _receipt(dt.date(2025, 11, 3), 2_000_000))
    fund_service.record_entry(db, _receipt(dt.date(2026, 3, 8), 5_000_000))
    fund_service.record_entry(db, _receipt(dt.date(2026, 8, 20), 1_350_000, donor="Hội Phụ nữ xã",
                                           in_kind="50 bộ sách giáo khoa, 100 quyển vở"))
    fund_service.record_entry(db, _payment(dt.date(2026, 9, 5), 3_000_000))
    fund_service.record_entry(db, _payment(dt.date(2026, 9, 5), 1_000_000, to="Lớp 5A", category="award"))
    year = fund_service.fund_year(db, 2026)
    figures = year.figures
    assert figures.opening == 2_000_000
    assert figures.receipts == 6_350_000 and figures.receipts_in_kind == 1_350_000
    assert figures.payments == 4_000_000
    assert figures.balance == 2_000_000 + 6_350_000 - 4_000_000 == 4_350_000
    assert [line.balance_after for line in year.lines] == [7_000_000, 8_350_000, 5_350_000, 4_350_000]
    assert all(type(line.draft.amount) is int for line in year.lines)


def test_a_payment_below_zero_is_refused_unless_an_advance(db):
    fund_service.record_entry(db, _receipt(dt.date(2026, 3, 8), 1_000_000))
    with pytest.raises(BalanceWouldGoNegative) as refused:
        fund_service.record_entry(db, _payment(dt.date(2026, 4, 1), 1_500_000))
    assert refused.value.balance == -500_000 and refused.value.day == dt.date(2026, 4, 1)
    assert "500.000" in refused.value.message and "01/04/2026" in refused.value.message
    assert fund_service.fund_year(db, 2026).figures.payments == 0  # nothing written
    # a payment dated before the receipt is short that day too
    with pytest.raises(BalanceWouldGoNegative):
        fund_service.record_entry(db, _payment(dt.date(2026, 3, 1), 200_000))
    fund_service.record_entry(db, _payment(dt.date(2026, 4, 1), 1_500_000), as_advance=True)
    year = fund_service.fund_year(db, 2026)
    assert year.figures.balance == -500_000 and year.figures.advances == 1_500_000
    assert year.lines[-1].advance is True


def test_a_correction_keeps_what_was_changed_and_when(db):
    fund_service.record_entry(db, _receipt(dt.date(2026, 3, 8), 5_000_000))
    first = fund_service.record_entry(db, _payment(dt.date(2026, 9, 5), 3_000_000))
    second = fund_service.correct_entry(db, first, _payment(dt.date(2026, 9, 6), 2_500_000),
                                        "Sai số tiền theo quyết định")
    year = fund_service.fund_year(db, 2026)
    assert year.figures.payments == 2_500_000 and year.figures.balance == 2_500_000
    assert [line.id for line in year.lines][-1] == second and year.lines[-1].corrected
    history = fund_service.entry_history(db, first)
    assert [revision.id for revision in history] == [first, second]
    assert history[0].changes == ()
    assert history[1].reason == "Sai số tiền theo quyết định"
    assert dict((label, (before, after)) for label, before, after in history[1].changes) == {
        "Ngày": ("05/09/2026", "06/09/2026"), "Số tiền": ("3.000.000\xa0₫", "2.500.000\xa0₫")}
    assert history[0].recorded_at <= history[1].recorded_at
    with pytest.raises(ValidationError):  # the old version cannot be corrected again
        fund_service.correct_entry(db, first, _payment(dt.date(2026, 9, 6), 100), "again")
    third = fund_service.cancel_entry(db, second, "Ghi nhầm")
    assert fund_service.fund_year(db, 2026).figures.payments == 0
    assert [revision.cancelled for revision in fund_service.entry_history(db, third)] == [False, False, True]


def test_a_correction_that_would_leave_the_fund_short_is_refused(db):
    receipt = fund_service.record_entry(db, _receipt(dt.date(2026, 3, 8), 3_000_000))
    fund_service.record_entry(db, _payment(dt.date(2026, 9, 5), 2_000_000))
    with pytest.raises(BalanceWouldGoNegative):
        fund_service.correct_entry(db, receipt, _receipt(dt.date(2026, 3, 8), 1_000_000), "Nhầm số")
    with pytest.raises(BalanceWouldGoNegative):
        fund_service.cancel_entry(db, receipt, "Nhầm")
    assert fund_service.fund_year(db, 2026).figures.balance == 1_000_000


@pytest.mark.parametrize(("text", "amount"), [("1.500.000", 1_500_000), ("1 500 000 ₫", 1_500_000),
                                              ("2500000đ", 2_500_000), ("1,500,000", 1_500_000)])
def test_amounts_are_read_as_whole_dong(text, amount):
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["1,5", "abc", "12.5e3", ""])
def test_amounts_that_are_not_whole_dong_are_refused(text):
    with pytest.raises(ValidationError):
        parse_amount(text)


def test_the_periodic_report_carries_the_learning_models_and_the_fund(db, villages):
    _fill(db, villages)
    fund_service.record_entry(db, _receipt(dt.date(2025, 11, 3), 2_000_000))
    fund_service.record_entry(db, _receipt(dt.date(2026, 3, 8), 5_000_000, in_kind="Sách"))
    fund_service.record_entry(db, _payment(dt.date(2026, 9, 5), 3_000_000))
    from desktop.reports.periodic import report_json

    report = report_json(build_report(db, year_period(2026), as_of=dt.date(2026, 12, 31)))
    # no households entered: the register target has nothing to be measured against
    assert report["learning_models"]["family"] == {"registered": 250, "recognised": 202, "target": 80,
                                                   "target_met": True, "eligible": None, "register_target": None,
                                                   "register_target_met": None}
    assert report["learning_models"]["citizen"]["target_met"] is False
    assert report["fund"] == {"opening_balance": 2_000_000, "receipts": 5_000_000, "receipts_in_kind": 5_000_000,
                              "payments": 3_000_000, "advances": 0, "balance": 4_000_000}
    assert report["per_centre"][0]["fund"]["balance"] == 4_000_000


def test_the_learning_week_report_counts_the_picked_activities_and_the_books_lent(db, villages):
    from test_books_loans import lend
    from test_books_support import small_cabinet

    from desktop.reports.periodic import report_json
    from desktop.services import activities
    from desktop.services.attendance import set_headcount
    from desktop.services.reports import read_period
    from desktop.services.society import week as week_service

    week_service.set_week_dates(db, 2026, 11, 23, 7)  # this province's week: 23 to 29 November
    cabinet = small_cabinet(db, villages)
    talk = week_service.add_week_talk(db, 2026, "Ngày hội đọc sách", dt.date(2026, 11, 24),
                                      participants=90, women=50, minority=60)
    other = activities.create_activity(db, activities.ActivityInput(name="Chuyên đề không chọn", kind="topic_talk"))
    held = activities.add_session(db, other.id, activities.SessionInput(date=dt.date(2026, 11, 25)))
    set_headcount(db, held.id, 40, 20, 10)
    lend(db, "1", cabinet.pang, day=dt.date(2026, 11, 24))
    lend(db, "2", cabinet.pang, day=dt.date(2026, 11, 24))
    lend(db, "3", cabinet.pao, day=dt.date(2026, 11, 30))  # after the week
    assert {item.activity_id: item.picked for item in week_service.week_activities(db, 2026)} == {
        talk: True, other.id: False}
    week = week_service.week_report(db, 2026, as_of=dt.date(2026, 12, 31))
    assert (week.activities, week.participants, week.women, week.minority, week.books_lent) == (1, 90, 50, 60, 2)
    period = read_period(db, "2026-LLW")
    assert (period.first, period.last) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    report = report_json(build_report(db, period, as_of=dt.date(2026, 12, 31)))["learning_week"]
    assert {key: report[key] for key in ("activities", "participants", "women", "ethnic_minority", "books_lent")} \
        == {"activities": 1, "participants": 90, "women": 50, "ethnic_minority": 60, "books_lent": 2}
    week_service.set_picked(db, 2026, other.id, True)
    assert week_service.week_report(db, 2026, as_of=dt.date(2026, 12, 31)).participants == 130
    with pytest.raises(ValidationError):
        week_service.add_week_talk(db, 2026, "Ngoài tuần", dt.date(2026, 12, 5))


def test_clc_prints_the_fund_statement_with_its_lines_and_balances(db, db_path, tmp_path, capsys):
    from pypdf import PdfReader

    from desktop.cli import main

    fund_service.record_entry(db, _receipt(dt.date(2025, 11, 3), 2_000_000))
    fund_service.record_entry(db, _receipt(dt.date(2026, 8, 20), 1_350_000, donor="Hội Phụ nữ xã",
                                           in_kind="50 bộ sách giáo khoa"))
    fund_service.record_entry(db, _payment(dt.date(2026, 9, 5), 3_000_000))
    out = tmp_path / "quy.pdf"
    assert main(["print", "fund-statement", "--db", str(db_path), "--year", "2026", "--out", str(out)]) == 0
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "BÁO CÁO THU CHI QUỸ KHUYẾN HỌC" in text.upper()
    for expected in ("2.000.000", "1.350.000", "3.000.000", "350.000", "50 bộ sách giáo khoa", "12/QĐ-HKH",
                     "PT01", "PC01"):
        assert expected in text, expected


def test_each_year_has_its_own_learning_week_and_an_older_database_keeps_its_one_setting(db):
    from desktop.services.centre import set_setting
    from desktop.services.reports import read_period
    from desktop.services.society import week as week_service

    def dates(year: int) -> tuple[dt.date, dt.date]:
        period = read_period(db, f"{year}-LLW")
        return period.first, period.last

    assert dates(2026) == (dt.date(2026, 10, 1), dt.date(2026, 10, 7))  # nothing set: the usual week
    # a database of an older version: one setting for every year
    set_setting(db, "learning_week_starts", "11-09")
    set_setting(db, "learning_week_days", "5")
    assert dates(2025) == (dt.date(2025, 11, 9), dt.date(2025, 11, 13))
    assert dates(2026) == (dt.date(2026, 11, 9), dt.date(2026, 11, 13))
    # the province moves the week in 2027: that year and the years after it, not those before
    week_service.set_week_dates(db, 2027, 9, 28, 7)
    assert dates(2026) == (dt.date(2026, 11, 9), dt.date(2026, 11, 13))
    assert dates(2027) == (dt.date(2027, 9, 28), dt.date(2027, 10, 4))
    assert dates(2028) == (dt.date(2028, 9, 28), dt.date(2028, 10, 4))  # offered the year before's
    assert week_service.week_dates(db, 2028).from_year == 2027 and not week_service.week_dates(db, 2028).own
    assert week_service.week_dates(db, 2027).own and week_service.week_dates(db, 2026).from_year is None
    week_service.set_week_dates(db, 2028, 2, 29, 3)  # a leap day, carried into 2029 as 28 February
    assert dates(2029) == (dt.date(2029, 2, 28), dt.date(2029, 3, 2))
    with pytest.raises(ValidationError):
        week_service.set_week_dates(db, 2029, 2, 29, 7)
    with pytest.raises(ValidationError):
        week_service.set_week_dates(db, 2029, 10, 1, 40)


def test_households_make_the_register_target_measurable_per_village_and_in_total(db, villages):
    _fill(db, villages)
    model_service.set_target(db, 2026, "family", 100, "registered")
    model_service.set_target(db, 2026, "community", 50, "registered")
    for name, households in (("Bản Nà Hạ", 150), ("Thôn Đông", 80), ("Bản Pá Khoang", 70)):
        model_service.set_households(db, 2026, villages[name], households)
    grid = model_service.learning_grid(db, 2026)
    by_name = {line.village: line for line in grid.villages}
    assert by_name["Bản Nà Hạ"].families_registered_percent == 80.0  # 120 of 150
    assert by_name["Thôn Đông"].families_registered_percent == 100.0  # 80 of 80
    totals = {item.model: item for item in grid.totals}
    assert totals["family"].eligible is None and totals["family"].register_met is None  # Thôn Tây: no count
    # communities: 1 of the 4 villages = 25% against 50%: missed
    assert (totals["community"].eligible, totals["community"].register_met) == (4, False)
    model_service.set_households(db, 2026, villages["Thôn Tây"], 0)  # a village with no household left
    totals = {item.model: item for item in model_service.learning_grid(db, 2026).totals}
    # families: 250 registered of 150 + 80 + 70 + 0 = 300 households = 83.3% against 100%: missed
    assert (totals["family"].eligible, totals["family"].registered, totals["family"].register_met) == (300, 250, False)
    model_service.set_target(db, 2026, "family", 83, "registered")
    totals = {item.model: item for item in model_service.learning_grid(db, 2026).totals}
    assert totals["family"].register_met is True  # 250 × 100 ≥ 83 × 300
    assert model_service.learning_grid(db, 2025).villages[0].households is None  # per year
    model_service.set_households(db, 2026, villages["Thôn Tây"], None)
    assert model_service.learning_grid(db, 2026).households_complete is False
    with pytest.raises(ValidationError):
        model_service.set_households(db, 2026, villages["Thôn Tây"], -3)
