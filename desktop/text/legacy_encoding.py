"""Repair Vietnamese typed in the pre-Unicode TCVN3 (ABC) and VNI encodings.

Commune spreadsheets typed with the ".VnTime" (TCVN3) or "VNI-Times" (VNI) fonts reach us
as mojibake once read as Unicode text (openpyxl, or a CSV decoded as cp1252/latin-1):
TCVN3 "NguyÔn ThÞ Hoa", VNI "Nguyeãn Thò Hoa". This module detects that and converts back.

TCVN3 is TCVN 5712:1993 "VN3", the font subset: lowercase toned letters plus the uppercase
base letters Ă Â Đ Ê Ô Ơ Ư. It has no uppercase toned letters; typists used the same codes
(the ".VnTimeH" capitals font draws them as capitals), so case is lost. We restore it when
the context shows it: a word or cell otherwise in capitals becomes capitals ("HOµNG" →
"HOÀNG"), and in a Title Case cell a word starting with a toned letter is capitalised
("NguyÔn ¸nh" → "Nguyễn Ánh"). Text typed entirely in ".VnTimeH" comes out as typed,
usually lowercase. The 16 uppercase toned letters that full TCVN 5712 ("VN1") places in
0xA0–0xFF are decoded too; its letters in 0x80–0x9F and in control codes are not, since
those code points are ordinary punctuation (… – ’ ”) in text read as cp1252.

VNI (VNI-Windows) writes a toned letter as a base letter plus one mark character; ơ ư đ
and the i letters are single characters. Lossless both ways.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from desktop.text.vietnamese import TONE_MARKS, VOWELS, decompose_letter, nfc

__all__ = [
    "ENCODINGS",
    "detect_legacy_encoding",
    "detect_legacy_encoding_many",
    "legacy_to_unicode",
    "repair",
    "unicode_to_legacy",
]

ENCODINGS: tuple[str, ...] = ("tcvn3", "vni")
_ALIASES = {"tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3",
            "vni": "vni", "vni-windows": "vni"}


def _letter(base: str, tone: int) -> str:
    return nfc(base + TONE_MARKS[tone])


# --- TCVN3 -------------------------------------------------------------------------------

# Codes for huyền, hỏi, ngã, sắc, nặng (the order of TONE_MARKS[1:]).
_TCVN3_TONED = {
    "a": "\xb5\xb6\xb7\xb8\xb9", "ă": "\xbb\xbc\xbd\xbe\xc6", "â": "\xc7\xc8\xc9\xca\xcb",
    "e": "\xcc\xce\xcf\xd0\xd1", "ê": "\xd2\xd3\xd4\xd5\xd6", "i": "\xd7\xd8\xdc\xdd\xde",
    "o": "\xdf\xe1\xe2\xe3\xe4", "ô": "\xe5\xe6\xe7\xe8\xe9", "ơ": "\xea\xeb\xec\xed\xee",
    "u": "\xef\xf1\xf2\xf3\xf4", "ư": "\xf5\xf6\xf7\xf8\xf9", "y": "\xfa\xfb\xfc\xfd\xfe",
}
_TCVN3_BASES = {
    "ă": "\xa8", "â": "\xa9", "ê": "\xaa", "ô": "\xab", "ơ": "\xac", "ư": "\xad", "đ": "\xae",
    "Ă": "\xa1", "Â": "\xa2", "Ê": "\xa3", "Ô": "\xa4", "Ơ": "\xa5", "Ư": "\xa6", "Đ": "\xa7",
}
# Full TCVN 5712 (VN1) capitals that sit in 0xA0-0xFF; decoded, never produced.
_TCVN1_CAPITALS = {
    "\xaf": "Ằ", "\xba": "Ẳ", "\xbf": "Ẵ", "\xc0": "Ắ", "\xc1": "Ầ", "\xc2": "Ẩ", "\xc3": "Ẫ",
    "\xc4": "Ấ", "\xc5": "Ề", "\xcd": "Ể", "\xd9": "Ễ", "\xda": "Ế", "\xdb": "Ồ", "\xe0": "Ổ",
    "\xf0": "Ỗ", "\xff": "Ố",
}


def _tcvn3_tables() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = dict(_TCVN3_BASES)
    for base, codes in _TCVN3_TONED.items():
        for tone, code in enumerate(codes, start=1):
            letter = _letter(base, tone)
            encode[letter] = code
            encode[letter.upper()] = code  # VN3 has no capital toned letters
    decode = {code: letter for letter, code in encode.items() if letter.islower()}
    decode.update({code: letter for letter, code in _TCVN3_BASES.items()})
    decode.update(_TCVN1_CAPITALS)
    return encode, decode


_TCVN3_ENCODE, _TCVN3_DECODE = _tcvn3_tables()
_TCVN3_DECODE_TABLE = str.maketrans(_TCVN3_DECODE)
_TCVN3_ENCODE_TABLE = str.maketrans(_TCVN3_ENCODE)
_TCVN3_CASELESS = frozenset("".join(_TCVN3_TONED.values()))  # toned codes: case unknown
_TCVN3_CASED = frozenset(_TCVN3_BASES.values()) | frozenset(_TCVN1_CAPITALS)


def _tcvn3_decode(text: str) -> str:
    """TCVN3 to Unicode, then restore the capitals VN3 cannot encode where context shows them."""
    decoded = text.translate(_TCVN3_DECODE_TABLE)
    if not any(char in _TCVN3_CASELESS for char in text):
        return decoded
    words = [(source, source.translate(_TCVN3_DECODE_TABLE)) for source in text.split(" ")]
    inner = [_tcvn3_is_upper(char) for source, _ in words for char in source[1:]
             if _tcvn3_has_case(char)]
    initials = [_tcvn3_is_upper(source[0]) for source, _ in words
                if source and _tcvn3_has_case(source[0])]
    if inner and all(inner) and all(initials):  # a cell in capitals ("NGUYÔN V¡N A")
        return decoded.upper()
    title_case = bool(initials) and all(initials)
    out = []
    for source, word in words:
        cases = [_tcvn3_is_upper(char) for char in source if _tcvn3_has_case(char)]
        if len(cases) >= 2 and all(cases):
            word = word.upper()
        elif title_case and source and source[0] in _TCVN3_CASELESS and len(words) > 1:
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def _tcvn3_has_case(char: str) -> bool:
    return (char.isascii() and char.isalpha()) or char in _TCVN3_CASED


def _tcvn3_is_upper(char: str) -> bool:
    return char.isupper() if char.isascii() else _TCVN3_DECODE.get(char, char).isupper()


# --- VNI ---------------------------------------------------------------------------------

# Mark characters in the small and the capital fonts: tones (huyền, hỏi, ngã, sắc, nặng),
# then circumflex and breve with no tone followed by each tone.
_VNI_TONE = ("øûõùï", "ØÛÕÙÏ")
_VNI_CIRCUMFLEX = ("âàåãáä", "ÂÀÅÃÁÄ")
_VNI_BREVE = ("êèúüéë", "ÊÈÚÜÉË")
_VNI_I = ("ìæóíò", "ÌÆÓÍÒ")  # ì ỉ ĩ í ị as single characters
_VNI_SINGLE = {"ơ": ("ô", "Ô"), "ư": ("ö", "Ö"), "đ": ("ñ", "Ñ")}
_VNI_Y_DOT = ("î", "Î")  # ỵ is a single character too


def _vni_encode_letter(base: str, tone: int, capital: int) -> str:
    """VNI form of one lowercase (capital=0) or capital (capital=1) Vietnamese letter."""
    ascii_base = {"ă": "a", "â": "a", "ê": "e", "ô": "o"}.get(base, base)
    ascii_base = ascii_base.upper() if capital else ascii_base
    if base in ("â", "ê", "ô"):
        return ascii_base + _VNI_CIRCUMFLEX[capital][tone]
    if base == "ă":
        return ascii_base + _VNI_BREVE[capital][tone]
    if base == "i" and tone:
        return _VNI_I[capital][tone - 1]
    if base == "y" and tone == 5:
        return _VNI_Y_DOT[capital]
    if base in _VNI_SINGLE:
        ascii_base = _VNI_SINGLE[base][capital]
    return ascii_base + (_VNI_TONE[capital][tone - 1] if tone else "")


def _vni_tables() -> tuple[dict[str, str], dict[str, str]]:
    encode: dict[str, str] = {}
    for base in VOWELS:
        for tone in range(len(TONE_MARKS)):
            letter = _letter(base, tone)
            encode[letter] = _vni_encode_letter(base, tone, 0)
            encode[letter.upper()] = _vni_encode_letter(base, tone, 1)
    encode["đ"], encode["Đ"] = _VNI_SINGLE["đ"]
    encode = {letter: code for letter, code in encode.items() if letter != code}
    decode: dict[str, str] = {}
    for letter, code in encode.items():
        decode[code] = letter
        if len(code) == 2:  # typists mix the small and capital mark fonts
            decode[code[0] + code[1].swapcase()] = letter
    decode.setdefault("y\u00ef", "ỵ")  # some typists use the plain dot-below mark on y
    decode.setdefault("Y\u00cf", "Ỵ")
    decode.setdefault("Y\u00ef", "Ỵ")
    decode.setdefault("y\u00cf", "ỵ")
    return encode, decode


_VNI_ENCODE, _VNI_DECODE = _vni_tables()
_VNI_ENCODE_TABLE = str.maketrans(_VNI_ENCODE)
_VNI_RE = re.compile("|".join(re.escape(code) for code in
                              sorted(_VNI_DECODE, key=len, reverse=True)))
_VNI_MARKS = frozenset("".join(_VNI_TONE + _VNI_CIRCUMFLEX + _VNI_BREVE))
_VNI_LETTERS = frozenset(code for code in _VNI_DECODE if len(code) == 1)  # ơ ư đ ỉ ĩ ị ỵ
_VNI_CHARS = _VNI_MARKS | _VNI_LETTERS | frozenset("ìíÌÍ")  # ì í are the same in Unicode
# Base + mark pairs that also occur in French, Spanish or Unicode Vietnamese
# (où, goût, Loïc, aéroport, aún, Noël, hoà): weak evidence for VNI.
_VNI_WEAK_PAIRS = frozenset("aû aï aé aú aë où oû oï oá oà oã".split())


def _vni_decode(text: str) -> str:
    return _VNI_RE.sub(lambda match: _VNI_DECODE[match.group()], text)


# --- conversion API ----------------------------------------------------------------------

def _canonical(encoding: str) -> str:
    try:
        return _ALIASES[encoding.strip().lower()]
    except (KeyError, AttributeError):
        raise ValueError(f"unknown legacy Vietnamese encoding: {encoding!r}") from None


def legacy_to_unicode(text: str, encoding: str) -> str:
    """Convert TCVN3 ("tcvn3") or VNI ("vni") mojibake to NFC Unicode; ValueError otherwise."""
    name = _canonical(encoding)
    decoded = _tcvn3_decode(text) if name == "tcvn3" else _vni_decode(text)
    return nfc(decoded)


def unicode_to_legacy(text: str, encoding: str) -> str:
    """Encode Unicode Vietnamese as TCVN3 or VNI text (as typed with those fonts), for tests.

    TCVN3 capitals with a tone become the lowercase code, as in VN3 fonts; characters the
    encoding lacks are left unchanged.
    """
    name = _canonical(encoding)
    return nfc(text).translate(_TCVN3_ENCODE_TABLE if name == "tcvn3" else _VNI_ENCODE_TABLE)


# --- detection ---------------------------------------------------------------------------

_CLUSTERS = frozenset("""
    a ă â e ê i o ô ơ u ư y
    ai ao au ay âu ây eo êu ia iê iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ươ ưu yê
    iêu yêu oai oay oao oeo uây uôi uya uyê uyu ươi ươu
