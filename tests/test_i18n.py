"""The catalogs: every message has a Vietnamese translation with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from desktop import i18n
from desktop.i18n_extract import extract_messages

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.fixture(scope="module")
def messages() -> dict[str, tuple[str, ...]]:
    return extract_messages()


def test_every_message_in_the_code_has_a_vietnamese_translation(messages):
    catalog = i18n._read_po(i18n.catalog_folder() / "vi" / "LC_MESSAGES" / "clc.po", "vi")
    missing = sorted(msgid for msgid in messages if msgid not in catalog)
    assert missing == [], "run tools/update_catalogs.py and translate:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders(messages):
    catalog = i18n._read_po(i18n.catalog_folder() / "vi" / "LC_MESSAGES" / "clc.po", "vi")
    wrong = []
    for msgid, translated in catalog.items():
        forms = translated if isinstance(translated, tuple) else (translated,)
        for form in forms:
            if placeholders(form) != placeholders(msgid):
                wrong.append(f"{msgid!r} → {form!r}")
    assert wrong == []


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_compiled_catalog_matches_the_source(language):
    # the app reads only the .mo when there is one: run tools/update_catalogs.py after editing
    folder = i18n.catalog_folder() / language / "LC_MESSAGES"
    compiled = i18n._read_mo(folder / "clc.mo")
    # an untranslated plural is compiled as its own English forms, which translates to itself
    compiled = {msgid: text for msgid, text in compiled.items()
                if not (isinstance(text, tuple) and text[0] == msgid)}
    assert compiled == i18n._read_po(folder / "clc.po", language)


def test_switching_language_changes_lookups_at_once():
    i18n.set_language("vi")
    assert i18n._("Attendance") == "Điểm danh"
    i18n.set_language("en")
    assert i18n._("Attendance") == "Attendance"
    i18n.set_language("pseudo")
    assert i18n._("Attendance").startswith("[Attendance~")
    with pytest.raises(ValueError):
        i18n.set_language("fr")


def test_qt_keeps_its_own_texts_that_we_do_not_translate(qapp):
    from PySide6.QtGui import QKeySequence

    from desktop.ui.qt_translation import GettextQtTranslator

    translator = GettextQtTranslator()
    qapp.installTranslator(translator)
    try:
        native = QKeySequence.SequenceFormat.NativeText
        assert QKeySequence("F5").toString(native) == "F5"
        assert QKeySequence("Ctrl+Z").toString(native) == "Ctrl+Z"
        assert translator.translate("QShortcut", "F%1") is None
        assert translator.translate("QPlatformTheme", "Cancel") == "Hủy"
    finally:
        qapp.removeTranslator(translator)
