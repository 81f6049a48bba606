"""The catalogs: every message of the code in vi and en, translated in vi with the same
placeholders, nothing fuzzy, and each .mo compiled from its .po as it is now."""

from __future__ import annotations

import io
import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop import i18n

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))  # the catalog tools
from update_catalogs import extract  # noqa: E402

PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def msgid_of(message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def source_catalog(language: str) -> Catalog:
    with (i18n.catalog_folder() / language / "LC_MESSAGES" / "clc.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> dict[str, tuple[str, ...]]:
    """msgid → (msgid_plural,) or (): what `pybabel extract` finds in the code today."""
    template = tmp_path_factory.mktemp("pot") / "clc.pot"
    extract(template)
    with template.open("rb") as handle:
        return {msgid_of(message): tuple(message.id[1:]) if message.pluralizable else ()
                for message in read_po(handle) if message.id}


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_in_the_code_is_in_the_catalog(messages, language):
    catalog = source_catalog(language)
    missing = sorted(msgid for msgid in messages if catalog.get(msgid) is None)
    assert missing == [], "run tools/update_catalogs.py:\n" + "\n".join(missing)
    wrong_plural = sorted(msgid for msgid, plural in messages.items()
                          if plural and not catalog.get(msgid).pluralizable)
    assert wrong_plural == []


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    untranslated, fuzzy = [], []
    for message in source_catalog("vi"):
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
        if not all(form.strip() for form in forms):
            untranslated.append(msgid_of(message))
        if message.fuzzy:
            fuzzy.append(msgid_of(message))
    hint = "translate in Poedit or tools/add_translations.py:\n"
    assert untranslated == [], hint + "\n".join(untranslated)
    assert fuzzy == [], "check and remove the fuzzy flag:\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_mo_is_compiled_from_the_po_as_it_is_now(language):
    # git keeps no file times: compile the .po here and compare bytes with the committed .mo
    catalog = source_catalog(language)
    assert not catalog.fuzzy, "a fuzzy header makes pybabel compile skip the catalog"
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    committed = (i18n.catalog_folder() / language / "LC_MESSAGES" / "clc.mo").read_bytes()
    assert compiled.getvalue() == committed, "run pybabel compile (tools/update_catalogs.py)"


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


def test_a_batch_of_translations_fills_singular_and_plural_entries(tmp_path):
    from add_translations import add_translations, read_table

    catalog_path = tmp_path / "clc.po"
    catalog_path.write_bytes((i18n.catalog_folder() / "vi" / "LC_MESSAGES" / "clc.po").read_bytes())
    plural = next(message for message in source_catalog("vi") if message.pluralizable)
    singular = next(message for message in source_catalog("vi")
                    if message.id and not message.pluralizable and "{" not in message.id)
    batch = tmp_path / "new.tsv"
    batch.write_text(f"# a comment\n{singular.id}\tMỘT\n{plural.id[0]}\tNHIỀU {{count}}\n"
                     "Not a message of the app\tKhông có\n", encoding="utf-8")
    unknown = add_translations(read_table(batch), catalog_path)
    assert unknown == ["Not a message of the app"]
    with catalog_path.open("rb") as handle:
        filled = read_po(handle, locale="vi")
    assert filled.get(singular.id).string == "MỘT"
    assert tuple(filled.get(plural.id[0]).string) == ("NHIỀU {count}",)
