"""accession numbers as written: a collection prefix and the label's text

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07

A copy's accession number was a bare integer, unique per origin centre. Registers write numbers
with a collection prefix ("TS-0012", "VV.000123"), so a copy now also keeps its prefix key ("TS",
"" for a bare number) and its number as written; the number alone is unique per prefix. Every
existing number is kept: it becomes a bare number written as its digits.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('book_copy', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accession_prefix', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('accession_code', sa.String(length=40), nullable=True))
    # A plain UPDATE: the copies' sync versions are not touched, so no package resends them;
    # every installation derives the same values from the number it already has.
    op.execute("UPDATE book_copy SET accession_prefix = '', "
               "accession_code = CAST(accession_number AS TEXT) "
               "WHERE accession_number IS NOT NULL")
    with op.batch_alter_table('book_copy', schema=None) as batch_op:
        batch_op.drop_constraint('uq_book_copy_accession_number', type_='unique')
        batch_op.create_unique_constraint(
            'uq_book_copy_accession', ['accession_number', 'accession_prefix', 'origin'])


def downgrade() -> None:
    with op.batch_alter_table('book_copy', schema=None) as batch_op:
        batch_op.drop_constraint('uq_book_copy_accession', type_='unique')
        batch_op.create_unique_constraint(
            'uq_book_copy_accession_number', ['accession_number', 'origin'])
        batch_op.drop_column('accession_code')
        batch_op.drop_column('accession_prefix')
