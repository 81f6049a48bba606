"""The sync package file (desktop/sync/): round trips, every refusal, and faults while writing.

Real files in tmp_path throughout. Tampering is done the way an attacker who knows the format
would: members rebuilt in the canonical layout, manifests edited and re-signed where it matters.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.i18n import set_language
from desktop.progress import Cancelled, Progress
from desktop.sync import sealing
from desktop.sync.container import ContainerWriter
from desktop.sync.jsonio import canonical_bytes, readable_bytes
from desktop.sync.keys import Identity
from desktop.sync.package import (
    Origin, PackageHeader, PackageRefused, PackageWriteFailed, open_contents, open_package,
    read_envelope, state_digest, verify_package, write_package,
)
from desktop.sync.digest import StateDigest
from desktop.sync.refusals import write_failure

CENTRE = Identity.generate()
OFFICE = Identity.generate()
NAME_NFC = unicodedata.normalize("NFC", "Lò Thị Hường")
NAME_NFD = unicodedata.normalize("NFD", "Lò Thị Hường")


def header(**changes) -> PackageHeader:
    values = dict(
        kind="centre", schema_version="0012", app_version="1.4.0",
        origin=Origin("0190f3a2-7c1e-7a00-8000-000000000001", "Trung tâm học tập cộng đồng xã Tân Lập",
                      "04321", "14", "0190f3a2-7c1e-7a00-8000-0000000000aa"),
        sequence_from=101, sequence_to=250, full=False,
        previous_package_hash="ab" * 32, state_digest="sd1:3:" + "0" * 64,
        summary="Trung tâm xã Tân Lập: 3 học viên, 2 buổi điểm danh.",
        extra={"acknowledged": [1, 2]})
    values.update(changes)
    return PackageHeader(**values)


def learners() -> list[dict]:
    return [
        {"id": "L1", "full_name": NAME_NFC, "village": "Bản Nà Hạ", "born": "1978-03-05", "note": None},
        {"id": "L2", "full_name": NAME_NFD, "village": "Thôn Đông", "born": None, "note": "đi muộn\nnhiều"},
        {"id": "L3", "full_name": "Đặng Văn Ơn", "village": "Bản Càng", "tags": ["dân tộc", 3, True, 1.5]},
    ]


def marks(count: int) -> list[dict]:
    return [{"id": f"M{i}", "session_id": f"S{i // 25}", "learner_id": f"L{i % 25}", "mark": "CPKM"[i % 4],
             "version": f"{i:012d}-0001", "deleted": i % 97 == 0} for i in range(count)]


PHOTOS = [("buoi-1.jpg", b"\xff\xd8\xff" + os.urandom(5000)), ("buoi-2.jpg", b"")]


def write(folder: Path, rows_of=None, media=PHOTOS, signer=CENTRE, recipient=OFFICE, **kwargs):
    tables = rows_of if rows_of is not None else [("learner", learners()), ("attendance_mark", marks(60))]
    return write_package(folder, kwargs.pop("head", header()), tables, signer=signer,
                         recipient=recipient.public, media=media, **kwargs)


def read_all(path: Path, signer=CENTRE, recipient=OFFICE):
    contents = open_package(path, signer.public, recipient)
    return list(contents.rows()), list(contents.media())


def refusal(path: Path, signer=CENTRE, recipient=OFFICE) -> PackageRefused:
    with pytest.raises(PackageRefused) as refused:
        read_all(path, signer, recipient)
    return refused.value


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    """A small valid package: two tables over several chunks, two photos."""
    folder = tmp_path_factory.mktemp("valid")
    return write(folder, chunk_rows=25).path


def fresh(parent: Path, name: str) -> Path:
    folder = parent / name
    folder.mkdir()
    return folder


def members_of(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def rebuild(path: Path, members: list[tuple[str, bytes]]) -> Path:
    """Write `members` in the canonical layout, as a forger who knows the format would."""
    with open(path, "wb") as handle:
        container = ContainerWriter(handle, __import__("datetime").datetime(2026, 11, 23, 9, 30))
        for name, data in members:
            container.add(name, data)
        container.finish()
    return path


def resigned(members: list[tuple[str, bytes]], edit, signer=CENTRE) -> list[tuple[str, bytes]]:
    """The members with manifest.json edited by `edit(document)` and signed again by `signer`."""
    document = json.loads(dict(members)["manifest.json"])
    edit(document)
    manifest = readable_bytes(document)
    replaced = {"manifest.json": manifest, "manifest.sig": signer.sign(manifest)}
    return [(name, replaced.get(name, data)) for name, data in members]


# --- round trips ---------------------------------------------------------------------------------

def test_a_package_round_trips_rows_media_and_its_manifest(tmp_path):
    written = write(tmp_path)
    assert written.path.parent == tmp_path
    assert written.path.name == f"clc_04321_{written.manifest.created_at[:10]}_101-250.clcsync"
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.path.name]
    assert written.package_hash == hashlib.sha256(dict(members_of(written.path))["manifest.json"]).hexdigest()

    rows, media = read_all(written.path)
    assert [table for table, _ in rows] == ["learner"] * 3 + ["attendance_mark"] * 60  # as given
    assert [row for table, row in rows if table == "learner"] == learners()
    assert [row for table, row in rows if table == "attendance_mark"] == marks(60)
    assert media == PHOTOS
    manifest = read_envelope(written.path).manifest
    assert manifest == written.manifest
    assert manifest.tables == {"learner": 3, "attendance_mark": 60}
    assert manifest.origin.commune_code == "04321" and manifest.origin.key_fingerprint == CENTRE.fingerprint.text
    assert manifest.recipient == OFFICE.fingerprint.text
    assert (manifest.sequence_from, manifest.sequence_to, manifest.full) == (101, 250, False)
    assert manifest.previous_package_hash == "ab" * 32 and manifest.extra == {"acknowledged": [1, 2]}
    assert manifest.kind == "centre" and manifest.schema_version == "0012" and manifest.app_version == "1.4.0"


def test_nfc_and_nfd_spellings_travel_unchanged(tmp_path):
    rows, _ = read_all(write(tmp_path).path)
    names = [row["full_name"] for table, row in rows if table == "learner"]
    assert names[0] == NAME_NFC and unicodedata.is_normalized("NFC", names[0])
    assert names[1] == NAME_NFD and not unicodedata.is_normalized("NFC", names[1])
    assert names[0] != names[1]


def test_a_clerk_can_read_the_manifest_and_summary_with_any_zip_tool(valid):
    with zipfile.ZipFile(valid) as archive:
        assert archive.testzip() is None
        document = json.loads(archive.read("manifest.json"))
        assert document["origin"]["centre_name"] == "Trung tâm học tập cộng đồng xã Tân Lập"
        assert archive.read("summary.txt").decode("utf-8") == header().summary
        assert "Lò Thị" not in archive.read("data/learner/0.bin").decode("latin-1")
    assert read_envelope(valid).summary == header().summary
    if shutil.which("unzip"):
        listing = subprocess.run(["unzip", "-t", str(valid)], capture_output=True, text=True)
        assert listing.returncode == 0 and "No errors detected" in listing.stdout


def test_rows_come_in_bounded_chunks(tmp_path):
    written = write(tmp_path, rows_of=[("attendance_mark", marks(45_001))], media=())
    contents = open_package(written.path, CENTRE.public, OFFICE)
    sizes = [len(chunk.rows) for chunk in contents.chunks()]
    assert sizes == [20_000, 20_000, 5_001]
    assert [m.name for m in contents.manifest.members][:3] == [
        "data/attendance_mark/0.bin", "data/attendance_mark/1.bin", "data/attendance_mark/2.bin"]
    assert [row for _, row in contents.rows()] == marks(45_001)


def test_tables_without_rows_are_counted_and_empty_packages_read(tmp_path):
    written = write(tmp_path, rows_of=[("learner", []), ("loan", iter(()))], media=(),
                    head=header(sequence_from=251, sequence_to=250))
    assert written.manifest.tables == {"learner": 0, "loan": 0}
    assert read_all(written.path) == ([], [])


def test_the_same_rows_give_the_same_bytes_and_a_verifying_package(tmp_path):
    assert canonical_bytes({"b": "Đông", "a": [1, None]}) == canonical_bytes({"a": [1, None], "b": "Đông"})
    assert canonical_bytes({"a": "ở"}) == '{"a":"ở"}'.encode("utf-8")
    first = write(fresh(tmp_path, "one"))
    second = write(fresh(tmp_path, "two"))
    assert read_all(first.path) == read_all(second.path)
    assert first.package_hash != second.package_hash  # each package has its own id and key


def test_a_renamed_package_keeps_its_identity(valid, tmp_path):
    renamed = tmp_path / "du lieu thang 11 (1).zip"
    shutil.copyfile(valid, renamed)
    assert read_envelope(renamed).package_hash == read_envelope(valid).package_hash
    assert read_all(renamed) == read_all(valid)


def test_the_stick_never_gets_a_file_overwritten(tmp_path):
    first = write(tmp_path)
    before = first.path.read_bytes()
    (tmp_path / (first.path.stem + ".clcsync.partial")).write_bytes(b"left by a crash")
    second = write(tmp_path)
    assert second.path.name == first.path.stem + "-2.clcsync"
    assert first.path.read_bytes() == before
    assert (tmp_path / (first.path.stem + ".clcsync.partial")).read_bytes() == b"left by a crash"
    assert len(list(tmp_path.glob("*.partial"))) == 1


def test_other_kinds_and_full_snapshots_say_so_in_the_file_name(tmp_path):
    written = write(tmp_path, head=header(kind="return", full=True, sequence_from=0, sequence_to=9))
    assert written.path.name.startswith("clc_return_04321_") and written.path.name.endswith("_0-9_full.clcsync")
    assert read_envelope(written.path).manifest.kind == "return"


# --- refusals ------------------------------------------------------------------------------------

def flipped(data: bytes, position: int, mask: int = 0x01) -> bytes:
    return data[:position] + bytes([data[position] ^ mask]) + data[position + 1:]


def test_one_flipped_byte_anywhere_is_refused(valid, tmp_path):
    data = valid.read_bytes()
    positions = sorted({round(i * (len(data) - 1) / 199) for i in range(200)} | {0, len(data) - 1})
    damaged = tmp_path / "damaged.clcsync"
    reasons = set()
    for position in positions:
        for mask in (0x01, 0x80):
            damaged.write_bytes(flipped(data, position, mask))
            reasons.add(refusal(damaged).reason)
    assert reasons <= {"not-a-package", "truncated", "damaged-file", "bad-signature", "bad-manifest",
                       "unsafe-member", "extra-member", "hash-mismatch", "zip-bomb"}
    assert "damaged-file" in reasons  # a CRC tells accidental damage from tampering (bad-signature)


def test_every_byte_of_the_zip_structure_is_checked(valid, tmp_path):
    """Bytes zipfile ignores (times, attributes, counts, disk numbers) are ours to check."""
    data = valid.read_bytes()
    entries = read_envelope(valid).entries
    structure = [offset for entry in entries.values()
                 for offset in range(entry.header_offset, entry.data_offset)]
    directory_start = max(entry.data_offset + entry.size for entry in entries.values())
    structure += list(range(directory_start, len(data)))
    damaged = tmp_path / "damaged.clcsync"
    for position in structure:
        damaged.write_bytes(flipped(data, position))
        with pytest.raises(PackageRefused):
            read_envelope(damaged)


def test_truncation_at_any_length_is_refused(valid, tmp_path):
    data = valid.read_bytes()
    cut = tmp_path / "cut.clcsync"
    for length in sorted({round(i * (len(data) - 1) / 99) for i in range(100)}):
        cut.write_bytes(data[:length])
        reason = refusal(cut).reason
        assert reason == ("truncated" if length >= 4 else "not-a-package"), length


def test_a_removed_member_is_refused(valid, tmp_path):
    members = [(n, d) for n, d in members_of(valid) if n != "data/attendance_mark/1.bin"]
    assert refusal(rebuild(tmp_path / "p.clcsync", members)).reason == "missing-member"
    members = [(n, d) for n, d in members_of(valid) if n != "manifest.sig"]
    assert refusal(rebuild(tmp_path / "p.clcsync", members)).reason == "missing-member"
    members = [(n, d) for n, d in members_of(valid) if n != "manifest.json"]
    assert refusal(rebuild(tmp_path / "p.clcsync", members)).reason == "not-a-package"


def test_an_added_member_is_refused(valid, tmp_path):
    members = members_of(valid)
    added = members + [("data/attendance_mark/9.bin", dict(members)["data/attendance_mark/0.bin"])]
    assert refusal(rebuild(tmp_path / "p.clcsync", added)).reason == "extra-member"
    added = members + [("notes.txt", b"hello")]
    assert refusal(rebuild(tmp_path / "p.clcsync", added)).reason == "extra-member"


@pytest.mark.parametrize("name", ["../evil", "data/../../evil", "/etc/evil", "\\evil", "data\\learner\\0.bin",
                                  "C:evil", "data//x.bin", "./manifest.json", "data/learner/0.bin\x00.txt",
                                  "dữ liệu.txt"])
def test_an_added_member_with_a_dangerous_name_is_refused(valid, tmp_path, name):
    tampered = tmp_path / "p.clcsync"
    if name.isascii():  # written raw: zipfile itself would clean a NUL or a backslash away
        rebuild(tampered, members_of(valid) + [(name, b"owned")])
    else:
        shutil.copyfile(valid, tampered)
        with zipfile.ZipFile(tampered, "a") as archive:
            archive.writestr(zipfile.ZipInfo(name), b"owned")
    assert refusal(tampered).reason == "unsafe-member"
    assert not (tmp_path.parent / "evil").exists()


def test_a_duplicated_member_name_is_refused(valid, tmp_path):
    tampered = tmp_path / "p.clcsync"
    shutil.copyfile(valid, tampered)
    with pytest.warns(UserWarning), zipfile.ZipFile(tampered, "a") as archive:
        archive.writestr("data/learner/0.bin", b"other rows")
    assert refusal(tampered).reason == "unsafe-member"


def plain_zip(entries: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A ZIP of (name, method, stored bytes, crc, size) as any archiver lays it out."""
    body, directory = bytearray(), bytearray()
    for name, method, data, crc, size in entries:
        encoded = name.encode("ascii")
        directory += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data),
                                 size, len(encoded), 0, 0, 0, 0, 0, len(body)) + encoded
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size,
                            len(encoded), 0) + encoded + data
    return bytes(body + directory + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                                                len(directory), len(body), 0))


