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


@pytest.mark.parametrize(("arguments", "detail"), [
    (["demo"], "còn thiếu các tham số bắt buộc: file"),
    (["check", "--no-such-flag"], "không hiểu các tham số: --no-such-flag"),
    (["report", "--period", "2026", "--format", "doc", "--out", "x"],
     "tham số --format: lựa chọn 'doc' không có (chọn một trong: 'pdf', 'xlsx', 'json')"),
])
def test_what_is_wrong_in_a_command_is_said_in_vietnamese_too(capsys, arguments, detail):
    with pytest.raises(SystemExit):
        main(arguments)
    assert detail in capsys.readouterr().err


def test_argparse_keeps_its_own_words_outside_clc(capsys):
    import argparse

    with pytest.raises(SystemExit):
        main(["check", "--no-such-flag"])  # clc's parser speaks Vietnamese only while it parses
    parser = argparse.ArgumentParser(prog="other", exit_on_error=False)
    with pytest.raises(argparse.ArgumentError, match="expected one argument"):
        parser.add_argument("--x")
        parser.parse_args(["--x"])
