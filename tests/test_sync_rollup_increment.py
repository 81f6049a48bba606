"""Incremental roll-ups (issue 9): the province acknowledges what it imported in a return package,
and the commune office's next roll-up holds only what is new; lost, duplicated or late increments
never lose a row."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.cli import main
from desktop.services.centre import list_villages
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.sync.keys import own_identity
from desktop.services.sync.rollup_ack import OfficeRecipient, write_office_return
from desktop.store.models import Installation
from sqlalchemy import select
from desktop.services.sync.receive import ALREADY_IMPORTED, IMPORTED, import_packages
from desktop.services.sync.return_office import write_returns
from desktop.services.sync.rollup import export_rollup
from desktop.services.sync.rollup_increment import next_rollup
from desktop.store.sync_models import HELD_GAP
from desktop.sync.package import read_envelope
from desktop.store.database import open_database
from rollup_support import CENTRES, build_world, new_office_at
from sync_support import TODAY, centre_id_of, copy_database, send, state_of, table_counts

def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("increment") / "world")


@pytest.fixture
def world(built, tmp_path):
    return built.copy(tmp_path / "world")


class Offices:
    """The commune office, the province and the three centres, open for one test."""

    def __init__(self, world) -> None:
        self.world = world
        self.commune, self.province = world.open(world.commune), world.open(world.province)
        self.centres = {code: world.open(path) for code, path in world.centres.items()}

    def close(self) -> None:
        for db in (self.commune, self.province, *self.centres.values()):
            db.close()

    def new_learners(self, code: str, count: int, stick: Path, name: str = "Mới") -> None:
        """A centre adds learners and its package reaches the commune office."""
        centre = self.centres[code]
        village = list_villages(centre)[0].id
        for number in range(count):
            create_learner(centre, LearnerInput(full_name=f"Tòng Văn {name} {number}", birth_year=1990 + number,
                                                village_id=village), today=TODAY)
        assert import_packages(self.commune, [send(centre, folder(stick))]).packages[0].status == IMPORTED

    def acknowledge(self, stick: Path) -> None:
        """The province writes its return package; the commune office imports it."""
        written = write_returns(self.province, folder(stick), centre_code="VHXH-036")
        assert len(written) == 1 and written[0].acknowledgements == 1
        [result] = import_packages(self.commune, [written[0].path]).packages
        assert result.status == IMPORTED, result.reason

    def same_everywhere(self) -> None:
        assert table_counts(self.province) == table_counts(self.commune)
        for centre in self.centres.values():
            centre_id = centre_id_of(centre)
            assert state_of(self.province, centre_id) == state_of(self.commune, centre_id) \
                == state_of(centre, centre_id) != ""


@pytest.fixture
def offices(world):
    opened = Offices(world)
    yield opened
    opened.close()


def test_after_the_province_acknowledges_the_next_rollup_holds_only_the_new_rows(offices, tmp_path):
    assert next_rollup(offices.commune).full
    first = export_rollup(offices.commune, folder(tmp_path / "first"))
    assert first.full and import_packages(offices.province, [first.path]).packages[0].status == IMPORTED
    offices.acknowledge(tmp_path / "return1")
    plan = next_rollup(offices.commune)
    assert not plan.full and plan.acknowledged_sequence == 1 and plan.since is not None
    offices.new_learners(CENTRES[0][1], 2, tmp_path / "centre")
    second = export_rollup(offices.commune, folder(tmp_path / "second"))
    assert not second.full and (second.sequence_from, second.sequence_to) == (2, 2)
    assert second.rows == 2 and second.centres == 3  # every centre's chain, only the new rows
    manifest = read_envelope(second.path).manifest
    assert not manifest.full and len(manifest.extra["centres"]) == 3
    [result] = import_packages(offices.province, [second.path]).packages
    assert result.status == IMPORTED and result.digest_matches
    assert result.tables == {"learner": {"new": 2, "updated": 0, "unchanged": 0, "older": 0, "deleted": 0,
                                         "conflict": 0, "set_aside": 0}}
    offices.same_everywhere()


def test_a_full_rollup_on_demand_carries_every_row(offices, tmp_path):
    first = export_rollup(offices.commune, folder(tmp_path / "first"))
    import_packages(offices.province, [first.path])
    offices.acknowledge(tmp_path / "return1")
    again = export_rollup(offices.commune, folder(tmp_path / "again"), full=True)
    assert again.full and again.rows == first.rows
    [result] = import_packages(offices.province, [again.path]).packages
    assert result.status == IMPORTED and result.digest_matches
    assert sum(counts["unchanged"] for counts in result.tables.values()) == first.rows


def test_a_lost_increment_is_covered_by_the_next_one(offices, tmp_path):
    import_packages(offices.province, [export_rollup(offices.commune, folder(tmp_path / "first")).path])
    offices.acknowledge(tmp_path / "return1")
    offices.new_learners(CENTRES[0][1], 1, tmp_path / "c1", "Một")
    lost = export_rollup(offices.commune, folder(tmp_path / "lost"))  # the stick never reaches the province
    assert lost.rows == 1
    offices.new_learners(CENTRES[1][1], 2, tmp_path / "c2", "Hai")
    later = export_rollup(offices.commune, folder(tmp_path / "later"))
    # no acknowledgement of the lost one arrived: the later one starts from the acknowledged point
    assert (later.sequence_from, later.sequence_to) == (2, 3) and later.rows == 3
    [result] = import_packages(offices.province, [later.path]).packages
    assert result.status == IMPORTED and result.digest_matches
    offices.same_everywhere()
    # the lost stick turns up late: nothing in it is newer
    [late] = import_packages(offices.province, [lost.path]).packages
    assert late.status == IMPORTED and late.tables["learner"]["unchanged"] == 1
    offices.same_everywhere()
    # the province acknowledges the newest one it holds, not the late one
    offices.acknowledge(tmp_path / "return2")
    assert next_rollup(offices.commune).acknowledged_sequence == 3
    assert export_rollup(offices.commune, folder(tmp_path / "next")).rows == 0


def test_an_increment_after_a_missing_one_is_held_until_the_gap_is_filled(offices, tmp_path):
    import_packages(offices.province, [export_rollup(offices.commune, folder(tmp_path / "first")).path])
    offices.acknowledge(tmp_path / "return1")
    backup = tmp_path / "province-backup.sqlite"
    copy_database(offices.province, backup)  # the province's backup, before the second roll-up
    offices.new_learners(CENTRES[0][1], 1, tmp_path / "c1", "Một")
    second = export_rollup(offices.commune, folder(tmp_path / "second"))
    import_packages(offices.province, [second.path])
    offices.acknowledge(tmp_path / "return2")
    offices.new_learners(CENTRES[1][1], 1, tmp_path / "c2", "Hai")
    third = export_rollup(offices.commune, folder(tmp_path / "third"))
    assert (third.sequence_from, third.sequence_to) == (3, 3) and third.rows == 1
    # The province's PC is repaired and its database put back from the backup: the third roll-up
    # names a gap (the second), and is held, not imported without it.
    offices.province.close()
    offices.province = open_database(backup)
    [held] = import_packages(offices.province, [third.path]).packages
    assert held.status == HELD_GAP and held.missing == (2, 2)
    before = table_counts(offices.province)
    [filled, released] = import_packages(offices.province, [second.path]).packages
    assert filled.status == IMPORTED and released.status == IMPORTED and released.digest_matches
    assert table_counts(offices.province)["learner"] == before["learner"] + 2
    offices.same_everywhere()


def test_a_duplicated_increment_changes_nothing(offices, tmp_path):
    import_packages(offices.province, [export_rollup(offices.commune, folder(tmp_path / "first")).path])
    offices.acknowledge(tmp_path / "return1")
    offices.new_learners(CENTRES[2][1], 2, tmp_path / "c", "Ba")
    second = export_rollup(offices.commune, folder(tmp_path / "second"))
    assert import_packages(offices.province, [second.path]).packages[0].status == IMPORTED
    before = table_counts(offices.province)
    copy = second.path.with_name("copy-of-the-stick.clcsync")
    copy.write_bytes(second.path.read_bytes())
    assert import_packages(offices.province, [copy]).packages[0].status == ALREADY_IMPORTED
    assert table_counts(offices.province) == before
    offices.same_everywhere()


def test_a_repeated_or_foreign_return_package_changes_nothing_at_the_office(offices, tmp_path):
    import_packages(offices.province, [export_rollup(offices.commune, folder(tmp_path / "first")).path])
    written = write_returns(offices.province, folder(tmp_path / "return"), centre_code="VHXH-036")
    assert import_packages(offices.commune, [written[0].path]).packages[0].status == IMPORTED
    assert import_packages(offices.commune, [written[0].path]).packages[0].status == ALREADY_IMPORTED
    # a return package of another province (not the key pinned here), made for this office: refused
    other = new_office_at(tmp_path / "other", "province", "Sở khác", "13")
    try:
        with offices.commune.reading() as session:
            address = OfficeRecipient(session.execute(select(Installation.id)).scalar_one(), "Phòng", "VHXH-036",
                                      own_identity(session).fingerprint.text, own_identity(session).public)
        foreign = write_office_return(other, folder(tmp_path / "other-return"), address)
    finally:
        other.close()
    [refused] = import_packages(offices.commune, [foreign.path]).packages
    assert refused.status == "refused" and refused.reason_code == "not-the-office-key"
    # the province's return goes to a centre's database: refused there, as before
    from desktop.services.sync.return_centre import REFUSED, import_returns

    centre = offices.centres[CENTRES[0][1]]
    assert import_returns(centre, [written[0].path]).packages[0].status == REFUSED


def test_clc_return_and_export_full_at_the_command_line(world, tmp_path, capsys):
    def clc(*arguments: str) -> list[str]:
        capsys.readouterr()
        code = main(list(arguments))
        out, err = capsys.readouterr()
        assert code == 0, err
        return out.strip().splitlines()

    first = clc("export", "--db", str(world.commune), "--out", str(folder(tmp_path / "up1")))[-1]
    clc("import", "--db", str(world.province), first)
    paths = clc("return", "--db", str(world.province), "--all", "--out", str(tmp_path / "back"))
    assert len(paths) == 1 and Path(paths[0]).name.startswith("clc_return_VHXH-036_")
    assert clc("return", "--db", str(world.province), "--centre", "VHXH-036", "--out", str(tmp_path / "back2"))
    clc("import", "--db", str(world.commune), paths[0])
    increment = read_envelope(Path(clc("export", "--db", str(world.commune), "--out",
                                       str(folder(tmp_path / "up2")))[-1]))
    assert not increment.manifest.full and increment.manifest.sequence_from == 2
    full = read_envelope(Path(clc("export", "--db", str(world.commune), "--out", str(folder(tmp_path / "up3")),
                                  "--full")[-1]))
    assert full.manifest.full and full.manifest.sequence_from == 1
