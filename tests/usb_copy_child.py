"""Run inside a private mount namespace whose small tmpfs is the USB stick (tests/test_usb_pulled.py):
a backup whose protected copy does not fit on the stick. Prints JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from desktop.errors import UserError  # noqa: E402
from desktop.services.backup_copies import CopyFailed, copy_settings, set_copy_folder  # noqa: E402
from desktop.services.backups import back_up_now  # noqa: E402
from desktop.store.database import open_database, quick_check  # noqa: E402
from desktop.store.paths import backup_folder_for  # noqa: E402

database, stick = Path(sys.argv[1]), Path(sys.argv[2])
db = open_database(database)
set_copy_folder(db, stick, "Trâu ăn cỏ 2026", "Trâu ăn cỏ 2026")
outcome: dict[str, object] = {}
try:
    back_up_now(db)
    outcome["copied_to_full_stick"] = True
except CopyFailed as error:
    outcome["message"] = error.message
except UserError as error:
    outcome["other_error"] = error.message
outcome["left_on_stick"] = sorted(path.name for path in stick.iterdir())
outcome["local_backups"] = len(list(backup_folder_for(database).glob("clc-backup-*.sqlite")))
outcome["last_copy"] = str(copy_settings(db).last_copy)
outcome["sound"] = quick_check(db.engine) == []
db.close()
print(json.dumps(outcome, ensure_ascii=False, default=str))
