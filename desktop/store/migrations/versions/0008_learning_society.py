"""the learning society: learning-model figures, targets and named members, the study-promotion
fund's ledger, the classes and talks of Lifelong Learning Week

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

New tables only: nothing existing is changed, so no record can be lost. Each carries the sync
identity columns and the index sync reads changes by.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = "0007"
branch_labels = None
depends_on = None

ID = sa.LargeBinary(length=16)


def _sync_columns() -> list[sa.Column]:
    return [
        sa.Column('id', ID, nullable=False),
        sa.Column('origin', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('version_node', sa.Integer(), nullable=False),
        sa.Column('change_seq', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
    ]


def _sync_index(table: str) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        batch_op.create_index(f'ix_{table}_origin_change_seq', ['origin', 'change_seq'], unique=False)


def upgrade() -> None:
    op.create_table(
        'learning_figure',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('village_id', ID, nullable=False),
        sa.Column('model', sa.String(length=20), nullable=False),
        sa.Column('registered', sa.Integer(), nullable=False),
        sa.Column('recognised', sa.Integer(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(['village_id'], ['village.id'], name=op.f('fk_learning_figure_village_id_village')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_figure')),
        sa.UniqueConstraint('year', 'village_id', 'model', name='uq_learning_figure_cell'),
    )
    with op.batch_alter_table('learning_figure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_figure_village_id'), ['village_id'], unique=False)
    _sync_index('learning_figure')

    op.create_table(
        'learning_target',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('model', sa.String(length=20), nullable=False),
        sa.Column('percent', sa.Integer(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_target')),
        sa.UniqueConstraint('year', 'model', 'origin', name='uq_learning_target_model'),
    )
    _sync_index('learning_target')

    op.create_table(
        'learning_member',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('village_id', ID, nullable=False),
        sa.Column('model', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('recognised', sa.Boolean(), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(['village_id'], ['village.id'], name=op.f('fk_learning_member_village_id_village')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_member')),
    )
    with op.batch_alter_table('learning_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_member_village_id'), ['village_id'], unique=False)
    _sync_index('learning_member')

    op.create_table(
        'fund_entry',
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('date', sa.Date(), nullable=False),
        sa.Column('party', sa.String(length=200), nullable=False),
        sa.Column('amount', sa.Integer(), nullable=False),
        sa.Column('in_kind', sa.String(length=300), nullable=False),
        sa.Column('purpose', sa.String(length=300), nullable=False),
        sa.Column('category', sa.String(length=20), nullable=False),
        sa.Column('decision_number', sa.String(length=60), nullable=False),
        sa.Column('advance', sa.Boolean(), nullable=False),
        sa.Column('cancelled', sa.Boolean(), nullable=False),
        sa.Column('replaces_id', ID, nullable=True),
        sa.Column('reason', sa.Text(), nullable=False),
        *_sync_columns(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_entry')),
    )
    with op.batch_alter_table('fund_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_entry_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_entry_replaces_id'), ['replaces_id'], unique=False)
    _sync_index('fund_entry')

    op.create_table(
        'learning_week_activity',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('activity_id', ID, nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(['activity_id'], ['activity.id'],
                                name=op.f('fk_learning_week_activity_activity_id_activity')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_week_activity')),
        sa.UniqueConstraint('year', 'activity_id', name='uq_learning_week_activity_pick'),
    )
    with op.batch_alter_table('learning_week_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_week_activity_activity_id'), ['activity_id'], unique=False)
    _sync_index('learning_week_activity')


def downgrade() -> None:
    for table in ('learning_week_activity', 'fund_entry', 'learning_member', 'learning_target',
                  'learning_figure'):
        op.drop_table(table)
