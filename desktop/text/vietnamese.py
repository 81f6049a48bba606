"""Vietnamese text rules: clean names, fold them for search, and sort them in Vietnamese order.

Pure Python (no Qt, no database) so every layer shares one definition. The hot paths
(``fold``, ``sort_key``, ``name_sort_key``) run on thousands of names at start-up, so they
use ``str.translate`` tables built once at import time, filled lazily for rare characters.

Sort order (documented choice):
  * letters ``a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z`` — the
    Vietnamese alphabet with f j w z in their Latin places; digits before letters; a space
    before any letter (so "An" < "An Bình" < "Anh"); case is ignored;
  * tones are a secondary level, compared only when the letters are equal, in the common
    dictionary order (also CLDR's): none < huyền < hỏi < ngã < sắc < nặng;
  * the tone belongs to the syllable, not to a vowel, so the old and new tone placements
    ("Hoà"/"Hòa", "Thuý"/"Thúy") get the same ``sort_key``;
  * tones are compared across the whole text after the letters (as in CLDR), not syllable
    by syllable: "ba" < "bà" < "ba ba" < "bà ba";
  * digraphs (ch, gh, kh, ng, nh, ph, th, tr) sort letter by letter: "Chi" < "Cường".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "ALPHABET",
    "TONE_MARKS",
    "VOWELS",
    "clean_name",
    "decompose_letter",
    "fold",
    "fold_for_like",
    "matches",
    "name_sort_key",
    "nfc",
    "sort_key",
    "split_full_name",
]

# Index = tone code, in sort order: none, huyền, hỏi, ngã, sắc, nặng.
TONE_MARKS: tuple[str, ...] = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = "aăâeêioôơuưy"
ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"

_TONE_OF_MARK = {mark: tone for tone, mark in enumerate(TONE_MARKS) if mark}
_SHAPE_MARKS = frozenset("\u0306\u0302\u031b")  # breve, circumflex, horn: part of the letter
# Invisible characters pasted in from web pages and Word; they break equality and search.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u180e"
# Apostrophe look-alikes in names such as H'Mông, K'Ho.
_APOSTROPHES = "\u2019\u2018\u02bc"
# Ð (U+00D0, Icelandic eth) is often typed for Đ (U+0110); fold and sort treat it as đ.
_LOOKALIKE_D = "\u00d0\u00f0"

_LEVEL_SEP = "!"  # between letters and tones inside a sort_key; below every code used
_NAME_SEP = " "  # between the parts of a name_sort_key; below _LEVEL_SEP
_SPACE_CODE = "#"  # a space, sorting before punctuation, digits and letters
_ESCAPE_CODE = "$"  # other characters: "$" + 6 hex digits, sorting before digits
# Letters are "A".."Z" then "a".."g" in ALPHABET order; digits are themselves.
_WORD_BREAK = "|"  # whitespace in the tone string of a name
_SYLLABLE_BREAK = " "  # anything else that ends a run of letters (digits, punctuation)


def _build_letters() -> dict[str, tuple[str, int]]:
    """Every Vietnamese letter, both cases, mapped to (lowercase base with its shape, tone)."""
    letters: dict[str, tuple[str, int]] = {}
    for base in VOWELS:
        for tone, mark in enumerate(TONE_MARKS):
            letter = unicodedata.normalize("NFC", base + mark)
            assert len(letter) == 1, letter
            letters[letter] = (base, tone)
            letters[letter.upper()] = (base, tone)
    for base in ALPHABET:
        if base not in VOWELS:
            letters[base] = (base, 0)
            letters[base.upper()] = (base, 0)
    return letters


_LETTERS = _build_letters()
_CODE = {letter: chr(ord("A") + i) if i < 26 else chr(ord("a") + i - 26)
         for i, letter in enumerate(ALPHABET)}
_TO_ASCII = {"ă": "a", "â": "a", "đ": "d", "ê": "e", "ô": "o", "ơ": "o", "ư": "u"}


def decompose_letter(char: str) -> tuple[str, int] | None:
    """(lowercase base letter with its shape, tone code) for a Vietnamese letter, else None."""
    return _LETTERS.get(char)


def _decompose(char: str) -> tuple[str, int]:
    """Base letters (lowercase, Vietnamese shapes kept) and first tone of any character."""
    bases: list[str] = []
    tone = 0
    for part in unicodedata.normalize("NFD", char.lower()):
        if not unicodedata.combining(part):
            bases.append("đ" if part in _LOOKALIKE_D else part)
        elif part in _SHAPE_MARKS and bases:
            shaped = unicodedata.normalize("NFC", bases[-1] + part)
            if shaped in _LETTERS:
                bases[-1] = shaped
        elif part in _TONE_OF_MARK and not tone:
            tone = _TONE_OF_MARK[part]
    return "".join(bases), tone


_Table = dict[int, "str | None"]


def _fold_char(char: str) -> str | None:
    if char in _INVISIBLE or char == "\u00ad" or unicodedata.combining(char):
        return None
    bases, _tone = _decompose(char)
    return "".join(_TO_ASCII.get(base, base) for base in bases)


def _primary_char(char: str) -> str | None:
    if char.isspace():
        return _SPACE_CODE
    if char in _INVISIBLE:
        return ""
    bases, _tone = _decompose(char)
    codes = []
    for base in bases:
        if base in _CODE:
            codes.append(_CODE[base])
        elif base.isdecimal():
            codes.append(str(unicodedata.decimal(base)))
        else:
            codes.append(f"{_ESCAPE_CODE}{ord(base):06x}")
    return "".join(codes)


def _tone_char(char: str) -> str | None:
    """Tone digit for a toned letter, None for other letters, else a word or syllable break."""
    category = unicodedata.category(char)
    if category[0] == "M":
        return str(_TONE_OF_MARK[char]) if char in _TONE_OF_MARK else None
    if category[0] == "L":
        tone = _decompose(char)[1]
        return str(tone) if tone else None
    if char in _INVISIBLE:
        return None
    return _WORD_BREAK if char.isspace() else _SYLLABLE_BREAK


def _tiebreak_char(char: str) -> str | None:
    if " " <= char < "~":
        return char
    if ord(char) <= 0xFFFF:
        return f"~{ord(char):04x}"
    return f"~+{ord(char):06x}"


# Plain dicts translate about twice as fast as a dict with __missing__, so the tables are
# filled for common characters now and for any other character when first met (_learn).
_COMMON = ("".join(chr(i) for i in range(32, 127)) + "".join(_LETTERS) + _INVISIBLE
           + "\u00ad\u00a0\t\n\r")
_FOLD: _Table = {}
_PRIMARY: _Table = {}
_TONES: _Table = {}
_TIEBREAK: _Table = {}
_TABLES: tuple[tuple[_Table, Callable[[str], str | None]], ...] = (
    (_FOLD, _fold_char), (_PRIMARY, _primary_char), (_TONES, _tone_char),
    (_TIEBREAK, _tiebreak_char))
_UNSEEN = re.compile("[^" + "".join(re.escape(char) for char in _COMMON) + "]")
_CLEAN = {ord(char): None for char in _INVISIBLE} | {ord(char): "'" for char in _APOSTROPHES}


def _learn(text: str) -> str:
    """Make sure every translation table has an entry for each character of text."""
    if _UNSEEN.search(text) is not None:
        for char in set(_UNSEEN.findall(text)):  # only the uncommon ones need a look
            for table, compute in _TABLES:
                if ord(char) not in table:
                    table[ord(char)] = compute(char)
    return text


for _known, _compute in _TABLES:
    _known.update({ord(char): _compute(char) for char in _COMMON})
del _known, _compute


def nfc(text: str) -> str:
    """Unicode NFC: one code point per Vietnamese letter, as fonts, PDFs and equality expect."""
    return unicodedata.normalize("NFC", text)


def clean_name(text: str) -> str:
    """NFC, invisible characters removed, curly apostrophes straightened, whitespace collapsed.

    Keeps case. Safe on not-yet-repaired TCVN3/VNI text: it leaves Latin-1 characters alone
    (the soft hyphen U+00AD is the TCVN3 "ư", so it is kept).
    """
    return " ".join(nfc(text).translate(_CLEAN).split())


def fold(text: str) -> str:
    """Search key: lowercase, no diacritics, đ → d, whitespace collapsed; NFC/NFD-insensitive."""
    return " ".join(_learn(text).translate(_FOLD).split())


def split_full_name(full_name: str) -> tuple[str, str, str]:
    """(family, middle, given): first word, the words between, last word; one word is given."""
    return _split(clean_name(full_name))


def _split(clean: str) -> tuple[str, str, str]:
    words = clean.split(" ")
    if not clean:
        return "", "", ""
    if len(words) == 1:
        return "", "", words[0]
    return words[0], " ".join(words[1:-1]), words[-1]


def _part_key(primary: str, tones: str) -> str:
    """Join a part's letter codes and its tone digits (one per syllable, trailing zeros cut)."""
    runs = tones.replace(_WORD_BREAK, _SYLLABLE_BREAK).split(_SYLLABLE_BREAK)
    return primary + _LEVEL_SEP + "".join([run[:1] or "0" for run in runs]).rstrip("0")