""".split())
_OPEN_CLUSTERS = frozenset("""
    y ai ao au ay âu ây eo êu ia iu oi ôi ơi ua ui ưa ưi ưu iêu yêu oai oay oao oeo uây uôi uya
    uyu ươi ươu
""".split())
# Initial consonants read the same under every interpretation, so being strict here
# cannot favour one reading: minority-language clusters (Kr, Bl, Hm) count against all.
_INITIALS = frozenset("""
    b c ch d đ g gh h k kh l m n ng ngh nh p ph q r s t th tr v x f j w z
""".split()) | {""}
_FINALS = frozenset(["", "c", "ch", "m", "n", "ng", "nh", "p", "t"])
_STOP_FINALS = frozenset(["c", "ch", "p", "t"])  # only sắc or nặng before these

_SPLIT = re.compile(r"[\s!-/:-@\[-`{-~0-9]+")  # whitespace, ASCII punctuation, digits
_EIGHT_BIT = re.compile("[\xa1-\xff]")
# Latin-1 letters of Western languages; other legacy code characters are strong evidence.
_WESTERN = frozenset("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿßÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")
_ODD_LETTERS = frozenset("µªºÞþÐð")  # letters, but never in a Vietnamese or Western word
# Evidence weights: a word that reads as a Vietnamese syllable scores STRONG when its codes
# could not be Western text (V¨n, Leâ), NORMAL for Western-looking letters (NguyÔn, Thò),
# WEAK for letter pairs common in French or Spanish (où, aún); a word that does not read
# scores -NORMAL, and -STRONG when it holds symbols or odd letters (Hoµng, ThÞ).
_STRONG, _NORMAL, _WEAK = 4, 2, 1
_MARGIN = 2 * _NORMAL  # how much better a legacy reading must score than the Unicode one

_Score = tuple[int, int]  # (weighted evidence for a reading, weighted evidence against)


@functools.lru_cache(maxsize=8192)
def _is_syllable(word: str) -> bool:
    """Whether a word (NFC) has the shape of one Vietnamese syllable."""
    bases = []
    tone = 0
    for char in word:
        parts = decompose_letter(char)
        if parts is None:
            return False
        base, letter_tone = parts
        if letter_tone:
            if tone:
                return False
            tone = letter_tone
        bases.append(base)
    letters = "".join(bases)
    start = 0
    while start < len(letters) and letters[start] not in VOWELS:
        start += 1
    end = start
    while end < len(letters) and letters[end] in VOWELS:
        end += 1
    initial, nucleus, final = letters[:start], letters[start:end], letters[end:]
    if initial not in _INITIALS or final not in _FINALS:
        return False
    if final in _STOP_FINALS and tone not in (4, 5):
        return False
    nuclei = [nucleus]
    if len(nucleus) > 1 and (initial, nucleus[0]) in (("g", "i"), ("q", "u")):
        nuclei.append(nucleus[1:])  # the i of gi and the u of qu belong to the initial
    return any(n in _CLUSTERS and not (final and n in _OPEN_CLUSTERS) for n in nuclei)


def _strip_edges(word: str) -> str:
    start, end = 0, len(word)
    while start < end and not word[start].isalpha():
        start += 1
    while end > start and not word[end - 1].isalpha():
        end -= 1
    return word[start:end]


def _judge(word: str, weight: int) -> _Score:
    """(good, bad) evidence of one word as read under some interpretation."""
    word = _strip_edges(word)
    if not word or word.isascii():
        return 0, 0
    if not word.isalpha() or any(char in _ODD_LETTERS for char in word):
        return 0, _STRONG
    return (weight, 0) if _is_syllable(word) else (0, _NORMAL)


def _tcvn3_weight(word: str) -> int:
    strong = any(char in _TCVN3_DECODE and char not in _WESTERN for char in word)
    return _STRONG if strong else _NORMAL


def _vni_weight(word: str) -> int:
    pairs = [pair for pair in (word[i:i + 2] for i in range(len(word) - 1)) if pair in _VNI_DECODE]
    if any(pair.lower() not in _VNI_WEAK_PAIRS for pair in pairs):
        return _STRONG
    if pairs and not any(char in _VNI_LETTERS for char in word):
        return _WEAK
    return _NORMAL


def _add_evidence(totals: dict[str, list[int]], text: str) -> None:
    """Add one text's evidence for each reading (Unicode as it is, TCVN3, VNI) to totals."""
    for word in _SPLIT.split(text):
        if not word or word.isascii():
            continue
        word = nfc(word)
        readings = {"unicode": _judge(word, _NORMAL)}
        if len(word) > 1 or word.isalpha():  # « » £ ° standing alone prove nothing
            if any(ord(char) > 0xFF and char.isalpha() for char in word):
                readings["tcvn3"] = (0, _NORMAL)  # a letter TCVN3 cannot hold
            else:
                readings["tcvn3"] = _judge(nfc(_tcvn3_decode(word)), _tcvn3_weight(word))
            if any(char.isalpha() and not char.isascii() and char not in _VNI_CHARS
                   for char in word):
                readings["vni"] = (0, _NORMAL)
            else:
                readings["vni"] = _judge(nfc(_vni_decode(word)), _vni_weight(word))
        for name, (good, bad) in readings.items():
            totals[name][0] += good
            totals[name][1] += bad


