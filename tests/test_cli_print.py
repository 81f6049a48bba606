"""`clc print …`: each document from the command line; bad input fails in one line, leaves no file."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.cli import main
from desktop.services import activities
from desktop.services.learners import LearnerInput, create_learner

TODAY = dt.date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def codes(db, db_path, villages) -> dict[str, str]:
    """A class with two learners and November sessions, and a talk on 25/11/2026."""
    lesson = activities.create_activity(db, activities.ActivityInput(
        name="Lớp xóa mù chữ – Bản Nà Hạ", kind="literacy_1", topic_group="literacy",
        start_date=dt.date(2026, 9, 1), status="running"))
    ids = [create_learner(db, LearnerInput(full_name=name, village_id=villages["Bản Nà Hạ"]),
                          today=TODAY).id for name in ("Lò Thị Pấng", "Sùng A Páo")]
    activities.enrol_learners(db, lesson.id, ids)
    activities.generate_sessions(db, lesson.id, dt.date(2026, 11, 1), dt.date(2026, 11, 30), {1},
                                 activities.SessionInput(date=dt.date(2026, 11, 1)))
    talk = activities.create_activity(db, activities.ActivityInput(
        name="Phòng chống ma túy", kind="topic_talk", topic_group="law",
        start_date=dt.date(2026, 11, 25), status="planned"))
    activities.add_session(db, talk.id, activities.SessionInput(dt.date(2026, 11, 25)))
    return {"class": lesson.code, "talk": talk.code}


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pages_of(path: Path) -> int:
    return len(PdfReader(path).pages)


def test_attendance_filled_and_blank(capsys, db_path, codes, out_dir: Path) -> None:
    for extra in ([], ["--blank"]):
        out = out_dir / f"attendance{len(extra)}.pdf"
        code, stdout, stderr = run(capsys, "print", "attendance", "--db", db_path,
                                   "--class", codes["class"], "--month", "2026-11", *extra,
                                   "--out", out)
        assert (code, stderr) == (0, "")
        assert stdout.strip() == f"{out}: 1 trang"
        assert pages_of(out) == 1
        assert f"CLC:{codes['class']}:2026-11:p1" in PdfReader(out).pages[0].extract_text()


def test_signin_classlist_and_register(capsys, db_path, codes, out_dir: Path) -> None:
    commands = {
        "signin.pdf": ["signin", "--class", codes["talk"]],
        "signin_dated.pdf": ["signin", "--class", codes["talk"], "--date", "2026-11-25"],
        "classlist.pdf": ["classlist", "--class", codes["class"].lower()],
        "register.pdf": ["register", "--from", "2026-01-01", "--to", "2026-12-31"],
        "register_year.pdf": ["register", "--year", "2026"],
    }
    for name, argv in commands.items():
        out = out_dir / name
        code, stdout, stderr = run(capsys, "print", *argv, "--db", db_path, "--out", out)
        assert (code, stderr) == (0, ""), name
        pages = pages_of(out)
        assert stdout.strip() == f"{out}: {pages} trang"
    register = " ".join(PdfReader(out_dir / "register_year.pdf").pages[0].extract_text().split())
    assert codes["class"] in register and codes["talk"] in register


@pytest.mark.parametrize(("argv", "reason"), [
    (["attendance", "--class", "{class}", "--month", "2026-13"], "--month"),
    (["attendance", "--class", "{class}", "--month", "tháng 11"], "--month"),
    (["attendance", "--class", "99999-2026-999", "--month", "2026-11"], "99999-2026-999"),
    (["signin", "--class", "{talk}", "--date", "2026-02-30"], "--date"),
    (["signin", "--class", "{talk}", "--date", "2026-11-26"], "26/11/2026"),
    (["classlist", "--class", "NOPE"], "NOPE"),
    (["register", "--from", "2026-05-01", "--to", "2026-04-01"], ""),
    (["register", "--year", "2026", "--from", "2026-01-01"], "--year"),
    (["register"], "--from"),
])
def test_bad_input_fails_in_one_line_and_leaves_no_file(
        capsys, db_path, codes, out_dir: Path, argv: list[str], reason: str) -> None:
    argv = [arg.format(**codes) for arg in argv]
    code, stdout, stderr = run(capsys, "print", *argv, "--db", db_path,
                               "--out", out_dir / "x.pdf")
    assert code != 0 and stdout == ""
    assert stderr.startswith("clc print: ") and stderr.count("\n") == 1
    assert reason in stderr
    assert list(out_dir.iterdir()) == []


def test_unwritable_output_and_missing_database(capsys, db_path, codes, tmp_path: Path) -> None:
    code, _out, stderr = run(capsys, "print", "classlist", "--db", db_path, "--class",
                             codes["class"], "--out", tmp_path / "missing" / "list.pdf")
    assert code != 0 and stderr.count("\n") == 1 and "missing" in stderr
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    code, _out, stderr = run(capsys, "print", "classlist", "--db", db_path, "--class",
                             codes["class"], "--out", folder)
    assert code != 0 and stderr.count("\n") == 1
    code, _out, stderr = run(capsys, "print", "register", "--db", tmp_path / "nothing.sqlite",
                             "--year", "2026", "--out", tmp_path / "r.pdf")
    assert code != 0 and stderr.count("\n") == 1 and "nothing.sqlite" in stderr
    assert not (tmp_path / "nothing.sqlite").exists() and not (tmp_path / "r.pdf").exists()


def test_from_a_real_process(db_path, codes, out_dir: Path) -> None:
    out = out_dir / "list.pdf"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "print", "classlist", "--db", str(db_path),
         "--class", codes["class"], "--out", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{out}: 1 trang"
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "print", "classlist", "--db", str(db_path),
         "--class", "NOPE", "--out", str(out_dir / "nope.pdf")],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False)
    assert done.returncode == 1 and done.stderr.count("\n") == 1
    assert not (out_dir / "nope.pdf").exists()


# ---- the book cabinet's documents ----------------------------------------------------------

@pytest.fixture
def cabinet(db, db_path, villages):  # type: ignore[no-untyped-def]
    from test_books_support import small_cabinet

    return small_cabinet(db, villages)


@pytest.mark.parametrize(("document", "options", "expected"), [
    ("item-register", [], "Kỹ thuật nuôi gà thả vườn"),
    ("summary-register", ["--year", "2026"], "Hội Khuyến học xã Tân Lập"),
    ("loan-book", ["--year", "2026"], "SỔ MƯỢN SÁCH"),
    ("overdue-slips", [], ""),
    ("reader-cards", [], "Lò Thị Pấng"),
    ("spine-labels", ["--batch", "1/2026", "--sheet", "A4-4x10", "--start", "5"], ""),
    ("spine-labels", ["--codes", "1,2,3"], ""),
    ("shelf-list", ["--shelf", "C1"], "Kỹ thuật nuôi gà thả vườn"),
])
def test_book_cabinet_documents_print_from_the_command_line(
        cabinet, db_path, tmp_path, capsys, document, options, expected):
    out = tmp_path / f"{document}.pdf"
    assert main(["print", document, "--db", str(db_path), *options, "--out", str(out)]) == 0
    pages = len(PdfReader(out).pages)
    assert capsys.readouterr().out.strip() == f"{out}: {pages} trang"
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert expected in text


@pytest.mark.parametrize("options", [
    ["--batch", "9/1999"], [], ["--batch", "1/2026", "--codes", "1"], ["--codes", "99999"]])
def test_spine_labels_refuse_an_unknown_or_missing_batch_in_one_line(
        cabinet, db_path, tmp_path, capsys, options):
    folder = tmp_path / "labels"
    folder.mkdir()
    out = folder / "labels.pdf"
    assert main(["print", "spine-labels", "--db", str(db_path), *options, "--out", str(out)]) == 1
    error = capsys.readouterr().err.strip()
    assert error.startswith("clc print: ") and "\n" not in error
    assert list(folder.iterdir()) == []  # no half-written file left
