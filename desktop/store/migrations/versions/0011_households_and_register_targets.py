"""the learning society measured against the villages: households per village and year, and a
target for registering beside the target for recognition

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07

A new table (it travels to the office, so it carries the sync identity columns) and a column on
`learning_target`: every target held so far was a target for recognition, and stays one.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = "0010"
branch_labels = None
depends_on = None

_ID = sa.LargeBinary(length=16)


def upgrade() -> None:
    op.create_table(
        'village_households',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('village_id', _ID, nullable=False),
        sa.Column('households', sa.Integer(), nullable=False),
        sa.Column('id', _ID, nullable=False),
        sa.Column('origin', sa.Integer(), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('version_node', sa.Integer(), nullable=False),
        sa.Column('change_seq', sa.Integer(), nullable=False),
        sa.Column('deleted', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['village_id'], ['village.id'], name=op.f('fk_village_households_village_id_village')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_village_households')),
        sa.UniqueConstraint('year', 'village_id', name='uq_village_households_year'),
    )
    op.create_index('ix_village_households_village_id', 'village_households', ['village_id'])
    op.create_index('ix_village_households_origin_change_seq', 'village_households', ['origin', 'change_seq'])
    with op.batch_alter_table('learning_target', schema=None) as batch_op:
        batch_op.add_column(sa.Column('measure', sa.String(length=12), nullable=False,
                                      server_default='recognised'))
        batch_op.drop_constraint('uq_learning_target_model', type_='unique')
        batch_op.create_unique_constraint('uq_learning_target_model', ['year', 'model', 'measure', 'origin'])


def downgrade() -> None:
    with op.batch_alter_table('learning_target', schema=None) as batch_op:
        batch_op.drop_constraint('uq_learning_target_model', type_='unique')
        batch_op.execute("DELETE FROM learning_target WHERE measure != 'recognised'")
        batch_op.create_unique_constraint('uq_learning_target_model', ['year', 'model', 'origin'])
        batch_op.drop_column('measure')
    op.drop_table('village_households')
