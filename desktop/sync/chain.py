"""The signature chain a roll-up carries for each centre, built and checked as plain data.

An office's consolidated package lists, in its signed manifest, every centre whose rows it holds:
the centre's public key file(s) and the signed manifests of the centre's own newest packages (one
per installation) as the office received them. The level above believes a centre's rows only if
one of those manifests verifies with the centre's key, comes from that centre and was made for the
office that signed the roll-up: the centre itself sent its data to that office.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sync.keys import KeyRefused, parse_key_file
from desktop.sync.manifest import MANIFEST
from desktop.sync.reader import parse_manifest_bytes
from desktop.sync.refusals import PackageRefused

CENTRE_KIND = "centre"
MAX_CENTRES = 10_000
# Why a centre's rows are set aside (stable codes; the report words them)
MALFORMED, NO_VALID_PACKAGE, NOT_FOR_THIS_OFFICE, BAD_SIGNATURE = (
    "malformed-chain", "no-signed-package", "not-sent-to-this-office", "bad-signature")


@dataclass(frozen=True)
class SignedManifest:
    manifest: bytes
    signature: bytes


@dataclass(frozen=True)
class ChainEntry:
    """What the office says about one centre (the writer's input)."""

    centre_id: str
    name: str
    commune_code: str
    province_code: str
    key_files: tuple[bytes, ...]
    packages: tuple[SignedManifest, ...]
    digest: str  # the state digest of the centre's records the office holds


def chain_document(entries: list[ChainEntry]) -> list[dict[str, Any]]:
    """The `centres` list of a roll-up's manifest."""
    return [{"centre_id": entry.centre_id, "name": entry.name, "commune_code": entry.commune_code,
             "province_code": entry.province_code,
             "keys": [key.decode("utf-8") for key in entry.key_files],
             "packages": [{"manifest": base64.b64encode(signed.manifest).decode("ascii"),
                           "signature": base64.b64encode(signed.signature).decode("ascii")}
                          for signed in entry.packages],
             "digest": entry.digest} for entry in entries]


@dataclass(frozen=True)
class VouchedCentre:
    """A centre whose chain holds: its rows may be believed."""

    centre_id: str
    name: str
    commune_code: str
    key_fingerprint: str  # of the key that signed its newest valid package
    signed_digest: str  # the state digest the centre itself signed in that package
    office_digest: str  # the digest of its records the office says it holds


@dataclass(frozen=True)
class BrokenChain:
    centre_id: str
    name: str
    reason: str


def _bytes(value: Any) -> bytes:
    if not isinstance(value, str):
        raise ValueError("not base64 text")
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("not base64") from None


def _text(entry: dict[str, Any], key: str, limit: int = 300) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(key)
    return value


def check_chain(document: Any, office_fingerprint: str) -> tuple[dict[str, VouchedCentre], list[BrokenChain]]:
    """Which centres of a roll-up's `centres` list the office that signed it (its key
    `office_fingerprint`) may speak for, and why the others may not."""
    vouched: dict[str, VouchedCentre] = {}
    broken: list[BrokenChain] = []
    if not isinstance(document, list) or len(document) > MAX_CENTRES:
        return vouched, [BrokenChain("", "", MALFORMED)]
    for entry in document:
        centre_id = entry.get("centre_id", "") if isinstance(entry, dict) else ""
        centre_id = centre_id if isinstance(centre_id, str) else ""
        try:
            if not isinstance(entry, dict) or not centre_id:
                raise ValueError("entry")
            name = _text(entry, "name")
            result = _check_entry(entry, centre_id, name, office_fingerprint)
        except (ValueError, TypeError, KeyError):
            broken.append(BrokenChain(centre_id[:80], "", MALFORMED))
            continue
        if isinstance(result, VouchedCentre):
            vouched[centre_id] = result
        else:
            broken.append(BrokenChain(centre_id, name, result))
    return vouched, broken


def _check_entry(entry: dict[str, Any], centre_id: str, name: str, office_fingerprint: str) -> VouchedCentre | str:
    keys = {}
    for text in entry["keys"]:
        try:
            key_file = parse_key_file(text.encode("utf-8"), name, expected_role=CENTRE_KIND)
        except KeyRefused:
            return MALFORMED
        keys[key_file.fingerprint.text] = key_file.public_key
    newest: tuple[str, str, str] | None = None  # created_at, key fingerprint, state digest
    reason = NO_VALID_PACKAGE
    for package in entry["packages"]:
        manifest_bytes, signature = _bytes(package["manifest"]), _bytes(package["signature"])
        try:
            manifest = parse_manifest_bytes(manifest_bytes, Path(MANIFEST))
        except PackageRefused:
            return MALFORMED
        key = keys.get(manifest.origin.key_fingerprint)
        if key is None or not key.verify(signature, manifest_bytes):
            reason = BAD_SIGNATURE
            continue
        if manifest.kind != CENTRE_KIND or manifest.origin.centre_id != centre_id:
            reason = BAD_SIGNATURE
            continue
        if manifest.recipient != office_fingerprint:
            reason = NOT_FOR_THIS_OFFICE
            continue
        found = (manifest.created_at, manifest.origin.key_fingerprint, manifest.state_digest)
        if newest is None or found > newest:
            newest = found
    if newest is None:
        return reason
    return VouchedCentre(centre_id, name, _text(entry, "commune_code", 40), newest[1], newest[2],
                         _text(entry, "digest", 200))
