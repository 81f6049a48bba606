"""The manifest: what a package holds, who made it and for whom, as checked plain data.

`build_manifest` makes the document the writer signs; `parse_manifest` checks an untrusted one
(after `upgrade` has brought an older format version up to date) and returns a `Manifest`.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FORMAT = "clc-sync"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
SUMMARY = "summary.txt"

MAX_CHUNK_PLAIN_BYTES = 64 * 1024 * 1024
MAX_MEDIA_BYTES = 128 * 1024 * 1024
MAX_TOTAL_PLAIN_BYTES = 16 * 1024 * 1024 * 1024

TABLE_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
MEDIA_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,119}")
DATA_MEMBER = re.compile(r"data/([a-z][a-z0-9_]{0,62})/(0|[1-9][0-9]{0,6})\.bin")
MEDIA_MEMBER = re.compile(r"media/(" + MEDIA_NAME.pattern + r")\.bin")
KIND = re.compile(r"[a-z][a-z0-9-]{0,31}")
HEX_HASH = re.compile(r"[0-9a-f]{64}")
FINGERPRINT = re.compile(r"[0-9a-f]{32}")
ORIGIN_FIELDS = ("centre_id", "centre_name", "commune_code", "province_code", "installation_id")


class ManifestError(ValueError):
    """The manifest does not follow the format."""


def data_member(table: str, index: int) -> str:
    return f"data/{table}/{index}.bin"


def media_member(name: str) -> str:
    return f"media/{name}.bin"


@dataclass(frozen=True)
class Origin:
    """Who made the package. The writer fills `key_fingerprint` from the signing identity."""

    centre_id: str
    centre_name: str
    commune_code: str
    province_code: str
    installation_id: str
    key_fingerprint: str = ""


@dataclass(frozen=True)
class MemberEntry:
    """A member as the manifest lists it. `size`/`sha256` are of the stored (encrypted) bytes."""

    name: str
    sha256: str
    size: int
    plain_size: int
    rows: int


@dataclass(frozen=True)
class Encryption:
    scheme: str
    ephemeral_public: bytes
    wrapped_key: bytes


@dataclass(frozen=True)
class Manifest:
    format_version: int
    kind: str
    schema_version: str
    app_version: str
    package_id: str
    created_at: str
    origin: Origin
    recipient: str
    sequence_from: int
    sequence_to: int
    full: bool
    previous_package_hash: str | None
    tables: dict[str, int]
    state_digest: str
    members: tuple[MemberEntry, ...]
    encryption: Encryption
    extra: dict[str, Any]
    document: dict[str, Any] = field(repr=False, compare=False)

    def member(self, name: str) -> MemberEntry:
        for entry in self.members:
            if entry.name == name:
                return entry
        raise KeyError(name)

    def data_members(self) -> list[tuple[str, int, MemberEntry]]:
        """(table, chunk index, entry) in the order written: the caller's table order, then chunks."""
        found = []
        for entry in self.members:
            match = DATA_MEMBER.fullmatch(entry.name)
            if match:
                found.append((match.group(1), int(match.group(2)), entry))
        return found

    def media_members(self) -> list[tuple[str, MemberEntry]]:
        found = []
        for entry in self.members:
            match = MEDIA_MEMBER.fullmatch(entry.name)
            if match:
                found.append((match.group(1), entry))
        return found


def build_manifest(*, kind: str, schema_version: str, app_version: str, package_id: str,
                   created_at: str, origin: Origin, recipient: str, sequence_from: int,
                   sequence_to: int, full: bool, previous_package_hash: str | None,
                   tables: dict[str, int], state_digest: str, members: list[MemberEntry],
                   encryption: Encryption, extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "schema_version": schema_version,
        "app_version": app_version,
        "package_id": package_id,
        "created_at": created_at,
        "origin": {name: getattr(origin, name) for name in (*ORIGIN_FIELDS, "key_fingerprint")},
        "recipient": recipient,
        "sequence": {"from": sequence_from, "to": sequence_to},
        "full": full,
        "previous_package_hash": previous_package_hash,
        "tables": dict(tables),
        "state_digest": state_digest,
        "members": [{"name": m.name, "sha256": m.sha256, "size": m.size, "plain_size": m.plain_size,
                     "rows": m.rows} for m in members],
        "encryption": {"scheme": encryption.scheme,
                       "ephemeral_public": base64.b64encode(encryption.ephemeral_public).decode("ascii"),
                       "wrapped_key": base64.b64encode(encryption.wrapped_key).decode("ascii")},
        "extra": extra,
    }


# Converters from an older format version to the next one: {1: upgrade_1_to_2, ...}. A new format
# version adds its converter here, so packages of older centres are still read.
UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """Bring an older manifest up to FORMAT_VERSION (the caller has refused newer ones)."""
    version = document["format_version"]
    while version < FORMAT_VERSION:
        if version not in UPGRADES:
            raise ManifestError(f"no converter from format version {version}")
        document = UPGRADES[version](document)
        version += 1
        if document.get("format_version") != version:
            raise ManifestError(f"converter from {version - 1} did not produce {version}")
    return document


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ManifestError(what)


def _text(document: dict[str, Any], key: str, limit: int = 300, empty: bool = False) -> str:
    value = document.get(key)
    _require(isinstance(value, str) and len(value) <= limit and (empty or value != ""), key)
    return value  # type: ignore[return-value]


def _count(value: Any, what: str) -> int:
    _require(type(value) is int and value >= 0, what)
    return value  # type: ignore[no-any-return]