def _decide(totals: dict[str, list[int]]) -> str | None:
    unicode_score = totals["unicode"][0] - totals["unicode"][1]
    (score, good, bad, name), (runner_up, *_rest) = sorted(
        ((totals[name][0] - totals[name][1], *totals[name], name) for name in ENCODINGS),
        reverse=True)
    if good < 2 * _NORMAL or bad * 4 > good:  # one Western-looking word is not enough
        return None
    if score - unicode_score < _MARGIN or score - runner_up < _NORMAL:
        return None
    return name


def _new_totals() -> dict[str, list[int]]:
    return {"unicode": [0, 0], "tcvn3": [0, 0], "vni": [0, 0]}


def detect_legacy_encoding(text: str) -> str | None:
    """"tcvn3" or "vni" when one text clearly reads better in that encoding, else None.

    Each word is scored under three readings (as Unicode, TCVN3, VNI) by whether it forms
    a Vietnamese syllable; a legacy reading must win by a clear margin. Short or ambiguous
    text gives None: prefer ``detect_legacy_encoding_many`` for a whole column or file.
    """
    return detect_legacy_encoding_many((text,))


def detect_legacy_encoding_many(texts: Iterable[str]) -> str | None:
    """One decision for a whole column or file, pooling the evidence of every text."""
    totals = _new_totals()
    for text in texts:
        if isinstance(text, str) and not text.isascii() and _EIGHT_BIT.search(text):
            _add_evidence(totals, text)
    return _decide(totals)


def repair(text: str) -> tuple[str, str | None]:
    """(text converted to Unicode, encoding found) or (text unchanged, None)."""
    encoding = detect_legacy_encoding(text)
    if encoding is None:
        return text, None
    return legacy_to_unicode(text, encoding), encoding
