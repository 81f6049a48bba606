"""ISBN-10 and ISBN-13: check digits, conversion, and the messages for wrong ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import ValidationError
from desktop.i18n import set_language
from desktop.services.books.isbn import (
    clean_isbn,
    is_valid_isbn,
    isbn10_check_digit,
    isbn10_to_13,
    isbn13_check_digit,
    isbn13_to_10,
    normalise_isbn,
    to_isbn13,
)


@pytest.mark.parametrize("isbn", [
    "978-604-60-0000-6", "9786046000006", "ISBN 978-0-306-40615-7", "0-306-40615-2",
    "ISBN-10: 0 306 40615 2", "080442957X", "080442957x", "979-10-90636-07-1",
])
def test_valid_isbns(isbn):
    assert is_valid_isbn(isbn)


@pytest.mark.parametrize("isbn", [
    "978-604-60-0000-0", "9780306406158", "0-306-40615-3", "12345", "97860460000", "abcdefghij",
    "9771234567898",  # an ISSN-style EAN, not a book number
])
def test_invalid_isbns(isbn):
    assert not is_valid_isbn(isbn)


def test_check_digits_of_known_numbers():
    assert isbn13_check_digit("978030640615") == "7"
    assert isbn10_check_digit("030640615") == "2"
    assert isbn10_check_digit("080442957") == "X"


def test_conversion_both_ways():
    assert isbn10_to_13("0-306-40615-2") == "9780306406157"
    assert isbn13_to_10("978-0-306-40615-7") == "0306406152"
    assert isbn13_to_10("9791090636071") is None  # 979 numbers have no ISBN-10
    assert to_isbn13("080442957X") == "9780804429573"
    assert to_isbn13("9780306406158") is None
    with pytest.raises(ValueError):
        isbn10_to_13("0306406153")


def test_cleaning_keeps_only_the_number():
    assert clean_isbn(" ISBN: 978–604–60–0000–6 ") == "9786046000006"
    assert normalise_isbn("") == ""
    assert normalise_isbn(" 978-604-60-0000-6 ") == "9786046000006"


def test_a_wrong_check_digit_is_refused_with_the_right_one_named():
    set_language("en")
    with pytest.raises(ValidationError) as raised:
        normalise_isbn("978-604-60-0000-0")
    assert raised.value.field == "isbn"
    assert "check digit" in raised.value.message and "6" in raised.value.message


def test_wrong_shapes_get_their_own_messages():
    set_language("en")
    with pytest.raises(ValidationError, match="10 or 13 digits"):
        normalise_isbn("12345")
    with pytest.raises(ValidationError, match="978 or 979"):
        normalise_isbn("1234567890123")


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_every_twelve_digits_make_a_valid_isbn13_and_one_changed_digit_breaks_it(body):
    body = "978" + body[3:]
    isbn = body + isbn13_check_digit(body)
    assert is_valid_isbn(isbn)
    broken = isbn[:5] + str((int(isbn[5]) + 1) % 10) + isbn[6:]
    assert not is_valid_isbn(broken)
    assert isbn10_to_13(isbn13_to_10(isbn)) == isbn


@given(st.text(alphabet="0123456789", min_size=9, max_size=9), st.integers(0, 8))
def test_swapping_two_adjacent_different_digits_breaks_an_isbn10(body, position):
    isbn = body + isbn10_check_digit(body)
    if isbn[position] == isbn[position + 1]:
        return
    swapped = isbn[:position] + isbn[position + 1] + isbn[position] + isbn[position + 2:]
    assert not is_valid_isbn(swapped)
