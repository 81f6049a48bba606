"""Vietnamese text rules: cleaning, folding for search, and Vietnamese alphabetical order."""

from __future__ import annotations

import random
import re
import sqlite3
import time
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.text.vietnamese import (
    clean_name,
    fold,
    fold_for_like,
    matches,
    name_sort_key,
    nfc,
    sort_key,
    split_full_name,
)

# Written out by hand (not built the way the module builds its tables): each row is a vowel
# with no tone, huyền, hỏi, ngã, sắc, nặng.
VOWEL_ROWS = {
    "a": "aàảãáạ", "ă": "ăằẳẵắặ", "â": "âầẩẫấậ", "e": "eèẻẽéẹ", "ê": "êềểễếệ",
    "i": "iìỉĩíị", "o": "oòỏõóọ", "ô": "ôồổỗốộ", "ơ": "ơờởỡớợ", "u": "uùủũúụ",
    "ư": "ưừửữứự", "y": "yỳỷỹýỵ",
}
FOLDED_BASE = {"a": "a", "ă": "a", "â": "a", "e": "e", "ê": "e", "i": "i", "o": "o", "ô": "o",
               "ơ": "o", "u": "u", "ư": "u", "y": "y"}
VIETNAMESE_LETTERS = sorted({char for row in VOWEL_ROWS.values() for char in row} | {"đ"})
NON_ASCII_LETTERS = [c for c in VIETNAMESE_LETTERS if not c.isascii()]
NON_ASCII_LETTERS += [c.upper() for c in NON_ASCII_LETTERS]


def _shuffled(items: list[str]) -> list[str]:
    copy = list(items)
    random.Random(20261123).shuffle(copy)
    assert copy != items
    return copy


def test_the_hand_written_table_has_all_134_letters() -> None:
    assert len(NON_ASCII_LETTERS) == 134
    assert all(unicodedata.normalize("NFC", c) == c and len(c) == 1 for c in NON_ASCII_LETTERS)


# --- nfc and clean_name ------------------------------------------------------------------

def test_nfc_composes_decomposed_text() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hoa")
    assert decomposed != "Nguyễn Thị Hoa"
    assert nfc(decomposed) == "Nguyễn Thị Hoa"


@pytest.mark.parametrize(("raw", "expected"), [
    ("  Nguyễn   Thị\tHoa \n", "Nguyễn Thị Hoa"),
    ("Nguyễn\u00a0Thị\u2009Hoa", "Nguyễn Thị Hoa"),  # no-break and thin spaces
    ("Ng\u200buyễn Thị\ufeff Hoa\u200d", "Nguyễn Thị Hoa"),  # zero-width junk from the web
    (unicodedata.normalize("NFD", "Đặng Văn Ước"), "Đặng Văn Ước"),
    ("Hồ Thị H\u2019Hen", "Hồ Thị H'Hen"),  # curly apostrophe in an Ê-đê name
    ("NGUYỄN văn an", "NGUYỄN văn an"),  # case is kept
    ("", ""),
    ("   ", ""),
])
def test_clean_name(raw: str, expected: str) -> None:
    assert clean_name(raw) == expected


def test_clean_name_keeps_legacy_mojibake_intact() -> None:
    # The soft hyphen is the TCVN3 "ư": cleaning before repair must not lose it.
    assert clean_name("Tr\xadêng  TiÓu häc") == "Tr\xadêng TiÓu häc"


# --- fold ----------------------------------------------------------------------------------

@pytest.mark.parametrize("base", list(VOWEL_ROWS))
def test_fold_every_vowel_with_every_tone(base: str) -> None:
    for letter in VOWEL_ROWS[base]:
        assert fold(letter) == FOLDED_BASE[base], letter
        assert fold(letter.upper()) == FOLDED_BASE[base], letter.upper()
        assert fold(unicodedata.normalize("NFD", letter.upper())) == FOLDED_BASE[base]


def test_fold_all_134_letters_to_ascii() -> None:
    folded = fold("".join(NON_ASCII_LETTERS))
    assert folded.isascii() and folded.isalpha() and folded == folded.lower()
    assert len(folded) == 134


