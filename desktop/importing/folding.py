"""Word-preserving folding for matching headers and village names typed in many ways."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Terminal escape sequences whole (ESC [ 31 m), then any other control character, and the
# invisible format characters (zero-width spaces, direction overrides, byte-order marks) that
# make two equal-looking names differ. Tabs and line breaks stay: they are spaces to the reader.
_CONTROLS = re.compile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b[@-_]?|\x9b[0-?]*[ -/]*[@-~]"
                       "|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]")


def fold_words(text: str) -> str:
    """Lower case, no diacritics, đ→d, punctuation as spaces: "Thôn/Bản" → "thon ban"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.replace("đ", "d").replace("Đ", "D").lower()
    return _NOT_WORD.sub(" ", lowered).strip()


def strip_controls(text: str) -> str:
    """Text without control characters: what a file may carry but no register should keep."""
    return _CONTROLS.sub("", text)


def collapse_spaces(text: str) -> str:
    """NFC with runs of any whitespace (tabs, line breaks, no-break spaces) made one space, and
    without control characters."""
    return " ".join(strip_controls(unicodedata.normalize("NFC", text)).split())


def heading_field(header: str, exact: Mapping[str, str],
                  patterns: Iterable[tuple[str, re.Pattern[str]]], longest: int) -> str | None:
    """The field a column heading names: an exact folded heading first, then the first pattern
    found in it. Longer text is a title line ("DANH SÁCH HỌC VIÊN LỚP…"), not a heading."""
    folded = fold_words(header)
    if not folded or len(folded) > longest:
        return None
    if folded in exact:
        return exact[folded]
    for key, pattern in patterns:
        if pattern.search(folded):
            return key
    return None
