"""What the About box says: the version, where the data is, and what the app ships under which licence.

Plain data (no Qt), so the command line and the tests read the same facts as the window.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.i18n import N_


@dataclass(frozen=True)
class Component:
    name: str
    licence: str  # a msgid where it has words to translate (shown with _())
    home: str


# What the installed app carries (the bundle's folder holds each of these), with its licence
SHIPPED: tuple[Component, ...] = (
    Component("DejaVu fonts",
              N_("Bitstream Vera and Arev fonts licences (free); DejaVu's changes in the public domain"),
              "https://dejavu-fonts.github.io"),
    Component("Python", "Python Software Foundation License", "https://www.python.org"),
    Component("Qt 6", "GNU LGPL v3", "https://www.qt.io"),
    Component("Qt for Python (PySide6, Shiboken6)", "GNU LGPL v3", "https://www.qt.io/qt-for-python"),
    Component("SQLite", N_("public domain"), "https://sqlite.org"),
    Component("SQLAlchemy", "MIT", "https://www.sqlalchemy.org"),
    Component("Alembic", "MIT", "https://alembic.sqlalchemy.org"),
    Component("Mako, MarkupSafe", "MIT; BSD-3-Clause", "https://www.makotemplates.org"),
    Component("ReportLab", "BSD", "https://www.reportlab.com"),
    Component("Pillow", "MIT-CMU (HPND)", "https://python-pillow.github.io"),
    Component("pypdfium2, PDFium", N_("Apache-2.0 or BSD-3-Clause; PDFium: BSD-3-Clause and Apache-2.0"),
              "https://github.com/pypdfium2-team/pypdfium2"),
    Component("cryptography", N_("Apache-2.0 or BSD-3-Clause"), "https://cryptography.io"),
    Component("OpenSSL", "Apache-2.0", "https://www.openssl.org"),
    Component("Babel", N_("BSD-3-Clause (CLDR data: Unicode licence)"), "https://babel.pocoo.org"),
    Component("openpyxl, et_xmlfile", "MIT", "https://openpyxl.readthedocs.io"),
    Component("platformdirs", "MIT", "https://github.com/tox-dev/platformdirs"),
    Component("uuid6", "MIT", "https://github.com/oittaa/uuid6-python"),
    Component("ICU", N_("Unicode licence (in the Linux build of Qt)"), "https://icu.unicode.org"),
)


def resources_folder() -> Path:
    """resources/ in the source tree, or in the frozen bundle's folder."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "resources").is_dir():
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def icon_path() -> Path:
    return resources_folder() / "icons" / "clc-ledger.png"


def font_licence_path() -> Path:
    return resources_folder() / "fonts" / "LICENSE-DejaVu.txt"


@dataclass(frozen=True)
class AboutFacts:
    version: str
    data_folder: Path
    database: Path
    backups: Path
    python: str
    frozen: bool


def about_facts(database: Path) -> AboutFacts:
    from desktop.store.paths import backup_folder_for, data_folder

    return AboutFacts(version=__version__, data_folder=data_folder(), database=Path(database),
                      backups=backup_folder_for(Path(database)), python=sys.version.split()[0],
                      frozen=bool(getattr(sys, "frozen", False)))
