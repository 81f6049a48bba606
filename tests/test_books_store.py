"""The book cabinet's tables: syncable, stamped, migrated by 0002, reversible, constrained."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from test_books_support import TODAY, small_cabinet

from desktop.store import book_models
from desktop.store.book_models import BOOK_SYNCABLE_MODELS, BookCopy, BookCounter, BookLoan
from desktop.store.database import make_engine, open_database
from desktop.store.models import Base, Installation, Syncable
from desktop.store.sync_nodes import origin_centre_id


def test_every_book_table_is_syncable_and_listed():
    book_tables = {name for name in Base.metadata.tables if name.startswith("book_")}
    assert {model.__tablename__ for model in BOOK_SYNCABLE_MODELS} == book_tables
    assert all(issubclass(model, Syncable) for model in BOOK_SYNCABLE_MODELS)


def test_book_rows_get_the_sync_identity_from_the_hook(db, villages):
    small_cabinet(db, villages)
    with db.reading() as session:
        centre_id = session.execute(select(Installation.centre_id)).scalar_one()
        for model in BOOK_SYNCABLE_MODELS:
            for row in session.execute(select(model)).scalars():
                assert len(row.id) == 36 and row.id[14] == "7"  # UUIDv7
                assert origin_centre_id(session, row) == centre_id
                assert row.version and row.change_seq > 0 and row.deleted is False
                assert row.created_at and row.updated_at


def test_a_deleted_copy_is_a_tombstone_that_keeps_its_number(db, villages):
    from desktop.services.books.catalogue import find_copy_by_code
    from desktop.services.books.intake import delete_copy

    small_cabinet(db, villages)
    copy_id = find_copy_by_code(db, "4").id
    delete_copy(db, copy_id)
    with db.reading() as session:
        row = session.get(BookCopy, copy_id)
        assert row.deleted and row.accession_number == 4
        counter = session.execute(select(BookCounter).where(BookCounter.name == "accession")).scalar_one()
        assert counter.value == 15


def test_accession_and_card_numbers_are_unique_in_the_database(db, villages):
    cabinet = small_cabinet(db, villages)
    with pytest.raises(IntegrityError), db.unit_of_work() as session:
        session.add(BookCopy(accession_number=1, accession_prefix="", accession_code="0001",
                             title_id=cabinet.chicken_id,
                             intake_id=cabinet.intake_id, received_on=TODAY, shelf="",
                             status="active", damaged=False, notes=""))


def test_the_open_loan_index_ignores_closed_loans(db, villages):
    from desktop.services.books.loans import apply_plan, plan_scan, scan_and_apply

    cabinet = small_cabinet(db, villages)
    scan_and_apply(db, "1", cabinet.pang, today=TODAY)
    apply_plan(db, plan_scan(db, "1", today=TODAY))
    scan_and_apply(db, "1", cabinet.pao, today=TODAY)  # a second loan once the first is closed
    with db.reading() as session:
        states = sorted(session.execute(select(BookLoan.state)).scalars())
    assert states == ["open", "returned"]


def test_migration_0002_upgrades_a_0001_database_and_back(tmp_path: Path):
    from alembic import command

    from desktop.store.migrate import alembic_config, current_revision

    engine = make_engine(tmp_path / "old.sqlite")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    assert not any(name.startswith("book_") for name in inspect(engine).get_table_names())
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    tables = set(inspect(engine).get_table_names())
    assert {model.__tablename__ for model in BOOK_SYNCABLE_MODELS} <= tables
    indexes = {index["name"] for index in inspect(engine).get_indexes("book_loan")}
    assert {"uq_book_loan_open_copy", "ix_book_loan_copy_state", "ix_book_loan_state_due"} <= indexes
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert not any(name.startswith("book_") for name in inspect(engine).get_table_names())
    assert current_revision(engine) == "0001"
    engine.dispose()


def test_the_hot_columns_are_indexed():
    indexed = {(index.table.name, tuple(column.name for column in index.columns))
               for table in Base.metadata.tables.values() for index in table.indexes}
    unique = {(constraint.table.name, tuple(column.name for column in constraint.columns))
              for table in Base.metadata.tables.values() for constraint in table.constraints
              if constraint.__class__.__name__ == "UniqueConstraint"}
    # unique per centre (an office holds many), the number first so a scan uses the index
    for needed in [("book_copy", ("accession_number", "accession_prefix", "origin")), ("book_copy", ("external_code", "origin")),
                   ("book_reader", ("card_number", "origin"))]:
        assert needed in unique
    for needed in [("book_title", ("isbn13",)), ("book_title", ("title_sort",)),
                   ("book_loan", ("copy_id", "state")), ("book_loan", ("reader_id", "state")),
                   ("book_loan", ("state", "due_on")), ("book_loan", ("loaned_on",)),
                   ("book_reader", ("name_folded",)), ("book_copy", ("title_id",))]:
        assert needed in indexed


def test_the_module_has_no_qt_and_no_services():
    source = Path(book_models.__file__).read_text(encoding="utf-8")
    assert "PySide6" not in source and "desktop.services" not in source


def test_a_fresh_database_opens_with_the_book_tables(tmp_path: Path):
    db = open_database(tmp_path / "fresh.sqlite")
    try:
        assert "book_copy" in inspect(db.engine).get_table_names()
    finally:
        db.close()