@pytest.mark.parametrize(("text", "expected"), [
    ("Nguyễn Thị Hoa", "nguyen thi hoa"),
    ("ĐẶNG VĂN ĐỨC", "dang van duc"),
    ("đường", "duong"),
    ("Ðặng", "dang"),  # Ð (eth) typed for Đ
    ("  Lò \u00a0Thị\t\tPấng ", "lo thi pang"),
    ("Giàng Thị Mỷ", "giang thi my"),
    ("H'Mông", "h'mong"),
    ("Lớp 10A", "lop 10a"),
    ("Crème Brûlée", "creme brulee"),
    ("", ""),
])
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_fold_is_nfc_nfd_insensitive() -> None:
    for form in ("NFC", "NFD", "NFKC", "NFKD"):
        assert fold(unicodedata.normalize(form, "Nguyễn Thị Hoàng Phương Thảo")) == \
            "nguyen thi hoang phuong thao"


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text(alphabet=st.sampled_from(NON_ASCII_LETTERS + list(" abcdgHKLMNT"))))
def test_fold_of_vietnamese_is_lowercase_ascii(text: str) -> None:
    folded = fold(text)
    assert folded.isascii() and folded == folded.lower()
    assert fold(unicodedata.normalize("NFD", text)) == folded


# --- split_full_name ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "parts"), [
    ("Nguyễn Văn An", ("Nguyễn", "Văn", "An")),
    ("Nguyễn Thị Hoàng Phương Thảo", ("Nguyễn", "Thị Hoàng Phương", "Thảo")),
    ("Sùng A Páo", ("Sùng", "A", "Páo")),
    ("Lò Pấng", ("Lò", "", "Pấng")),
    ("Páo", ("", "", "Páo")),
    ("  Lò   Thị  Pấng ", ("Lò", "Thị", "Pấng")),
    ("", ("", "", "")),
])
def test_split_full_name(name: str, parts: tuple[str, str, str]) -> None:
    assert split_full_name(name) == parts


# --- sort_key ------------------------------------------------------------------------------

def test_alphabet_order() -> None:
    letters = list("aăâbcdđeêfghijklmnoôơpqrstuưvwxyz")
    shuffled = _shuffled(letters)
    assert sorted(shuffled, key=sort_key) == letters
    assert sorted((c.upper() for c in shuffled), key=sort_key) == [c.upper() for c in letters]


def test_tone_order_is_none_huyen_hoi_nga_sac_nang() -> None:
    words = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(words), key=sort_key) == words
    for base, row in VOWEL_ROWS.items():
        assert sorted(reversed(row), key=sort_key) == list(row), base


@pytest.mark.parametrize(("smaller", "larger"), [
    ("An", "Ăn"), ("Ăn", "Ân"), ("An", "Ân"),
    ("Anh", "Ăn"),  # the first letter decides: a < ă
    ("Dương", "Đào"), ("Dũng", "Đức"), ("Duy", "Đa"),  # every D… before Đ…
    ("Bình", "Bính"),  # huyền before sắc
    ("Hoa", "Hoà"), ("Hòa", "Hoá"),
    ("Ha", "Hà"), ("Hà", "Hai"), ("bà", "ba ba"),  # tones only break ties between letters
    ("An", "An Bình"), ("An Bình", "Anh"),  # a space sorts before any letter
    ("Lớp 9", "Lớp A"), ("9", "a"), ("Lớp 1", "Lớp 2"),  # digits before letters
    ("Chi", "Cường"),  # digraphs sort letter by letter
    ("O", "Ô"), ("Ô", "Ơ"), ("Ơ", "P"), ("U", "Ư"), ("Ư", "V"), ("E", "Ê"), ("Ê", "F"),
])
def test_vietnamese_order_pairs(smaller: str, larger: str) -> None:
    assert sort_key(smaller) < sort_key(larger)


def test_real_word_list_in_vietnamese_order() -> None:
    expected = ["An", "Anh", "Ánh", "Ăn", "Ân", "Ẩn", "Ấn", "Bắc", "Bình", "Bính", "Chi",
                "Cường", "Dung", "Dũng", "Duy", "Đào", "Đức", "Em", "Ê-đê", "Giang", "Hà",
                "Hải", "Khánh", "Lan", "Lò", "Mai", "Mỷ", "Nga", "Ngọc", "Nhung", "Oanh",
                "Ông", "Ơn", "Páo", "Pấng", "Thảo", "Ửng", "Ước", "Vân", "Xuân", "Yến"]
    assert sorted(_shuffled(expected), key=sort_key) == expected


def test_sort_key_is_case_and_normalisation_insensitive() -> None:
    assert sort_key("NGUYỄN THỊ HOA") == sort_key("nguyễn thị hoa") == sort_key("Nguyễn Thị Hoa")
    assert sort_key(unicodedata.normalize("NFD", "Đặng Ước")) == sort_key("Đặng Ước")
    assert sort_key("  An   Bình ") == sort_key("An Bình")


