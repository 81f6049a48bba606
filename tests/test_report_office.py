"""An office's consolidated report: real centres' sync packages imported with the sync services,
then the office's figures per centre equal each centre's own report, and the totals their sum."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.reports.periods import parse_period
from desktop.demo.books import build_book_demo
from desktop.services.centre import CentreSetup, setup_centre
from desktop.demo.centre import build_demo
from desktop.services.reports import build_report
from desktop.services.sync.export import export_package
from desktop.services.sync.receive import import_packages
from desktop.store.database import open_database
from tests.sync_support import connect, new_office

TODAY = dt.date(2026, 11, 23)
CODES = ("04321", "04567")
SCHOOL_YEAR = parse_period("2025-2026")


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two one-year demo centres (and a third that never sent anything) in one office."""
    root = tmp_path_factory.mktemp("province")
    office = new_office(root / "office")
    stick = root / "stick"
    stick.mkdir()
    paths = {}
    try:
        for seed, code in enumerate((*CODES, "04999"), start=1):
            path = paths[code] = root / f"centre-{code}.sqlite"
            centre = open_database(path)
            try:
                if code in CODES:
                    build_demo(centre, years=1, seed=seed, commune_code=code, today=TODAY)
                    build_book_demo(centre, years=1, seed=seed, today=TODAY)
                else:  # registered at the office, silent ever since
                    setup_centre(centre, CentreSetup(name="Trung tâm học tập cộng đồng xã Mường Tè",
                                                     commune_name="Xã Mường Tè", commune_code=code,
                                                     province_code="12"))
                connect(office, centre, root / "keys")
                if code in CODES:
                    export_package(centre, stick)
            finally:
                centre.close()
        report = import_packages(office, [stick])
        assert [package.status for package in report.packages] == ["imported", "imported"]
    finally:
        office.close()
    paths["office"] = root / "office" / "office.sqlite"
    return paths


def _report(path: Path, period, **options):
    db = open_database(path)
    try:
        return build_report(db, period, as_of=TODAY, **options)
    finally:
        db.close()


FIGURES = ("classes_total", "talks_total", "sessions_total")


def _figures(report) -> dict[str, object]:
    return {**{name: getattr(report, name) for name in FIGURES},
            "participant_times": report.participant_times.as_json(),
            "unique_learners": report.unique_learners.as_json(),
            "by_month": report.by_month, "topic_lines": report.topic_lines,
            "classes_by_kind": report.classes_by_kind, "literacy": (report.literacy.classes, report.literacy.learners,
                                                                     report.literacy.completions),
            "books": report.books, "poor": len(report.poor_attendance)}


@pytest.mark.parametrize("period", [SCHOOL_YEAR, parse_period("2026-Q3"), parse_period("2026-10")],
                         ids=lambda period: period.key)
def test_the_office_figures_of_each_centre_are_the_centres_own(province, period):
    office = _report(province["office"], period)
    assert office.office and [centre.codes for centre in office.centres] == [(code,) for code in CODES]
    for centre_report, code in zip(office.centres, CODES, strict=True):
        own = _report(province[code], period).total
        assert own.participant_times.total > 0
        assert _figures(centre_report) == _figures(own)


def test_the_totals_are_the_sum_of_the_centres(province):
    office = _report(province["office"], SCHOOL_YEAR)
    own = [_report(province[code], SCHOOL_YEAR).total for code in CODES]
    total = office.total
    assert total.classes_total == sum(report.classes_total for report in own)
    assert total.sessions_total == sum(report.sessions_total for report in own)
    assert total.participant_times.total == sum(report.participant_times.total for report in own)
    assert total.participant_times.women == sum(report.participant_times.women for report in own)
    assert total.books.loans == sum(report.books.loans for report in own) > 0
    # learners are a centre's own: the sum of each centre's unique learners, nobody counted twice
    assert total.unique_learners.total == sum(report.unique_learners.total for report in own)
    assert total.codes == CODES


def test_one_centre_of_the_office(province):
    only = _report(province["office"], SCHOOL_YEAR, centre_code=CODES[1])
    assert [centre.codes for centre in only.centres] == [(CODES[1],)]
    assert _figures(only.total) == _figures(_report(province[CODES[1]], SCHOOL_YEAR).total)
    with pytest.raises(UserError, match="04000"):
        _report(province["office"], SCHOOL_YEAR, centre_code="04000")


def test_a_warning_for_each_centre_whose_data_does_not_cover_the_period(province):
    # packages came in "now", after the school year ended: only the silent centre is missing
    (missing,) = _report(province["office"], SCHOOL_YEAR).warnings
    assert "04999" in missing and "chưa nhận được gói dữ liệu nào" in missing
    # a period still running when the packages were made: every centre may have more to send
    db = open_database(province["office"])
    try:
        late = build_report(db, parse_period("2026"), as_of=dt.date.today())
    finally:
        db.close()
    assert sum("trước khi hết kỳ báo cáo" in line for line in late.warnings) == 2