def sort_key(text: str) -> str:
    """ASCII key whose code-point order (Python, SQLite BINARY, COLLATE "C") is Vietnamese order.

    Letters first (one code per letter), then "!", then one tone digit per syllable with
    trailing "no tone" digits dropped. Case-insensitive: "an" and "AN" get the same key.
    """
    clean = _learn(clean_name(text))
    return _part_key(clean.translate(_PRIMARY), clean.translate(_TONES))


def name_sort_key(full_name: str) -> str:
    """ASCII key for Vietnamese personal-name order: given name, then family, then middle.

    Each part compares as ``sort_key``; a last part (the cleaned name, escaped to ASCII) makes
    different spellings ("Hoà"/"Hòa", "AN"/"An") sort in a fixed order instead of tying.
    """
    clean = _learn(clean_name(full_name))
    primary = clean.translate(_PRIMARY).split(_SPACE_CODE)
    tones = clean.translate(_TONES).split(_WORD_BREAK)
    given = _part_key(primary[-1], tones[-1])
    if len(primary) == 1:
        family = middle = _part_key("", "")
    else:
        family = _part_key(primary[0], tones[0])
        middle = _part_key(_SPACE_CODE.join(primary[1:-1]), _WORD_BREAK.join(tones[1:-1]))
    return _NAME_SEP.join((given, family, middle, clean.translate(_TIEBREAK)))


def fold_for_like(query: str) -> list[str]:
    """The folded query tokens, each to be matched as a substring of a stored folded column."""
    return fold(query).split()


def matches(query: str, text: str) -> bool:
    """Search-as-you-type: every folded query token occurs somewhere in the folded text."""
    tokens = fold_for_like(query)
    if not tokens:
        return True
    haystack = fold(text)
    return all(token in haystack for token in tokens)
