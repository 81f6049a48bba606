"""A digest of a set of records (table, id, version, deleted), independent of their order.

Each record hashes to a 256-bit number; the digest is their count and their sum modulo 2**256. A sum
(not XOR) keeps two equal records from cancelling out, and lets a digest be kept up to date one
record at a time (`add`, `remove`) instead of recomputed. A centre computes it before an export and
the office recomputes it over that centre's rows after an import: equal digests, equal state.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

_MODULUS = 1 << 256
_SEPARATOR = "\x1f"
PREFIX = "sd1"


def _record_number(table: str, record_id: str, version: str | int, deleted: bool) -> int:
    if _SEPARATOR in table or _SEPARATOR in record_id:
        raise ValueError("a table name or record id contains a control character")
    text = _SEPARATOR.join((table, record_id, str(version), "1" if deleted else "0"))
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest(), "big")


class StateDigest:
    """An order-independent digest that records can be added to and removed from."""

    def __init__(self) -> None:
        self.count = 0
        self._sum = 0

    def add(self, table: str, record_id: str, version: str | int, deleted: bool) -> None:
        self._sum += _record_number(table, record_id, version, deleted)
        self.count += 1

    def remove(self, table: str, record_id: str, version: str | int, deleted: bool) -> None:
        self._sum -= _record_number(table, record_id, version, deleted)
        self.count -= 1

    def add_all(self, records: Iterable[tuple[str, str, str | int, bool]]) -> None:
        total, count = 0, 0
        for table, record_id, version, deleted in records:
            total += _record_number(table, record_id, version, deleted)
            count += 1
        self._sum += total
        self.count += count

    @property
    def value(self) -> str:
        """`sd1:<count>:<64 hex>`: readable, comparable as text."""
        return f"{PREFIX}:{self.count}:{self._sum % _MODULUS:064x}"

    def merge(self, other: StateDigest) -> None:
        """Add another digest's records (a package's changes to the state held so far)."""
        self._sum += other._sum
        self.count += other.count

    @classmethod
    def parse(cls, value: str) -> StateDigest:
        """A digest back from its `value` (kept between imports, so an office never re-reads a
        centre's ten years to compare it after a monthly package)."""
        prefix, count, total = value.split(":")
        if prefix != PREFIX:
            raise ValueError(f"not a state digest: {value!r}")
        digest = cls()
        digest.count, digest._sum = int(count), int(total, 16)
        return digest


def state_digest(records: Iterable[tuple[str, str, str | int, bool]]) -> str:
    """The digest of (table, id, version, deleted) records, in any order.

    A version is compared as text (5 and "5" are the same version)."""
    digest = StateDigest()
    digest.add_all(records)
    return digest.value
