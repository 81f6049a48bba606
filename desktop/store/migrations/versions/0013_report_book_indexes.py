"""the periodic report's book figures read from indexes alone

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08

The report's loans of a period (per copy, per reader and day) and its copies per title (in stock,
received, first received) are read, at an office, for every centre at once: a province's year is
600,000 loans and a million copies. Two covering indexes answer them without reading the rows:
the loans' index by centre and date gains the columns those questions ask (it still serves the
completeness board's latest loan), and the copies get one by centre and title. Nothing else
changes; at a province the upgrade takes a minute or two, once.
"""
from __future__ import annotations

from alembic import op

revision = '0013'
down_revision = "0012"
branch_labels = None
depends_on = None

LOAN_COLUMNS = ['origin', 'loaned_on', 'deleted', 'state', 'copy_id', 'reader_id']
COPY_COLUMNS = ['origin', 'title_id', 'deleted', 'accession_number', 'received_on', 'withdrawn_on']


def upgrade() -> None:
    progress = op.get_context().config.attributes.get("progress") if op.get_context().config else None
    if progress is not None:
        progress.check()
        progress.report(0, 2, "book_loan")
    op.drop_index('ix_book_loan_origin_loaned_on', table_name='book_loan')
    op.create_index('ix_book_loan_origin_loaned_on', 'book_loan', LOAN_COLUMNS)
    if progress is not None:
        progress.check()
        progress.report(1, 2, "book_copy")
    op.create_index('ix_book_copy_origin_title', 'book_copy', COPY_COLUMNS)
    if progress is not None:
        progress.report(2, 2, "")


def downgrade() -> None:
    op.drop_index('ix_book_copy_origin_title', table_name='book_copy')
    op.drop_index('ix_book_loan_origin_loaned_on', table_name='book_loan')
    op.create_index('ix_book_loan_origin_loaned_on', 'book_loan', ['origin', 'loaned_on'])
