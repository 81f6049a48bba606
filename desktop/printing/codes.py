"""The code printed on every returned sheet (as a QR code and as a typeable line).

Format: ``CLC:<class code>:<yyyy>-<mm>:p<page>``, e.g. ``CLC:XA01234-L2026-003:2026-03:p2``.
Colons only separate fields; a class code keeps letters, digits and ``. _ - /`` as they are and
percent-encodes anything else (UTF-8), so any code round-trips and the line stays typeable.
Parsing ignores surrounding blanks and the case of ``CLC`` and ``p``; class codes come back as
printed (or as typed: matching them case-insensitively is up to the caller).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple
from urllib.parse import quote, unquote

PREFIX = "CLC"
_SAFE = "._-/"
_PATTERN = re.compile(
    r"^CLC:(?P<code>[A-Za-z0-9._/%-]+):(?P<year>\d{4})-(?P<month>\d{2}):P(?P<page>\d{1,4})$",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


class DocumentCode(NamedTuple):
    class_code: str
    year: int
    month: int
    page: int

    def __str__(self) -> str:
        return make_sheet_code(self.class_code, self.year, self.month, self.page)


def make_sheet_code(class_code: str, year: int, month: int, page: int) -> str:
    """The code line for one page of a sheet; ValueError if a field cannot be encoded."""
    code = unicodedata.normalize("NFC", class_code.strip())
    if not code:
        raise ValueError("empty class code")
    if not (1000 <= year <= 9999 and 1 <= month <= 12 and 1 <= page <= 9999):
        raise ValueError(f"bad year, month or page: {year}, {month}, {page}")
    escaped = quote(code, safe=_SAFE).replace("~", "%7E")  # quote() never escapes "~"
    return f"{PREFIX}:{escaped}:{year:04d}-{month:02d}:p{page}"


def parse_sheet_code(text: str) -> DocumentCode:
    """Read a scanned or typed code back; ValueError on anything that is not one."""
    match = _PATTERN.match(text.strip())
    if match is None:
        raise ValueError(f"not a sheet code: {text!r}")
    raw = match["code"]
    if _PERCENT.search(raw):
        raise ValueError(f"bad escape in sheet code: {text!r}")
    try:
        class_code = unquote(raw, errors="strict")
    except UnicodeDecodeError as error:
        raise ValueError(f"bad escape in sheet code: {text!r}") from error
    year, month, page = int(match["year"]), int(match["month"]), int(match["page"])
    if not (1 <= month <= 12 and page >= 1 and year >= 1000):
        raise ValueError(f"bad month or page in sheet code: {text!r}")
    return DocumentCode(class_code, year, month, page)
