"""Villages joined at a merge (issue 16): the learning society's rows of the village joined (the
learning-model figures, the households, the named members) move to the village kept; where both
villages hold a figure for the same year and model (or households for the same year) the counts are
added together, and the merge report says so. The rows moved or added reach the office with the new
centre's next package, so its figures after the merger are the former centres' summed."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desktop.reports.periods import parse_period
from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
from desktop.services.reports import build_report
from desktop.services.society.models import add_member, learning_grid, set_figure, set_households
from desktop.store.database import open_database
from tests.merger_support import TODAY, fresh_copies, make_former_centres, office_with_formers

YEAR = 2026
MERGED_ON = dt.date(2026, 11, 1)
DECEMBER = parse_period("2026-12")


@pytest.fixture(scope="module")
def formers(tmp_path_factory):
    return make_former_centres(tmp_path_factory.mktemp("formers"))


def _village(db, name: str) -> str:
    from desktop.store.models import Village

    with db.reading() as session:
        return session.execute(select(Village.id).where(Village.name == name, Village.deleted.is_(False))).scalar_one()


def _plant_figures(path, village: str, family: tuple[int, int], households: int, extra_model: str | None,
                   member: str) -> None:
    db = open_database(path)
    try:
        village_id = _village(db, village)
        set_figure(db, YEAR, village_id, "family", registered=family[0], recognised=family[1])
        set_figure(db, YEAR, village_id, "community", registered=1, recognised=1)
        if extra_model:
            set_figure(db, YEAR, village_id, extra_model, registered=3, recognised=2)
        set_households(db, YEAR, village_id, households)
        add_member(db, YEAR, village_id, "clan", member, recognised=True)
    finally:
        db.close()


def _society(report, model: str) -> tuple[int, int]:
    tally = next(item for item in report.total.society.models if item.model == model)
    return tally.registered, tally.recognised


def test_a_joined_villages_society_rows_move_to_the_kept_village_summed_and_reach_the_office(formers, tmp_path):
    from desktop.services.merger.documents import report_data
    from desktop.services.sync.receive import import_packages
    from tests.sync_support import connect, send

    new_path, a, b = fresh_copies(*formers, tmp_path / "work")
    _plant_figures(a, "Bản Nà Pát", (30, 20), 120, None, "Dòng họ Hoàng")
    _plant_figures(b, "Nà Pát", (10, 5), 40, "unit", "Dòng họ Lò")
    office, keys = office_with_formers(tmp_path, a, b)
    before = build_report(office, DECEMBER, as_of=TODAY)
    figures_before = {model: _society(before, model) for model in ("family", "unit", "clan", "community")}

    db = open_database(new_path)
    try:
        connect(office, db, keys)
        merge_centre(db, a, MergeDecisions(merged_on=MERGED_ON), today=TODAY)
        pair = next(item for item in preview_merge(db, b).villages if item.incoming_name == "Nà Pát")
        assert pair.existing_name == "Bản Nà Pát"
        report = merge_centre(db, b, MergeDecisions(join_villages={pair.incoming_id: pair.existing_id},
                                                    merged_on=MERGED_ON), today=TODAY)
        # at the new centre: one village, the figures of both
        grid = learning_grid(db, YEAR)
        line = next(item for item in grid.villages if item.village == "Bản Nà Pát")
        assert not [item for item in grid.villages if item.village == "Nà Pát"]
        assert (line.cells["family"].registered, line.cells["family"].recognised) == (40, 25)
        assert (line.cells["unit"].registered, line.cells["unit"].recognised) == (3, 2)  # moved as it was
        # a village is one learning community: joined, still one
        assert (line.cells["community"].registered, line.cells["community"].recognised) == (1, 1)
        assert line.households == 160 and line.members == {"clan": 2}
        # the merge report says what was added together
        sections = {section.title: section for section in report_data(report).sections}
        added = sections["Số liệu xã hội học tập của thôn, bản được cộng dồn"]
        assert ("Nà Pát", "Bản Nà Pát", "2026", "Gia đình học tập") in [row[:4] for row in added.rows]
        assert any(row[:2] == ("Nà Pát", "Bản Nà Pát") and row[3] == "Số hộ" for row in added.rows)
        package = send(db, tmp_path / "stick-new")
    finally:
        db.close()
    result = import_packages(office, [package]).packages[0]
    assert result.status == "imported" and not result.set_aside
    after = build_report(office, DECEMBER, as_of=TODAY)
    assert [centre.codes for centre in after.centres] == [("00200",)]  # counted under the new centre
    expected = dict(figures_before, community=(figures_before["community"][0] - 1, figures_before["community"][1] - 1))
    assert {model: _society(after, model) for model in expected} == expected  # nothing lost, one community less
    office.close()
