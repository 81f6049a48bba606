"""The TrueType fonts shipped in resources/fonts, registered with reportlab as families.

The PDF base fonts (Helvetica, Times) have no Vietnamese letters; DejaVu covers all of them.
Serif (Times-like) carries the official frame, Sans the tables.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

SERIF = "DejaVuSerif"
SANS = "DejaVuSans"

_FILES: dict[str, dict[str, str]] = {
    SERIF: {
        "normal": "DejaVuSerif.ttf",
        "bold": "DejaVuSerif-Bold.ttf",
        "italic": "DejaVuSerif-Italic.ttf",
        "boldItalic": "DejaVuSerif-BoldItalic.ttf",
    },
    SANS: {
        "normal": "DejaVuSans.ttf",
        "bold": "DejaVuSans-Bold.ttf",
        "italic": "DejaVuSans-Oblique.ttf",
        "boldItalic": "DejaVuSans-BoldOblique.ttf",
    },
}
_SUFFIX = {"normal": "", "bold": "-Bold", "italic": "-Italic", "boldItalic": "-BoldItalic"}


def fonts_folder() -> Path:
    """resources/fonts in the source tree, or beside the frozen executable."""
    candidates = [Path(__file__).resolve().parents[2] / "resources" / "fonts"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "resources" / "fonts")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def font_name(family: str, *, bold: bool = False, italic: bool = False) -> str:
    """The registered reportlab name of one face, e.g. DejaVuSerif-BoldItalic."""
    style = ("bold" if bold else "") + ("Italic" if italic and bold else "italic" if italic else "")
    return family + _SUFFIX[style or "normal"]


@functools.cache
def register_fonts() -> tuple[str, ...]:
    """Register every face and both families once; returns the registered face names."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = fonts_folder()
    names: list[str] = []
    for family, faces in _FILES.items():
        for style, filename in faces.items():
            name = family + _SUFFIX[style]
            pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
            names.append(name)
        # a family, so <b> and <i> in paragraphs pick the right face
        pdfmetrics.registerFontFamily(
            family,
            normal=family,
            bold=family + "-Bold",
            italic=family + "-Italic",
            boldItalic=family + "-BoldItalic",
        )
    return tuple(names)


def missing_characters(text: str, face: str) -> set[str]:
    """Characters of text (blanks aside) that the registered face has no glyph for."""
    from reportlab.pdfbase import pdfmetrics

    register_fonts()
    font = pdfmetrics.getFont(face)
    glyphs = font.face.charToGlyph
    return {char for char in text if not char.isspace() and ord(char) not in glyphs}
