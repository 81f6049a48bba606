"""Sync packages end to end (issue 8): centres export, an office imports, and every bad file,
key, sequence or clock is caught with a reason while nothing already held is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import UserError
from desktop.services.learners import list_learners, set_learner_deleted, update_learner, get_learner
from desktop.services.sync.office import completeness_board
from desktop.services.sync.receive import import_packages
from desktop.store.sync_models import ALREADY_IMPORTED, HELD_GAP, IMPORTED, REFUSED
from tests.sync_support import (
    TODAY, centre_id_of, connect, copy_database, new_centre, new_office, send, state_of, table_counts,
)


@pytest.fixture
def world(tmp_path: Path):
    """Two centres and a province office that trusts both (keys exchanged by hand)."""
    office = new_office(tmp_path / "office")
    chieng = new_centre(tmp_path / "a", "Chiềng Hoa", "04321")
    ban_xeo = new_centre(tmp_path / "b", "Bản Xèo", "04567")
    connect(office, chieng, tmp_path / "keys")
    connect(office, ban_xeo, tmp_path / "keys")
    yield office, chieng, ban_xeo, tmp_path
    for db in (office, chieng, ban_xeo):
        db.close()


def statuses(report) -> list[str]:
    return [package.status for package in report.packages]


def test_two_centres_round_trip_into_one_office_and_a_second_import_changes_nothing(world):
    office, chieng, ban_xeo, tmp_path = world
    stick = tmp_path / "stick"
    send(chieng, stick)
    send(ban_xeo, stick)
    report = import_packages(office, [stick])
    assert statuses(report) == [IMPORTED, IMPORTED]
    for package in report.packages:
        assert package.digest_matches
        assert package.tables["attendance"]["new"] == 12 and package.tables["learner"]["new"] == 6
    for centre in (chieng, ban_xeo):
        assert state_of(office, centre_id_of(centre)) == state_of(centre, centre_id_of(centre))
    before = table_counts(office), state_of(office, centre_id_of(chieng))
    renamed = tmp_path / "renamed"
    renamed.mkdir()
    for package in stick.iterdir():  # the same packages under other names: recognised by content
        shutil.copy(package, renamed / ("copy-" + package.name))
    again = import_packages(office, [stick, renamed])
    assert statuses(again) == [ALREADY_IMPORTED] * 4
    assert (table_counts(office), state_of(office, centre_id_of(chieng))) == before


def test_edits_and_deletes_after_the_first_export_travel(world):
    office, chieng, _ban_xeo, tmp_path = world
    import_packages(office, [send(chieng, tmp_path / "m1")])
    learner = list_learners(chieng)[0]
    data = get_learner(chieng, learner.id)
    from dataclasses import replace

    update_learner(chieng, learner.id, replace(data, full_name="Lò Thị Mai"), today=TODAY)
    set_learner_deleted(chieng, list_learners(chieng)[1].id)
    report = import_packages(office, [send(chieng, tmp_path / "m2")])
    counts = report.packages[0].tables["learner"]
    assert counts["updated"] == 1 and counts["deleted"] == 1 and counts["unchanged"] == 4
    assert report.packages[0].digest_matches
    with office.reading() as session:
        from desktop.store.register_models import Learner

        names = set(session.execute(select(Learner.full_name).where(Learner.deleted.is_(False))).scalars())
    assert "Lò Thị Mai" in names


def test_a_gap_is_held_with_its_range_named_and_released_when_it_arrives(world):
    office, chieng, _ban_xeo, tmp_path = world
    first = send(chieng, tmp_path / "p1", acknowledge=True)
    second_learner_change = list_learners(chieng)[0]
    set_learner_deleted(chieng, second_learner_change.id)
    second = send(chieng, tmp_path / "p2", acknowledge=True)
    set_learner_deleted(chieng, list_learners(chieng)[0].id)
    third = send(chieng, tmp_path / "p3", acknowledge=True)
    assert import_packages(office, [first]).packages[0].status == IMPORTED
    held = import_packages(office, [third]).packages[0]
    assert held.status == HELD_GAP and held.missing is not None
    assert held.missing[0] <= held.missing[1] and str(held.missing[0]) in held.reason
    board = completeness_board(office)
    assert [status.held_gaps for status in board if status.centre_id == centre_id_of(chieng)] == [(held.missing,)]
    arrived = import_packages(office, [second])
    assert statuses(arrived) == [IMPORTED, IMPORTED]  # the second, then the held third released
    assert "Đã nhận tiếp" in " ".join(arrived.packages[1].notes)
    assert state_of(office, centre_id_of(chieng)) == state_of(chieng, centre_id_of(chieng))


def test_out_of_order_and_overlapping_packages_converge_to_the_same_state(world):
    office, chieng, _ban_xeo, tmp_path = world
    packages = []
    for step in range(4):
        if step:
            set_learner_deleted(chieng, list_learners(chieng)[0].id)
        packages.append(send(chieng, tmp_path / f"s{step}", acknowledge=step % 2 == 0))
    other = new_office(tmp_path / "office2")
    try:
        connect(other, chieng, tmp_path / "keys2")
        # the centre now encrypts to the second office: re-send everything to it as one full package too
        for package in reversed(packages):
            import_packages(office, [package])
        for package in packages:
            import_packages(office, [package])
        full = send(chieng, tmp_path / "full", full=True)
        import_packages(other, [full])
        expected = state_of(chieng, centre_id_of(chieng))
        assert state_of(office, centre_id_of(chieng)) == expected
        assert state_of(other, centre_id_of(chieng)) == expected
    finally:
        other.close()


def test_an_older_package_arriving_after_a_newer_one_is_not_reported_as_a_difference(world):
    office, chieng, _ban_xeo, tmp_path = world
    older = send(chieng, tmp_path / "older")
    set_learner_deleted(chieng, list_learners(chieng)[0].id)
    newer = send(chieng, tmp_path / "newer")
    assert import_packages(office, [newer]).packages[0].digest_matches
    late = import_packages(office, [older]).packages[0]
    assert late.status == IMPORTED and late.digest_matches is None
    assert not any("chưa khớp" in note for note in late.notes)
    assert any("cũ hơn" in note for note in late.notes)
    assert state_of(office, centre_id_of(chieng)) == state_of(chieng, centre_id_of(chieng))


def test_an_export_is_refused_until_the_office_key_is_pinned(tmp_path):
    centre = new_centre(tmp_path / "c", "Nà Tăm", "04999")
    try:
        with pytest.raises(UserError, match="khóa|key"):
            send(centre, tmp_path / "stick")
        assert not list((tmp_path / "stick").glob("*"))
    finally:
        centre.close()


def test_an_unknown_key_is_refused_unless_registered_on_first_contact(tmp_path):
    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "c", "Nà Tăm", "04999")
    try:
        connect(office, centre, tmp_path / "keys", register_centre=False)
        package = send(centre, tmp_path / "stick")
        refused = import_packages(office, [package]).packages[0]
        assert (refused.status, refused.reason_code) == (REFUSED, "unknown-key")
        assert table_counts(office)["learner"] == 0
        preview = import_packages(office, [package], dry_run=True, register_new=True).packages[0]
        assert preview.status == IMPORTED and preview.tables["learner"]["new"] == 6
        assert table_counts(office)["learner"] == 0  # a dry run writes nothing, not even the key
        done = import_packages(office, [package], register_new=True).packages[0]
        assert done.status == IMPORTED and done.registered_key
    finally:
        office.close()
        centre.close()


def test_a_revoked_key_is_refused_and_nothing_is_written(world):
    from desktop.services.sync.keys import own_key, revoke_key

    office, chieng, _ban_xeo, tmp_path = world
    revoke_key(office, own_key(chieng).fingerprint, "máy bị mất")
    result = import_packages(office, [send(chieng, tmp_path / "stick")]).packages[0]
    assert (result.status, result.reason_code) == (REFUSED, "revoked-key")
    assert table_counts(office)["learner"] == 0


def test_a_package_signed_with_another_centres_key_is_refused(world):
    """A copy of Chiềng Hoa's database carrying Bản Xèo's key: the package claims one centre and is
    signed by another's registered key."""
    from desktop.store.sync_models import SyncIdentity

    office, chieng, ban_xeo, tmp_path = world
    import_packages(office, [send(ban_xeo, tmp_path / "b")])
    forged_path = tmp_path / "forged.sqlite"
    copy_database(chieng, forged_path)
    from desktop.store.database import open_database

    forged = open_database(forged_path)
    try:
        with ban_xeo.reading() as session:
            key = session.execute(select(SyncIdentity.private_key)).scalar_one()
        with forged.unit_of_work() as session:
            session.execute(select(SyncIdentity)).scalar_one().private_key = key
        result = import_packages(office, [send(forged, tmp_path / "f")]).packages[0]
    finally:
        forged.close()
    assert (result.status, result.reason_code) == (REFUSED, "key-of-another-centre")
    assert state_of(office, centre_id_of(chieng)) == ""