def test_old_and_new_tone_placement_sort_together() -> None:
    assert sort_key("Hoà") == sort_key("Hòa")
    assert sort_key("Thuý") == sort_key("Thúy")
    assert sort_key("Hoà") != sort_key("Hoa")


def test_sort_key_is_compact_ascii() -> None:
    key = sort_key("Nguyễn Thị Hoàng Phương Thảo")
    assert key.isascii() and key.isprintable()
    assert len(key) < 2 * len("Nguyễn Thị Hoàng Phương Thảo")


def test_sort_key_handles_unusual_characters() -> None:
    for text in ["H'Mông", "Lớp 10A, tổ 3", "中文", "Ñandú", "a\u0300\u0301", "Σ", "😀", "\x00"]:
        key = sort_key(text)
        assert key.isascii()
    assert sort_key("H'Mông") != sort_key("H-Mông")


def test_sqlite_binary_order_matches_python_order() -> None:
    words = ["Ân", "An", "Ăn", "Đức", "Dũng", "Bính", "Bình", "Ánh", "anh", "Lớp 2", "Lớp 10",
             "Ước", "Ửng", "ưng", "Ơn", "Ông", "Oanh", "Zô", "Yến", "9 Mai", "H'Mông", "Hmông"]
    keys = [sort_key(w) for w in words]
    with sqlite3.connect(":memory:") as connection:
        connection.execute("create table t (word text, k text)")
        connection.executemany("insert into t values (?, ?)", zip(words, keys, strict=True))
        connection.execute("create index t_k on t (k)")
        in_sqlite = [row[0] for row in connection.execute("select word from t order by k, word")]
    assert in_sqlite == sorted(words, key=lambda w: (sort_key(w), w))


# A slow, obviously correct model of the documented order, to check the fast keys against.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONE_OF = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPE_OF = {("a", "\u0306"): "ă", ("a", "\u0302"): "â", ("e", "\u0302"): "ê",
             ("o", "\u0302"): "ô", ("o", "\u031b"): "ơ", ("u", "\u031b"): "ư"}


