"""Photograph every screen and tab of the window at 1366×768 and list the texts it cuts off.

    QT_QPA_PLATFORM="offscreen:configfile=SCREEN.json" .venv/bin/python tools/screens.py \
        DATABASE OUT_FOLDER [--lang vi|en|pseudo ...]

SCREEN.json describes one 1366×768 screen (the offscreen default is smaller); the window is
placed as on a commune laptop, maximised above a 40-pixel taskbar. The pseudo-locale stretches
every string by about 40%, so what it cuts is what a longer translation would cut. Prints one
line per cut text and exits 1 when there is any."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

WINDOW_SIZE = (1366, 768 - 40 - 31)  # maximised above the taskbar, under the title bar


def settle(app, seconds: float = 0.4) -> None:  # type: ignore[no-untyped-def]
    """Let the screen's background loads finish and show (events keep flowing meanwhile)."""
    from desktop.ui.database_worker import database_worker

    end = time.monotonic() + seconds
    while time.monotonic() < end or database_worker().busy():
        app.processEvents()
        time.sleep(0.02)
    app.processEvents()


def photograph(database: Path, out: Path, language: str) -> list[str]:
    from desktop.i18n import set_language
    from desktop.services.data_file import open_data_file
    from desktop.services.sync.mode import database_is_office
    from desktop.ui.app import make_application
    from layout_fit import cut_texts, every_tab

    app = make_application()
    set_language(language)
    db = open_data_file(database)
    if database_is_office(db):
        from desktop.ui.office.window import OfficeWindow as Window
    else:
        from desktop.ui.main_window import MainWindow as Window
    window = Window(db)
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app, 1.5)
    problems: list[str] = []
    for key in list(window.keys):
        screen = window.show_screen(key)
        settle(app)
        for path in every_tab(screen):
            settle(app)
            name = re.sub(r"[^\w-]+", "_", f"{key}{path}").strip("_")
            window.grab().save(str(out / f"{name}_{language}.png"))
            problems += [f"{key}{path}: {problem}" for problem in cut_texts(window)]
    window.close()
    db.close()
    return list(dict.fromkeys(problems))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--lang", action="append", choices=["vi", "en", "pseudo"])
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    cut = []
    for language in args.lang or ["vi", "en", "pseudo"]:
        found = photograph(args.database, args.out, language)
        cut += found
        print(f"{language}: {len(found)} cut texts")
        for line in found:
            print(f"  {line}")
    return 1 if cut else 0


if __name__ == "__main__":
    raise SystemExit(main())
