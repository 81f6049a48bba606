#!/usr/bin/env python3
"""Put a batch of Vietnamese translations into i18n/vi/LC_MESSAGES/clc.po, then compile.

Input: a TSV file of "English<TAB>Vietnamese" lines (\\n for a line break, # for a comment).
An English line fills the entry with that msgid; for a plural entry it matches the singular
msgid (Vietnamese has one form). Run tools/update_catalogs.py first so new messages are in the
catalog. Run: .venv/bin/python tools/add_translations.py new_strings.tsv
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

sys.path.insert(0, str(Path(__file__).resolve().parent))

from update_catalogs import I18N, compile_catalogs  # noqa: E402

CATALOG = I18N / "vi" / "LC_MESSAGES" / "clc.po"


def read_table(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line and not line.startswith("#"):
            english, vietnamese = line.split("\t", 1)
            if vietnamese.strip():
                table[english.replace("\\n", "\n")] = vietnamese.replace("\\n", "\n")
    return table


def add_translations(table: dict[str, str], catalog_path: Path = CATALOG) -> list[str]:
    """Fill the catalog's entries from table; returns the English lines it has no entry for."""
    with catalog_path.open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    unknown = []
    for english, vietnamese in table.items():
        message = catalog.get(english)
        if message is None:
            unknown.append(english)
            continue
        message.string = (vietnamese,) if message.pluralizable else vietnamese
        message.flags.discard("fuzzy")
    with catalog_path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    return unknown


def main(arguments: list[str]) -> int:
    if len(arguments) != 1:
        print(__doc__)
        return 2
    unknown = add_translations(read_table(Path(arguments[0])))
    compile_catalogs()
    for english in unknown:
        print("  not in the catalog (run tools/update_catalogs.py?):", english.replace("\n", "\\n"))
    return 1 if unknown else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
