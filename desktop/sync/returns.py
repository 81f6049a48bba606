"""What a return package (office → centre) carries, as checked plain data (sync-design item 7).

A return package is an ordinary package (same ZIP, signature, encryption and checks) of kind
"return", encrypted to one centre's key. Its rows, one table per part:
- `acknowledgement`: per installation of the centre, how far the office holds its changes
  without a gap (the centre's next package starts after that point);
- `reference_version`: a whole version of a reference list (topic groups, kinds, partner bodies,
  administrative codes), numbered; a centre applies a version only above the one it holds;
- `correction`: a change the office asks for to one field of one of the centre's records, with
  the officer's reason;
- `revocation`: a key that must no longer be trusted; an office key's revocation carries the
  statement that old key signed, naming its replacement.
The manifest's `extra` says for which centre, the return's number and the minimum app version.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.sync.jsonio import canonical_bytes, strict_loads
from desktop.sync.keys import Identity, PublicKey

KIND_RETURN = "return"
ACKNOWLEDGEMENT, REFERENCE, CORRECTION, REVOCATION = "acknowledgement", "reference_version", "correction", "revocation"
MAX_ENTRIES = 20_000
_FINGERPRINT = re.compile(r"[0-9a-f]{32}")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,59}")
_VERSION = re.compile(r"[0-9]{1,4}(\.[0-9]{1,4}){0,3}")


class ReturnContentError(ValueError):
    """A return package's rows do not follow the format."""


@dataclass(frozen=True)
class Acknowledgement:
    installation_id: str
    sequence_to: int
    package_hash: str | None


@dataclass(frozen=True)
class ReferenceEntry:
    key: str
    name_vi: str
    name_en: str


@dataclass(frozen=True)
class ReferenceVersion:
    list_name: str
    version: int
    published_at: str
    entries: tuple[ReferenceEntry, ...]


@dataclass(frozen=True)
class Correction:
    id: str
    table: str
    record_id: str
    record_label: str
    field: str
    old: Any
    new: Any
    reason: str
    proposed_at: str


@dataclass(frozen=True)
class Revocation:
    fingerprint: str
    role: str
    reason: str
    revoked_at: str
    statement: bytes  # for an office key: canonical JSON the revoked key signed
    signature: bytes


@dataclass(frozen=True)
class ReturnContents:
    acknowledgements: tuple[Acknowledgement, ...] = ()
    reference_versions: tuple[ReferenceVersion, ...] = ()
    corrections: tuple[Correction, ...] = ()
    revocations: tuple[Revocation, ...] = ()


def version_tuple(text: str) -> tuple[int, ...]:
    """"1.4.10" → (1, 4, 10); ValueError when it is not a dotted version."""
    if not _VERSION.fullmatch(text):
        raise ValueError(f"version {text!r}")
    return tuple(int(part) for part in text.split("."))


def is_newer_version(required: str, running: str) -> bool:
    """Whether `required` is above `running` (unreadable texts never block)."""
    try:
        want, have = version_tuple(required), version_tuple(running.split("+")[0].split("-")[0])
    except ValueError:
        return False
    width = max(len(want), len(have))
    return want + (0,) * (width - len(want)) > have + (0,) * (width - len(have))


def return_tables(contents: ReturnContents) -> list[tuple[str, list[dict[str, Any]]]]:
    """The rows to write, table by table (empty tables left out)."""
    tables = [
        (ACKNOWLEDGEMENT, [{"installation_id": a.installation_id, "sequence_to": a.sequence_to,
                            "package_hash": a.package_hash} for a in contents.acknowledgements]),
        (REFERENCE, [{"list": r.list_name, "version": r.version, "published_at": r.published_at,
                      "entries": [{"key": e.key, "name_vi": e.name_vi, "name_en": e.name_en} for e in r.entries]}
                     for r in contents.reference_versions]),
        (CORRECTION, [{"id": c.id, "table": c.table, "record_id": c.record_id, "record_label": c.record_label,
                       "field": c.field, "old": c.old, "new": c.new, "reason": c.reason,
                       "proposed_at": c.proposed_at} for c in contents.corrections]),
        (REVOCATION, [{"fingerprint": r.fingerprint, "role": r.role, "reason": r.reason, "revoked_at": r.revoked_at,
                       "statement": base64.b64encode(r.statement).decode("ascii"),
                       "signature": base64.b64encode(r.signature).decode("ascii")} for r in contents.revocations]),
    ]
    return [(name, rows) for name, rows in tables if rows]


def _require(condition: bool, what: str) -> None:
    if not condition:
        raise ReturnContentError(what)


def _text(row: Mapping[str, Any], key: str, limit: int = 2000, empty: bool = True) -> str:
    value = row.get(key)
    _require(isinstance(value, str) and len(value) <= limit and (empty or value != ""), key)
    return value  # type: ignore[return-value]


