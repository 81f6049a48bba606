"""The learning society between a centre and its office: the targets the office sets reach the
centre in a return package and win over the commune's own (which count only where the office sent
none); households per village travel up with the figures, so the office measures "100% register"
as the centre does; the office browses a centre's fund ledger."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.errors import UserError, ValidationError
from desktop.reports.periodic import report_json
from desktop.reports.periods import year_period
from desktop.services.centre import list_villages
from desktop.services.reports import build_report
from desktop.services.society import fund as fund_service
from desktop.services.society import models as model_service
from desktop.services.society import targets as target_service
from desktop.services.society.fund import FundDraft
from desktop.services.sync.office_browse import centre_fund_lines, received_centres
from desktop.services.sync.receive import import_packages
from desktop.services.sync.reference_versions import list_title, publish_reference_version
from desktop.services.sync.return_centre import import_returns
from desktop.services.sync.return_office import write_returns
from desktop.services.sync.reference_kinds import reference_list_kind
from desktop.sync.returns import ReferenceEntry
from tests.sync_support import connect, new_centre, new_office, send

AS_OF = dt.date(2026, 12, 31)


@pytest.fixture()
def pair(tmp_path):
    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "centre", "Mường Than", "04711", learners=2)
    connect(office, centre, tmp_path / "keys")
    # the office writes return packages to centres it has heard from
    assert import_packages(office, [send(centre, tmp_path / "first")]).packages[0].status == "imported"
    yield office, centre
    office.close()
    centre.close()


def _return_to(centre, office, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    [written] = write_returns(office, folder)
    [result] = import_returns(centre, [written.path]).packages
    assert result.status == "imported"


def test_the_targets_list_is_registered_with_the_other_reference_lists():
    assert reference_list_kind("learning_targets") is not None
    assert list_title("learning_targets") == "Chỉ tiêu xã hội học tập"


def test_a_target_entry_reads_back_and_a_stray_one_is_left_out():
    entry = target_service.target_entry(2026, "family", "registered", 100)
    assert entry.key == "2026.family.registered"
    assert entry.name_vi == "2026 – Gia đình học tập – đăng ký: 100%"
    assert entry.name_en == "2026 – Learning Family – registered: 100%"
    stray = [ReferenceEntry("2026.family.recognised", "no percentage here", ""),
             ReferenceEntry("2026.dragon.recognised", "50%", ""), ReferenceEntry("family", "85%", "")]
    assert target_service.read_target_entries([entry, *stray]) == {2026: {("family", "registered"): 100}}


def test_the_offices_targets_reach_the_centre_and_win_over_its_own(pair, tmp_path):
    office, centre = pair
    # the commune set its own before hearing from the office
    model_service.set_target(centre, 2026, "family", 80)                     # recognition
    model_service.set_target(centre, 2026, "family", 90, "registered")       # registering
    model_service.set_target(centre, 2026, "citizen", 60)                    # the office sets none
    with pytest.raises(UserError):  # a centre publishes nothing
        target_service.publish_targets(centre, 2026, {("family", "recognised"): 85})

    version = target_service.publish_targets(office, 2026, {("family", "registered"): 100,
                                                             ("family", "recognised"): 85,
                                                             ("community", "registered"): 100})
    assert version == 1
    assert target_service.published_targets(office, 2026) == (1, {
        ("family", "registered"): 100, ("family", "recognised"): 85, ("community", "registered"): 100})
    with pytest.raises(UserError):  # the same again: nothing new to send
        target_service.publish_targets(office, 2026, {("family", "registered"): 100, ("family", "recognised"): 85,
                                                      ("community", "registered"): 100})
    with pytest.raises(ValidationError):
        target_service.publish_targets(office, 2026, {("family", "recognised"): 120})

    # before the return package: the commune's own
    assert model_service.learning_grid(centre, 2026).targets == {"family": 80, "citizen": 60}
    _return_to(centre, office, tmp_path / "back1")
    grid = model_service.learning_grid(centre, 2026)
    family = grid.target_set[("family", "recognised")]
    assert (family.percent, family.from_office, family.own) == (85, True, 80)  # the office's wins
    assert grid.target_set[("family", "registered")].percent == 100
    citizen = grid.target_set[("citizen", "recognised")]
    assert (citizen.percent, citizen.from_office) == (60, False)  # none received: the commune's own
    assert grid.target_set[("community", "registered")].from_office is True
    assert grid.targets == {"family": 85, "citizen": 60}
    # the commune may still change its own: kept, not used while the office's stands
    model_service.set_target(centre, 2026, "family", 70)
    assert model_service.learning_grid(centre, 2026).target_set[("family", "recognised")].percent == 85
    # another year received nothing: the commune's own there
    model_service.set_target(centre, 2027, "family", 75)
    assert model_service.learning_grid(centre, 2027).targets == {"family": 75}

    # the office removes its recognition target for families in version 2: the commune's own comes back
    target_service.publish_targets(office, 2026, {("family", "registered"): 100})
    _return_to(centre, office, tmp_path / "back2")
    grid = model_service.learning_grid(centre, 2026)
    assert grid.target_set[("family", "recognised")].from_office is False
    assert grid.targets["family"] == 70
    assert grid.target_set[("family", "registered")].percent == 100
    assert ("community", "registered") not in grid.target_set


def test_households_travel_and_the_office_measures_registering_as_the_centre_does(pair, tmp_path):
    office, centre = pair
    nà_hạ, đông = (village.id for village in list_villages(centre))
    model_service.set_households(centre, 2026, nà_hạ, 150)
    model_service.set_figure(centre, 2026, nà_hạ, "family", registered=120, recognised=100)
    model_service.set_figure(centre, 2026, đông, "family", registered=80, recognised=72)
    model_service.set_figure(centre, 2026, đông, "community", registered=1, recognised=1)
    model_service.set_target(centre, 2026, "family", 95, "registered")
    model_service.set_target(centre, 2026, "community", 100, "registered")
    grid = model_service.learning_grid(centre, 2026)
    lines = {line.village_id: line for line in grid.villages}
    assert lines[nà_hạ].families_registered_percent == 80.0  # 120 of 150 households
    assert lines[đông].households is None and lines[đông].families_registered_percent is None
    family = next(item for item in grid.totals if item.model == "family")
    assert family.eligible is None and family.register_met is None  # Thôn Đông has no count yet
    assert grid.households_complete is False
    model_service.set_households(centre, 2026, đông, 90)
    # families: 120 + 80 = 200 registered of 150 + 90 = 240 households = 83.3% against 95%: missed
    # communities: 1 of 2 villages = 50% against 100%: missed
    report = report_json(build_report(centre, year_period(2026), as_of=AS_OF))["learning_models"]
    assert {key: report["family"][key] for key in ("registered", "eligible", "register_target",
                                                   "register_target_met")} == {
        "registered": 200, "eligible": 240, "register_target": 95, "register_target_met": False}
    assert (report["community"]["eligible"], report["community"]["register_target_met"]) == (2, False)
    assert report["clan"]["eligible"] is None
    model_service.set_target(centre, 2026, "family", 80, "registered")  # 83.3% against 80%: met
    # a correction of a household count travels too
    model_service.set_households(centre, 2026, đông, 100)  # 200 of 250 = exactly 80%: met

    assert import_packages(office, [send(centre, tmp_path / "stick")]).packages[0].status == "imported"
    own = report_json(build_report(centre, year_period(2026), as_of=AS_OF))
    at_office = report_json(build_report(office, year_period(2026), as_of=AS_OF))
    assert own["learning_models"]["family"]["eligible"] == 250
    assert own["learning_models"]["family"]["register_target_met"] is True
    assert at_office["per_centre"][0]["learning_models"] == own["learning_models"]
    assert at_office["learning_models"]["family"]["eligible"] == 250
    # the workbook and the printed report carry the same: households, register target, result
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from desktop.printing.periodic_report import render_periodic_report
    from desktop.reports.workbook import write_workbook

    write_workbook(build_report(centre, year_period(2026), as_of=AS_OF), tmp_path / "report.xlsx")
    sheet = load_workbook(tmp_path / "report.xlsx")["Mô hình học tập"]
    family = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Gia đình học tập")
    assert family[1:] == (200, 172, None, None, 250, 80, "đạt")
    render_periodic_report(build_report(centre, year_period(2026), as_of=AS_OF), tmp_path / "report.pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(tmp_path / "report.pdf").pages).split())
    assert "Gia đình học tập 250 200 80 % 80 % đạt 172 86 %" in text


def test_the_office_lists_a_centres_fund_entries_with_corrections_in_place(pair, tmp_path):
    office, centre = pair
    fund_service.record_entry(centre, FundDraft("receipt", dt.date(2026, 3, 8), "Hội Cựu chiến binh", 5_000_000))
    paid = fund_service.record_entry(centre, FundDraft("payment", dt.date(2026, 9, 5), "Học sinh nghèo", 1_200_000,
                                                       category="scholarship", decision_number="07/QĐ"))
    fund_service.correct_entry(centre, paid, FundDraft("payment", dt.date(2026, 9, 5), "Học sinh nghèo", 1_500_000,
                                                       category="scholarship", decision_number="07/QĐ-HKH"),
                               "Ghi sai số tiền")
    assert import_packages(office, [send(centre, tmp_path / "stick")]).packages[0].status == "imported"
    [received] = received_centres(office)
    lines = centre_fund_lines(office, received.id)
    assert [(line.draft.party, line.draft.amount, line.balance_after, line.corrected) for line in lines] == [
        ("Hội Cựu chiến binh", 5_000_000, 5_000_000, False), ("Học sinh nghèo", 1_500_000, 3_500_000, True)]


def test_a_publish_from_the_generic_reference_screen_is_read_as_targets(pair, tmp_path):
    """Another screen may publish the list entry by entry: the percentage at the end of the name counts."""
    office, centre = pair
    publish_reference_version(office, "learning_targets", [
        ReferenceEntry("2026.unit.recognised", "2026 – Đơn vị học tập – công nhận: 90%", "")])
    _return_to(centre, office, tmp_path / "back")
    assert model_service.learning_grid(centre, 2026).targets == {"unit": 90}


def test_a_centre_on_an_app_older_than_the_targets_list_gets_its_returns_without_it(pair, tmp_path):
    """An app before 0012 refuses a whole return naming a list it does not know: acknowledgements and
    corrections would never reach it. The office leaves the targets out of such a centre's returns."""
    import json as json_module

    from sqlalchemy import select, update

    from desktop.store.rollup_models import SyncChainLink

    office, centre = pair
    target_service.publish_targets(office, 2026, {("family", "recognised"): 85})
    with office.unit_of_work() as session:  # the centre's newest package, as an 0009-era app writes it
        for link in session.execute(select(SyncChainLink)).scalars():
            manifest = json_module.loads(link.manifest)
            session.execute(update(SyncChainLink).where(SyncChainLink.package_hash == link.package_hash).values(
                manifest=json_module.dumps({**manifest, "schema_version": "0009"}).encode()))
    (tmp_path / "old").mkdir()
    [older] = write_returns(office, tmp_path / "old")
    assert "learning_targets" not in _lists_in(older.path, centre)

    import_packages(office, [send(centre, tmp_path / "second")])  # the centre upgraded: its newest says so
    (tmp_path / "new").mkdir()
    [newer] = write_returns(office, tmp_path / "new")
    assert "learning_targets" in _lists_in(newer.path, centre)


def _lists_in(path: Path, centre) -> set[str]:
    [result] = import_returns(centre, [path], dry_run=True).packages
    assert result.status == "imported"
    return {change.list_name for change in result.reference_changes}
