"""roll-up chain: signed manifests kept at an office, centres known through an office above

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

Two new bookkeeping tables; nothing existing changes. Packages imported before this revision have
no kept manifest: a centre's next package gives it one (its roll-up leaves it out until then).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sync_chain_link',
    sa.Column('package_hash', sa.String(length=64), nullable=False),
    sa.Column('centre_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('installation_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('key_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('manifest', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('package_hash', name=op.f('pk_sync_chain_link'))
    )
    with op.batch_alter_table('sync_chain_link', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_chain_link_centre_id'), ['centre_id'], unique=False)

    op.create_table('sync_chain_centre',
    sa.Column('centre_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('commune_code', sa.String(length=40), nullable=False),
    sa.Column('office_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('office_name', sa.String(length=300), nullable=False),
    sa.Column('key_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('signed_digest', sa.String(length=120), nullable=False),
    sa.Column('rollups', sa.Integer(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('centre_id', name=op.f('pk_sync_chain_centre'))
    )
    with op.batch_alter_table('sync_chain_centre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_chain_centre_office_fingerprint'), ['office_fingerprint'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('sync_chain_centre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_chain_centre_office_fingerprint'))
    op.drop_table('sync_chain_centre')
    with op.batch_alter_table('sync_chain_link', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_chain_link_centre_id'))
    op.drop_table('sync_chain_link')
