"""Vietnam's 54 ethnic groups plus "foreigner", with both official code orders.

Data is keyed on a stable ASCII slug, never on a code: the GSO 1979 order (Decision 121-TCTK/PPCĐ,
used by the 2019 census and health insurance) and the GSO 2008 order (Decision 1019/QĐ-TCTK) give
different numbers to the same group. Only the first 20 codes of the 2008 order are confirmed; the
others stay None until they are.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from collections.abc import Mapping
from typing import Literal

CodeSystem = Literal["1979", "2008"]

# Characters users type inconsistently inside names (Khơ-me, Khơ me, H'Mông, H’Mông).
_DROPPED = str.maketrans("", "", "-‐–'’‘`ʼ. \t\u00a0")


def fold_key(text: str) -> str:
    """Fold text for lookups: no diacritics, đ→d, lower case, no hyphens, apostrophes or spaces.

    A local helper on purpose: reference data must not depend on desktop.text.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D").casefold().translate(_DROPPED)


@dataclass(frozen=True)
class EthnicGroup:
    key: str
    name_vi: str
    name_en: str
    code_1979: str
    code_2008: str | None
    minority: bool
    very_small: bool
    other_names: tuple[str, ...] = ()


_VERY_SMALL = frozenset({
    "cong", "mang", "pu-peo", "si-la", "co-lao", "bo-y", "la-ha", "ngai", "chut", "o-du", "brau",
    "ro-mam", "lo-lo", "lu", "pa-then", "la-hu",
})

# The confirmed head of the 2008 order; the remaining groups have no confirmed 2008 code yet.
_CODES_2008 = {
    "kinh": "01", "tay": "02", "thai": "03", "muong": "04", "kho-me": "05", "hoa": "06",
    "nung": "07", "hmong": "08", "dao": "09", "gia-rai": "10", "e-de": "11", "ba-na": "12",
    "san-chay": "13", "cham": "14", "co-ho": "15", "xo-dang": "16", "san-diu": "17", "hre": "18",
    "ra-glai": "19", "mnong": "20",
}

# (key, Vietnamese name, English name, other names) in GSO 1979 order: the position is code_1979.
# Other names are spellings met in the field and widely used English names; a name may belong to
# one group only (a test checks this).
_ROWS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("kinh", "Kinh", "Kinh", ("Việt",)),
    ("tay", "Tày", "Tay", ()),
    ("thai", "Thái", "Thai", ("Thái Đen", "Thái Trắng")),
    ("hoa", "Hoa", "Hoa (Chinese)", ("Người Hoa", "Hán")),
    ("kho-me", "Khơ-me", "Khmer", ("Khơ me", "Khmer", "Khmer Krôm", "Khơ-me Krôm")),
    ("muong", "Mường", "Muong", ()),
    ("nung", "Nùng", "Nung", ()),
    ("hmong", "H'Mông", "Hmong", ("Mèo", "Hmông", "Mông", "Hmong", "H'mong")),
    ("dao", "Dao", "Dao", ("Mán", "Dao Đỏ", "Dao Tiền", "Dao Quần Chẹt", "Dao Thanh Y")),
    ("gia-rai", "Gia-rai", "Jarai", ("Jarai", "Gia Lai")),
    ("ngai", "Ngái", "Ngai", ()),
    ("e-de", "Ê-đê", "Ede", ("Ê Đê", "Ra-đê", "Rhade", "Ede")),
    ("ba-na", "Ba-na", "Bahnar", ("Bahnar",)),
    ("xo-dang", "Xơ-đăng", "Sedang", ("Sedang",)),
    ("san-chay", "Sán Chay", "San Chay", ("Cao Lan", "Sán Chỉ", "Cao Lan - Sán Chỉ")),
    ("co-ho", "Cơ-ho", "Koho", ("Koho", "K'ho")),
    ("cham", "Chăm", "Cham", ("Chàm",)),
    ("san-diu", "Sán Dìu", "San Diu", ()),
    ("hre", "Hrê", "Hre", ()),
    ("mnong", "Mnông", "Mnong", ("M'nông", "Mơ-nông")),
    ("ra-glai", "Ra-glai", "Raglai", ("Raglai",)),
    ("xtieng", "Xtiêng", "Stieng", ("Stiêng", "Stieng", "X'tiêng")),
    ("bru-van-kieu", "Bru-Vân Kiều", "Bru-Van Kieu", ("Bru", "Vân Kiều")),
    ("tho", "Thổ", "Tho", ()),
    ("giay", "Giáy", "Giay", ()),
    ("co-tu", "Cơ-tu", "Katu", ("Katu", "Ca-tu")),
    ("gie-trieng", "Giẻ-Triêng", "Gie Trieng", ("Gié-Triêng", "Gié Triêng")),
    ("ma", "Mạ", "Ma", ()),
    ("kho-mu", "Khơ-mú", "Khmu", ("Khmu", "Khơ mú")),
    ("co", "Co", "Co", ()),
    ("ta-oi", "Tà-ôi", "Ta Oi", ("Pa-cô", "Pa Cô")),
    ("cho-ro", "Chơ-ro", "Cho Ro", ()),
    ("khang", "Kháng", "Khang", ()),
    ("xinh-mun", "Xinh-mun", "Xinh Mun", ()),
    ("ha-nhi", "Hà Nhì", "Ha Nhi", ()),
    ("chu-ru", "Chu-ru", "Chu Ru", ()),
    ("lao", "Lào", "Lao", ()),
    ("la-chi", "La Chí", "La Chi", ()),
    ("la-ha", "La Ha", "La Ha", ()),
    ("phu-la", "Phù Lá", "Phu La", ()),
    ("la-hu", "La Hủ", "La Hu", ()),
    ("lu", "Lự", "Lu", ()),
    ("lo-lo", "Lô Lô", "Lo Lo", ()),
    ("chut", "Chứt", "Chut", ()),
    ("mang", "Mảng", "Mang", ()),
    ("pa-then", "Pà Thẻn", "Pa Then", ()),
    ("co-lao", "Cờ Lao", "Co Lao", ("Cơ Lao",)),
    ("cong", "Cống", "Cong", ()),
    ("bo-y", "Bố Y", "Bo Y", ()),
    ("si-la", "Si La", "Si La", ()),
    ("pu-peo", "Pu Péo", "Pu Peo", ()),
    ("brau", "Brâu", "Brau", ()),
    ("o-du", "Ơ Đu", "O Du", ()),
    ("ro-mam", "Rơ-măm", "Ro Mam", ()),
    ("foreigner", "Người nước ngoài", "Foreigner", ("Nước ngoài", "Ngoại quốc")),
)