def test_a_zip_bomb_is_refused_before_anything_is_inflated(valid, tmp_path):
    megabyte = bytes(1024 * 1024)
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflater.compress(megabyte) + deflater.flush(zlib.Z_FULL_FLUSH)  # same bytes for every MB
    stream = block * 1024 + deflater.flush()
    crc = 0
    for _ in range(1024):
        crc = zlib.crc32(megabyte, crc)
    entries = [(name, 0, data, zlib.crc32(data), len(data)) for name, data in members_of(valid)]
    bomb = tmp_path / "bomb.clcsync"
    bomb.write_bytes(plain_zip(entries + [("media/bomb.bin", 8, stream, crc, 1024 ** 3)]))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with zipfile.ZipFile(bomb) as archive:  # a real bomb: 1 GB of zeros, as zipfile sees it
        assert archive.getinfo("media/bomb.bin").file_size == 1024 ** 3
        with archive.open("media/bomb.bin") as member:
            assert member.read(1024) == bytes(1024)
    assert refusal(bomb).reason == "zip-bomb"

    small = tmp_path / "small-bomb.clcsync"
    shutil.copyfile(valid, small)
    with zipfile.ZipFile(small, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("media/zeros.bin", bytes(10 * 1024 * 1024))
    assert refusal(small).reason == "zip-bomb"


def test_a_package_re_zipped_by_another_tool_is_refused(valid, tmp_path):
    rezipped = tmp_path / "p.clcsync"
    with zipfile.ZipFile(rezipped, "w") as archive:
        for name, data in members_of(valid):
            archive.writestr(name, data)
    assert refusal(rezipped).reason == "damaged-file"


def test_a_package_signed_by_another_key_is_refused(tmp_path):
    stranger = Identity.generate()
    forged = write(tmp_path, signer=stranger).path
    refused = refusal(forged, signer=CENTRE)
    assert refused.reason == "bad-signature"
    assert "Trung tâm học tập cộng đồng xã Tân Lập" in refused.message
    # the forger claims the centre's fingerprint and signs with their own key
    claimed = rebuild(tmp_path / "claimed.clcsync", resigned(
        members_of(forged), lambda doc: doc["origin"].update(key_fingerprint=CENTRE.fingerprint.text), stranger))
    assert refusal(claimed, signer=CENTRE).reason == "bad-signature"
    # a valid signature, but by a key other than the one the manifest names
    assert read_all(forged, signer=stranger)[0]
    with pytest.raises(PackageRefused) as refused_by_name:
        verify_package(read_envelope(claimed), stranger.public)
    assert refused_by_name.value.reason == "bad-signature"


def test_a_manifest_edited_after_signing_is_refused(valid, tmp_path):
    members = members_of(valid)
    document = json.loads(dict(members)["manifest.json"])
    document["tables"]["learner"] = 2
    document["members"][0]["rows"] -= 1
    edited = [(n, readable_bytes(document) if n == "manifest.json" else d) for n, d in members]
    assert refusal(rebuild(tmp_path / "p.clcsync", edited)).reason == "bad-signature"
    # the same JSON written differently (spacing only) is not the signed manifest either
    respaced = [(n, json.dumps(json.loads(d)).encode() if n == "manifest.json" else d) for n, d in members]
    assert refusal(rebuild(tmp_path / "p.clcsync", respaced)).reason == "bad-signature"


def test_a_member_replaced_after_signing_is_refused(valid, tmp_path):
    members = members_of(valid)
    victim = "data/attendance_mark/0.bin"
    data = dict(members)[victim]
    swapped = [(n, flipped(data, 40) if n == victim else d) for n, d in members]
    assert refusal(rebuild(tmp_path / "p.clcsync", swapped)).reason == "hash-mismatch"


def test_members_cannot_be_moved_between_packages_or_positions(valid, tmp_path):
    """Even the centre's own key cannot make a member read at another place: it is bound to it."""
    members = members_of(valid)
    one, two = dict(members)["data/attendance_mark/0.bin"], dict(members)["data/attendance_mark/1.bin"]
    moved = [(n, {"data/attendance_mark/0.bin": two, "data/attendance_mark/1.bin": one}.get(n, d))
             for n, d in members]
    assert refusal(rebuild(tmp_path / "p.clcsync", with_hashes_of(moved))).reason == "damaged-data"

    other = members_of(write(fresh(tmp_path, "other"), chunk_rows=25).path)
    foreign = [(n, dict(other)[n] if n == "data/learner/0.bin" else d) for n, d in members]
    assert refusal(rebuild(tmp_path / "q.clcsync", with_hashes_of(foreign))).reason == "damaged-data"


def with_hashes_of(members: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The members with a manifest whose hashes and sizes match them, signed by the centre."""
    def fix_hashes(document):
        for entry in document["members"]:
            entry["sha256"] = hashlib.sha256(dict(members)[entry["name"]]).hexdigest()
            entry["size"] = len(dict(members)[entry["name"]])
    return resigned(members, fix_hashes)


def test_a_newer_format_is_refused_naming_the_version_needed(valid, tmp_path):
    def newer(document):
        document.update(format_version=2, app_version="3.1.0", members="changed in version 2")
    newer_package = rebuild(tmp_path / "p.clcsync", resigned(members_of(valid), newer))
    refused = refusal(newer_package)
    assert refused.reason == "newer-format"
    assert "3.1.0" in refused.message and "Sổ TTHTCĐ" in refused.message
    set_language("en")
    assert refusal(newer_package).message == (
        "“p.clcsync” was made by a newer version of CLC Ledger (3.1.0). Install CLC Ledger 3.1.0 or newer "
        "on this computer to import it.")


def test_a_package_for_another_office_is_refused(valid, tmp_path):
    other_office = Identity.generate()
    assert refusal(valid, recipient=other_office).reason == "wrong-recipient"
    # a manifest re-addressed to the other office still does not open with its key
    readdressed = resigned(members_of(valid), lambda doc: doc.update(recipient=other_office.fingerprint.text))
    assert refusal(rebuild(tmp_path / "p.clcsync", readdressed), recipient=other_office).reason == "wrong-recipient"


@pytest.mark.parametrize("edit", [
    lambda doc: doc.pop("package_id"),
    lambda doc: doc.update(package_id="not-a-uuid"),
    lambda doc: doc.update(sequence={"from": 5, "to": 1}),
    lambda doc: doc.update(sequence={"from": -1, "to": 1}),
    lambda doc: doc.update(full="yes"),
    lambda doc: doc.update(format_version=True),
    lambda doc: doc["tables"].update(learner=4),
    lambda doc: doc["tables"].update({"Bad Name": 0}),
    lambda doc: doc["members"].append(dict(doc["members"][0])),
    lambda doc: doc["members"][0].update(size="12"),
    lambda doc: doc["encryption"].update(scheme="rot13"),
    lambda doc: doc["encryption"].update(wrapped_key="AAAA"),
    lambda doc: doc["origin"].pop("installation_id"),
    lambda doc: doc.update(extra=[]),
    lambda doc: doc.update(created_at="yesterday"),
])
def test_a_signed_but_malformed_manifest_is_refused(valid, tmp_path, edit):
    assert refusal(rebuild(tmp_path / "p.clcsync", resigned(members_of(valid), edit))).reason == "bad-manifest"


def test_a_manifest_that_is_not_clean_json_is_refused(valid, tmp_path):
    members = members_of(valid)
    text = dict(members)["manifest.json"].decode("utf-8")
    for manifest in (text.replace('"full": false', '"full": false, "full": true'),
                     text.replace('"full": false', '"full": NaN'), text[:-20], "\ud800".encode("utf-8", "surrogatepass")):
        data = manifest.encode("utf-8") if isinstance(manifest, str) else manifest
        changed = [(n, {"manifest.json": data, "manifest.sig": CENTRE.sign(data)}.get(n, d)) for n, d in members]
        assert refusal(rebuild(tmp_path / "p.clcsync", changed)).reason == "bad-manifest"


def sealed_again(valid: Path, tmp_path: Path, plain_for_first_chunk: bytes, rows: int | None = None) -> Path:
    """The centre (holding the right keys) writes undecodable data into a correctly signed package."""
    members = members_of(valid)
    manifest = read_envelope(valid).manifest
    wrapped = sealing.WrappedKey(manifest.encryption.ephemeral_public, manifest.encryption.wrapped_key)
    key = sealing.unwrap_content_key(wrapped, OFFICE, manifest.package_id)
    name = "data/learner/0.bin"
    stored = sealing.seal_member(key, manifest.package_id, name, plain_for_first_chunk)
    changed = [(n, stored if n == name else d) for n, d in members]

    def fix(document):
        entry = next(e for e in document["members"] if e["name"] == name)
        entry.update(sha256=hashlib.sha256(stored).hexdigest(), size=len(stored))
        plain = zlib.decompress(plain_for_first_chunk) if plain_for_first_chunk.startswith(b"x") else b""
        entry["plain_size"] = len(plain)
        if rows is not None:
            entry["rows"] = rows
            document["tables"]["learner"] = rows
    return rebuild(tmp_path / "p.clcsync", resigned(changed, fix))


@pytest.mark.parametrize(("plain", "rows"), [
    (b"not compressed at all", None),
    (zlib.compress(b'{"id": 1}\n{"id": 2\n{"id": 3}\n'), 3),
    (zlib.compress(b'{"id": 1}\n[1, 2]\n{"id": 3}\n'), 3),
    (zlib.compress(b'{"id": 1}\n{"id": NaN}\n{"id": 3}\n'), 3),
    (zlib.compress(b'{"id": 1}\n{"id": 2}\n'), 3),
    (zlib.compress(b'{"id": 1}\n\n{"id": 2}\n'), 3),
    (zlib.compress(b'{"id": "\xff"}\n{"id": 2}\n{"id": 3}\n'), 3),
    (zlib.compress(b'{"a":' * 100_000 + b"\n" * 3), 3),
])
def test_signed_data_that_cannot_be_decoded_is_refused(valid, tmp_path, plain, rows):
    package = sealed_again(valid, tmp_path, plain, rows)
    refused = refusal(package)
    assert refused.reason in ("damaged-data", "bad-manifest")
    if rows == 3:
        assert refused.reason == "damaged-data"


def test_data_that_inflates_beyond_its_declared_size_is_refused(valid, tmp_path):
    package = sealed_again(valid, tmp_path, zlib.compress(b'{"id": 1}\n' * 3), rows=3)
    members = members_of(package)
    # declare a smaller plain size than the chunk really inflates to
    shrunk = resigned(members, lambda doc: next(e for e in doc["members"] if e["name"] == "data/learner/0.bin")
                      .update(plain_size=10))
    assert refusal(rebuild(tmp_path / "q.clcsync", shrunk)).reason == "damaged-data"


@pytest.mark.parametrize("content", [b"", b"%PDF-1.7\n", b"PK\x05\x06" + bytes(18), "Tệp văn bản".encode()])
def test_files_that_are_not_packages_are_refused(tmp_path, content):
    path = tmp_path / "x.clcsync"
    path.write_bytes(content)
    assert refusal(path).reason == "not-a-package"


def test_an_office_document_renamed_to_clcsync_is_not_a_package(tmp_path):
    path = tmp_path / "bao-cao.clcsync"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(path).reason == "not-a-package"


def test_a_folder_a_missing_file_and_a_huge_file_are_refused(tmp_path):
    assert refusal(tmp_path).reason == "not-a-file"
    assert refusal(tmp_path / "absent.clcsync").reason == "not-a-file"
    huge = tmp_path / "huge.clcsync"
    with open(huge, "wb") as handle:
        handle.truncate(3 * 1024 ** 3)  # sparse: costs no disk space
    assert refusal(huge).reason == "too-big"


def test_refusals_speak_the_users_language(valid, tmp_path):
    other_office = Identity.generate()
    assert "đơn vị cấp trên khác" in refusal(valid, recipient=other_office).message
    set_language("en")
    assert refusal(valid, recipient=other_office).message == (
        f"“{valid.name}” was made for another office and cannot be opened here. Ask the centre to send it "
        "to this office.")


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_corruption_of_a_valid_package_is_refused(valid, tmp_path, data):
    original = valid.read_bytes()
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(1, 255)),
                               min_size=1, max_size=8))
    damaged = bytearray(original)
    for position, mask in edits:
        damaged[position] ^= mask
    if data.draw(st.booleans()):
        damaged += data.draw(st.binary(min_size=1, max_size=64))
    path = tmp_path / "fuzzed.clcsync"
    path.write_bytes(bytes(damaged))
    if bytes(damaged) == original:
        return
    try:
        read_all(path)
    except PackageRefused:
        return
    except Exception as error:  # noqa: BLE001 - the point is that nothing else escapes
        pytest.fail(f"{type(error).__name__} escaped: {error}")
    pytest.fail("a corrupted package was read")


# --- writing faults ------------------------------------------------------------------------------

def leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_stick_pulled_out_mid_write_leaves_nothing_and_says_so(tmp_path):
    stick = tmp_path / "USB"
    stick.mkdir()
    reports = []

    def pull_out(done, total, message):
        reports.append(done)
        if len(reports) == 3:
            shutil.rmtree(stick)

    with pytest.raises(PackageWriteFailed) as failed:
        write(stick, rows_of=[("attendance_mark", marks(200))], chunk_rows=20, progress=Progress(pull_out))
    assert failed.value.reason == "folder-missing"
    assert "USB đã bị rút ra" in failed.value.message
    assert leftovers(tmp_path) == []
    stick.mkdir()  # plugged in again: the next export works and nothing old is in the way
    assert read_all(write(stick).path)[0]


def test_a_read_only_folder_is_refused_with_nothing_left(tmp_path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = False
    try:
        try:
            (folder / "probe").touch()
        except PermissionError:
            pass
        else:  # root ignores permissions: make the folder immutable instead
            (folder / "probe").unlink()
            immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
            if not immutable:
                pytest.skip("cannot make a read-only folder as this user")
        with pytest.raises(PackageWriteFailed) as failed:
            write(folder)
        assert failed.value.reason == "read-only"
        assert "chỉ đọc" in failed.value.message
        assert leftovers(folder) == []
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_cancel_mid_write_leaves_nothing(tmp_path):
    progress_reports = []

    def cancel_soon(done, total, message):
        progress_reports.append((done, total, message))
        if len(progress_reports) == 4:
            progress.cancel()

    progress = Progress(cancel_soon)
    with pytest.raises(Cancelled):
        write(tmp_path, rows_of=[("attendance_mark", marks(200))], chunk_rows=20, progress=progress,
              total_rows=200)
    assert leftovers(tmp_path) == []
    assert progress_reports[0] == (0, 200, "Đang ghi gói dữ liệu…")
    assert progress_reports[-1][0] == 60


def test_a_caller_mistake_in_the_rows_leaves_nothing(tmp_path):
    import datetime as dt
    with pytest.raises(TypeError):
        write(tmp_path, rows_of=[("learner", [{"id": "L1", "born": dt.date(1980, 1, 1)}])])
    with pytest.raises(ValueError):
        write(tmp_path, rows_of=[("Learners!", [])])
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("code", "reason", "words"), [
    (errno.ENOSPC, "disk-full", "đã đầy"),
    (errno.ENOENT, "folder-missing", "USB đã bị rút ra"),
    (errno.EIO, "folder-missing", "USB đã bị rút ra"),
    (errno.EROFS, "read-only", "chỉ đọc"),
    (errno.EACCES, "read-only", "chỉ đọc"),
    (errno.EMFILE, "write-failed", "Không ghi được gói dữ liệu"),
])
def test_each_system_error_is_named_for_the_user(code, reason, words):
    failure = write_failure(Path("E:/"), OSError(code, os.strerror(code)))
    assert isinstance(failure, UserError)
    assert failure.reason == reason and words in failure.message


FULL_STICK = """
import resource, signal, sys
from pathlib import Path
from desktop.sync.keys import Identity
from desktop.sync.package import Origin, PackageHeader, PackageWriteFailed, write_package
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))  # room for 200 KB, like a full stick
folder = Path(sys.argv[1])
header = PackageHeader(kind="centre", schema_version="1", app_version="1", full=True,
                       origin=Origin("c", "TTHTCĐ", "04321", "14", "i"), sequence_from=1, sequence_to=1,
                       previous_package_hash=None, state_digest="", summary="")