def _base64(value: Any, length: int, what: str) -> bytes:
    _require(isinstance(value, str), what)
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ManifestError(what) from None
    _require(len(raw) == length, what)
    return raw


def parse_manifest(document: Any, *, scheme: str, ephemeral_bytes: int, wrapped_bytes: int) -> Manifest:
    """Check every field of a current-version manifest; raise ManifestError naming the first fault."""
    _require(isinstance(document, dict), "not an object")
    _require(document.get("format") == FORMAT and document.get("format_version") == FORMAT_VERSION,
             "format")
    kind = _text(document, "kind", 32)
    _require(KIND.fullmatch(kind) is not None, "kind")
    package_id = _text(document, "package_id", 36)
    try:
        _require(str(uuid.UUID(package_id)) == package_id, "package_id")
    except ValueError:
        raise ManifestError("package_id") from None
    created_at = _text(document, "created_at", 40)
    try:
        dt.datetime.fromisoformat(created_at)
    except ValueError:
        raise ManifestError("created_at") from None

    origin_document = document.get("origin")
    _require(isinstance(origin_document, dict), "origin")
    origin = Origin(*(_text(origin_document, name, empty=True) for name in ORIGIN_FIELDS),
                    key_fingerprint=_text(origin_document, "key_fingerprint", 32))
    _require(FINGERPRINT.fullmatch(origin.key_fingerprint) is not None, "origin.key_fingerprint")
    recipient = _text(document, "recipient", 32)
    _require(FINGERPRINT.fullmatch(recipient) is not None, "recipient")

    sequence = document.get("sequence")
    _require(isinstance(sequence, dict) and set(sequence) == {"from", "to"}, "sequence")
    sequence_from = _count(sequence["from"], "sequence.from")
    sequence_to = _count(sequence["to"], "sequence.to")
    _require(sequence_from <= sequence_to + 1, "sequence range")
    full = document.get("full")
    _require(isinstance(full, bool), "full")
    previous = document.get("previous_package_hash")
    _require(previous is None or (isinstance(previous, str) and HEX_HASH.fullmatch(previous) is not None),
             "previous_package_hash")

    tables_document = document.get("tables")
    _require(isinstance(tables_document, dict), "tables")
    tables = {}
    for table, count in tables_document.items():
        _require(TABLE_NAME.fullmatch(table) is not None, f"table name {table!r}")
        tables[table] = _count(count, f"tables.{table}")
    members = _parse_members(document.get("members"), tables)

    encryption_document = document.get("encryption")
    _require(isinstance(encryption_document, dict) and encryption_document.get("scheme") == scheme,
             "encryption.scheme")
    encryption = Encryption(scheme,
                            _base64(encryption_document.get("ephemeral_public"), ephemeral_bytes,
                                    "encryption.ephemeral_public"),
                            _base64(encryption_document.get("wrapped_key"), wrapped_bytes,
                                    "encryption.wrapped_key"))
    extra = document.get("extra")
    _require(isinstance(extra, dict), "extra")
    return Manifest(
        format_version=FORMAT_VERSION, kind=kind,
        schema_version=_text(document, "schema_version", 64),
        app_version=_text(document, "app_version", 64), package_id=package_id, created_at=created_at,
        origin=origin, recipient=recipient, sequence_from=sequence_from, sequence_to=sequence_to,
        full=full, previous_package_hash=previous, tables=tables,
        state_digest=_text(document, "state_digest", 200, empty=True), members=members,
        encryption=encryption, extra=extra, document=document)


def _parse_members(value: Any, tables: dict[str, int]) -> tuple[MemberEntry, ...]:
    _require(isinstance(value, list), "members")
    members: list[MemberEntry] = []
    names: set[str] = set()
    rows_per_table: dict[str, int] = {table: 0 for table in tables}
    chunks_per_table: dict[str, set[int]] = {table: set() for table in tables}
    total_plain = 0
    for item in value:
        _require(isinstance(item, dict) and set(item) == {"name", "sha256", "size", "plain_size", "rows"},
                 "member fields")
        name = item["name"]
        _require(isinstance(name, str) and name not in names, "member name")
        names.add(name)
        sha256 = item["sha256"]
        _require(isinstance(sha256, str) and HEX_HASH.fullmatch(sha256) is not None, f"{name} sha256")
        entry = MemberEntry(name, sha256, _count(item["size"], f"{name} size"),
                            _count(item["plain_size"], f"{name} plain_size"),
                            _count(item["rows"], f"{name} rows"))
        data = DATA_MEMBER.fullmatch(name)
        if data:
            table, index = data.group(1), int(data.group(2))
            _require(table in tables, f"{name}: table not listed")
            _require(entry.rows > 0 and entry.plain_size <= MAX_CHUNK_PLAIN_BYTES, f"{name} sizes")
            rows_per_table[table] += entry.rows
            chunks_per_table[table].add(index)
        elif MEDIA_MEMBER.fullmatch(name):
            _require(entry.rows == 0 and entry.plain_size <= MAX_MEDIA_BYTES, f"{name} sizes")
        else:
            _require(name == SUMMARY and entry.rows == 0 and entry.plain_size == entry.size,
                     f"member {name!r}")
        total_plain += entry.plain_size
        members.append(entry)
    _require(SUMMARY in names, "summary member")
    _require(total_plain <= MAX_TOTAL_PLAIN_BYTES, "total plain size")
    for table, count in tables.items():
        _require(rows_per_table[table] == count, f"row count of {table}")
        _require(chunks_per_table[table] == set(range(len(chunks_per_table[table]))),
                 f"chunks of {table}")
    return tuple(members)
