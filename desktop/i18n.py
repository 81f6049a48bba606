"""The one translation module: gettext catalogs from i18n/, loaded from .po files with Babel.

Source strings (msgids) are English; Vietnamese, the first language, comes from i18n/vi.
Nothing is put into builtins: modules import `_` and `ngettext` from here and call them at
run time, so switching language takes effect on the next lookup.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
PSEUDO_LANGUAGE = "pseudo"
DOMAIN = "clc"

DOCUMENT_LANGUAGE = "vi"  # official documents are Vietnamese whatever the interface language
_state: dict[str, object] = {"language": DEFAULT_LANGUAGE, "catalog": None}
_this_thread = threading.local()  # a document laid out on a worker, in its own language


def catalog_folder() -> Path:
    """The i18n/ folder beside the package (source tree or installed app)."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "i18n", here / "i18n"):
        if candidate.is_dir():
            return candidate
    return here.parent / "i18n"


@functools.lru_cache(maxsize=4)
def _load_catalog(language: str) -> dict[str, object]:
    """{msgid: msgstr or plural tuple} from the compiled clc.mo (a few ms), else from clc.po.

    The .mo wins whenever it exists: tools/update_catalogs.py writes both and a test keeps them
    equal. (Comparing file times would not do: a fresh clone or an installer writes the two in
    any order, and parsing the .po costs a tenth of a second at every start.)"""
    folder = catalog_folder() / language / "LC_MESSAGES"
    mo_path, po_path = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if mo_path.exists():
        return _read_mo(mo_path)
    if po_path.exists():
        return _read_po(po_path, language)
    return {}


def _read_mo(path: Path) -> dict[str, object]:
    import gettext

    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    table: dict[str, object] = {}
    plurals: dict[str, list[str]] = {}
    for key, value in translations._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, tuple):
            plurals.setdefault(key[0], []).append(value)
        elif key:
            table[key] = value
    for msgid, forms in plurals.items():
        if all(forms):
            table[msgid] = tuple(forms)
    return table


def _read_po(path: Path, language: str) -> dict[str, object]:
    from babel.messages.pofile import read_po  # only when no compiled catalog is present

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    table: dict[str, object] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, (tuple, list)):
            if all(message.string):
                table[message.id[0]] = tuple(message.string)
        elif message.string:
            table[message.id] = message.string
    return table


def set_language(language: str) -> None:
    """Switch the interface language ("vi", "en" or the layout-testing "pseudo")."""
    if language not in (*LANGUAGES, PSEUDO_LANGUAGE):
        raise ValueError(f"unknown language {language!r}")
    _state["language"] = language
    _state["catalog"] = None if language == PSEUDO_LANGUAGE else _load_catalog(language)


def current_language() -> str:
    return getattr(_this_thread, "language", None) or str(_state["language"])


@contextlib.contextmanager
def language_for_this_thread(language: str) -> Iterator[None]:
    """Translate in `language` on this thread only, for the block: a document is laid out in
    its own language while the window, on its own thread, stays in the interface's."""
    if language not in (*LANGUAGES, PSEUDO_LANGUAGE):
        raise ValueError(f"unknown language {language!r}")
    previous = getattr(_this_thread, "language", None)
    _this_thread.language = language
    try:
        yield
    finally:
        _this_thread.language = previous


def babel_locale() -> str:
    """The Babel locale name for dates and numbers in the current language."""
    return "en" if current_language() == "en" else "vi"


def _catalog() -> dict[str, object]:
    override = getattr(_this_thread, "language", None)
    if override is not None:
        return {} if override == PSEUDO_LANGUAGE else _load_catalog(override)
    catalog = _state["catalog"]
    if catalog is None:
        if current_language() == PSEUDO_LANGUAGE:
            return {}
        catalog = _load_catalog(current_language())
        _state["catalog"] = catalog
    return catalog  # type: ignore[return-value]


def _pseudo(text: str) -> str:
    """Stretch a string by about 40% so layout tests show what would be cut off."""
    return "[" + text + "~" * max(2, len(text) * 2 // 5) + "]"


def _(message: str) -> str:
    """Translate one message into the current language."""
    if current_language() == PSEUDO_LANGUAGE:
        return _pseudo(message)
    translated = _catalog().get(message)
    if isinstance(translated, str):
        return translated
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message with a count (Vietnamese has one plural form)."""
    if current_language() == PSEUDO_LANGUAGE:
        return _pseudo(singular if count == 1 else plural)
    translated = _catalog().get(singular)
    if isinstance(translated, tuple) and translated:
        return translated[0] if len(translated) == 1 or count == 1 else translated[1]
    return singular if count == 1 else plural


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (module-level tables)."""
    return message


def pick(name_vi: str, name_en: str) -> str:
    """Choose the label of a reference entry (which carries both languages) for the interface."""
    language = current_language()
    if language == "vi":
        return name_vi
    if language == PSEUDO_LANGUAGE:
        return _pseudo(name_en)
    return name_en
