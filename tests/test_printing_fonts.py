"""The shipped fonts: present with their licence, registered as families, covering Vietnamese."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from desktop import i18n
from desktop.printing.fonts import (
    SANS,
    SERIF,
    font_name,
    fonts_folder,
    missing_characters,
    register_fonts,
)

ROOT = Path(__file__).resolve().parents[1]
PRINTING = ROOT / "desktop" / "printing"

NAMES = ["Nguyễn Thị Hoàng Phương Thảo", "Lò Thị Pấng", "Sùng A Páo", "Giàng Thị Mỷ", "Đặng Ước Ơn"]
# every lower and upper case Vietnamese letter with every tone, and the đồng sign
VIETNAMESE_LETTERS = (
    "".join(
        unicodedata.normalize("NFC", base + tone)
        for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
        for tone in ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    )
    + "đĐ–…·"
)


def document_msgids() -> set[str]:
    source = "\n".join(path.read_text(encoding="utf-8") for path in PRINTING.glob("*.py"))
    return set(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', source))


def vi_translations() -> dict[str, str]:
    """The Vietnamese catalog's entries for the printed documents' messages."""
    catalog = i18n._read_po(ROOT / "i18n" / "vi" / "LC_MESSAGES" / "clc.po", "vi")
    msgids = document_msgids()
    return {msgid: str(text) for msgid, text in catalog.items() if msgid in msgids}


def test_the_fonts_and_their_licence_ship_in_resources() -> None:
    folder = fonts_folder()
    assert folder == Path(__file__).resolve().parents[1] / "resources" / "fonts"
    for family in ("DejaVuSans", "DejaVuSerif"):
        assert (folder / f"{family}.ttf").stat().st_size > 100_000
        assert (folder / f"{family}-Bold.ttf").is_file()
    assert "Bitstream" in (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_bold_and_italic_resolve_within_each_family() -> None:
    from reportlab.lib.fonts import tt2ps

    register_fonts()
    for family in (SANS, SERIF):
        assert tt2ps(family, 1, 0) == font_name(family, bold=True) == f"{family}-Bold"
        assert tt2ps(family, 0, 1) == font_name(family, italic=True) == f"{family}-Italic"
        assert tt2ps(family, 1, 1) == font_name(family, bold=True, italic=True)


@pytest.mark.parametrize("face", register_fonts())
def test_every_face_covers_every_vietnamese_string_we_print(face: str) -> None:
    texts = [VIETNAMESE_LETTERS, *NAMES, *vi_translations().values()]
    assert missing_characters("".join(texts), face) == set()


def test_the_dong_sign_is_only_in_the_sans_faces() -> None:
    # tables (Sans) may show money as "1.500.000 ₫"; Serif text must write "đồng" instead
    assert all(
        not missing_characters("₫", font_name(SANS, bold=b, italic=i))
        for b in (False, True)
        for i in (False, True)
    )
    assert missing_characters("₫", SERIF) == {"₫"}


def test_a_missing_glyph_is_noticed() -> None:
    assert missing_characters("Lò Thị 中", SANS) == {"中"}


def test_every_document_string_has_a_vietnamese_translation() -> None:
    msgids = document_msgids()
    translations = vi_translations()
    assert msgids, "no _() calls found: the pattern is wrong"
    assert msgids - translations.keys() == set()
    assert all(text.strip() for text in translations.values())


def test_translations_keep_the_placeholders() -> None:
    for english, vietnamese in vi_translations().items():
        wanted = set(re.findall(r"{(\w+)}", vietnamese))
        assert wanted == set(re.findall(r"{(\w+)}", english)), english
        assert unicodedata.is_normalized("NFC", vietnamese), english
