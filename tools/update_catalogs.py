#!/usr/bin/env python3
"""Refresh the catalogs from the code: pybabel extract → update (vi, en) → compile.

The same chain a translator runs by hand (i18n/README.md). The .po files in i18n/ are the only
home of the translations; new Vietnamese goes in through Poedit, the .po itself, or
tools/add_translations.py.
Run: .venv/bin/python tools/update_catalogs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
TEMPLATE = I18N / "clc.pot"
LANGUAGES = ("vi", "en")
# The keywords of desktop.i18n; the defaults (gettext, pgettext, ...) are not ours.
KEYWORDS = ("--no-default-keywords", "-k", "_", "-k", "N_", "-k", "ngettext:1,2")


def pybabel(*arguments: str) -> int:
    """One pybabel command, in this process (the same code as the pybabel script)."""
    return CommandLineInterface().run(["pybabel", "-q", *arguments])


def extract(template: Path = TEMPLATE) -> None:
    # no "#: file:line" comments: they would change with every edit and clash when branches merge
    if pybabel("extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS, "-w", "100", "--no-location",
            "--project", "CLC Ledger", "-o", str(template), str(ROOT / "desktop")):
        raise SystemExit("pybabel extract failed")


def update() -> None:
    for language in LANGUAGES:
        if pybabel("update", "-i", str(TEMPLATE), "-d", str(I18N), "-D", "clc", "-l", language,
                   "-w", "100", "--ignore-obsolete"):
            raise SystemExit("pybabel update failed")


def compile_catalogs() -> None:
    # pybabel writes the .mo files even when its checks complain. Its printf check misreads
    # "{percent}% of" as a "% o" placeholder (three messages); tests/test_i18n.py checks the
    # {placeholders} that we really use, so those "placeholders are incompatible" lines are noise.
    pybabel("compile", "-d", str(I18N), "-D", "clc")


def untranslated_in_vietnamese() -> list[str]:
    with (I18N / "vi" / "LC_MESSAGES" / "clc.po").open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    return [message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            for message in catalog
            if message.id and (message.fuzzy or not all(
                message.string if isinstance(message.string, (tuple, list)) else (message.string,)))]


def main() -> int:
    extract()
    update()
    compile_catalogs()
    missing = untranslated_in_vietnamese()
    print(f"{len(missing)} messages without Vietnamese (or fuzzy)")
    for msgid in missing:
        print("  missing:", msgid.replace("\n", "\\n"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
