"""The log file rotates and carries no personal data; the diagnostic block support asks for."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop.logfile import BACKUP_COUNT, MAX_BYTES, file_handler, scrub
from desktop.services.learners import LearnerInput, create_learner
from desktop.store.backup import make_backup


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "CLC Ledger"


def _logger(handler: logging.Handler) -> logging.Logger:
    logger = logging.getLogger("test.logfile")
    logger.propagate = False
    logger.handlers = [handler]
    logger.setLevel(logging.INFO)
    return logger


def test_the_log_rotates_into_four_files_of_at_most_a_megabyte(data_folder):
    handler, path = file_handler()
    logger = _logger(handler)
    try:
        for number in range(6000):
            logger.info("backup written: clc-backup-%06d-daily.sqlite %s", number, "x" * 500)
    finally:
        handler.close()
    files = sorted(path.parent.glob("clc-ledger.log*"))
    assert [file.name for file in files] == ["clc-ledger.log"] + [f"clc-ledger.log.{n}" for n in range(1, BACKUP_COUNT + 1)]
    assert all(file.stat().st_size <= MAX_BYTES for file in files)


def test_no_citizen_id_phone_or_saved_row_reaches_the_log(db, villages, data_folder):
    learner = create_learner(db, LearnerInput(full_name="Lò Thị Mai", birth_year=1980, gender="female",
                                              village_id=villages["Thôn Đông"], citizen_id="001234567890"))
    handler, path = file_handler()
    logger = _logger(handler)
    try:
        with pytest.raises(IntegrityError) as raised, db.engine.begin() as connection:
            connection.execute(text("INSERT INTO learner (id, full_name) VALUES (:id, :name)"),
                               {"id": learner.id, "name": "Lò Thị Mai 001234567890"})
        assert "Lò Thị Mai" not in str(raised.value)  # the engine never puts the row in the error
        try:
            raise RuntimeError("lookup failed for 001234567890, phone 0912345678")
        except RuntimeError:
            logger.exception("unexpected error")
    finally:
        handler.close()
    written = path.read_text(encoding="utf-8")
    assert "RuntimeError: lookup failed for [number], phone [number]" in written
    assert "001234567890" not in written and "0912345678" not in written
    assert scrub("[SQL: INSERT INTO learner]\n[parameters: ('Lò Thị Mai', '001234567890')]") == \
        "[SQL: INSERT INTO learner]\n[parameters hidden]"


def test_the_diagnostic_block_says_versions_paths_schema_backups_and_errors(db, data_folder):
    from desktop.services.diagnostics import diagnostic_text
    from desktop.store.paths import backup_folder_for
    from desktop.store.schema_version import HEAD_REVISION

    backup = make_backup(db.engine, backup_folder_for(db.path), reason="daily")
    handler, _path = file_handler()
    logger = _logger(handler)
    try:
        logger.error("background work failed: KeyError")
    finally:
        handler.close()
    block = diagnostic_text(db.path, {"Qt": "6.x"})
    lines = block.splitlines()
    assert lines[0].startswith("CLC Ledger ") and "Qt: 6.x" in lines
    assert f"database: {db.path}" in lines
    assert f"schema: {HEAD_REVISION} (this version expects {HEAD_REVISION})" in lines
    assert any(line.startswith("last backup: ") and "(daily, schema" in line and "1 kept" in line for line in lines)
    assert backup.parent.name == "backups" and f"backups folder: {backup.parent}" in lines
    assert lines[-2] == "last errors:" and lines[-1].endswith("ERROR test.logfile: background work failed: KeyError")


def test_settings_copies_the_diagnostic_block(qtbot, db, data_folder):
    from PySide6.QtWidgets import QApplication

    from desktop.ui.backups_section import BackupsSection

    section = BackupsSection(db.path, db)
    qtbot.addWidget(section)
    section.copy_diagnostics.click()
    assert QApplication.clipboard().text().startswith("CLC Ledger ")
    assert section.copied.text() == "Đã chép: hãy dán vào tin nhắn."
