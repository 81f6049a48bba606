"""`clc --help` and a mistyped command speak the user's language."""

from __future__ import annotations

import pytest

from desktop.cli import main


def test_help_is_vietnamese_by_default(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["print", "attendance", "--help"])
    assert ended.value.code == 0
    text = capsys.readouterr().out
    assert text.startswith("cách dùng: clc print attendance")
    assert "bảng điểm danh tháng" not in text  # the document's own help is on the list above it
    assert "hiện hướng dẫn này rồi thoát" in text and "mã lớp học hoặc chuyên đề" in text
    assert "--db FILE" in text


def test_help_follows_lang(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("usage: clc") and "write a sync package for the office" in text


def test_a_mistyped_command_says_so_in_the_users_language(capsys):
    with pytest.raises(SystemExit) as ended:
        main(["demo"])
    assert ended.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("clc demo: lệnh viết chưa đúng: ") and last.endswith("Xem clc demo --help.")
