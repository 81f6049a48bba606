"""Villages a list names that the centre does not know yet, grouped the Vietnamese way.

A commune's list writes one village many ways ("Thôn 3", "thôn 03", "Thon 3", "Nà Hạ",
"Bản Nà Hạ"); they are one village, matched by the same key the village matcher uses (folded,
"Thôn"/"Bản"/"Xóm"/"Tổ" prefix optional, numbers without leading zeros). The spelling kept for a
new village is the one most rows use; on a tie the one with its diacritics and capitals (a name
typed carefully), then the one met first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from desktop.importing.cells import clean_text, village_key


@dataclass(frozen=True)
class NewVillage:
    """A village to add: the spelling kept, every other spelling met, the rows naming it."""

    name: str
    other_spellings: tuple[str, ...]
    rows: tuple[int, ...]


def _care(spelling: str) -> int:
    """How carefully a name is typed: diacritics and capital letters count."""
    marks = sum(1 for ch in unicodedata.normalize("NFD", spelling) if unicodedata.combining(ch))
    return marks + sum(1 for ch in spelling if ch.isupper()) + spelling.count("đ") + spelling.count("Đ")


def first_place(text: str) -> str:
    """An address "Thôn Đông, xã Tân Lập" names its village first."""
    return re.split(r"\s*[,;]\s*", text)[0].strip() or text


class UnknownVillages:
    """Collects unknown village names, row by row, in the order met."""

    def __init__(self) -> None:
        self._spellings: dict[str, dict[str, list[int]]] = {}

    def add(self, value: object, row: int) -> None:
        text = clean_text(value)
        if text is None:
            return
        name = first_place(text)
        key = village_key(name)
        if not key:
            return
        self._spellings.setdefault(key, {}).setdefault(name, []).append(row)

    def __bool__(self) -> bool:
        return bool(self._spellings)

    def villages(self) -> list[NewVillage]:
        found: list[NewVillage] = []
        for spellings in self._spellings.values():
            order = list(spellings)
            kept = max(order, key=lambda s: (len(spellings[s]), _care(s), -order.index(s)))
            rows = sorted(row for rows in spellings.values() for row in rows)
            found.append(NewVillage(kept, tuple(s for s in order if s != kept), tuple(rows)))
        return found
