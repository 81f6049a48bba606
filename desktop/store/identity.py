"""Sync identity: UUIDv7 ids and a hybrid logical clock that never goes backwards.

See ../shared/sync-design.md items 1-3. Ids are made offline and are time-ordered, so inserts
stay fast; the clock survives a PC clock reset to 2000 because it never falls below what it saw.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import uuid6


def new_id() -> str:
    """A new globally unique, time-ordered record id (UUIDv7, canonical text)."""
    return str(uuid6.uuid7())


@dataclass(frozen=True, order=True)
class HlcTimestamp:
    """A hybrid-logical-clock reading: wall milliseconds, a counter, and the installation."""

    millis: int
    counter: int
    node: str

    def encode(self) -> str:
        """Fixed-width text whose string order is the clock order (portable to any SQL)."""
        return f"{self.millis:015d}-{self.counter:06d}-{self.node}"

    @classmethod
    def decode(cls, text: str) -> HlcTimestamp:
        millis, counter, node = text.split("-", 2)
        return cls(int(millis), int(counter), node)


def next_hlc(last: HlcTimestamp | None, node: str, wall_millis: int | None = None) -> HlcTimestamp:
    """The next clock reading after `last`, monotonic even when the wall clock goes back."""
    now = int(time.time() * 1000) if wall_millis is None else wall_millis
    if last is None or now > last.millis:
        return HlcTimestamp(now, 0, node)
    return HlcTimestamp(last.millis, last.counter + 1, node)


def receive_hlc(last: HlcTimestamp | None, remote: HlcTimestamp, node: str,
                wall_millis: int | None = None) -> HlcTimestamp:
    """Advance the local clock past a reading seen in an imported package."""
    now = int(time.time() * 1000) if wall_millis is None else wall_millis
    base = max(filter(None, (last, remote)), key=lambda t: (t.millis, t.counter))
    if now > base.millis:
        return HlcTimestamp(now, 0, node)
    return HlcTimestamp(base.millis, base.counter + 1, node)
