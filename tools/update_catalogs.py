#!/usr/bin/env python3
"""Refresh i18n/clc.pot and the vi/en catalogs from the code.

Vietnamese translations are kept in i18n/vi/LC_MESSAGES/clc.po; new ones can be supplied as
tab-separated lines "English<TAB>Vietnamese" in i18n/*.tsv files, which this tool merges in.
Run: .venv/bin/python tools/update_catalogs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.i18n_extract import extract_messages  # noqa: E402


def read_tsv_translations() -> dict[str, str]:
    table: dict[str, str] = {}
    # Later files win: helpers' lists first, the reviewed core list last.
    for path in sorted(ROOT.glob("desktop/**/vi_strings*.txt")) + sorted((ROOT / "i18n").glob("vi_strings*.txt")) \
            + sorted((ROOT / "i18n").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                english, vietnamese = line.split("\t", 1)
                english = english.replace("\\n", "\n")
                if vietnamese.strip():
                    table[english] = vietnamese.replace("\\n", "\n")
    return table


def load(path: Path, locale: str) -> Catalog:
    if path.exists():
        with path.open("rb") as handle:
            return read_po(handle, locale=locale)
    return Catalog(locale=locale, domain="clc", project="CLC Ledger")


def main() -> int:
    messages = extract_messages()
    extra = read_tsv_translations()
    template = Catalog(domain="clc", project="CLC Ledger")
    for msgid, plural in messages.items():
        template.add((msgid, *plural) if plural else msgid)
    with (ROOT / "i18n" / "clc.pot").open("wb") as handle:
        write_po(handle, template, width=100, omit_header=False)
    missing = []
    for locale in ("vi", "en"):
        path = ROOT / "i18n" / locale / "LC_MESSAGES" / "clc.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        old = load(path, locale)
        new = Catalog(locale=locale, domain="clc", project="CLC Ledger")
        for msgid, plural in messages.items():
            key = (msgid, *plural) if plural else msgid
            previous = old.get(msgid)
            string: object = previous.string if previous is not None else ""
            if locale == "vi" and msgid in extra:  # the translation lists are the source of truth
                string = (extra[msgid],) if plural else extra[msgid]
            if locale == "vi" and plural and isinstance(string, str):
                string = (string,)
            new.add(key, string=string or (("",) if plural and locale == "vi" else ("", "") if plural else ""))
            if locale == "vi" and not (string if isinstance(string, str) else all(string)):
                missing.append(msgid)
        with path.open("wb") as handle:
            write_po(handle, new, width=100, sort_output=False)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, new)
    print(f"{len(messages)} messages; {len(missing)} without Vietnamese")
    for msgid in missing:
        print("  missing:", msgid.replace("\n", "\\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