ETHNIC_GROUPS: tuple[EthnicGroup, ...] = tuple(
    EthnicGroup(
        key=key, name_vi=name_vi, name_en=name_en, code_1979=f"{position:02d}",
        code_2008=_CODES_2008.get(key), minority=key not in ("kinh", "foreigner"),
        very_small=key in _VERY_SMALL, other_names=other_names,
    )
    for position, (key, name_vi, name_en, other_names) in enumerate(_ROWS, start=1)
)

_BY_KEY = {group.key: group for group in ETHNIC_GROUPS}
_BY_CODE: dict[CodeSystem, dict[str, EthnicGroup]] = {
    "1979": {group.code_1979: group for group in ETHNIC_GROUPS},
    "2008": {group.code_2008: group for group in ETHNIC_GROUPS if group.code_2008},
}
_BY_NAME = {
    fold_key(name): group
    for group in ETHNIC_GROUPS
    for name in (group.name_vi, group.name_en, group.key, *group.other_names)
}
# Cells sometimes carry a prefix: "Dân tộc Tày", "DT Thái", "Người Mường".
_PREFIXES = ("dantoc", "nguoi", "dt")


def ethnic_group_by_key(key: str) -> EthnicGroup | None:
    """The group stored under `key`, or None for a key this version does not know."""
    return _BY_KEY.get(key)


def find_ethnic_group(text: str, *, code_system: CodeSystem = "1979",
                      local_names: Mapping[str, str] | None = None) -> EthnicGroup | None:
    """The group a user's text names: a name, another name, or a code of `code_system`.

    Codes are ambiguous between the two orders (04 is Hoa in 1979 and Mường in 2008), so the
    caller says which order its codes follow; 1979 is what census and insurance lists use.
    `local_names` maps a centre's own names for groups (folded with `fold_key`) to group keys.
    """
    group = _find_standard(text, code_system)
    if group is None and local_names:
        folded = fold_key(text)
        for candidate in (folded, *(folded[len(p):] for p in _PREFIXES if folded.startswith(p))):
            if candidate in local_names:
                return _BY_KEY.get(local_names[candidate])
    return group


def _find_standard(text: str, code_system: CodeSystem) -> EthnicGroup | None:
    text = text.strip()
    if not text:
        return None
    number = text[:-2] if text.endswith(".0") else text  # a code read from a numeric cell
    if number.isdigit() and len(number) <= 2:
        return _BY_CODE[code_system].get(number.zfill(2))
    folded = fold_key(text)
    if folded in _BY_NAME:
        return _BY_NAME[folded]
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and folded[len(prefix):] in _BY_NAME:
            return _BY_NAME[folded[len(prefix):]]
    return None
