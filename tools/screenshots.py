#!/usr/bin/env python3
"""Grab every main screen at 1366×768 in Vietnamese and English, offscreen, to look at.

    .venv/bin/python tools/screenshots.py DEMO.sqlite [OUT_FOLDER]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from desktop.i18n import set_language
    from desktop.store.database import open_database
    from desktop.ui.app import make_application
    from desktop.ui.main_window import MainWindow

    database = Path(sys.argv[1])
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    db = open_database(database)
    for language in ("vi", "en"):
        set_language(language)
        window = MainWindow(db)
        window.resize(1366, 768)
        window.show()
        for key in window.keys:
            screen = window.show_screen(key)
            if key == "attendance":
                from desktop.services.activities import list_activities, list_sessions

                running = list_activities(db, status="running")
                for activity in running:
                    sessions = list_sessions(db, activity.id)
                    if sessions and activity.kind != "topic_talk":
                        import datetime as dt

                        past = [item.date for item in sessions if item.date <= dt.date.today()]
                        day = past[-1] if past else sessions[0].date
                        screen.open_grid(activity.id, day.year, day.month)  # type: ignore[attr-defined]
                        break
            app.processEvents()
            path = out / f"{key}_{language}.png"
            window.grab().save(str(path))
            print(path)
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