rows = [{"id": str(i), "photo_note": "x" * 200} for i in range(50_000)]
try:
    write_package(folder, header, [("learner", rows)], signer=Identity.generate(),
                  recipient=Identity.generate().public, media=[("big", bytes(300_000))])
except PackageWriteFailed as failure:
    print(failure.reason)
"""


@pytest.mark.skipif(os.name == "nt", reason="file size limits are a POSIX feature")
def test_a_full_stick_is_refused_and_nothing_is_left(tmp_path):
    stick = fresh(tmp_path, "stick")
    result = subprocess.run([sys.executable, "-c", FULL_STICK, str(stick)], capture_output=True, text=True,
                            cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert result.stdout.strip() == "disk-full", result.stderr
    assert leftovers(stick) == []


KILLED_WRITER = """
import sys, time
from pathlib import Path
from desktop.progress import Progress
from desktop.sync.keys import Identity
from desktop.sync.package import Origin, PackageHeader, write_package
reports = []
def report(done, total, message):
    reports.append(done)
    print(len(reports), flush=True)
    if len(reports) == 3:
        time.sleep(600)  # mid-write: the parent kills us here
header = PackageHeader(kind="centre", schema_version="1", app_version="1", full=True,
                       origin=Origin("c", "TTHTCĐ", "04321", "14", "i"), sequence_from=1, sequence_to=1,
                       previous_package_hash=None, state_digest="", summary="")
