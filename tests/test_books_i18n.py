"""Every book cabinet message has its Vietnamese in the catalog, in glossary words."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from desktop import i18n

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}

# English word in a message → what its Vietnamese line must say (domain.md glossary).
GLOSSARY = {
    "accession number": "ĐKCB",
    "weed": "thanh lọc",
    "stocktaking": "kiểm kê",
    "rotated": "luân chuyển",
    "reader": "bạn đọc",
    "overdue": "quá hạn",
    "catalogue": "mục lục",
}


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def messages() -> set[str]:
    found = set()
    for _f, _l, message, _c, _x in extract_from_dir(
            str(ROOT / "desktop" / "services" / "books"), method_map=[("**.py", "python")],
            keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.fixture(scope="module")
def translations(messages) -> dict[str, str]:
    """The Vietnamese catalog's entries for the book cabinet's messages (a plural's one form)."""
    catalog = i18n._read_po(ROOT / "i18n" / "vi" / "LC_MESSAGES" / "clc.po", "vi")
    return {msgid: text[0] if isinstance(text, tuple) else text
            for msgid, text in catalog.items() if msgid in messages}


def test_every_message_has_a_vietnamese_translation(messages, translations):
    missing = sorted(messages - set(translations))
    assert missing == []
    assert all(text.strip() for text in translations.values())


def test_translations_keep_the_placeholders(translations):
    wrong = [english for english, vietnamese in translations.items()
             if placeholders(english) != placeholders(vietnamese)]
    assert wrong == []


@pytest.mark.parametrize(("english", "vietnamese"), sorted(GLOSSARY.items()))
def test_the_glossary_words_are_used(translations, english, vietnamese):
    for msgid, translated in translations.items():
        words = re.sub(r"\{[^}]*\}", "", msgid).lower()
        if english in words:
            assert vietnamese.lower() in translated.lower(), (msgid, translated)


def test_the_register_note_of_a_weeded_copy(translations):
    assert translations["weeded, decision {number}"] == "đã thanh lọc, QĐ số {number}"
