"""The package's ZIP container, written in one canonical layout and checked byte for byte on reading.

Every member is stored (the data is already compressed and encrypted), with fixed header fields, no
extra fields and no comments, one after another from the first byte, then the central directory and
the end record. Any ZIP reader can list and extract it. On reading, the layout is rebuilt from the
names, sizes and CRCs and compared with the file, so no byte of the container escapes a check:
the bytes that zipfile ignores (times, attributes, counts, disk numbers) must be exactly ours.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from dataclasses import dataclass
from typing import BinaryIO

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_LOCAL_SIGNATURE = 0x04034B50
_CENTRAL_SIGNATURE = 0x02014B50
_END_SIGNATURE = 0x06054B50
_VERSION = 20                 # 2.0: stored members, no ZIP64
_MADE_BY = (3 << 8) | _VERSION  # made on "Unix" so attributes mean the same on every reader
_FILE_ATTRIBUTES = (0o100644 << 16)
_LIMIT = 0xFFFFFFFF

LOCAL_HEADER_BYTES = _LOCAL.size
END_RECORD_BYTES = _END.size


class LayoutError(ValueError):
    """The container is not laid out exactly as a package writer lays it out."""


@dataclass(frozen=True)
class Entry:
    """One member as the container holds it: where its stored bytes are, and their CRC-32."""

    name: str
    header_offset: int
    data_offset: int
    size: int
    crc: int


def dos_time(moment: dt.datetime) -> tuple[int, int]:
    """(time, date) words of the ZIP format; years outside 1980-2107 are clamped."""
    year = min(max(moment.year, 1980), 2107)
    date = ((year - 1980) << 9) | (moment.month << 5) | moment.day
    time = (moment.hour << 11) | (moment.minute << 5) | (moment.second // 2)
    return time, date


def _local_header(name: bytes, crc: int, size: int, time: int, date: int) -> bytes:
    return _LOCAL.pack(_LOCAL_SIGNATURE, _VERSION, 0, 0, time, date, crc, size, size, len(name), 0) + name


def _central_header(name: bytes, crc: int, size: int, offset: int, time: int, date: int) -> bytes:
    return _CENTRAL.pack(_CENTRAL_SIGNATURE, _MADE_BY, _VERSION, 0, 0, time, date, crc, size, size,
                         len(name), 0, 0, 0, 0, _FILE_ATTRIBUTES, offset) + name


def _end_record(count: int, central_size: int, central_offset: int) -> bytes:
    return _END.pack(_END_SIGNATURE, 0, 0, count, count, central_size, central_offset, 0)


class ContainerWriter:
    """Appends members to an open binary file, then finishes with the directory and end record."""

    def __init__(self, handle: BinaryIO, moment: dt.datetime) -> None:
        self._handle = handle
        self._time, self._date = dos_time(moment)
        self._offset = 0
        self._entries: list[tuple[bytes, int, int, int]] = []
        self._names: set[str] = set()

    def add(self, name: str, data: bytes) -> None:
        if name in self._names:
            raise ValueError(f"member {name} written twice")
        encoded = name.encode("ascii")
        crc = zlib.crc32(data)
        header = _local_header(encoded, crc, len(data), self._time, self._date)
        if self._offset + len(header) + len(data) > _LIMIT:
            raise ValueError("a package cannot exceed 4 GB")
        self._handle.write(header)
        self._handle.write(data)
        self._entries.append((encoded, crc, len(data), self._offset))
        self._names.add(name)
        self._offset += len(header) + len(data)

    def finish(self) -> int:
        """Write the central directory and end record; returns the file's size."""
        directory = b"".join(_central_header(name, crc, size, offset, self._time, self._date)
                             for name, crc, size, offset in self._entries)
        self._handle.write(directory)
        self._handle.write(_end_record(len(self._entries), len(directory), self._offset))
        return self._offset + len(directory) + END_RECORD_BYTES


def check_layout(handle: BinaryIO, file_size: int, members: list[tuple[str, int, int, int]],
                 date_time: tuple[int, int, int, int, int, int]) -> list[Entry]:
    """Compare the file with the canonical layout of `members` (name, header offset, size, crc).

    `members` come from zipfile's reading of the central directory, in its order; `date_time` is
    the first member's. Raises LayoutError at the first difference."""
    year, month, day, hour, minute, second = date_time
    date = ((year - 1980) << 9) | (month << 5) | day
    time = (hour << 11) | (minute << 5) | (second // 2)
    entries: list[Entry] = []
    offset = 0
    directory = bytearray()
    for name, header_offset, size, crc in members:
        encoded = name.encode("ascii")
        if header_offset != offset:
            raise LayoutError(f"member {name} does not follow the previous one")
        expected = _local_header(encoded, crc, size, time, date)
        handle.seek(offset)
        if handle.read(len(expected)) != expected:
            raise LayoutError(f"local header of {name} differs")
        data_offset = offset + len(expected)
        entries.append(Entry(name, offset, data_offset, size, crc))
        directory += _central_header(encoded, crc, size, offset, time, date)
        offset = data_offset + size
    expected_tail = bytes(directory) + _end_record(len(members), len(directory), offset)
    if offset + len(expected_tail) != file_size:
        raise LayoutError("the file does not end where its directory says")
    handle.seek(offset)
    if handle.read(len(expected_tail)) != expected_tail:
        raise LayoutError("central directory or end record differs")
    return entries
