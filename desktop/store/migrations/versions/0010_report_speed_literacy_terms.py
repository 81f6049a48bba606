"""reports at a province's scale, and the literacy programme's term a session taught

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

An index on attendance that answers the periodic report's questions (a session's marks, whether
present, whose) without reading the marks themselves; a centre's latest session and loan by an
index each (an office's completeness board, on every consolidated report, read every one of a
centre's rows for them); and a nullable column on session: the
term of the literacy programme (Circular 33/2021: 1-3 in phase 1, 4-5 in phase 2) it taught.
Sessions recorded before it have no term ("term not recorded"); nothing existing changes.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    progress = op.get_context().config.attributes.get("progress") if op.get_context().config else None
    if progress is not None:
        progress.check()
        progress.report(0, 3, "session")
    op.add_column('session', sa.Column('literacy_term', sa.Integer(), nullable=True))
    op.create_index('ix_session_origin_date', 'session', ['origin', 'date'])
    if progress is not None:
        progress.check()
        progress.report(1, 3, "book_loan")
    op.create_index('ix_book_loan_origin_loaned_on', 'book_loan', ['origin', 'loaned_on'])
    if progress is not None:
        progress.check()
        progress.report(2, 3, "attendance")
    # an office's millions of marks: a few minutes at a province, once
    op.create_index('ix_attendance_session_marks', 'attendance', ['session_id', 'deleted', 'mark', 'learner_id'])
    if progress is not None:
        progress.report(3, 3, "")


def downgrade() -> None:
    op.drop_index('ix_attendance_session_marks', table_name='attendance')
    op.drop_index('ix_book_loan_origin_loaned_on', table_name='book_loan')
    op.drop_index('ix_session_origin_date', table_name='session')
    with op.batch_alter_table('session', schema=None) as batch_op:
        batch_op.drop_column('literacy_term')
