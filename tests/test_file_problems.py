"""Files the app cannot use as they are: another program's database, a text file, a database
another program holds locked. Each gets its message, and nothing is changed or lost."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys

import pytest

from desktop.errors import DatabaseProblem
from desktop.services.centre import add_village, list_villages
from desktop.store.database import open_database


def test_another_programs_sqlite_file_is_refused_and_left_as_it_was(tmp_path):
    foreign = tmp_path / "danh-ba.sqlite"
    with contextlib.closing(sqlite3.connect(foreign)) as connection, connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
        connection.execute("INSERT INTO contacts VALUES ('Lò Văn A')")
    before = foreign.read_bytes()
    with pytest.raises(DatabaseProblem, match="là cơ sở dữ liệu của một chương trình khác"):
        open_database(foreign)
    assert foreign.read_bytes() == before  # not one of our tables was written into it


def test_a_text_file_is_not_taken_for_a_database(tmp_path):
    listing = tmp_path / "hoc-vien.sqlite"
    listing.write_text("Họ và tên,Năm sinh\n", encoding="utf-8")
    with pytest.raises(DatabaseProblem, match="không phải tệp dữ liệu CLC Ledger|không phải"):
        open_database(listing)
    assert listing.read_text(encoding="utf-8") == "Họ và tên,Năm sinh\n"


@pytest.mark.skipif(sys.platform == "win32", reason="a holder process with a POSIX pipe")
def test_a_database_locked_by_another_program_says_so_and_loses_nothing(db):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         f"c = sqlite3.connect({str(db.path)!r}, isolation_level=None)\n"
         "c.execute('BEGIN IMMEDIATE')\n"  # as a database browser left open on an edit
         "print('locked', flush=True)\n"
         "sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(DatabaseProblem) as raised:
            add_village(db, "Bản Mới")
        assert raised.value.kind == "busy"
        assert raised.value.message == ("Tệp dữ liệu đang bị một chương trình hoặc cửa sổ khác giữ khóa. "
                                        "Hãy đóng chương trình hoặc cửa sổ đó rồi thử lại; dữ liệu không bị mất.")
    finally:
        holder.communicate("\n", timeout=30)
    add_village(db, "Bản Mới")  # the program closed: the same change goes through
    assert "Bản Mới" in {village.name for village in list_villages(db)}
