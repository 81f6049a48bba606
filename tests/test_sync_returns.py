"""Return packages from the office to a centre (issue 9, sync-design item 7): acknowledgements,
corrections, reference list versions, key revocations and the minimum version; refusals write nothing."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.errors import UserError, ValidationError
from desktop.services.reference_lists import partner_choices
from desktop.services.learners import get_learner, list_learners, update_learner
from desktop.services.sync.corrections import (
    answer_correction, office_corrections, propose_correction, received_corrections,
)
from desktop.services.sync.export import export_package, outbox
from desktop.services.sync.keys import export_own_key, register_key
from desktop.services.sync.receive import import_packages
from desktop.services.sync.reference_versions import held_reference, publish_reference_version
from desktop.services.sync.return_centre import import_returns
from desktop.services.sync.return_office import (
    change_office_key, set_minimum_app_version, write_returns,
)
from desktop.store.register_models import Learner
from desktop.sync.package import read_envelope
from desktop.sync.returns import ReferenceEntry
from desktop.store.database import open_database
from desktop.store.sync_models import SyncIdentity
from desktop.sync.keys import Identity
from tests.sync_support import TODAY, connect, copy_database, new_centre, new_office, send


def _stick(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _return(office, root: Path, name: str, code: str | None = None) -> Path:
    [written] = write_returns(office, _stick(root, name), centre_code=code)
    return written.path


def _snapshot(db) -> bytes:
    """Every row of every table, to prove a refusal wrote nothing."""
    with closing(sqlite3.connect(db.path)) as connection:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return repr([(table, sorted(map(repr, connection.execute(f'SELECT * FROM "{table}"'))))
                     for table in tables]).encode()


@pytest.fixture()
def pair(tmp_path):
    office = new_office(tmp_path / "office")
    centre = new_centre(tmp_path / "centre", "Mường Than", "04711", learners=3)
    connect(office, centre, tmp_path / "keys")
    yield office, centre
    office.close()
    centre.close()


def test_after_a_return_package_the_next_package_holds_only_what_changed_since(pair, tmp_path):
    office, centre = pair
    first = send(centre, tmp_path / "s1")
    assert import_packages(office, [first]).packages[0].status == "imported"
    learner = list_learners(centre)[0]
    update_learner(centre, learner.id, replace(get_learner(centre, learner.id), full_name="Lò Thị Sửa"), today=TODAY)
    unacknowledged = export_package(centre, _stick(tmp_path, "s2"))
    assert unacknowledged.sequence_from == 1  # nothing acknowledged yet: everything again

    report = import_returns(centre, [_return(office, tmp_path, "back1")])
    [result] = report.packages
    assert result.status == "imported" and result.acknowledged == 1
    assert [entry.acknowledged_at is not None for entry in outbox(centre)] == [False, True]

    after = export_package(centre, _stick(tmp_path, "s3"))
    acknowledged_to = read_envelope(first).manifest.sequence_to
    assert after.sequence_from == acknowledged_to + 1
    assert after.rows == 1  # the renamed learner only
    assert import_packages(office, [after.path]).packages[0].status == "imported"
    with office.reading() as session:
        assert session.get(Learner, learner.id).full_name == "Lò Thị Sửa"


def test_a_correction_accepted_at_the_centre_comes_back_and_the_office_sees_it_applied(pair, tmp_path):
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    learner = list_learners(centre)[0]
    made = propose_correction(office, table="learner", record_id=learner.id, field="birth_year", value="1965",
                              reason="Sổ hộ khẩu ghi năm sinh 1965")
    assert made.status == "waiting" and made.old == learner.birth_year and made.new == 1965
    report = import_returns(centre, [_return(office, tmp_path, "back")])
    assert report.corrections == 1 and report.packages[0].corrections == 1
    [waiting] = received_corrections(centre, pending_only=True)
    assert (waiting.record_label, waiting.field, waiting.new, waiting.reason) == (
        learner.full_name, "birth_year", 1965, "Sổ hộ khẩu ghi năm sinh 1965")
    assert office_corrections(office)[0].status == "sent"

    answer_correction(centre, waiting.id, accept=True)
    assert get_learner(centre, learner.id).birth_year == 1965
    assert received_corrections(centre, pending_only=True) == []
    package = export_package(centre, _stick(tmp_path, "s2"))
    assert package.rows == 2  # the learner and the answer, nothing else
    assert import_packages(office, [package.path]).packages[0].status == "imported"
    [seen] = office_corrections(office)
    assert seen.status == "applied"
    with office.reading() as session:
        assert session.get(Learner, learner.id).birth_year == 1965
    # answered: the next return package no longer carries it
    assert import_returns(centre, [_return(office, tmp_path, "back2")]).corrections == 0


def test_a_declined_correction_comes_back_with_its_reason_and_changes_nothing(pair, tmp_path):
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    learner = list_learners(centre)[1]
    propose_correction(office, table="learner", record_id=learner.id, field="full_name", value="Lò Văn Khác",
                       reason="Tên trong danh sách điều tra khác")
    import_returns(centre, [_return(office, tmp_path, "back")])
    [waiting] = received_corrections(centre)
    with pytest.raises(ValidationError):
        answer_correction(centre, waiting.id, accept=False, reason="  ")  # a decline needs its reason
    answer_correction(centre, waiting.id, accept=False, reason="Học viên xác nhận tên đúng như sổ")
    assert get_learner(centre, learner.id).full_name == learner.full_name
    import_packages(office, [export_package(centre, _stick(tmp_path, "s2")).path])
    [seen] = office_corrections(office)
    assert (seen.status, seen.answer_reason) == ("declined", "Học viên xác nhận tên đúng như sổ")
    with office.reading() as session:
        assert session.get(Learner, learner.id).full_name == learner.full_name


def test_reference_versions_apply_in_order_and_an_older_one_is_ignored(pair, tmp_path):
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    bodies = [ReferenceEntry("farmers", "Hội Nông dân", "Farmers' Union"),
              ReferenceEntry("women", "Hội Liên hiệp Phụ nữ", "Women's Union")]
    assert publish_reference_version(office, "partner_bodies", bodies) == 1
    first = _return(office, tmp_path, "back1")
    assert publish_reference_version(office, "partner_bodies", [
        bodies[0], ReferenceEntry("women", "Hội LHPN xã", "Women's Union"),
        ReferenceEntry("coop", "Hợp tác xã chè", "Tea cooperative")]) == 2
    second = _return(office, tmp_path, "back2")

    [one] = import_returns(centre, [first]).packages
    assert one.status == "imported" and held_reference(centre, "partner_bodies")[0] == 1
    [two] = import_returns(centre, [second]).packages
    [change] = two.reference_changes
    assert (change.version, change.applied, change.added, change.renamed, change.removed) == (
        2, True, ("Hợp tác xã chè",), (("Hội Liên hiệp Phụ nữ", "Hội LHPN xã"),), ())
    assert "Hợp tác xã chè" in change.describe()
    assert held_reference(centre, "partner_bodies")[0] == 2
    # the class form offers the office's list from now on
    offered = [choice.value for choice in partner_choices(centre) if choice.national]
    assert offered == ["Hội Nông dân", "Hội LHPN xã", "Hợp tác xã chè"]


def test_a_return_older_than_the_one_applied_is_refused_and_its_list_version_not_applied(pair, tmp_path):
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    bodies = [ReferenceEntry("farmers", "Hội Nông dân", "Farmers' Union")]
    publish_reference_version(office, "partner_bodies", bodies)
    first = _return(office, tmp_path, "back1")
    publish_reference_version(office, "partner_bodies", [*bodies, ReferenceEntry("coop", "Hợp tác xã chè", "")])
    second = _return(office, tmp_path, "back2")
    assert import_returns(centre, [second]).packages[0].status == "imported"
    before = _snapshot(centre)
    [older] = import_returns(centre, [first]).packages
    assert older.status == "refused" and older.reason_code == "old-return"
    assert _snapshot(centre) == before and held_reference(centre, "partner_bodies")[0] == 2

    # a newer return package carrying an older version of a list: the list is kept as it is
    from desktop.services.sync.reference_versions import apply_reference_version
    from desktop.sync.returns import ReferenceVersion

    with centre.unit_of_work() as session:
        ignored = apply_reference_version(session, ReferenceVersion("partner_bodies", 1, "2026-11-01T00:00:00",
                                                                    tuple(bodies)))
    assert not ignored.applied and ignored.held_version == 2
    version, entries = held_reference(centre, "partner_bodies")
    assert version == 2 and {entry.key for entry in entries} == {"farmers", "coop"}


def test_another_centres_an_old_or_a_foreign_signed_return_is_refused_with_nothing_written(pair, tmp_path):
    office, centre = pair
    other = new_centre(tmp_path / "other", "Tà Hừa", "04712", learners=2)
    try:
        connect(office, other, tmp_path / "keys2")
        import_packages(office, [send(centre, tmp_path / "s1"), send(other, tmp_path / "s2")])
        for_other = _return(office, tmp_path, "back-other", "04712")
        before = _snapshot(centre)
        [refused] = import_returns(centre, [for_other]).packages
        # encrypted to the other centre's key, and named for it: refused either way, before any write
        assert refused.status == "refused" and refused.reason_code in ("another-centre", "wrong-recipient")
        assert _snapshot(centre) == before

        applied = _return(office, tmp_path, "back1", "04711")
        assert import_returns(centre, [applied]).packages[0].status == "imported"
        before = _snapshot(centre)
        [again] = import_returns(centre, [applied]).packages
        assert again.reason_code == "already-applied"
        assert _snapshot(centre) == before

        # an office database that knows the centre as well as its own office does, with another key
        copy_database(office, tmp_path / "stranger" / "office.sqlite")
        stranger = open_database(tmp_path / "stranger" / "office.sqlite")
        try:
            with stranger.unit_of_work() as session:
                row = session.execute(select(SyncIdentity)).scalar_one()
                row.private_key = Identity.generate().private_bytes()
            forged = _return(stranger, tmp_path, "forged", "04711")
        finally:
            stranger.close()
        before = _snapshot(centre)
        [foreign] = import_returns(centre, [forged]).packages
        assert foreign.status == "refused" and foreign.reason_code == "not-the-office-key"
        assert _snapshot(centre) == before
    finally:
        other.close()


def test_a_return_for_another_centre_is_refused_even_when_encrypted_to_this_one(pair, tmp_path, monkeypatch):
    """A return named for another centre but (an office's mistake) encrypted to this one's key."""
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    from desktop.services.sync import return_office

    original = return_office._recipients

    def named_for_another(session, code):  # type: ignore[no-untyped-def]
        return [replace(found, centre_id="01900000-0000-7000-8000-000000000001")
                for found in original(session, code)]

    monkeypatch.setattr(return_office, "_recipients", named_for_another)
    wrong = _return(office, tmp_path, "wrong")
    before = _snapshot(centre)
    [refused] = import_returns(centre, [wrong]).packages
    assert refused.status == "refused" and refused.reason_code == "another-centre"
    assert _snapshot(centre) == before


def test_a_revoked_office_key_asks_for_the_new_one_and_the_minimum_version_is_said_plainly(pair, tmp_path):
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    set_minimum_app_version(office, "99.0")
    [plain] = import_returns(centre, [_return(office, tmp_path, "back1")]).packages
    assert plain.status == "imported" and plain.update_needed and any("99.0" in note for note in plain.notes)

    new_fingerprint = change_office_key(office, "Máy tính cũ bị hỏng ổ cứng")
    signed_by_new = _return(office, tmp_path, "back2")
    [changed] = import_returns(centre, [signed_by_new]).packages
    assert changed.status == "refused" and changed.reason_code == "office-key-changed"
    assert changed.new_office_key  # the new key's digits, to check with the office
    with pytest.raises(UserError):  # the revoked key is no longer pinned: nothing can be sent
        export_package(centre, _stick(tmp_path, "s2"))
    assert export_own_key(office, tmp_path / "new-office.clckey").fingerprint == new_fingerprint
    register_key(centre, tmp_path / "new-office.clckey")
    [now] = import_returns(centre, [signed_by_new]).packages
    assert now.status == "imported"
    sent = export_package(centre, _stick(tmp_path, "s3"))
    assert read_envelope(sent.path).manifest.recipient == new_fingerprint  # now for the new key


def test_a_correction_of_a_value_that_cannot_be_stored_is_refused_at_the_office(pair, tmp_path):
    office, centre = pair
    import_packages(office, [send(centre, tmp_path / "s1")])
    learner = list_learners(centre)[0]
    with pytest.raises(ValidationError):
        propose_correction(office, table="learner", record_id=learner.id, field="birth_year", value="abc", reason="x")
    with pytest.raises(ValidationError):
        propose_correction(office, table="learner", record_id=learner.id, field="notes", value="x", reason="x")
    with pytest.raises(ValidationError):
        propose_correction(office, table="learner", record_id=learner.id, field="birth_year", value="1965", reason=" ")
    assert office_corrections(office) == []


def test_a_damaged_return_at_a_centre_asks_the_office_to_send_it_again(db, tmp_path):
    import zipfile

    from desktop.services.sync.return_centre import import_returns

    whole = tmp_path / "whole.clcsync"
    with zipfile.ZipFile(whole, "w") as archive:
        archive.writestr("manifest.json", "{}" * 4000)
    cut = tmp_path / "clc_return_04321_2026-12-07_3.clcsync"
    cut.write_bytes(whole.read_bytes()[:-40])  # the end of the file never reached the stick
    [refused] = import_returns(db, [cut]).packages
    assert refused.status == "refused" and refused.reason_code == "truncated"
    assert "Hãy đề nghị cấp trên gửi lại" in refused.reason and "trung tâm" not in refused.reason
