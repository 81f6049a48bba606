"""Protected copies of the backups on a USB stick: sealed with a passphrase, restored with it,
refused clearly when the passphrase is wrong or the copy damaged, and a reminder after a month."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.cli import main
from desktop.errors import ValidationError
from desktop.services.backup_copies import (
    CopyRefused, copy_settings, open_copy, set_copy_folder, stop_copies, write_copy,
)
from desktop.services.backups import back_up_now
from desktop.services.centre import add_village
from desktop.services.restore import restore_backup
from desktop.store.database import open_database
from desktop.store.sealed_backup import MAGIC, SUFFIX

PASSPHRASE = "Trâu ăn cỏ 2026"


def _villages(path: Path) -> set[str]:
    with contextlib.closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT name FROM village WHERE deleted = 0")}


@pytest.fixture
def stick(tmp_path) -> Path:
    folder = tmp_path / "usb"
    folder.mkdir()
    return folder


def test_each_backup_is_also_sealed_onto_the_stick_and_restores_with_the_passphrase(db, stick, tmp_path):
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    add_village(db, "Bản Cũ")
    backup = back_up_now(db)
    [copy] = stick.iterdir()
    assert copy.name == backup.name + SUFFIX
    data = copy.read_bytes()
    assert data.startswith(MAGIC + b"\x01") and b"SQLite format 3" not in data
    assert "Bản Cũ".encode() not in data and b"village" not in data
    assert copy_settings(db).last_copy == dt.date.today()
    add_village(db, "Bản Mới")
    db.close()
    # the PC died: a fresh installation restores from the stick alone
    fresh = tmp_path / "new-pc" / "centre.sqlite"
    fresh.parent.mkdir()
    opened = open_copy(copy, PASSPHRASE, fresh)
    assert opened.name == backup.name and opened.read_bytes() == backup.read_bytes()
    restore_backup(fresh, opened)
    assert "Bản Cũ" in _villages(fresh) and "Bản Mới" not in _villages(fresh)


def test_a_wrong_passphrase_is_a_clear_message_and_nothing_is_written(db, stick, tmp_path):
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    back_up_now(db)
    [copy] = stick.iterdir()
    target = tmp_path / "other" / "centre.sqlite"
    with pytest.raises(CopyRefused) as refused:
        open_copy(copy, "trâu ăn cỏ 2026", target)  # one capital letter differs
    assert refused.value.reason == "wrong-passphrase"
    assert "Cụm mật khẩu" in refused.value.message and copy.name in refused.value.message
    assert not any(path.is_file() for path in target.parent.rglob("*"))


@pytest.mark.parametrize("damage", ["flip", "cut", "append", "header", "not-sealed", "empty"])
def test_a_damaged_copy_is_refused_and_nothing_is_left_to_restore(db, stick, tmp_path, damage):
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    back_up_now(db)
    [copy] = stick.iterdir()
    data = bytearray(copy.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x40
    elif damage == "cut":
        data = data[:len(data) - 100]
    elif damage == "append":
        data += b"\0" * 10
    elif damage == "header":
        data[20] ^= 1  # the salt: the key is then another one
    elif damage == "not-sealed":
        data = bytearray(b"SQLite format 3\0" + bytes(100))
    else:
        data = bytearray()
    copy.write_bytes(bytes(data))
    target = tmp_path / "other" / "centre.sqlite"
    with pytest.raises(CopyRefused) as refused:
        open_copy(copy, PASSPHRASE, target)
    expected = {"header": "wrong-passphrase", "not-sealed": "not-sealed", "empty": "not-sealed"}
    assert refused.value.reason == expected.get(damage, "damaged")
    assert not any(path.is_file() for path in target.parent.rglob("*"))


def test_no_stick_plugged_in_means_no_copy_and_no_error(db, tmp_path):
    set_copy_folder(db, tmp_path / "absent-stick", PASSPHRASE, PASSPHRASE)
    back_up_now(db)
    assert copy_settings(db).last_copy is None
    stop_copies(db)
    assert copy_settings(db).folder is None


@pytest.mark.parametrize(("passphrase", "repeated", "field"), [
    ("ngắn", "ngắn", "passphrase"), (PASSPHRASE, PASSPHRASE + " ", "repeated")])
def test_a_short_or_mistyped_passphrase_is_refused(db, stick, passphrase, repeated, field):
    with pytest.raises(ValidationError) as refused:
        set_copy_folder(db, stick, passphrase, repeated)
    assert refused.value.field == field
    assert copy_settings(db).folder is None


def test_the_reminder_comes_a_month_after_the_last_copy(db, stick):
    assert not copy_settings(db).reminder_due(dt.date(2026, 12, 7))  # no stick chosen: no reminder
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    assert copy_settings(db).reminder_due(dt.date(2026, 12, 7))  # chosen but never copied
    backup = back_up_now(db)
    write_copy(db, backup, today=dt.date(2026, 11, 1))
    settings = copy_settings(db)
    assert not settings.reminder_due(dt.date(2026, 12, 1))
    assert settings.reminder_due(dt.date(2026, 12, 2)) and settings.days_since_copy(dt.date(2026, 12, 2)) == 31


def test_clc_restore_asks_for_the_passphrase_of_a_copy(db_path, tmp_path, monkeypatch, capsys):
    stick = tmp_path / "usb"
    stick.mkdir()
    db = open_database(db_path)
    set_copy_folder(db, stick, PASSPHRASE, PASSPHRASE)
    back_up_now(db)
    add_village(db, "Bản Mới")
    db.close()
    [copy] = stick.iterdir()
    monkeypatch.setattr("sys.stdin", io.StringIO("sai mật khẩu\n"))
    assert main(["restore", "--db", str(db_path), str(copy), "--yes"]) != 0
    assert "Cụm mật khẩu" in capsys.readouterr().err
    assert "Bản Mới" in _villages(db_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert main(["restore", "--db", str(db_path), str(copy), "--yes"]) == 0
    assert "Bản Mới" not in _villages(db_path)


@pytest.fixture(scope="module")
def sealed_copy(tmp_path_factory, template_database) -> Path:
    import shutil

    folder = tmp_path_factory.mktemp("sealed")
    db = open_database(shutil.copyfile(template_database, folder / "centre.sqlite"))
    try:
        (folder / "usb").mkdir()
        set_copy_folder(db, folder / "usb", PASSPHRASE, PASSPHRASE)
        back_up_now(db)
    finally:
        db.close()
    [copy] = (folder / "usb").iterdir()
    return copy


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.integers(0, 1 << 20), st.binary(min_size=1, max_size=16)), max_size=4),
       cut=st.none() | st.integers(0, 1 << 20), tail=st.binary(max_size=8))
def test_any_damage_to_a_copy_is_refused_clearly_never_restored_wrong(sealed_copy, tmp_path_factory, edits,
                                                                     cut, tail):
    """Fuzzing: only CopyRefused comes out, and whatever opens is byte for byte the backup sealed."""
    original = sealed_copy.read_bytes()
    data = bytearray(original)
    for offset, piece in edits:
        position = offset % len(data)
        data[position:position + len(piece)] = piece
    if cut is not None:
        data = data[:cut % (len(data) + 1)]
    data += tail
    folder = tmp_path_factory.mktemp("case")
    damaged = folder / sealed_copy.name
    damaged.write_bytes(bytes(data))
    try:
        opened = open_copy(damaged, PASSPHRASE, folder / "centre.sqlite")
    except CopyRefused as refused:
        assert refused.message and refused.reason in ("wrong-passphrase", "damaged", "not-sealed", "newer-format")
        assert not any(path.is_file() for path in (folder / "backups").rglob("*"))
        return
    assert bytes(data) == original  # only an undamaged copy opens
    assert opened.stat().st_size > 0
