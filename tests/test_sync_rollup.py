"""The roll-up (issue 9): a commune office passes its centres' data to the province in one
consolidated package, signed by the office and carrying each centre's signature chain."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.errors import UserError
from desktop.services.sync.keys import own_identity, register_key
from desktop.services.sync.office import completeness_board
from desktop.services.sync.receive import ALREADY_IMPORTED, IMPORTED, import_packages
from desktop.services.sync.rollup import export_rollup
from desktop.services.sync.rollup_receive import NOT_UNDER_OFFICE
from desktop.store.register_models import Learner
from desktop.sync.package import PackageHeader, open_package, read_envelope, write_package
from desktop.services.learners import LearnerInput, create_learner
from desktop.services.centre import list_villages
from rollup_support import CENTRES, COMMUNE_OFFICE, DIRECT, build_world, new_office_at
from sync_support import TODAY, centre_id_of, state_of, table_counts


def folder(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_world(tmp_path_factory.mktemp("rollup") / "world")


@pytest.fixture
def world(built, tmp_path):
    return built.copy(tmp_path / "world")


def centre_ids(world) -> dict[str, str]:
    ids = {}
    for code, path in world.centres.items():
        db = world.open(path)
        try:
            ids[code] = centre_id_of(db)
        finally:
            db.close()
    return ids


def test_a_commune_office_rollup_of_three_centres_gives_the_province_the_same_rows_and_digests(world, tmp_path):
    commune, province = world.open(world.commune), world.open(world.province)
    try:
        written = export_rollup(commune, folder(tmp_path / "stick"))
        assert written.centres == 3 and written.left_out == ()
        assert written.path.name.startswith("clc_rollup_") and read_envelope(written.path).manifest.kind == "rollup"
        report = import_packages(province, [written.path])
        [result] = report.packages
        assert result.status == IMPORTED and result.centre == COMMUNE_OFFICE
        assert result.set_aside == [] and result.digest_matches
        assert table_counts(province) == table_counts(commune)
        for centre_id in centre_ids(world).values():
            assert state_of(province, centre_id) == state_of(commune, centre_id) != ""
        board = completeness_board(province)
        # the province's own centre first, then the centres under the commune office
        assert [(status.office, status.commune_code) for status in board] == [
            ("", DIRECT[1]), *((COMMUNE_OFFICE, code) for _name, code in CENTRES)]
        assert all(status.packages == 1 and not status.silent for status in board[1:])
        # the same package again, renamed: recognised
        renamed = written.path.with_name("copy.clcsync")
        written.path.rename(renamed)
        assert import_packages(province, [renamed]).packages[0].status == ALREADY_IMPORTED
    finally:
        commune.close()
        province.close()


def test_a_second_rollup_after_a_centre_edit_updates_only_what_changed(world, tmp_path):
    code = CENTRES[0][1]
    commune, province = world.open(world.commune), world.open(world.province)
    centre = world.open(world.centres[code])
    try:
        import_packages(province, [export_rollup(commune, folder(tmp_path / "first")).path])
        create_learner(centre, LearnerInput(full_name="Tòng Văn Mới", birth_year=1999,
                                            village_id=list_villages(centre)[0].id), today=TODAY)
        from sync_support import send

        assert import_packages(commune, [send(centre, tmp_path / "centre2")]).packages[0].status == IMPORTED
        second = import_packages(province, [export_rollup(commune, folder(tmp_path / "second")).path]).packages[0]
        assert second.status == IMPORTED and second.tables["learner"]["new"] == 1
        assert second.tables["learner"]["unchanged"] == 9 and second.digest_matches
        centre_id = centre_id_of(centre)
        assert state_of(province, centre_id) == state_of(commune, centre_id) == state_of(centre, centre_id)
    finally:
        centre.close()
        commune.close()
        province.close()


def forged_rollup(world, tmp_path: Path, *, claim_chain: bool) -> Path:
    """The commune office's roll-up with the direct centre's rows slipped in, signed by the office
    (a faulty or dishonest office). With claim_chain, it also lists that centre with its real key
    and its real signed manifest, which was made for the province, not for this office."""
    commune, province = world.open(world.commune), world.open(world.province)
    try:
        honest = export_rollup(commune, folder(tmp_path / "honest"))
        with commune.reading() as session:
            office_identity = own_identity(session)
        with province.reading() as session:
            province_identity = own_identity(session)
    finally:
        commune.close()
        province.close()
    contents = open_package(honest.path, office_identity.public, province_identity)
    tables: dict[str, list[dict]] = {}
    for table, row in contents.rows():
        tables.setdefault(table, []).append(row)
    direct_envelope = read_envelope(world.direct_package)
    direct_key = direct_envelope.manifest.extra["sender_key"]
    for table, row in open_package(world.direct_package, _key_of(direct_key), province_identity).rows():
        tables.setdefault(table, []).append(row)
    manifest = contents.manifest
    extra = dict(manifest.extra)
    if claim_chain:
        extra["centres"] = [*extra["centres"], {
            "centre_id": direct_envelope.manifest.origin.centre_id, "name": DIRECT[0], "commune_code": DIRECT[1],
            "province_code": "12", "keys": [direct_key],
            "packages": [{"manifest": base64.b64encode(direct_envelope.manifest_bytes).decode(),
                          "signature": base64.b64encode(direct_envelope.signature).decode()}],
            "digest": direct_envelope.manifest.state_digest}]
    header = PackageHeader(kind="rollup", schema_version=manifest.schema_version, app_version=manifest.app_version,
                           origin=manifest.origin, sequence_from=1, sequence_to=2, full=True,
                           previous_package_hash=None, state_digest=manifest.state_digest, summary="forged",
                           extra=extra)
    (tmp_path / "forged").mkdir()
    return write_package(tmp_path / "forged", header, list(tables.items()), signer=office_identity,
                         recipient=province_identity.public).path


def _key_of(text: str):
    from desktop.sync.keys import parse_key_file

    return parse_key_file(text.encode()).public_key


@pytest.mark.parametrize("claim_chain", [False, True], ids=["no-chain", "chain-made-for-another-office"])
def test_a_rollup_that_smuggles_rows_of_a_centre_not_registered_under_the_office_sets_them_aside(
        world, tmp_path, claim_chain):
    forged = forged_rollup(world, tmp_path, claim_chain=claim_chain)
    province = world.open(world.province)
    try:
        [result] = import_packages(province, [forged]).packages
        assert result.status == IMPORTED
        direct_id = read_envelope(world.direct_package).manifest.origin.centre_id
        smuggled = [item for item in result.set_aside if item[2] == NOT_UNDER_OFFICE]
        assert smuggled and len(smuggled) == sum(read_envelope(world.direct_package).manifest.tables.values())
        assert {item[2] for item in result.set_aside} == {NOT_UNDER_OFFICE}
        assert state_of(province, direct_id) == ""  # nothing of it was stored
        assert sum(counts["new"] for counts in result.tables.values()) > 0  # the honest centres' rows were
        if claim_chain:
            assert any(DIRECT[0] in note and "không gửi dữ liệu cho đơn vị này" in note for note in result.notes)
        assert [(status.office, status.commune_code) for status in completeness_board(province)] == [
            ("", DIRECT[1]), *((COMMUNE_OFFICE, code) for _name, code in CENTRES)]
        # the centre's own package, sent straight to the province, is imported as usual afterwards
        [own] = import_packages(province, [world.direct_package]).packages
        assert own.status == IMPORTED and own.digest_matches
    finally:
        province.close()


def test_a_rollup_is_refused_by_an_office_that_did_not_register_the_sender(world, tmp_path):
    commune = world.open(world.commune)
    other = new_office_at(tmp_path / "other", "province", "Sở GD&ĐT Điện Biên", "11")
    try:
        path = export_rollup(commune, folder(tmp_path / "stick")).path
        [result] = import_packages(other, [path]).packages
        assert result.status == "refused" and result.reason_code in {"wrong-recipient", "unknown-key"}
    finally:
        commune.close()
        other.close()


def test_a_rollup_needs_the_upper_key_and_an_office_database(world, tmp_path):
    lonely = new_office_at(tmp_path / "lonely", "commune-office", "Phòng VH-XH xã Khác", "VHXH-999")
    centre = world.open(world.centres[CENTRES[0][1]])
    try:
        with pytest.raises(UserError, match="cấp trên|level above"):
            export_rollup(lonely, folder(tmp_path / "stick"))
        with pytest.raises(UserError):
            export_rollup(centre, folder(tmp_path / "stick"))
    finally:
        lonely.close()
        centre.close()


def test_an_office_key_of_the_same_level_is_refused(world, tmp_path):
    from desktop.services.sync.keys import export_own_key

    commune = world.open(world.commune)
    twin = new_office_at(tmp_path / "twin", "commune-office", "Phòng VH-XH xã Bên", "VHXH-037")
    try:
        export_own_key(twin, tmp_path / "twin.clckey")
        with pytest.raises(UserError, match="cùng cấp|same level"):
            register_key(commune, tmp_path / "twin.clckey")
    finally:
        commune.close()
        twin.close()


def test_a_revoked_key_is_refused_and_a_new_key_keeps_the_centres_history(world, tmp_path):
    from desktop.services.sync.office_keys import make_new_own_key, revoke_centre_key
    from sync_support import send

    code = CENTRES[1][1]
    commune, centre = world.open(world.commune), world.open(world.centres[code])
    try:
        centre_id = centre_id_of(centre)
        before = state_of(commune, centre_id)
        [revoked] = revoke_centre_key(commune, code, "PC stolen")
        assert revoked.revoked and revoked.code == code
        create_learner(centre, LearnerInput(full_name="Lò Văn Sau", birth_year=2001,
                                            village_id=list_villages(centre)[0].id), today=TODAY)
        stolen = send(centre, tmp_path / "after-revocation")
        [refused] = import_packages(commune, [stolen]).packages
        assert (refused.status, refused.reason_code) == ("refused", "revoked-key")
        assert state_of(commune, centre_id) == before  # nothing written
        with pytest.raises(UserError):
            revoke_centre_key(commune, code)  # no trusted key left to revoke

        new_key = make_new_own_key(centre)
        assert new_key.fingerprint != revoked.fingerprint
        fresh = send(centre, tmp_path / "new-key")
        assert import_packages(commune, [fresh]).packages[0].reason_code == "unknown-key"
        [imported] = import_packages(commune, [fresh], register_new=True).packages
        assert imported.status == IMPORTED and imported.registered_key == new_key.fingerprint
        assert imported.digest_matches and state_of(commune, centre_id) == state_of(centre, centre_id)
        with commune.reading() as session:
            node_names = set(session.execute(select(Learner.full_name)).scalars())
        assert {"Lò Văn Sau", f"Lò Thị {CENTRES[1][0]} 0"} <= node_names  # old and new records together
        [status] = [status for status in completeness_board(commune) if status.centre_id == centre_id]
        assert status.fingerprint == new_key.fingerprint and not status.revoked and status.packages == 2
        # the old key stays refused even for a package it signed before
        assert import_packages(commune, [stolen]).packages[0].reason_code == "revoked-key"
        # and the roll-up carries the centre under its new key: the province believes it
        province = world.open(world.province)
        try:
            [result] = import_packages(province, [export_rollup(commune, folder(tmp_path / "up")).path]).packages
            assert result.status == IMPORTED and result.set_aside == []
            assert state_of(province, centre_id) == state_of(centre, centre_id)
        finally:
            province.close()
    finally:
        commune.close()
        centre.close()


def test_possible_duplicate_learners_across_centres_are_listed_never_merged(world):
    from desktop.services.sync.duplicates import possible_duplicates, village_key
    from sync_support import send

    first, second = (world.open(world.centres[code]) for _name, code in CENTRES[:2])
    commune = world.open(world.commune)
    try:
        for centre, village in ((first, "Bản Nà Hạ"), (second, "Bản Nà Hạ")):
            create_learner(centre, LearnerInput(full_name="Lò Văn Thắng", birth_year=1980,
                                                village_id=list_villages(centre)[0].id), today=TODAY)
        # the same folded name spelled without diacritics, another village; and another birth year
        create_learner(second, LearnerInput(full_name="Lo Van Thang", birth_year=1980,
                                            village_id=list_villages(second)[1].id), today=TODAY)
        create_learner(second, LearnerInput(full_name="Lò Văn Thắng", birth_year=1981,
                                            village_id=list_villages(second)[0].id), today=TODAY)
        tmp = world.folder / "dups"
        for centre in (first, second):
            import_packages(commune, [send(centre, tmp / centre.path.stem)])
        learners_before = table_counts(commune)["learner"]
        pairs = possible_duplicates(commune)
        named = [(pair.first.full_name, pair.second.full_name, pair.same_village) for pair in pairs
                 if "thang" in pair.first.full_name.lower() or "thắng" in pair.first.full_name.lower()]
        assert named == [("Lò Văn Thắng", "Lò Văn Thắng", True), ("Lò Văn Thắng", "Lo Van Thang", False)]
        assert {pair.first.commune_code for pair in pairs} == {CENTRES[0][1]}
        assert table_counts(commune)["learner"] == learners_before  # listing merges nothing
        assert village_key("Thôn 03") == village_key("thôn 3") == village_key("3")
        assert village_key("Bản Cang") != village_key("Bản Càng")
    finally:
        first.close()
        second.close()
        commune.close()


def test_key_files_say_an_offices_level_and_older_ones_without_it_are_still_read(tmp_path):
    from desktop.sync.keys import Identity, KeyFile, key_file_bytes, parse_key_file

    public = Identity.generate().public
    office = parse_key_file(key_file_bytes(KeyFile("office", "Sở GD&ĐT Lai Châu", "12", public, "province")))
    assert (office.role, office.level) == ("office", "province")
    centre = parse_key_file(key_file_bytes(KeyFile("centre", "TTHTCĐ xã Pắc Ta", "03601", public)))
    assert (centre.role, centre.level) == ("centre", "")
    older = json.loads(key_file_bytes(KeyFile("office", "Phòng GD huyện", "", public, "district")))
    del older["level"]
    assert parse_key_file(json.dumps(older).encode()).level == ""
    with pytest.raises(ValueError):
        key_file_bytes(KeyFile("centre", "TTHTCĐ", "1", public, "province"))  # a centre has no level
    forged = dict(older, role="centre", level="province")
    with pytest.raises(UserError):
        parse_key_file(json.dumps(forged).encode())
    # an office's key without a level cannot be pinned: which way does it report?
    commune = new_office_at(tmp_path / "c", "commune-office", COMMUNE_OFFICE, "VHXH-036")
    try:
        (tmp_path / "older.clckey").write_text(json.dumps(older), encoding="utf-8")
        with pytest.raises(UserError, match="cấp|level"):
            register_key(commune, tmp_path / "older.clckey")
    finally:
        commune.close()
