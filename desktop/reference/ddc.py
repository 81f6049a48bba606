"""Dewey Decimal main classes: the default classification pick list of the book cabinet.

Small libraries use abridged DDC 14 (Circular 18/2014); the scheme is configurable elsewhere: this
is only the default list, with the divisions CLC reports single out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class DdcClass:
    code: str  # three digits, "000".."900"
    name_vi: str
    name_en: str


DDC_MAIN_CLASSES: tuple[DdcClass, ...] = (
    DdcClass("000", "Tin học, thông tin và tác phẩm tổng quát",
             "Computer science, information and general works"),
    DdcClass("100", "Triết học và tâm lý học", "Philosophy and psychology"),
    DdcClass("200", "Tôn giáo", "Religion"),
    DdcClass("300", "Khoa học xã hội", "Social sciences"),
    DdcClass("400", "Ngôn ngữ", "Language"),
    DdcClass("500", "Khoa học tự nhiên và toán học", "Natural sciences and mathematics"),
    DdcClass("600", "Công nghệ", "Technology"),
    DdcClass("700", "Nghệ thuật, vui chơi giải trí", "Arts and recreation"),
    DdcClass("800", "Văn học", "Literature"),
    DdcClass("900", "Lịch sử và địa lý", "History and geography"),
)

# Divisions that CLC loan statistics name on their own (law books, farming manuals...).
DDC_NOTED_DIVISIONS: tuple[DdcClass, ...] = (
    DdcClass("340", "Luật", "Law"),
    DdcClass("370", "Giáo dục", "Education"),
    DdcClass("610", "Y học", "Medicine and health"),
    DdcClass("630", "Nông nghiệp", "Agriculture"),
)

_LEADING_CLASS = re.compile(r"\s*(\d)\d\d(?!\d)")


def ddc_main_class(code: str) -> DdcClass | None:
    """The main class with exactly this code ("600"), or None."""
    return next((item for item in DDC_MAIN_CLASSES if item.code == code.strip()), None)


def main_class_of(call_number: str) -> DdcClass | None:
    """The main class a classification or call number falls in: "634.9 NG-A" → 600."""
    match = _LEADING_CLASS.match(call_number)
    if match is None:
        return None
    return DDC_MAIN_CLASSES[int(match.group(1))]
