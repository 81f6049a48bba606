"""merged communes: a former centre merged into this one, and learners joined as one person

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

Two new tables that travel to the office (issue 16). Nothing existing changes.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = "0008"
branch_labels = None
depends_on = None

_ID = sa.LargeBinary(length=16)


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column('id', _ID, nullable=False),
        sa.Column('origin', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('version_node', sa.Integer(), nullable=False),
        sa.Column('change_seq', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        'centre_merger',
        sa.Column('former_centre_id', _ID, nullable=False),
        sa.Column('into_centre_id', _ID, nullable=False),
        sa.Column('merged_on', sa.Date(), nullable=False),
        sa.Column('former_name', sa.String(length=200), nullable=False),
        sa.Column('former_commune_name', sa.String(length=200), nullable=False),
        sa.Column('former_commune_code', sa.String(length=10), nullable=False),
        sa.Column('former_code_system', sa.String(length=20), nullable=False),
        sa.Column('accession_prefix', sa.String(length=12), nullable=False),
        sa.Column('records', sa.Integer(), nullable=False),
        sa.Column('notes', sa.Text(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_merger')),
    )
    op.create_index('ix_centre_merger_former_centre_id', 'centre_merger', ['former_centre_id'])
    op.create_index('ix_centre_merger_origin_change_seq', 'centre_merger', ['origin', 'change_seq'])
    op.create_table(
        'learner_join',
        sa.Column('joined_learner_id', _ID, nullable=False),
        sa.Column('kept_learner_id', _ID, nullable=False),
        sa.Column('joined_on', sa.Date(), nullable=False),
        sa.Column('merger_id', _ID, nullable=True),
        *_sync_columns(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learner_join')),
    )
    op.create_index('ix_learner_join_joined_learner_id', 'learner_join', ['joined_learner_id'])
    op.create_index('ix_learner_join_kept_learner_id', 'learner_join', ['kept_learner_id'])
    op.create_index('ix_learner_join_origin_change_seq', 'learner_join', ['origin', 'change_seq'])


def downgrade() -> None:
    op.drop_table('learner_join')
    op.drop_table('centre_merger')
