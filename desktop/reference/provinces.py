"""The 34 provinces and centrally-run cities from 1 July 2025 (statistics office codes).

Codes were reused with new meanings when provinces merged: 15 was Yên Bái and is now Lào Cai,
and other merged provinces likewise took over a predecessor's code. So a code only means something
with its code system and validity dates; store those with it and never key data on a bare code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.reference.ethnic_groups import fold_key

CODE_SYSTEM_2025 = "2025"
REFORM_DATE = dt.date(2025, 7, 1)


@dataclass(frozen=True)
class Province:
    code: str
    name_vi: str
    name_en: str
    valid_from: dt.date
    valid_to: dt.date | None
    code_system: str
    other_names: tuple[str, ...] = ()


_ROWS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("01", "Hà Nội", "Hanoi", ("Ha Noi",)),
    ("04", "Cao Bằng", "Cao Bang", ()),
    ("08", "Tuyên Quang", "Tuyen Quang", ()),
    ("11", "Điện Biên", "Dien Bien", ()),
    ("12", "Lai Châu", "Lai Chau", ()),
    ("14", "Sơn La", "Son La", ()),
    ("15", "Lào Cai", "Lao Cai", ()),
    ("19", "Thái Nguyên", "Thai Nguyen", ()),
    ("20", "Lạng Sơn", "Lang Son", ()),
    ("22", "Quảng Ninh", "Quang Ninh", ()),
    ("24", "Bắc Ninh", "Bac Ninh", ()),
    ("25", "Phú Thọ", "Phu Tho", ()),
    ("31", "Hải Phòng", "Hai Phong", ()),
    ("33", "Hưng Yên", "Hung Yen", ()),
    ("37", "Ninh Bình", "Ninh Binh", ()),
    ("38", "Thanh Hóa", "Thanh Hoa", ()),
    ("40", "Nghệ An", "Nghe An", ()),
    ("42", "Hà Tĩnh", "Ha Tinh", ()),
    ("44", "Quảng Trị", "Quang Tri", ()),
    # Thừa Thiên Huế became the city of Huế (same code) before the 2025 reform.
    ("46", "Huế", "Hue", ("Thừa Thiên Huế",)),
    ("48", "Đà Nẵng", "Da Nang", ()),
    ("51", "Quảng Ngãi", "Quang Ngai", ()),
    ("52", "Gia Lai", "Gia Lai", ()),
    ("56", "Khánh Hòa", "Khanh Hoa", ()),
    ("66", "Đắk Lắk", "Dak Lak", ("Đăk Lăk",)),
    ("68", "Lâm Đồng", "Lam Dong", ()),
    ("75", "Đồng Nai", "Dong Nai", ()),
    ("79", "TP Hồ Chí Minh", "Ho Chi Minh City", ("Hồ Chí Minh", "TPHCM", "HCM", "Sài Gòn")),
    ("80", "Tây Ninh", "Tay Ninh", ()),
    ("82", "Đồng Tháp", "Dong Thap", ()),
    ("86", "Vĩnh Long", "Vinh Long", ()),
    ("91", "An Giang", "An Giang", ()),
    ("92", "Cần Thơ", "Can Tho", ()),
    ("96", "Cà Mau", "Ca Mau", ()),
)

PROVINCES: tuple[Province, ...] = tuple(
    Province(code, name_vi, name_en, REFORM_DATE, None, CODE_SYSTEM_2025, other_names)
    for code, name_vi, name_en, other_names in _ROWS
)

_BY_CODE = {province.code: province for province in PROVINCES}
# Written before a name: "Tỉnh Sơn La", "Thành phố Huế", "TP. Cần Thơ".
_PREFIXES = ("thanhpho", "tinh", "tp")


def _name_key(text: str) -> str:
    folded = fold_key(text)
    for prefix in _PREFIXES:
        if folded.startswith(prefix) and len(folded) > len(prefix):
            return folded[len(prefix):]
    return folded


_BY_NAME = {
    _name_key(name): province
    for province in PROVINCES
    for name in (province.name_vi, province.name_en, *province.other_names)
}


def find_province(code_or_name: str | int) -> Province | None:
    """The 2025 province with this code ("1", "01", 1) or name (any case, accents optional)."""
    text = str(code_or_name).strip()
    if text.isdigit():
        return _BY_CODE.get(text.zfill(2))
    return _BY_NAME.get(_name_key(text)) if text else None