def _uuid(row: Mapping[str, Any], key: str) -> str:
    value = _text(row, key, 36, empty=False)
    try:
        _require(str(uuid.UUID(value)) == value, key)
    except ValueError:
        raise ReturnContentError(key) from None
    return value


def _when(row: Mapping[str, Any], key: str) -> str:
    value = _text(row, key, 40, empty=False)
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise ReturnContentError(key) from None
    return value


def _bytes(row: Mapping[str, Any], key: str) -> bytes:
    value = _text(row, key, 20_000)
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ReturnContentError(key) from None


def _plain(value: Any) -> bool:
    return value is None or type(value) in (str, int, bool) and (type(value) is not str or len(value) <= 2000)


def parse_return(tables: Iterable[tuple[str, Iterable[Mapping[str, Any]]]]) -> ReturnContents:
    """Check every row of a return package; ReturnContentError names the first fault."""
    acks: list[Acknowledgement] = []
    references: list[ReferenceVersion] = []
    corrections: list[Correction] = []
    revocations: list[Revocation] = []
    for table, rows in tables:
        for row in rows:
            _require(isinstance(row, dict), f"{table}: not an object")
            if table == ACKNOWLEDGEMENT:
                sequence = row.get("sequence_to")
                _require(type(sequence) is int and 0 <= sequence < 2**62, "sequence_to")
                package_hash = row.get("package_hash")
                _require(package_hash is None or (isinstance(package_hash, str)
                                                  and re.fullmatch(r"[0-9a-f]{64}", package_hash) is not None),
                         "package_hash")
                acks.append(Acknowledgement(_uuid(row, "installation_id"), sequence, package_hash))
            elif table == REFERENCE:
                name = _text(row, "list", 60)  # the kinds are registered in services; a newer office's
                _require(_NAME.fullmatch(name) is not None, "list")  # unknown kind is kept, not refused
                version = row.get("version")
                _require(type(version) is int and 0 < version < 2**31, "version")
                entries = row.get("entries")
                _require(isinstance(entries, list) and len(entries) <= MAX_ENTRIES, "entries")
                parsed = tuple(ReferenceEntry(_text(entry, "key", 60, empty=False), _text(entry, "name_vi", 300),
                                              _text(entry, "name_en", 300))
                               for entry in entries if _is_dict(entry))
                _require(len(parsed) == len(entries), "entries")
                _require(len({entry.key for entry in parsed}) == len(parsed), "entries: a key twice")
                references.append(ReferenceVersion(name, version, _when(row, "published_at"), parsed))
            elif table == CORRECTION:
                table_name, field = _text(row, "table", 60), _text(row, "field", 60)
                _require(_NAME.fullmatch(table_name) is not None and _NAME.fullmatch(field) is not None,
                         "table or field name")
                _require(_plain(row.get("old")) and _plain(row.get("new")), "values")
                corrections.append(Correction(_uuid(row, "id"), table_name, _uuid(row, "record_id"),
                                              _text(row, "record_label", 300), field, row.get("old"),
                                              row.get("new"), _text(row, "reason", 2000, empty=False),
                                              _when(row, "proposed_at")))
            elif table == REVOCATION:
                fingerprint = _text(row, "fingerprint", 32)
                _require(_FINGERPRINT.fullmatch(fingerprint) is not None, "fingerprint")
                role = _text(row, "role", 12)
                _require(role in ("centre", "office"), "role")
                revocations.append(Revocation(fingerprint, role, _text(row, "reason", 2000),
                                              _when(row, "revoked_at"), _bytes(row, "statement"),
                                              _bytes(row, "signature")))
            else:
                raise ReturnContentError(f"table {table!r}")
    return ReturnContents(tuple(acks), tuple(references), tuple(corrections), tuple(revocations))


def _is_dict(value: Any) -> bool:
    _require(isinstance(value, dict), "entry")
    return True


# ---- an office key's revocation, signed by the key it revokes ---------------------------------

def revocation_statement(old: PublicKey, replacement_key_file: str, reason: str, revoked_at: str) -> bytes:
    return canonical_bytes({"revokes": old.fingerprint.text, "replacement_key": replacement_key_file,
                            "reason": reason, "revoked_at": revoked_at})


def sign_revocation(old: Identity, replacement_key_file: str, reason: str, revoked_at: str) -> tuple[bytes, bytes]:
    statement = revocation_statement(old.public, replacement_key_file, reason, revoked_at)
    return statement, old.sign(statement)


def checked_statement(revocation: Revocation, signer: PublicKey) -> dict[str, Any] | None:
    """The statement's content when `signer` (the revoked key itself) signed it for this
    fingerprint, else None."""
    if signer.fingerprint.text != revocation.fingerprint or not signer.verify(revocation.signature,
                                                                              revocation.statement):
        return None
    try:
        content = strict_loads(revocation.statement)
    except ValueError:
        return None
    if not isinstance(content, dict) or content.get("revokes") != revocation.fingerprint:
        return None
    return content
