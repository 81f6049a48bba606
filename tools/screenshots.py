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
            _settle(app)
            path = out / f"{key}_{language}.png"
            window.grab().save(str(path))
            print(path)
            if key == "books":  # every tab of the cabinet
                for tab in screen.keys:  # type: ignore[attr-defined]
                    screen.show_tab(tab)  # type: ignore[attr-defined]
                    _settle(app)
                    path = out / f"books_{tab}_{language}.png"
                    window.grab().save(str(path))
                    print(path)
        _grab_dialogs(db, out, language)
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    db.close()
    return 0


def _settle(app, seconds: float = 0.6) -> None:  # type: ignore[no-untyped-def]
    """Let timers and background work (figures filled in after the first paint) finish."""
    import time

    until = time.monotonic() + seconds
    while time.monotonic() < until:
        app.processEvents()
        time.sleep(0.02)


def _grab_dialogs(db, out: Path, language: str) -> None:  # type: ignore[no-untyped-def]
    """The forms a user fills in, at the size they open with, shown (not run) and grabbed."""
    import datetime as dt

    from PySide6.QtWidgets import QApplication

    from desktop.services.activities import list_activities, list_sessions
    from desktop.services.learners import list_learners
    from desktop.ui.activity_dialog import ActivityDialog
    from desktop.ui.centre_form import SetupDialog
    from desktop.ui.learner_dialog import LearnerDialog
    from desktop.ui.learner_picker import LearnerPickerDialog
    from desktop.ui.session_dialogs import SeriesDialog, SessionDialog

    activity = next(iter(list_activities(db, status="running")))
    learner = list_learners(db)[0]
    today = dt.date.today()
    dialogs = {
        "learner_dialog": lambda: LearnerDialog(db, learner.id),
        "activity_dialog": lambda: ActivityDialog(db, activity.id),
        "session_dialog": lambda: SessionDialog(db, activity.id, list_sessions(db, activity.id)[0]),
        "series_dialog": lambda: SeriesDialog(db, activity.id, start=today,
                                              end=today + dt.timedelta(days=60)),
        "picker_dialog": lambda: LearnerPickerDialog(db),
        "setup_dialog": lambda: SetupDialog(db),
    }
    for name, make in dialogs.items():
        dialog = make()
        dialog.show()
        QApplication.processEvents()
        path = out / f"{name}_{language}.png"
        dialog.grab().save(str(path))
        print(path)
        dialog.close()
        dialog.deleteLater()
        QApplication.processEvents()


if __name__ == "__main__":
    sys.exit(main())
