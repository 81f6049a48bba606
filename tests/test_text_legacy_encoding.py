"""TCVN3 and VNI mojibake from commune spreadsheets: tables, round trips and detection."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.text.legacy_encoding import (
    detect_legacy_encoding,
    detect_legacy_encoding_many,
    legacy_to_unicode,
    repair,
    unicode_to_legacy,
)

# Each row: a vowel with no tone, huyền, hỏi, ngã, sắc, nặng (written out by hand).
VOWEL_ROWS = ["aàảãáạ", "ăằẳẵắặ", "âầẩẫấậ", "eèẻẽéẹ", "êềểễếệ", "iìỉĩíị", "oòỏõóọ",
              "ôồổỗốộ", "ơờởỡớợ", "uùủũúụ", "ưừửữứự", "yỳỷỹýỵ"]
LOWER_LETTERS = sorted({c for row in VOWEL_ROWS for c in row if not c.isascii()} | {"đ"})
ALL_LETTERS = LOWER_LETTERS + [c.upper() for c in LOWER_LETTERS]
TONED = {c for row in VOWEL_ROWS for c in row[1:]}

NAMES = [
    "Nguyễn Thị Hoa", "Hoàng Văn Đức", "Trần Thị Bình", "Lê Văn Tám", "Phạm Thị Thu Hương",
    "Đặng Văn Dũng", "Vũ Thị Ước", "Bùi Quang Huy", "Lò Thị Pấng", "Sùng A Páo",
    "Giàng Thị Mỷ", "Nguyễn Thị Hoàng Phương Thảo", "Hà Văn Thắng", "Lường Thị Ỏn",
    "Quàng Văn Chiến", "Triệu Thị Sử", "Cầm Bá Thước", "Đinh Thị Yến", "Vi Văn Ưởng",
    "Nông Thị Ngọc Ánh", "Mùa A Dế", "Hờ Thị Dợ", "Ma Thị Quỳnh", "Nguyễn Thị Ẩn",
    "Đỗ Xuân Trường", "Lục Thị Ơn", "Tòng Văn Ợt",
]
SENTENCES = [
    "Trung tâm học tập cộng đồng xã Hoà Bình tổ chức lớp xoá mù chữ giai đoạn 1.",
    "Chuyên đề: kỹ thuật chăn nuôi lợn, gà; phòng chống dịch bệnh cho gia súc, gia cầm.",
    "Học viên vắng có phép phải báo trước cho giáo viên chủ nhiệm lớp.",
    "Tủ sách pháp luật của thôn Nà Lừa có 350 bản sách, 12 đầu báo và tạp chí.",
    "Tuần lễ hưởng ứng học tập suốt đời năm 2025 được tổ chức từ ngày 1 đến ngày 7 tháng 10.",
    "Đồng bào dân tộc thiểu số được hỗ trợ sách vở, bút mực để theo học đến hết lớp.",
    "Theo ý kiến của Hội Khuyến học, cần tăng cường tuyên truyền ở các bản vùng cao.",
]


# --- the tables --------------------------------------------------------------------------

def test_all_134_letters_are_listed() -> None:
    assert len(ALL_LETTERS) == 134


@pytest.mark.parametrize("letter", ALL_LETTERS)
def test_vni_round_trip_of_every_letter(letter: str) -> None:
    encoded = unicode_to_legacy(letter, "vni")
    assert encoded != letter or letter in "íìÍÌ"  # ì and í are the same code in VNI
    assert len(encoded) in (1, 2) and all(ord(c) < 0x100 for c in encoded)
    assert legacy_to_unicode(encoded, "vni") == letter


@pytest.mark.parametrize("letter", LOWER_LETTERS + list("ĂÂĐÊÔƠƯ"))
def test_tcvn3_round_trip_of_every_letter_it_can_hold(letter: str) -> None:
    encoded = unicode_to_legacy(letter, "tcvn3")
    assert len(encoded) == 1 and 0xA1 <= ord(encoded) <= 0xFE
    assert legacy_to_unicode(encoded, "tcvn3") == letter


def test_tcvn3_codes_are_distinct() -> None:
    codes = [unicode_to_legacy(c, "tcvn3") for c in LOWER_LETTERS + list("ĂÂĐÊÔƠƯ")]
    assert len(set(codes)) == len(codes) == 67 + 7


@pytest.mark.parametrize("letter", sorted(c.upper() for c in TONED))
def test_tcvn3_capital_toned_letters_share_the_lowercase_code(letter: str) -> None:
    # VN3 fonts have no capital toned letters: typists used the lowercase code.
    assert unicode_to_legacy(letter, "tcvn3") == unicode_to_legacy(letter.lower(), "tcvn3")


# The published code charts, written out by hand: for each vowel of VOWEL_ROWS, its forms
# with no tone, huyền, hỏi, ngã, sắc, nặng.
TCVN3_CHART = ["a \xb5 \xb6 \xb7 \xb8 \xb9", "\xa8 \xbb \xbc \xbd \xbe \xc6",
               "\xa9 \xc7 \xc8 \xc9 \xca \xcb", "e \xcc \xce \xcf \xd0 \xd1",
               "\xaa \xd2 \xd3 \xd4 \xd5 \xd6", "i \xd7 \xd8 \xdc \xdd \xde",
               "o \xdf \xe1 \xe2 \xe3 \xe4", "\xab \xe5 \xe6 \xe7 \xe8 \xe9",
               "\xac \xea \xeb \xec \xed \xee", "u \xef \xf1 \xf2 \xf3 \xf4",
               "\xad \xf5 \xf6 \xf7 \xf8 \xf9", "y \xfa \xfb \xfc \xfd \xfe"]
VNI_CHART = ["a aø aû aõ aù aï", "aê aè aú aü aé aë", "aâ aà aå aã aá aä", "e eø eû eõ eù eï",
             "eâ eà eå eã eá eä", "i ì æ ó í ò", "o oø oû oõ où oï", "oâ oà oå oã oá oä",
             "ô ôø ôû ôõ ôù ôï", "u uø uû uõ uù uï", "ö öø öû öõ öù öï", "y yø yû yõ yù î"]


@pytest.mark.parametrize("row", range(12))
def test_every_letter_matches_the_published_charts(row: int) -> None:
    letters = VOWEL_ROWS[row]
    for letter, tcvn3, vni in zip(letters, TCVN3_CHART[row].split(), VNI_CHART[row].split(),
                                  strict=True):
        assert unicode_to_legacy(letter, "tcvn3") == tcvn3
        assert legacy_to_unicode(tcvn3, "tcvn3") == letter
        assert unicode_to_legacy(letter, "vni") == vni
        assert legacy_to_unicode(vni, "vni") == letter
        # VNI capitals are the same codes in the capital font
        assert unicode_to_legacy(letter.upper(), "vni") == vni.upper()
        assert legacy_to_unicode(vni.upper(), "vni") == letter.upper()
    assert unicode_to_legacy("đĐ", "tcvn3") == "\xae\xa7"
    assert unicode_to_legacy("đĐ", "vni") == "ñÑ"


@pytest.mark.parametrize(("code", "letter"), [
    # TCVN3 (ABC, .VnTime), checked against the TCVN 5712:1993 chart.
    ("\xb5", "à"), ("\xb6", "ả"), ("\xb7", "ã"), ("\xb8", "á"), ("\xb9", "ạ"),
    ("\xa8", "ă"), ("\xa9", "â"), ("\xaa", "ê"), ("\xab", "ô"), ("\xac", "ơ"), ("\xad", "ư"),
    ("\xae", "đ"), ("\xa1", "Ă"), ("\xa2", "Â"), ("\xa3", "Ê"), ("\xa4", "Ô"), ("\xa5", "Ơ"),
    ("\xa6", "Ư"), ("\xa7", "Đ"), ("\xc6", "ặ"), ("\xcb", "ậ"), ("\xd4", "ễ"), ("\xde", "ị"),
    ("\xdc", "ĩ"), ("\xe3", "ó"), ("\xe9", "ộ"), ("\xee", "ợ"), ("\xf8", "ứ"), ("\xfe", "ỵ"),
    # full TCVN 5712 (VN1) capitals in the Latin-1 range
    ("\xc4", "Ấ"), ("\xc0", "Ắ"), ("\xdb", "Ồ"), ("\xff", "Ố"), ("\xf0", "Ỗ"), ("\xcd", "Ể"),
])
def test_tcvn3_known_codes(code: str, letter: str) -> None:
    assert legacy_to_unicode(code, "tcvn3") == letter


@pytest.mark.parametrize(("code", "letter"), [
    ("aù", "á"), ("aø", "à"), ("aû", "ả"), ("aõ", "ã"), ("aï", "ạ"), ("aê", "ă"), ("aâ", "â"),
    ("aé", "ắ"), ("aè", "ằ"), ("aú", "ẳ"), ("aü", "ẵ"), ("aë", "ặ"),
    ("aá", "ấ"), ("aà", "ầ"), ("aå", "ẩ"), ("aã", "ẫ"), ("aä", "ậ"),
    ("eâ", "ê"), ("eá", "ế"), ("oâ", "ô"), ("oä", "ộ"), ("ô", "ơ"), ("ôù", "ớ"), ("ö", "ư"),
    ("öø", "ừ"), ("ñ", "đ"), ("Ñ", "Đ"), ("ì", "ì"), ("í", "í"), ("æ", "ỉ"), ("ó", "ĩ"),
    ("ò", "ị"), ("yù", "ý"), ("î", "ỵ"), ("Î", "Ỵ"), ("AÙ", "Á"), ("AÊ", "Ă"), ("ÔÙ", "Ớ"),
    ("ÖÏ", "Ự"), ("Aù", "Á"),  # capital base with the small-font mark
])
def test_vni_known_codes(code: str, letter: str) -> None:
    assert legacy_to_unicode(code, "vni") == letter


@pytest.mark.skipif(shutil.which("iconv") is None, reason="needs glibc iconv")
def test_tcvn3_table_agrees_with_glibc_iconv() -> None:
    for letter in LOWER_LETTERS + list("ĂÂĐÊÔƠƯ"):
        code = unicode_to_legacy(letter, "tcvn3").encode("latin-1")
        result = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=code,
                                capture_output=True, check=False)
        if result.returncode != 0:
            pytest.skip("this iconv has no TCVN5712-1")
        assert unicodedata.normalize("NFC", result.stdout.decode()) == letter


# --- conversion of real text -------------------------------------------------------------

@pytest.mark.parametrize(("mojibake", "encoding", "expected"), [
    ("NguyÔn ThÞ Hoa", "tcvn3", "Nguyễn Thị Hoa"),
    ("Hoµng V¨n §øc", "tcvn3", "Hoàng Văn Đức"),
    ("Nguyeãn Thò Hoa", "vni", "Nguyễn Thị Hoa"),
    ("Hoaøng Vaên Ñöùc", "vni", "Hoàng Văn Đức"),
    ("Tr\xadêng TiÓu häc Hoµ B×nh", "tcvn3", "Trường Tiểu học Hoà Bình"),
    ("Tröôøng Tieåu hoïc Hoaø Bình", "vni", "Trường Tiểu học Hoà Bình"),
])
def test_examples_from_commune_files(mojibake: str, encoding: str, expected: str) -> None:
    assert legacy_to_unicode(mojibake, encoding) == expected
    assert repair(mojibake) == (expected, encoding)
    assert detect_legacy_encoding(mojibake) == encoding


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", NAMES + SENTENCES + [n.upper() for n in NAMES])
def test_round_trip_of_names_and_sentences(text: str, encoding: str) -> None:
    encoded = unicode_to_legacy(text, encoding)
    assert encoded != text
    converted = legacy_to_unicode(encoded, encoding)
    assert converted == text
    assert unicodedata.is_normalized("NFC", converted)


# One text whose only evidence is a single Western-looking word ("Bïi", as in French "naïf")
# is left alone; the whole column decides (test_a_whole_column_is_detected).
TOO_LITTLE_EVIDENCE = {("Bùi Quang Huy", "tcvn3")}


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", NAMES + SENTENCES)
def test_encoded_names_and_sentences_are_detected(text: str, encoding: str) -> None:
    encoded = unicode_to_legacy(text, encoding)
    if (text, encoding) in TOO_LITTLE_EVIDENCE:
        assert repair(encoded) == (encoded, None)
    else:
        assert repair(encoded) == (text, encoding)


FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Lò", "Sùng", "Giàng", "Lường", "Cầm", "Hà", "Vi", "Nông", "Mùa", "Ông", "Âu"]
MIDDLES = ["Thị", "Văn", "Đức", "Thị Thu", "Quang", "A", "Minh", "Hữu", "Ngọc", ""]
GIVENS = ["Hoa", "An", "Bình", "Páo", "Pấng", "Mỷ", "Thảo", "Phương", "Ước", "Huy", "Tú",
          "Yến", "Dế", "Dợ", "Sử", "Thắng", "Ỏn", "Ẩn", "Ý", "Tâm", "Hà"]
GENERATED_NAME = st.builds(lambda f, m, g: " ".join(w for w in (f, m, g) if w),
                           st.sampled_from(FAMILIES), st.sampled_from(MIDDLES),
                           st.sampled_from(GIVENS))


@given(GENERATED_NAME, st.sampled_from(["tcvn3", "vni"]), st.booleans())
def test_detection_never_names_the_wrong_encoding(name: str, encoding: str, upper: bool) -> None:
    name = name.upper() if upper else name
    encoded = unicode_to_legacy(name, encoding)
    assert detect_legacy_encoding(encoded) in (encoding, None)
    assert detect_legacy_encoding(name) is None
    if encoding == "vni":
        assert legacy_to_unicode(encoded, "vni") == name


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_whole_column_is_detected(encoding: str) -> None:
    column = [unicode_to_legacy(name, encoding) for name in NAMES] + ["", "Ksor", "H'Hen", "12"]
    assert detect_legacy_encoding_many(column) == encoding
    assert detect_legacy_encoding_many(iter(column)) == encoding


def test_a_column_with_a_few_unicode_cells_is_still_tcvn3() -> None:
    column = [unicode_to_legacy(name, "tcvn3") for name in NAMES] + ["Nguyễn Văn Mới"] * 3
    assert detect_legacy_encoding_many(column) == "tcvn3"


def test_tcvn3_restores_capitals_from_context() -> None:
    assert legacy_to_unicode("HOµNG V¡N §øC", "tcvn3") == "HOÀNG VĂN ĐỨC"
    assert legacy_to_unicode("NGUYÔN THÞ ¸NH", "tcvn3") == "NGUYỄN THỊ ÁNH"
    assert legacy_to_unicode("NguyÔn ThÞ ¸nh", "tcvn3") == "Nguyễn Thị Ánh"
    assert legacy_to_unicode("UBND x· Hoµ B×nh", "tcvn3") == "UBND xã Hoà Bình"
    assert legacy_to_unicode("t«i ®i häc ë tr\xadêng", "tcvn3") == "tôi đi học ở trường"
    # Capitals that start words do not make a cell "in capitals".
    assert legacy_to_unicode("Vò A Mû", "tcvn3") == "Vũ A Mỷ"
    assert legacy_to_unicode("§Æng A Tó", "tcvn3") == "Đặng A Tú"


def test_tcvn3_known_limitations() -> None:
    # A sentence cannot show that its first toned letter was a capital ...
    assert legacy_to_unicode("ë x· cã líp häc", "tcvn3") == "ở xã có lớp học"
    assert legacy_to_unicode(unicode_to_legacy("Ý kiến", "tcvn3"), "tcvn3") == "ý kiến"
    # ... and text typed for the .VnTimeH capitals font comes back as it was typed.
    assert legacy_to_unicode("nguyÔn v¨n ¸nh", "tcvn3") == "nguyễn văn ánh"


@given(st.text(alphabet=st.sampled_from(ALL_LETTERS + list("abcdeghiklmnopqrstuvxy AĐ,.-'0123"))))
def test_vni_round_trip_is_lossless(text: str) -> None:
    assert legacy_to_unicode(unicode_to_legacy(text, "vni"), "vni") == text


@given(st.text(alphabet=st.sampled_from(LOWER_LETTERS + list("abcdeghiklmnopqrstuvxy ,.-0123"))))
def test_tcvn3_round_trip_is_lossless_for_lowercase(text: str) -> None:
    assert legacy_to_unicode(unicode_to_legacy(text, "tcvn3"), "tcvn3") == text


# --- what must not be flagged ------------------------------------------------------------

NOT_LEGACY = [
    "", "Hoa", "Nguyen Van An", "12/05/2025", "Lop 10A - to 3",
    # Unicode Vietnamese, including words made only of Latin-1 letters
    "Nguyễn Thị Hoa", "Hoàng Văn Đức", "Lê Tâm", "Tô Hà", "Hà", "Hoà Bình", "Lò Thị Pấng",
    "Thò Hoa", "Ông", "Trà Mi", "Lê Thị Tú", "Mã Văn Hà", "Trung tâm học tập cộng đồng",
    unicodedata.normalize("NFD", "Nguyễn Thị Hoa"),
    # English, French, German, Spanish, Portuguese with an accent or two
    "Café au lait", "Crème brûlée", "naïve résumé", "Müller", "São Paulo", "El Niño",
    "Où est la gare ?", "déjà vu", "Ça va?", "François", "Zoë", "Noël", "Raphaël", "façade",
    "fiancée", "Pokémon", "Señor Peña", "piñata", "Björk", "Ålesund", "Straße", "aún",
    "Il a goûté à l'aéroport où il attendait.", "Thaïlande et Haïti", "Être ou ne pas être",
    "L'été à Paris", "« Bonjour »", "naïveté", "coöperation", "Ærøskøbing", "Øresund",
    "Loïc", "Raúl", "Chloé", "Anaïs", "José", "schön", "Köln", "Göran", "più", "città", "não",
    "você", "está", "qué", "sí", "tú", "Él", "Søren", "Zoë Müller",
    # symbols
    "25°C", "£100", "© 2024 UBND", "½ kg", "§ 5", "x² + y²", "±3", "10 × 20", "µg/l",
]


@pytest.mark.parametrize("text", NOT_LEGACY)
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert detect_legacy_encoding(text) is None
    assert repair(text) == (text, None)


def test_ordinary_columns_are_not_flagged() -> None:
    assert detect_legacy_encoding_many(NAMES + SENTENCES) is None
    assert detect_legacy_encoding_many(NOT_LEGACY) is None
    assert detect_legacy_encoding_many([]) is None
    assert detect_legacy_encoding_many(["Hà", "Lê Tâm", "Tô Hà", "Hoà Bình"] * 50) is None


def test_short_ambiguous_text_is_left_alone() -> None:
    # VNI "Thò" is "Thị", but "thò" is also a Unicode Vietnamese word: no clear margin.
    assert detect_legacy_encoding("Thò") is None


def test_unknown_encoding_is_an_error() -> None:
    with pytest.raises(ValueError, match="latin-9"):
        legacy_to_unicode("abc", "latin-9")
    with pytest.raises(ValueError):
        unicode_to_legacy("abc", "viscii")
    assert legacy_to_unicode("V¨n", "TCVN3") == "Văn"
    assert legacy_to_unicode("Vaên", " VNI ") == "Văn"


@pytest.mark.parametrize("language", ["en", "fr", "es", "de", "pt", "it", "nl", "sv", "vi"])
def test_cldr_names_are_not_flagged(language: str) -> None:
    # Real accented text: language, country, currency, month and day names from Babel's CLDR.
    from babel import Locale

    locale = Locale.parse(language)
    texts = [*locale.languages.values(), *locale.territories.values(),
             *locale.currencies.values(), *locale.months["format"]["wide"].values(),
             *locale.days["format"]["wide"].values()]
    assert len(texts) > 500
    assert [text for text in texts if detect_legacy_encoding(text)] == []
    assert detect_legacy_encoding_many(texts) is None
