"""merger originals: at an office, a former centre's records as held before the merger's changes

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07

One new office-side table that never travels (issue 16). Nothing existing changes.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = "0011"
branch_labels = None
depends_on = None

_ID = sa.LargeBinary(length=16)


def upgrade() -> None:
    op.create_table(
        'merger_original',
        sa.Column('table_name', sa.String(length=60), nullable=False),
        sa.Column('record_id', _ID, nullable=False),
        sa.Column('former_centre_id', _ID, nullable=False),
        sa.Column('kept_at', sa.DateTime(), nullable=False),
        sa.Column('row', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('table_name', 'record_id', name=op.f('pk_merger_original')),
    )
    op.create_index('ix_merger_original_former_centre_id', 'merger_original', ['former_centre_id'])


def downgrade() -> None:
    op.drop_table('merger_original')