def _model_letter(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, tone = decomposed[0], 0
    for mark in decomposed[1:]:
        base = _SHAPE_OF.get((base, mark), base)
        tone = tone or _TONE_OF.get(mark, 0)
    return base, tone


def _model_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    text = " ".join(nfc(text).split())
    primary = []
    for char in text:
        if char == " ":
            primary.append(-20)
        elif char.isdigit():
            primary.append(-10 + int(char))
        else:
            primary.append(_ALPHABET.index(_model_letter(char)[0]))
    runs = re.split(r"[ 0-9]", text)
    tones = tuple(next((t for c in run if (t := _model_letter(c)[1])), 0) for run in runs)
    return tuple(primary), tones


_TEXT = st.text(alphabet=st.sampled_from(NON_ASCII_LETTERS + list("abcdghklmnoqrstuvxyAĐ 0129")),
                max_size=12)


@settings(max_examples=400)
@given(_TEXT, _TEXT)
def test_sort_key_matches_the_model_order(a: str, b: str) -> None:
    model_a, model_b = _model_key(a), _model_key(b)
    assert (sort_key(a) < sort_key(b)) == (model_a < model_b)
    assert (sort_key(a) == sort_key(b)) == (model_a == model_b)


@given(st.lists(_TEXT, max_size=12))
def test_sort_key_gives_a_total_order(texts: list[str]) -> None:
    ordered = sorted(texts, key=sort_key)
    assert ordered == sorted(texts, key=_model_key)
    assert all(sort_key(x) <= sort_key(y) for x, y in zip(ordered, ordered[1:], strict=False))


# --- name_sort_key -----------------------------------------------------------------------

def test_names_sort_by_given_then_family_then_middle() -> None:
    expected = [
        "Nguyễn An",
        "Nguyễn Thị An",
        "Nguyễn Văn An",
        "Trần Văn An",
        "Phạm Thị Ánh",
        "Vũ Văn Ăn",
        "Hoàng Thị Ân",
        "Trần Thị Bình",
        "Đặng Văn Dũng",
        "Lê Văn Đức",
        "Trần Thị Hoa",
        "Nguyễn Thị Hòa",  # the given name, tone included, decides before the family name
        "Giàng Thị Mỷ",
        "Sùng A Páo",
        "Lò Thị Pấng",  # ethnic minority names sort under their given name: P
        "Nguyễn Thị Hoàng Phương Thảo",
        "Lường Văn Ước",
    ]
    assert sorted(_shuffled(expected), key=name_sort_key) == expected


def test_one_word_names_sort_among_given_names() -> None:
    names = ["Sùng A Páo", "Páo", "Lò Thị Pấng", "Pấng", "An"]
    assert sorted(names, key=name_sort_key) == ["An", "Páo", "Sùng A Páo", "Pấng", "Lò Thị Pấng"]


def test_name_sort_key_is_ascii_and_stable_under_cleaning() -> None:
    key = name_sort_key("Nguyễn Thị Hoàng Phương Thảo")
    assert key.isascii() and key.isprintable()
    assert name_sort_key("  Nguyễn  Thị\u00a0Hoàng Phương   Thảo") == key
    assert name_sort_key(unicodedata.normalize("NFD", "Nguyễn Thị Hoàng Phương Thảo")) == key
    assert len(key) < 120


def test_different_spellings_never_tie() -> None:
    spellings = ["Nguyễn Văn An", "NGUYỄN VĂN AN", "nguyễn văn an", "Nguyen Van An",
                 "Nguyễn Thị Hoà", "Nguyễn Thị Hòa", "Ðặng Văn An", "Đặng Văn An"]
    keys = [name_sort_key(s) for s in spellings]
    assert len(set(keys)) == len(spellings)
    # Case and tone placement only break ties: they never separate a name from its group.
    hoa = sorted(["Nguyễn Thị Hoà", "Trần Thị Hoả", "Nguyễn Thị Hòa"], key=name_sort_key)
    assert hoa[2] == "Trần Thị Hoả"


_NAME_WORD = st.text(alphabet=st.sampled_from(NON_ASCII_LETTERS + list("abcdghklmnoqrstuvxyAĐ")),
                     min_size=1, max_size=6)
_NAME = st.lists(_NAME_WORD, min_size=1, max_size=5).map(" ".join)


def _model_name(name: str) -> tuple[object, ...]:
    words = name.split()
    given, family = words[-1], (words[0] if len(words) > 1 else "")
    return _model_key(given), _model_key(family), _model_key(" ".join(words[1:-1]))


@settings(max_examples=400)
@given(_NAME, _NAME)
def test_name_sort_key_matches_the_model_and_ties_only_identical_names(a: str, b: str) -> None:
    key_a, key_b = name_sort_key(a), name_sort_key(b)
    assert (key_a == key_b) == (clean_name(a) == clean_name(b))
    if _model_name(a) != _model_name(b):
        assert (key_a < key_b) == (_model_name(a) < _model_name(b))


# --- search --------------------------------------------------------------------------------

@pytest.mark.parametrize(("query", "text"), [
    ("nguyen thi hoa", "Nguyễn Thị Hoa"),
    ("hoa nguyen", "Nguyễn Thị Hoa"),  # order-independent
    ("ng hoa", "Nguyễn Thị Hoa"),  # search as you type: prefixes and substrings
    ("d", "Đặng Văn An"),
    ("dang", "Đặng Văn An"),
    ("Đặng", "Dang Van An"),
    ("NGUYỄN", "nguyen"),
    (unicodedata.normalize("NFD", "Phương"), "Nguyễn Thị Hoàng Phương Thảo"),
    ("pang", "Lò Thị Pấng"),
    ("", "anything"),
    ("   ", "anything"),
    ("", ""),
])
def test_matches(query: str, text: str) -> None:
    assert matches(query, text)


@pytest.mark.parametrize(("query", "text"), [
    ("nguyen thi hoa", "Nguyễn Văn Hòa"),
    ("xyz", "Nguyễn Thị Hoa"),
    ("hoan", "Nguyễn Thị Hoa"),
    ("a", ""),
])
def test_does_not_match(query: str, text: str) -> None:
    assert not matches(query, text)


def test_fold_for_like() -> None:
    assert fold_for_like("  Nguyễn   THỊ ") == ["nguyen", "thi"]
    assert fold_for_like("Đ") == ["d"]
    assert fold_for_like("") == []
    assert fold_for_like("50%_off") == ["50%_off"]  # the caller escapes LIKE wildcards


def test_three_thousand_names_are_fast() -> None:
    families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Lò", "Sùng", "Giàng", "Lường"]
    middles = ["Thị", "Văn", "Đức", "Thị Hoàng", "A", ""]
    givens = ["Hoa", "An", "Bình", "Páo", "Pấng", "Mỷ", "Thảo", "Phương", "Ước", "Ánh"]
    names = [f"{families[i % 10]} {middles[i % 6]} {givens[i % 7]}" for i in range(3000)]
    start = time.perf_counter()
    for name in names:
        fold(name)
        name_sort_key(name)
    # About 30 ms on a laptop; the bound only catches an accidental slow path.
    assert time.perf_counter() - start < 1.0