@pytest.mark.parametrize("damage", ["flipped", "truncated"])
def test_a_damaged_package_is_refused_and_nothing_is_written(world, damage):
    office, chieng, _ban_xeo, tmp_path = world
    package = send(chieng, tmp_path / "stick")
    data = bytearray(package.read_bytes())
    if damage == "flipped":
        data[len(data) // 2] ^= 0x20
    else:
        data = data[: len(data) * 2 // 3]
    package.write_bytes(bytes(data))
    result = import_packages(office, [package]).packages[0]
    assert result.status == REFUSED and result.reason
    assert table_counts(office)["attendance"] == 0


def test_rows_whose_origin_is_another_centre_are_set_aside_with_the_reason(world):
    """A package whose signed rows name another centre as their origin."""
    from desktop.services.sync import export as exporting

    office, chieng, ban_xeo, tmp_path = world
    intruder = centre_id_of(ban_xeo)
    original = exporting.export_rows

    def export_rows(codec, rows, nodes):
        for record in original(codec, rows, nodes):
            if codec.name == "learner":
                record = dict(record, origin_centre_id=intruder)
            yield record

    exporting.export_rows = export_rows
    try:
        package = send(chieng, tmp_path / "stick")
    finally:
        exporting.export_rows = original
    result = import_packages(office, [package]).packages[0]
    assert result.status == IMPORTED
    assert result.tables["learner"]["set_aside"] == 6 and result.tables["learner"]["new"] == 0
    assert {reason for _table, _id, reason in result.set_aside if _table == "learner"} == {
        "the record belongs to another centre"}
    assert result.tables["attendance"]["set_aside"] == 12  # marks of learners the office does not hold
    assert not result.digest_matches


def test_the_same_database_on_two_pcs_takes_a_new_identity_and_both_travel(world):
    office, chieng, _ban_xeo, tmp_path = world
    import_packages(office, [send(chieng, tmp_path / "pc1")])
    copy_path = tmp_path / "pc2" / "copy.sqlite"
    copy_database(chieng, copy_path)
    from desktop.services.sync.export import export_package
    from desktop.store.database import open_database

    copy = open_database(copy_path)
    try:
        set_learner_deleted(copy, list_learners(copy)[0].id)
        (tmp_path / "pc2-stick").mkdir()
        result = export_package(copy, tmp_path / "pc2-stick")
        assert result.new_installation and result.full
        imported = import_packages(office, [result.path]).packages[0]
        assert imported.status == IMPORTED and imported.tables["learner"]["deleted"] == 1
    finally:
        copy.close()
    again = import_packages(office, [send(chieng, tmp_path / "pc1-again")]).packages[0]
    assert again.status == IMPORTED  # the original PC goes on under its own identity


def test_two_databases_claiming_one_installation_are_flagged(world):
    """A disk image cloned to a second PC: same file identity, same installation, two histories."""
    from desktop.store.database import open_database
    from desktop.store.models import Installation

    office, chieng, _ban_xeo, tmp_path = world
    import_packages(office, [send(chieng, tmp_path / "first", acknowledge=False)])
    clone_path = tmp_path / "clone.sqlite"
    copy_database(chieng, clone_path)
    clone = open_database(clone_path)
    try:
        from desktop.services.sync.export import file_identity

        with clone.unit_of_work() as session:
            session.execute(select(Installation)).scalar_one().file_id = file_identity(clone_path)
        set_learner_deleted(clone, list_learners(clone)[0].id)
        set_learner_deleted(chieng, list_learners(chieng)[1].id)
        from_original = send(chieng, tmp_path / "orig")
        from_clone = send(clone, tmp_path / "clone-stick")
    finally:
        clone.close()
    assert import_packages(office, [from_original]).packages[0].status == IMPORTED
    flagged = import_packages(office, [from_clone]).packages[0]
    assert (flagged.status, flagged.reason_code) == (REFUSED, "cloned-installation")
    assert [status.cloned for status in completeness_board(office)
            if status.centre_id == centre_id_of(chieng)] == [True]


def test_clocks_in_2000_and_2035_neither_break_the_order_nor_win_forever(world, monkeypatch):
    from desktop.store import identity

    office, chieng, _ban_xeo, tmp_path = world
    learner = list_learners(chieng)[0]
    monkeypatch.setattr(identity, "wall_millis", lambda: 946_684_800_000)  # a dead CMOS battery
    set_learner_deleted(chieng, learner.id)
    set_learner_deleted(chieng, learner.id, False)  # later, though the PC says 2000
    monkeypatch.setattr(identity, "wall_millis", lambda: 2_051_222_400_000)  # someone set 2035
    set_learner_deleted(chieng, list_learners(chieng)[1].id)
    monkeypatch.undo()
    result = import_packages(office, [send(chieng, tmp_path / "stick")]).packages[0]
    assert result.status == IMPORTED
    assert any("ngày giờ trên máy của trung tâm bị sai" in note for note in result.notes)
    with office.reading() as session:
        from desktop.store.register_models import Learner

        assert session.get(Learner, learner.id).deleted is False  # the 2000 edits kept their order
        ahead = session.execute(select(Learner.version).order_by(Learner.version.desc())).scalars().first()
    from desktop.store.identity import clock_millis, wall_millis

    assert clock_millis(ahead) <= wall_millis() + 3_600_000  # stored as when it reached the office


def test_two_marks_for_one_session_and_learner_from_two_pcs_resolve_the_same_everywhere(world):
    """A database copied to a second PC: both mark the same learner at the same session. Every office
    keeps the same one, whatever order the packages come in, and names the conflict."""
    from desktop.services.activities import list_activities
    from desktop.services.attendance import MarkChange, load_grid, save_marks
    from desktop.store.database import open_database
    from desktop.store.register_models import Attendance

    office, chieng, _ban_xeo, tmp_path = world
    import_packages(office, [send(chieng, tmp_path / "first")])
    copy_database(office, tmp_path / "office2" / "office.sqlite")  # a second office with the same key
    copy_database(chieng, tmp_path / "pc2" / "copy.sqlite")
    copy = open_database(tmp_path / "pc2" / "copy.sqlite")
    other = open_database(tmp_path / "office2" / "office.sqlite")
    try:
        grid = load_grid(chieng, list_activities(chieng)[0].id, 2026, 11)
        session, learner = grid.sessions[3].id, grid.learners[0].id
        save_marks(chieng, [MarkChange(session, learner, "C")])
        save_marks(copy, [MarkChange(session, learner, "K")])
        packages = [send(chieng, tmp_path / "pc1"), send(copy, tmp_path / "pc2-stick")]
        forwards = import_packages(office, packages).packages
        backwards = import_packages(other, list(reversed(packages))).packages

        def kept(db):
            with db.reading() as read:
                return read.execute(select(Attendance.id, Attendance.mark).where(
                    Attendance.session_id == session, Attendance.learner_id == learner)).all()

        assert len(kept(office)) == 1 and kept(office) == kept(other)
        for report in (forwards, backwards):
            assert [package.status for package in report] == [IMPORTED, IMPORTED]
            assert sum(package.tables["attendance"]["conflict"] for package in report) == 1
            assert sum(len(package.conflicts) for package in report) == 1
    finally:
        copy.close()
        other.close()


def test_photos_of_signed_sheets_travel_as_members_unless_the_setting_says_no(world):
    from desktop.services.activities import list_activities
    from desktop.services.attendance import attach_evidence, load_grid
    from desktop.services.centre import set_setting
    from desktop.services.sync.export import SEND_PHOTOS_KEY
    from desktop.store.register_models import SessionEvidence

    office, chieng, _ban_xeo, tmp_path = world
    grid = load_grid(chieng, list_activities(chieng)[0].id, 2026, 11)
    photo = tmp_path / "sheet.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    attach_evidence(chieng, grid.sessions[0].id, photo)
    set_setting(chieng, SEND_PHOTOS_KEY, "0")
    without = import_packages(office, [send(chieng, tmp_path / "no-photos")]).packages[0]
    assert without.status == IMPORTED
    with office.reading() as session:
        assert session.execute(select(SessionEvidence.content)).scalar_one() == b""
    set_setting(chieng, SEND_PHOTOS_KEY, "1")
    set_learner_deleted(chieng, list_learners(chieng)[0].id)
    import_packages(office, [send(chieng, tmp_path / "photos", full=True)])
    with office.reading() as session:
        evidence = session.execute(select(SessionEvidence)).scalar_one()
        assert evidence.content == photo.read_bytes() and evidence.file_name == "sheet.png"


def test_the_summary_a_package_carries_is_vietnamese_whatever_the_interface_language(world):
    from desktop.i18n import set_language
    from desktop.sync.package import read_envelope

    _office, chieng, _ban_xeo, tmp_path = world
    set_language("en")
    envelope = read_envelope(send(chieng, tmp_path / "stick"))
    assert envelope.summary.startswith("Gói dữ liệu của") and "bản đầy đủ" in envelope.summary


def test_a_clock_set_back_between_exports_does_not_look_like_a_copied_database(world):
    # The PC clock ran ahead (2035) for one export, then was set right: each later package must
    # still follow the one sent just before it, or the office sees two packages after one.
    import datetime as dt

    from sqlalchemy import update

    from desktop.store.sync_models import SyncOutbox

    office, chieng, _ban_xeo, tmp_path = world
    first = send(chieng, tmp_path / "first")
    with chieng.unit_of_work() as session:
        session.execute(update(SyncOutbox).values(created_at=dt.datetime(2035, 1, 1)))
    second = send(chieng, tmp_path / "second")  # nothing new: made with the clock set right
    set_learner_deleted(chieng, list_learners(chieng)[0].id)
    third = send(chieng, tmp_path / "third")
    results = import_packages(office, [first, second, third]).packages
    assert [result.status for result in results] == [IMPORTED, IMPORTED, IMPORTED], [r.reason for r in results]
    assert state_of(office, centre_id_of(chieng)) == state_of(chieng, centre_id_of(chieng))


def _statistics(db) -> dict[str, str]:
    import sqlite3

    with sqlite3.connect(db.path) as connection:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone() is None:
            return {}
        return dict(connection.execute("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'attendance'").fetchall())


def test_an_import_leaves_the_office_with_query_statistics_a_preview_does_not(world):
    office, chieng, _ban_xeo, tmp_path = world
    stick = tmp_path / "stick"
    send(chieng, stick)
    assert _statistics(office) == {}  # a new office has none: the planner guesses
    import_packages(office, [stick], dry_run=True)
    assert _statistics(office) == {}
    import_packages(office, [stick])
    statistics = _statistics(office)
    # the planner now knows the marks: 12 rows, one per (session, learner)
    assert statistics["ix_attendance_session_marks"].split()[0] == "12"
