"""The sheet code: printed on every returned page, typed or scanned back to open the right grid."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.printing.codes import DocumentCode, make_sheet_code, parse_sheet_code


def test_the_code_is_compact_and_reads_back() -> None:
    code = make_sheet_code("XA01234-L2026-003", 2026, 3, 2)
    assert code == "CLC:XA01234-L2026-003:2026-03:p2"
    assert parse_sheet_code(code) == ("XA01234-L2026-003", 2026, 3, 2)
    assert str(parse_sheet_code(code)) == code


def test_typed_codes_are_forgiving_about_case_and_blanks() -> None:
    assert parse_sheet_code("  clc:XA01234-L2026-003:2026-12:P11\n") == DocumentCode(
        "XA01234-L2026-003", 2026, 12, 11
    )


def test_a_class_code_with_any_characters_round_trips_without_a_colon() -> None:
    code = make_sheet_code("Lớp: Tà Xùa 1", 2025, 10, 1)
    assert code.count(":") == 3 and " " not in code
    assert parse_sheet_code(code).class_code == "Lớp: Tà Xùa 1"


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "CLC",
        "XA01234-L2026-003",
        "CLC:XA01234:2026-03",
        "CLC:XA01234:2026-13:p1",
        "CLC:XA01234:2026-00:p1",
        "CLC:XA01234:2026-03:p0",
        "CLC::2026-03:p1",
        "CLC:XA 01:2026-03:p1",
        "CLC:XA%2:2026-03:p1",
        "CLC:XA%FF:2026-03:p1",
        "CLC:XA01234:26-03:p1",
        "CLC:XA01234:2026-03:p1 extra",
        "ABC:XA01234:2026-03:p1",
    ],
)
def test_junk_is_refused(junk: str) -> None:
    with pytest.raises(ValueError):
        parse_sheet_code(junk)


def test_impossible_fields_are_refused_when_printing() -> None:
    for args in (("", 2026, 3, 1), ("A", 2026, 13, 1), ("A", 2026, 3, 0), ("A", 26, 3, 1)):
        with pytest.raises(ValueError):
            make_sheet_code(*args)


@given(
    class_code=st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s.strip()),
    year=st.integers(1000, 9999),
    month=st.integers(1, 12),
    page=st.integers(1, 9999),
)
def test_every_code_round_trips(class_code: str, year: int, month: int, page: int) -> None:
    import unicodedata

    code = make_sheet_code(class_code, year, month, page)
    assert code.isascii() and code.isprintable()
    expected = unicodedata.normalize("NFC", class_code)
    assert parse_sheet_code(code) == (expected, year, month, page)
