"""Key files and sync packages fed in damaged, foreign and tampered forms: only the app's own clear
refusals (UserError subclasses) come out, never another exception, and nothing damaged is accepted.

What tests/test_sync_package.py and tests/test_sync_keys.py do not already cover: hypothesis over the
bytes and the JSON structure of a key file, ZIPs made by other tools with arbitrary members, and
manifests edited field by field and signed again by the right key. Bounded: 4 x 60 examples, a few
seconds each."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.sync.jsonio import readable_bytes
from desktop.sync.keys import Identity, KeyFile, KeyRefused, key_file_bytes, read_key_file
from desktop.sync.package import PackageRefused, open_package

from tests.test_sync_package import CENTRE, OFFICE, members_of, rebuild, write

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

KEY = KeyFile("centre", "Trung tâm học tập cộng đồng xã Tân Lập", "04321", CENTRE.public)
KEY_BYTES = key_file_bytes(KEY)
KEY_DOCUMENT = json.loads(KEY_BYTES)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)


def read_key_bytes(tmp_path: Path, data: bytes) -> KeyFile | None:
    path = tmp_path / "fuzzed.clckey"
    path.write_bytes(data)
    try:
        return read_key_file(path, expected_role="centre")
    except KeyRefused as refused:
        assert refused.message and "fuzzed.clckey" in refused.message
        return None
    except Exception as error:  # noqa: BLE001 - the point is that nothing else escapes
        pytest.fail(f"{type(error).__name__} escaped: {error}")


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(KEY_BYTES) - 1), st.binary(min_size=1, max_size=8)),
                      min_size=1, max_size=6),
       cut=st.none() | st.integers(0, len(KEY_BYTES)))
def test_a_key_file_damaged_at_the_byte_level_is_refused_or_still_the_same_key(tmp_path, edits, cut):
    data = bytearray(KEY_BYTES)
    for position, piece in edits:
        data[position:position + len(piece)] = piece
    if cut is not None:
        data = data[:cut]
    key = read_key_bytes(tmp_path, bytes(data))
    # an edit in whitespace or an unchecked spelling may leave it readable: then the key is unchanged
    assert key is None or key.public_key == KEY.public_key


@FUZZ
@given(field=st.sampled_from(sorted(KEY_DOCUMENT) + ["extra"]), value=json_values, drop=st.booleans())
def test_a_key_file_with_any_field_changed_or_missing_never_gives_another_key(tmp_path, field, value, drop):
    document = dict(KEY_DOCUMENT)
    if drop:
        document.pop(field, None)
    else:
        document[field] = value
    key = read_key_bytes(tmp_path, json.dumps(document, ensure_ascii=False).encode("utf-8"))
    assert key is None or key.public_key == KEY.public_key


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("valid"), chunk_rows=25).path


def refused_or_fail(path: Path) -> PackageRefused:
    try:
        contents = open_package(path, CENTRE.public, OFFICE)
        list(contents.rows()), list(contents.media())
    except PackageRefused as refused:
        assert isinstance(refused, UserError) and refused.message
        return refused
    except Exception as error:  # noqa: BLE001 - the point is that nothing else escapes
        pytest.fail(f"{type(error).__name__} escaped: {error}")
    pytest.fail("a foreign or tampered package was read")


# Text the package reader passes on unchecked (the sync service checks the origin against the centre it
# knows); "extra" is free-form data for the sync service.
FREE_TEXT = ("app_version", "summary", "schema_version", "state_digest", "centre_id", "centre_name",
             "commune_code", "province_code", "installation_id")

member_names = st.sampled_from(["manifest.json", "manifest.sig", "data/learner/0.bin", "media/a.jpg",
                                "../evil", "/abs", "mimetype", "SUMMARY.txt"]) | st.text(min_size=1, max_size=20)


@FUZZ
@given(members=st.lists(st.tuples(member_names, st.binary(max_size=300)), max_size=6),
       compression=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
def test_a_zip_made_by_another_tool_is_refused(tmp_path, members, compression):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in dict(members).items():  # zipfile warns on duplicates; covered elsewhere
            try:
                archive.writestr(name, data)
            except (ValueError, UnicodeEncodeError, IndexError):
                continue  # a name zipfile itself will not write
    path = tmp_path / "foreign.clcsync"
    path.write_bytes(buffer.getvalue())
    refused_or_fail(path)


@FUZZ
@given(data=st.data())
def test_a_manifest_tampered_and_signed_again_is_refused(valid, tmp_path, data):
    """The worst case: the centre's own key signs a manifest whose content no longer matches."""
    members = members_of(valid)
    document = json.loads(dict(members)["manifest.json"])
    target = document
    path = data.draw(st.lists(st.integers(0, 20), min_size=1, max_size=3))
    for step in path[:-1]:  # walk down into a nested object or list, as far as it goes
        children = list(target.items()) if isinstance(target, dict) else list(enumerate(target))
        containers = [(k, v) for k, v in children if isinstance(v, (dict, list)) and v and k != "extra"]
        if not containers:
            break
        target = containers[step % len(containers)][1]
    keys = [k for k in target if k != "extra"] if isinstance(target, dict) else list(range(len(target)))
    key = keys[path[-1] % len(keys)]
    new_value = data.draw(json_values)
    legitimate = isinstance(target, dict) and ((key in FREE_TEXT and isinstance(new_value, str))
                                               or (key == "previous_package_hash" and new_value is None))
    if target[key] == new_value or legitimate:
        return  # e.g. a new spelling of a free-text field, or a first package: may legitimately read
    target[key] = new_value
    manifest = readable_bytes(document)
    replaced = {"manifest.json": manifest, "manifest.sig": CENTRE.sign(manifest)}
    tampered = rebuild(tmp_path / "tampered.clcsync", [(n, replaced.get(n, d)) for n, d in members])
    refused_or_fail(tampered)
