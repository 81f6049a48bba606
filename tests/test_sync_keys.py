"""Sync identities, public key files and fingerprints (desktop/sync/keys.py)."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from desktop.i18n import set_language
from desktop.sync.keys import (
    Identity, KeyFile, KeyRefused, PublicKey, key_file_bytes, read_key_file, write_key_file,
)
from desktop.sync.wordlist import WORDS

# A fixed identity, so the fingerprint forms below are a regression check, not a tautology.
FIXED = Identity.from_private_bytes(b"CLCID\x01" + bytes(range(32)) + bytes(range(32, 64)))


def without_marks(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def test_the_word_list_has_256_distinct_two_syllable_words_even_without_tone_marks():
    assert len(WORDS) == 256
    assert all(len(word.split(" ")) == 2 for word in WORDS)
    assert all(unicodedata.is_normalized("NFC", word) and word == word.strip().lower() for word in WORDS)
    assert len({without_marks(word) for word in WORDS}) == 256


def test_an_identity_survives_its_private_bytes_and_signs():
    identity = Identity.generate()
    again = Identity.from_private_bytes(identity.private_bytes())
    assert again.public == identity.public
    assert again.fingerprint == identity.fingerprint
    signature = again.sign(b"manifest")
    assert identity.public.verify(signature, b"manifest")
    assert not identity.public.verify(signature, b"manifesT")
    assert not Identity.generate().public.verify(signature, b"manifest")
    assert identity.fingerprint != Identity.generate().fingerprint
    assert "CLCID" not in repr(identity) and identity.fingerprint.text in repr(identity)


@pytest.mark.parametrize("stored", [b"", b"CLCID\x01" + bytes(63), b"CLCID\x02" + bytes(64), "text"])
def test_a_damaged_stored_key_is_refused_clearly(stored):
    with pytest.raises(KeyRefused) as refused:
        Identity.from_private_bytes(stored)  # type: ignore[arg-type]
    assert refused.value.reason == "damaged-key"
    assert "bản sao lưu" in refused.value.message


def test_the_fingerprint_reads_as_digits_words_and_a_short_hex():
    fingerprint = FIXED.fingerprint
    assert re.fullmatch(r"[0-9a-f]{32}", fingerprint.text)
    assert re.fullmatch(r"\d{4}( \d{4}){7}", fingerprint.digits)
    assert len(fingerprint.words) == 8 and all(word in WORDS for word in fingerprint.words)
    assert fingerprint.words_text == " · ".join(fingerprint.words)
    assert str(fingerprint) == fingerprint.text
    # the same key gives the same forms in every version of the app (what a phone check relies on)
    assert fingerprint.text == "3619e750a2dd52ba978807b2a00df56d"
    assert fingerprint.digits == "1081 9124 4073 7779 1495 9241 7153 5725"
    assert fingerprint.words == ("cây khế", "con sóc", "chiếc thuyền", "cái cưa", "vườn rau", "lá thư",
                                 "cái liềm", "bộ đội")


def key_file_of(identity: Identity, role: str = "centre") -> KeyFile:
    return KeyFile(role, "Trung tâm học tập cộng đồng xã Tân Lập", "04321", identity.public)


def test_a_key_file_round_trips_with_its_vietnamese_name(tmp_path):
    path = tmp_path / "tan-lap.clckey"
    write_key_file(path, key_file_of(FIXED))
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == "clc-key" and document["role"] == "centre"
    assert document["fingerprint"] == FIXED.fingerprint.text
    assert "Tân Lập" in path.read_text(encoding="utf-8")
    key_file = read_key_file(path, expected_role="centre")
    assert key_file == key_file_of(FIXED)
    assert key_file.fingerprint == FIXED.fingerprint
    assert not list(tmp_path.glob("*.partial"))


def edited(document: dict, **changes) -> bytes:
    return json.dumps({**document, **changes}).encode("utf-8")


VALID = json.loads(key_file_bytes(key_file_of(FIXED)))
OTHER = json.loads(key_file_bytes(key_file_of(Identity.from_private_bytes(b"CLCID\x01" + bytes(range(64, 128))))))


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "not-a-key-file"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not-a-key-file"),
    (b'{"hello": "world"}', "not-a-key-file"),
    (b"[1, 2, 3]", "not-a-key-file"),
    (key_file_bytes(key_file_of(FIXED))[:-40], "not-a-key-file"),
    (b'{"format": "clc-key", "format": "clc-key"}', "not-a-key-file"),
    (b"[" * 100_000, "not-a-key-file"),
    (edited(VALID, format="clc-sync"), "not-a-key-file"),
    (edited(VALID, format_version=2), "newer-format"),
    (edited(VALID, format_version="1"), "damaged-key"),
    (edited(VALID, role="province"), "damaged-key"),
    (edited(VALID, name=None), "damaged-key"),
    (edited(VALID, signing_public=OTHER["signing_public"]), "damaged-key"),
    (edited(VALID, encryption_public=VALID["encryption_public"][:-4]), "damaged-key"),
    (edited(VALID, encryption_public="!!" + VALID["encryption_public"][2:]), "damaged-key"),
    (edited(VALID, fingerprint=OTHER["fingerprint"]), "damaged-key"),
    (edited(VALID, fingerprint=None), "damaged-key"),
])
def test_a_damaged_or_foreign_key_file_is_refused(tmp_path, content, reason):
    path = tmp_path / "key.clckey"
    path.write_bytes(content)
    with pytest.raises(KeyRefused) as refused:
        read_key_file(path)
    assert refused.value.reason == reason
    assert "key.clckey" in refused.value.message


def test_every_changed_character_of_a_key_is_refused(tmp_path):
    path = tmp_path / "key.clckey"
    for field in ("signing_public", "encryption_public", "fingerprint"):
        value = VALID[field]
        for position in range(0, len(value) - 2, 3):  # the last base64 characters may be padding bits
            replacement = "A" if value[position] != "A" else "B"
            path.write_bytes(edited(VALID, **{field: value[:position] + replacement + value[position + 1:]}))
            with pytest.raises(KeyRefused):
                read_key_file(path)


def test_a_centre_key_is_refused_where_the_office_key_is_expected(tmp_path):
    path = tmp_path / "centre.clckey"
    write_key_file(path, key_file_of(FIXED, role="centre"))
    with pytest.raises(KeyRefused) as refused:
        read_key_file(path, expected_role="office")
    assert refused.value.reason == "wrong-role"
    set_language("en")
    with pytest.raises(KeyRefused) as refused:
        read_key_file(path, expected_role="office")
    assert refused.value.message == ("“centre.clckey” is the key of a centre, not of an office. Ask the "
                                     "office for its key file.")


def test_a_folder_or_a_missing_file_is_not_a_key_file(tmp_path):
    with pytest.raises(KeyRefused) as refused:
        read_key_file(tmp_path)
    assert refused.value.reason == "not-a-file"
    with pytest.raises(KeyRefused) as refused:
        read_key_file(tmp_path / "absent.clckey")
    assert refused.value.reason == "not-a-file"


def test_a_public_key_has_two_32_byte_halves():
    with pytest.raises(ValueError):
        PublicKey(b"\0" * 31, b"\0" * 32)
