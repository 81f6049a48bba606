"""Which column of a commune learner list holds which field, guessed from its header text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.importing.folding import heading_field


@dataclass(frozen=True)
class Field:
    key: str
    name_vi: str
    name_en: str


# Stable keys: the import dialog stores a user's mapping with them.
FIELDS: tuple[Field, ...] = (
    Field("full_name", "Họ và tên", "Full name"),
    Field("family_name", "Họ và tên đệm", "Family and middle names"),
    Field("given_name", "Tên", "Given name"),
    Field("birth_date", "Ngày sinh", "Birth date"),
    Field("birth_year", "Năm sinh", "Year of birth"),
    # Survey exports split the date: "Ngày sinh", "Tháng sinh", "Năm sinh" in three columns.
    Field("birth_day", "Ngày sinh (cột ngày)", "Day of birth"),
    Field("birth_month", "Tháng sinh", "Month of birth"),
    Field("gender", "Giới tính", "Gender"),
    # Lists often have a "Nữ" (and a "Nam") column marked with x, or holding the birth year.
    Field("female_mark", "Cột Nữ", "Women's column"),
    Field("male_mark", "Cột Nam", "Men's column"),
    Field("ethnic_group", "Dân tộc", "Ethnic group"),
    Field("village", "Thôn, bản, tổ dân phố", "Village"),
    Field("phone", "Số điện thoại", "Phone"),
    Field("citizen_id", "Số CCCD", "Citizen ID"),
    Field("occupation", "Nghề nghiệp", "Occupation"),
    Field("schooling", "Trình độ văn hóa", "Schooling"),
    Field("religion", "Tôn giáo", "Religion"),
    Field("notes", "Ghi chú", "Notes"),
)
FIELD_KEYS = frozenset(field.key for field in FIELDS)

# A known column that carries nothing to import (row numbers, signatures).
IGNORED = "ignored"

# Whole-header matches, tried first: short words that would match too much as parts of a header.
_EXACT: dict[str, str] = {
    "stt": IGNORED, "tt": IGNORED, "so tt": IGNORED, "so thu tu": IGNORED, "no": IGNORED,
    "ky ten": IGNORED, "ky": IGNORED, "chu ky": IGNORED, "ky nhan": IGNORED, "signature": IGNORED,
    "ho": "family_name", "ten": "given_name", "name": "full_name",
    "nu": "female_mark", "nu x": "female_mark", "nam": "male_mark", "nam x": "male_mark",
    "nam nu": "gender", "gioi": "gender",
    "ban": "village", "to": "village", "ap": "village", "xom": "village", "buon": "village",
    "dt": "phone", "id": "citizen_id", "lop": "schooling",
}

# Phrases found anywhere in a header, in priority order: "họ và tên đệm" must win over
# "họ và tên", and "ngày tháng năm sinh" over "năm sinh".
_PHRASES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("family_name", ("ho va ten dem", "ho ten dem", "ho va dem", "ho dem", "ho va chu lot",
                     "ho lot", "family name", "surname", "last name")),
    ("given_name", ("given name", "first name")),
    ("full_name", ("ho va ten", "ho ten", "full name", "ten hoc vien", "ten nguoi hoc")),
    ("birth_date", ("ngay thang nam sinh", "ngay sinh", "ngay thang sinh", "date of birth",
                    "birth date", "dob")),
    ("birth_year", ("nam sinh", "year of birth", "birth year", "sinh nam")),
    ("birth_month", ("thang sinh", "month of birth", "birth month")),
    ("birth_day", ("day of birth", "birth day")),
    ("gender", ("gioi tinh", "gender", "sex")),
    ("ethnic_group", ("dan toc", "ethnic", "ethnicity")),
    ("religion", ("ton giao", "religion")),
    ("phone", ("dien thoai", "sdt", "dtdd", "phone", "mobile")),
    ("citizen_id", ("cccd", "cmnd", "can cuoc", "dinh danh", "citizen id", "id number",
                    "id card")),
    ("occupation", ("nghe nghiep", "occupation", "job", "cong viec")),
    ("schooling", ("trinh do", "hoc van", "schooling", "education")),
    ("village", ("thon", "ban", "to dan pho", "xom", "dia chi", "noi o", "cho o", "cu tru",
                 "village", "address", "hamlet")),
    ("notes", ("ghi chu", "note", "remark")),
)
_PHRASE_PATTERNS = tuple(
    (key, re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b"))
    for key, phrases in _PHRASES
)
# Title lines ("DANH SÁCH HỌC VIÊN LỚP ... THÔN ĐÔNG") contain header words; real headers are short.
_MAX_HEADER_LENGTH = 50


def match_header(header: str) -> str | None:
    """The field key a header names, IGNORED for known columns without data, or None."""
    return heading_field(header, _EXACT, _PHRASE_PATTERNS, _MAX_HEADER_LENGTH)


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Field key → column index, the first column naming each field winning."""
    mapping: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = match_header(header)
        if key is not None and key != IGNORED and key not in mapping:
            mapping[key] = index
    # Beside a "Tháng sinh" column, "Ngày sinh" holds the day only.
    if "birth_month" in mapping and "birth_date" in mapping and "birth_day" not in mapping:
        mapping["birth_day"] = mapping.pop("birth_date")
    return mapping