rows = [{"id": str(i)} for i in range(100)]
write_package(Path(sys.argv[1]), header, [("learner", rows)], signer=Identity.generate(),
              recipient=Identity.generate().public, progress=Progress(report), chunk_rows=10)
"""


@pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")
def test_a_writer_killed_mid_write_leaves_no_file_that_looks_complete(tmp_path):
    stick = fresh(tmp_path, "stick")
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(stick)], stdout=subprocess.PIPE,
                              text=True, cwd=Path(__file__).resolve().parents[1])
    try:
        assert [writer.stdout.readline().strip() for _ in range(3)] == ["1", "2", "3"]
    finally:
        writer.kill()
        writer.wait(timeout=60)
        writer.stdout.close()
    assert writer.returncode == -9
    left = leftovers(stick)
    assert len(left) == 1 and left[0].endswith(".clcsync.partial")
    assert not list(stick.glob("*.clcsync"))
    assert refusal(stick / left[0]).reason in ("truncated", "not-a-package")  # even if someone opens it


# --- the state digest ----------------------------------------------------------------------------

RECORDS = [("learner", f"L{i}", f"v{i}", False) for i in range(50)] + [("attendance_mark", "M1", 7, True)]


def test_the_state_digest_ignores_order_and_sees_every_change():
    digest = state_digest(RECORDS)
    assert digest == state_digest(list(reversed(RECORDS)))
    assert digest.startswith("sd1:51:")
    assert state_digest(RECORDS[:-1] + [("attendance_mark", "M1", 7, False)]) != digest
    assert state_digest(RECORDS[:-1] + [("attendance_mark", "M1", 8, True)]) != digest
    assert state_digest(RECORDS[:-1] + [("learner", "M1", 7, True)]) != digest
    assert state_digest(RECORDS[:-1]) != digest
    assert state_digest(RECORDS + RECORDS[:1]) != digest  # a duplicate does not cancel out
    assert state_digest([]) == "sd1:0:" + "0" * 64


def test_the_state_digest_can_be_kept_up_to_date_one_record_at_a_time():
    running = StateDigest()
    running.add_all(RECORDS)
    running.remove("learner", "L3", "v3", False)
    running.add("learner", "L3", "v4", False)
    changed = [r if r[1] != "L3" else ("learner", "L3", "v4", False) for r in RECORDS]
    assert running.value == state_digest(changed)
    with pytest.raises(ValueError):
        state_digest([("learner", "L\x1f1", 1, False)])


def test_envelope_then_verify_then_open_in_steps(valid):
    envelope = read_envelope(valid)
    assert envelope.manifest.origin.key_fingerprint == CENTRE.fingerprint.text  # the caller's look-up key
    verified = verify_package(envelope, CENTRE.public)
    contents = open_contents(verified, OFFICE)
    assert contents.package_hash == envelope.package_hash
    assert contents.media_names() == ["buoi-1.jpg", "buoi-2.jpg"]
    assert sum(len(chunk.rows) for chunk in contents.chunks()) == 63


def test_a_package_that_changes_or_vanishes_after_verification_is_refused(valid, tmp_path):
    copy = tmp_path / "p.clcsync"
    shutil.copyfile(valid, copy)
    contents = open_contents(verify_package(read_envelope(copy), CENTRE.public), OFFICE)
    data = bytearray(copy.read_bytes())
    entry = contents.package.envelope.entries["data/learner/0.bin"]
    data[entry.data_offset + 20] ^= 1
    copy.write_bytes(bytes(data))
    with pytest.raises(PackageRefused) as refused:
        list(contents.rows())
    assert refused.value.reason == "damaged-file"
    copy.unlink()
    with pytest.raises(PackageRefused) as refused:
        list(contents.media())
    assert refused.value.reason == "unreadable"


def test_an_office_without_a_code_names_its_package_after_its_own_name():
    import datetime as dt

    from desktop.sync.manifest import Origin
    from desktop.sync.writer import PackageHeader, package_file_stem

    def stem(code: str) -> str:
        origin = Origin("id", "Phòng Văn hóa – Xã hội xã Tân Uyên", code, "12", "install")
        header = PackageHeader("rollup", "0009", "1.0", origin, 1, 5, True, None, "digest", "")
        return package_file_stem(header, dt.datetime(2026, 12, 7, 9, 30))

    assert stem("") == "clc_rollup_phong-van-hoa-xa-hoi-xa-tan-uyen_2026-12-07_1-5_full"
    assert stem("VHXH-036") == "clc_rollup_VHXH-036_2026-12-07_1-5_full"
    from desktop.services.sync.return_writer import return_file_stem  # the province's return to it

    assert return_file_stem("", "Phòng Văn hóa – Xã hội xã Tân Uyên", 1, dt.datetime(2026, 12, 7)) == (
        "clc_return_phong-van-hoa-xa-hoi-xa-tan-uyen_2026-12-07_1")
