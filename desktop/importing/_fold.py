"""Word-preserving folding for matching headers and village names typed in many ways."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def fold_words(text: str) -> str:
    """Lower case, no diacritics, đ→d, punctuation as spaces: "Thôn/Bản" → "thon ban"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = stripped.replace("đ", "d").replace("Đ", "D").lower()
    return _NOT_WORD.sub(" ", lowered).strip()


def collapse_spaces(text: str) -> str:
    """NFC with runs of any whitespace (tabs, line breaks, no-break spaces) made one space."""
    return " ".join(unicodedata.normalize("NFC", text).split())
