"""The communes, wards and special zones from 1 July 2025 with their official codes.

Read once, when first asked for, from `communes_2025.csv` beside this module (where it comes from:
`communes_2025.SOURCE.md`). Searched the Vietnamese way: without accents or case, so "nguyen"
finds "Nguyễn", and "xã"/"phường" may be left out.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

from desktop.reference.ethnic_groups import fold_key
from desktop.reference.provinces import CODE_SYSTEM_2025, find_province

SOURCE = Path(__file__).with_name("communes_2025.csv")
_KINDS = ("dac khu ", "phuong ", "xa ")


@dataclass(frozen=True)
class Commune:
    code: str
    name: str  # as written in the official list: "Xã Tân Hợp", "Phường Ba Đình", "Đặc khu Côn Đảo"
    province_code: str
    code_system: str = CODE_SYSTEM_2025

    @property
    def province_name(self) -> str:
        province = find_province(self.province_code)
        return province.name_vi if province else ""

    @property
    def label(self) -> str:
        """What a list shows: code, name and province."""
        return f"{self.code} — {self.name}, {self.province_name}"


def _words(text: str) -> str:
    """Lower case, no accents, đ → d, single spaces (fold_key without dropping the spaces)."""
    return " ".join(fold_key(word) for word in text.split())


@functools.cache
def communes() -> tuple[Commune, ...]:
    with SOURCE.open(encoding="utf-8", newline="") as handle:
        return tuple(Commune(row["code"], row["name"], row["province_code"]) for row in csv.DictReader(handle))


@functools.cache
def _by_code() -> dict[str, Commune]:
    return {commune.code: commune for commune in communes()}


@functools.cache
def _search_keys() -> tuple[tuple[str, str, Commune], ...]:
    """(the name's words folded, the same without its kind, the commune)."""
    keys = []
    for commune in communes():
        words = _words(commune.name)
        bare = next((words[len(kind):] for kind in _KINDS if words.startswith(kind)), words)
        keys.append((words, bare, commune))
    return tuple(keys)


def commune_by_code(code: str) -> Commune | None:
    return _by_code().get(code.strip().zfill(5)) if code.strip().isdigit() else None


def nearest_communes(code: str, province_code: str | None = None, limit: int = 3) -> list[Commune]:
    """The listed communes whose codes are nearest to `code` (a mistyped or pre-2025 code), those
    of the province first."""
    if not code.strip().isdigit():
        return []
    wanted = int(code)
    ranked = sorted(communes(), key=lambda commune: (province_code not in (None, "", commune.province_code),
                                                     abs(int(commune.code) - wanted), commune.code))
    return ranked[:limit]


def find_communes(text: str, province_code: str | None = None, limit: int = 50) -> list[Commune]:
    """The communes whose code starts with `text`, or whose name has its words (accents and case
    ignored; a name that begins with them comes first); in one province when given."""
    query = text.strip()
    if not query:
        return [commune for commune in communes() if province_code in (None, commune.province_code)][:limit]
    if query.isdigit():
        return [commune for commune in communes() if commune.code.startswith(query)
                and province_code in (None, commune.province_code)][:limit]
    wanted = _words(query)
    starting, containing = [], []
    for words, bare, commune in _search_keys():
        if province_code not in (None, commune.province_code):
            continue
        if bare.startswith(wanted) or words.startswith(wanted):
            starting.append(commune)
        elif f" {wanted}" in f" {words}" or all(f" {part}" in f" {words}" for part in wanted.split()):
            containing.append(commune)
    return (starting + containing)[:limit]
