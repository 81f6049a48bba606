"""Sync identity: UUIDv7 ids and a hybrid logical clock that never goes backwards.

See ../shared/sync-design.md items 1-3. Ids are made offline and are time-ordered, so inserts
stay fast; the clock survives a PC clock reset to 2000 because it never falls below what it saw.

Both have a compact stored form (issue 17) and a text form that users, packages and logs see:
an id is 16 bytes in the database and canonical UUID text everywhere else; a clock reading is one
integer (wall milliseconds shifted left by COUNTER_BITS, plus a counter) with the installation
kept apart as a small local number, and `015d-06d-installation` text in packages.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import uuid6

COUNTER_BITS = 20  # a counter of up to 999,999 (the text form's six digits) fits exactly
COUNTER_MASK = (1 << COUNTER_BITS) - 1
MAX_TEXT_COUNTER = 999_999


def new_id() -> str:
    """A new globally unique, time-ordered record id (UUIDv7, canonical text)."""
    return str(uuid6.uuid7())


def id_to_bytes(text: str) -> bytes:
    """Canonical UUID text to its 16 stored bytes; ValueError for anything else."""
    if len(text) != 36 or text[8] != "-" or text[13] != "-" or text[18] != "-" or text[23] != "-":
        raise ValueError(f"not a record id: {text!r}")
    raw = bytes.fromhex(text.replace("-", ""))
    if len(raw) != 16:  # fromhex skips spaces: "  " in place of two digits
        raise ValueError(f"not a record id: {text!r}")
    return raw


def id_from_bytes(raw: bytes) -> str:
    """16 stored bytes to canonical lower-case UUID text."""
    h = raw.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def id_time(text: str) -> dt.datetime:
    """When a UUIDv7 id was made (its first 48 bits are Unix milliseconds), as local time."""
    millis = int(text[:8] + text[9:13], 16)
    return dt.datetime.fromtimestamp(millis / 1000)


def pack_clock(millis: int, counter: int) -> int:
    return (millis << COUNTER_BITS) | counter


def clock_millis(packed: int) -> int:
    return packed >> COUNTER_BITS


def clock_time(packed: int) -> dt.datetime:
    """The wall time a packed clock reading was taken at, as local time."""
    return dt.datetime.fromtimestamp(clock_millis(packed) / 1000)


@dataclass(frozen=True, order=True)
class HlcTimestamp:
    """A hybrid-logical-clock reading: wall milliseconds, a counter, and the installation."""

    millis: int
    counter: int
    node: str

    def encode(self) -> str:
        """Fixed-width text whose string order is the clock order (the form packages carry)."""
        return f"{self.millis:015d}-{self.counter:06d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> HlcTimestamp:
        millis, counter, node = text.split("-", 2)
        return cls(int(millis), int(counter), node)

    @property
    def packed(self) -> int:
        return pack_clock(self.millis, self.counter)

    @classmethod
    def unpack(cls, packed: int, node: str) -> HlcTimestamp:
        return cls(packed >> COUNTER_BITS, packed & COUNTER_MASK, node)


def wall_millis() -> int:
    return int(time.time() * 1000)


def next_clock(last: int | None, now_millis: int | None = None) -> int:
    """The next packed reading after `last`, monotonic even when the wall clock goes back.

    While the wall clock is behind, the counter counts on; when it would leave the text form's six
    digits it carries into the milliseconds, so the clock still never repeats or goes back."""
    now = pack_clock(wall_millis() if now_millis is None else now_millis, 0)
    if last is None or now > last:
        return now
    following = last + 1
    if following & COUNTER_MASK > MAX_TEXT_COUNTER:
        following = pack_clock(clock_millis(last) + 1, 0)
    return following


def next_hlc(last: HlcTimestamp | None, node: str, wall_millis: int | None = None) -> HlcTimestamp:
    """The next clock reading after `last`, monotonic even when the wall clock goes back."""
    packed = next_clock(last.packed if last else None, wall_millis)
    return HlcTimestamp.unpack(packed, node)


def receive_hlc(last: HlcTimestamp | None, remote: HlcTimestamp, node: str,
                wall_millis: int | None = None) -> HlcTimestamp:
    """Advance the local clock past a reading seen in an imported package."""
    base = max(filter(None, (last, remote)), key=lambda t: (t.millis, t.counter))
    return next_hlc(base, node, wall_millis)
