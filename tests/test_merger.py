"""Merged communes (issue 16): two demo centres merged into a third keep every record with its id,
origin and history; a person of both is proposed, and once confirmed counted once; colliding
accession numbers and reader cards stay distinct; the same merge twice changes nothing; the former
files are never written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.cli import main
from desktop.errors import UserError, ValidationError
from desktop.services.merger import MergeDecisions, merge_centre, preview_merge
from desktop.services.reports import build_report
from desktop.reports.periods import parse_period
from desktop.store.database import open_database
from tests.merger_support import (
    NEW_CODE,
    SHARED_PERSON,
    TODAY,
    file_hash,
    fresh_copies,
    ids_and_origins,
    make_former_centres,
    rows_of,
)

OCTOBER = parse_period("2026-10")


@pytest.fixture(scope="module")
def formers(tmp_path_factory) -> tuple[Path, Path]:
    return make_former_centres(tmp_path_factory.mktemp("formers"))


@pytest.fixture
def world(formers, tmp_path):
    new, a, b = fresh_copies(*formers, tmp_path)
    db = open_database(new)
    yield db, a, b
    db.close()


def _shared_pair(preview):
    name, year = SHARED_PERSON
    return [item for item in preview.duplicates if item.incoming_name == name and item.birth_year == year]


def _learners(path: Path, code: str | None = None) -> int:
    db = open_database(path)
    try:
        return build_report(db, OCTOBER, centre_code=code, as_of=TODAY).total.unique_learners.total
    finally:
        db.close()


def test_two_demo_centres_merged_into_a_third_keep_every_record_with_its_id_and_origin(world):
    db, a, b = world
    expected: dict[str, set[tuple[str, str]]] = {}
    for path in (a, b):
        former = open_database(path)
        for table, pairs in ids_and_origins(former).items():
            expected.setdefault(table, set()).update(pairs)
        former.close()
    merge_centre(db, a, today=TODAY)
    preview = preview_merge(db, b)
    pair = _shared_pair(preview)
    merge_centre(db, b, MergeDecisions(join_learners={pair[0].incoming_id: pair[0].existing_id}), today=TODAY)
    held = ids_and_origins(db)
    for table, pairs in expected.items():
        assert pairs <= held[table], table
    assert len(held["attendance"]) == len(expected["attendance"]) > 10_000
    with db.reading() as session:
        from desktop.store.merger_models import CentreMerger
        from desktop.store.register_models import Activity, Attendance, Learner

        mergers = session.execute(select(CentreMerger.former_commune_code, CentreMerger.former_name)).all()
        assert sorted(code for code, _name in mergers) == ["00101", "00102"]
        # the person's attendance in both former centres now hangs on one learner
        kept = pair[0].existing_id
        courses = session.execute(select(Activity.name).join(Attendance.__table__, Attendance.__table__.c.learner_id
                                                             == kept).where(
            Activity.id == select(Attendance.__table__.c.session_id).scalar_subquery()).limit(0)).all()
        del courses
        marks = session.execute(select(func.count()).select_from(Attendance).where(Attendance.learner_id == kept)
                                ).scalar_one()
        assert marks == 4
        joined = session.get(Learner, pair[0].incoming_id)
        assert joined is not None and joined.deleted  # its record is kept, as joined
    from desktop.services.centre import get_centre

    assert get_centre(db).commune_code == NEW_CODE  # the new commune's name and code on every document


def test_a_person_of_both_centres_is_proposed_and_once_joined_is_counted_once(world):
    db, a, b = world
    alone = _learners(a) + _learners(b)
    merge_centre(db, a, today=TODAY)
    preview = preview_merge(db, b)
    pairs = _shared_pair(preview)
    assert len(pairs) == 1
    assert pairs[0].incoming_village == "Nà Pát" and pairs[0].existing_village == "Bản Nà Pát"
    assert pairs[0].existing_centre == "Xã Chiềng Hoa"
    joins = {pairs[0].incoming_id: pairs[0].existing_id}
    merge_centre(db, b, MergeDecisions(join_learners=joins), today=TODAY)
    assert _learners(db.path) == alone - 1
    # history before the merger is still reported by former commune
    assert _learners(db.path, "00101") == _learners(a)
    assert _learners(db.path, "00102") == _learners(b)


def test_without_confirmation_no_learner_is_joined(world):
    db, a, b = world
    alone = _learners(a) + _learners(b)
    merge_centre(db, a, today=TODAY)
    report = merge_centre(db, b, today=TODAY)
    assert report.joined_learners == ()
    assert _learners(db.path) == alone
    with pytest.raises(ValidationError):
        merge_centre(db, b, MergeDecisions(join_learners={"x": "y"}), today=TODAY)


def test_colliding_accession_numbers_and_reader_cards_stay_distinct(world):
    from desktop.services.books.common import find_copy
    from desktop.services.books.intake import next_accession
    from desktop.store.book_models import BookCopy, BookReader

    db, a, b = world
    merge_centre(db, a, today=TODAY)
    preview = preview_merge(db, b)
    assert preview.accession_collision_count > 100 and preview.suggested_prefix == "BX"
    assert preview.card_collision_count > 10
    with pytest.raises(ValidationError):
        merge_centre(db, b, MergeDecisions(accession_prefix=""), today=TODAY)
    report = merge_centre(db, b, today=TODAY)
    assert report.accession_prefix == "BX" and report.prefixed_copies >= preview.accession_collision_count
    with db.reading() as session:
        live = session.execute(select(BookCopy.accession_prefix, BookCopy.accession_number, BookCopy.accession_code)
                               .where(BookCopy.accession_number.is_not(None), BookCopy.deleted.is_(False))).all()
        keys = [(prefix, number) for prefix, number, _code in live]
        assert len(keys) == len(set(keys))
        code = preview.accession_collisions[0].code
        first, second = find_copy(session, code), find_copy(session, f"BX-{code}")
        assert first is not None and second is not None and first.id != second.id
        assert first.accession_code == code and second.accession_code == f"BX-{code}"
        cards = session.execute(select(BookReader.card_number).where(BookReader.deleted.is_(False))).scalars().all()
        assert len(cards) == len(set(cards))
    assert len(report.renumbered_cards) == preview.card_collision_count
    highest = max(number for prefix, number, _code in live if prefix == "")
    assert next_accession(db) == str(highest + 1)  # new copies numbered after every number of the merged cabinet


def test_the_same_merge_twice_changes_nothing_and_the_former_file_is_never_written(world):
    db, a, b = world
    before = file_hash(a)
    merge_centre(db, a, today=TODAY)
    once = rows_of(db.path)
    again = merge_centre(db, a, today=TODAY)
    assert again.nothing_to_do and again.total_written == 0
    assert rows_of(db.path) == once
    assert file_hash(a) == before
    assert not Path(f"{a}-wal").exists() and not Path(f"{a}-shm").exists()  # nothing left beside it


def test_a_dry_run_shows_the_preview_and_writes_nothing(world, capsys):
    db, a, b = world
    merge_centre(db, a, today=TODAY)
    before = rows_of(db.path)
    db.close()
    assert main(["merge", "--db", str(db.path), str(b), "--dry-run", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["dry_run"] and report["tables"]["attendance"]["incoming"] > 1000
    assert [item["incoming_name"] for item in report["duplicates"]].count(SHARED_PERSON[0]) == 1
    assert report["accession_prefix"] == "BX"
    assert rows_of(db.path) == before


def test_the_command_merges_joins_confirmed_duplicates_and_writes_the_report(world, tmp_path, capsys):
    db, a, b = world
    db.close()
    assert main(["merge", "--db", str(db.path), str(a)]) == 0
    pdf = tmp_path / "merge.pdf"
    assert main(["merge", "--db", str(db.path), str(b), "--join-duplicates", "--report", str(pdf),
                 "--merged-on", "2026-07-01"]) == 0
    text = capsys.readouterr().out
    assert "Báo cáo hợp nhất" in text and "Đã gộp làm một" in text
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_package_or_the_centre_itself_is_refused_with_a_reason(world, tmp_path):
    db, a, _b = world
    package = tmp_path / "chieng-hoa.clcsync"
    package.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(UserError, match="gói"):
        preview_merge(db, package)
    with pytest.raises(UserError):
        preview_merge(db, db.path)


def test_an_older_former_file_is_read_through_an_upgraded_copy(db, tmp_path):
    from tests.test_upgrades import unpack

    (tmp_path / "old").mkdir()
    old = unpack("0004", tmp_path / "old")
    before = file_hash(old)
    preview = preview_merge(db, old)
    assert preview.incoming > 1000
    assert file_hash(old) == before


def test_merging_is_refused_before_the_new_centre_is_set_up(tmp_path, formers):
    db = open_database(tmp_path / "empty.sqlite")
    try:
        with pytest.raises(ValidationError):
            preview_merge(db, formers[0])
    finally:
        db.close()


def test_merged_on_date_is_kept(world):
    db, a, _b = world
    report = merge_centre(db, a, MergeDecisions(merged_on=dt.date(2025, 7, 1)), today=TODAY)
    assert report.merged_on == dt.date(2025, 7, 1)


def test_the_office_learns_of_the_merger_and_its_figures_before_it_do_not_change(world, tmp_path):
    from desktop.services.sync.office import completeness_board
    from desktop.services.sync.receive import import_packages
    from desktop.store.merger_models import CentreMerger
    from tests.sync_support import connect, new_office, send

    db, a, b = world
    office = new_office(tmp_path / "office")
    formers = [open_database(a), open_database(b)]
    try:
        for former in formers:
            connect(office, former, tmp_path / "keys")
            send(former, tmp_path / "stick", full=True)
        assert [item.status for item in import_packages(office, [tmp_path / "stick"]).packages] == ["imported"] * 2
    finally:
        for former in formers:
            former.close()

    def figures():
        report = build_report(office, OCTOBER, as_of=TODAY)
        return ([(centre.codes, centre.unique_learners.total, centre.participant_times.total, centre.sessions_total)
                 for centre in report.centres if centre.unique_learners.total or centre.sessions_total],
                report.total.unique_learners.total, report.total.participant_times.total)

    before = figures()
    connect(office, db, tmp_path / "keys")
    merge_centre(db, a, MergeDecisions(merged_on=dt.date(2026, 11, 1)), today=TODAY)
    pair = _shared_pair(preview_merge(db, b))[0]
    merge_centre(db, b, MergeDecisions(join_learners={pair.incoming_id: pair.existing_id},
                                       merged_on=dt.date(2026, 11, 1)), today=TODAY)
    package = send(db, tmp_path / "stick-new")
    result = import_packages(office, [package]).packages[0]
    assert result.status == "imported" and result.digest_matches and not result.set_aside
    assert figures() == before
    with office.reading() as session:
        assert session.execute(select(func.count()).select_from(CentreMerger)).scalar_one() == 2
    board = {status.commune_code: status for status in completeness_board(office, today=TODAY)}
    assert board["00101"].merged_into == board["00102"].merged_into == "Trung tâm học tập cộng đồng xã Tân Hợp"
    assert not board["00101"].silent and board["00101"].merged_on == dt.date(2026, 11, 1)
    # the new centre's own figures for the same period: the former ones', the joined person once
    assert _learners(db.path) == before[1] - 1


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_a_former_cabinets_register_prints_as_it_was_and_the_merge_report_as_pdf(world, tmp_path):
    from desktop.services.book_documents import print_item_register
    from desktop.services.merger.documents import save_merge_report_pdf

    db, a, b = world
    merge_centre(db, a, today=TODAY)
    pair = _shared_pair(preview_merge(db, b))[0]
    report = merge_centre(db, b, MergeDecisions(join_learners={pair.incoming_id: pair.existing_id}), today=TODAY)
    former = tmp_path / "register-ban-xeo.pdf"
    print_item_register(db, former, former_commune_code="00102", today=TODAY)
    text = _pdf_text(former)
    assert "Bản Xèo" in text and "trước khi hợp nhất" in text
    assert "BX-" not in text  # numbers as the former register wrote them
    merged = tmp_path / "register.pdf"
    print_item_register(db, merged, today=TODAY)
    text = _pdf_text(merged)
    assert "Tân Hợp" in text and "BX-" in text  # the merged cabinet: the new name, the prefixed numbers
    with pytest.raises(UserError):
        print_item_register(db, tmp_path / "x.pdf", former_commune_code="99999")
    pdf = save_merge_report_pdf(report, tmp_path / "merge.pdf")
    text = _pdf_text(pdf)
    for expected in ("BÁO CÁO HỢP NHẤT", "Bản Xèo (00102)", "Tân Hợp (00200)", SHARED_PERSON[0], "Đã gộp làm một",
                     "Số thẻ bạn đọc mới"):
        assert expected in text, expected
