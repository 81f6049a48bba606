"""return packages: corrections, reference data versions, returns written and applied

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

New tables only (nothing existing changes): a centre's answers to the office's corrections
(synced), and each side's bookkeeping of return packages (never synced).
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('correction_answer',
    sa.Column('correction_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('answer', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('origin', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('version_node', sa.Integer(), nullable=False),
    sa.Column('change_seq', sa.Integer(), nullable=False),
    sa.Column('deleted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_answer'))
    )
    with op.batch_alter_table('correction_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_answer_correction_id'), ['correction_id'], unique=False)
        batch_op.create_index('ix_correction_answer_origin_change_seq', ['origin', 'change_seq'], unique=False)

    op.create_table('sync_correction',
    sa.Column('id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('centre_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('record_label', sa.String(length=300), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_correction'))
    )
    with op.batch_alter_table('sync_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_correction_centre_id'), ['centre_id'], unique=False)

    op.create_table('sync_correction_inbox',
    sa.Column('id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('table_name', sa.String(length=60), nullable=False),
    sa.Column('record_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('record_label', sa.String(length=300), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('answer_reason', sa.Text(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_correction_inbox'))
    )
    op.create_table('sync_key_revocation',
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=False),
    sa.Column('statement', sa.LargeBinary(), nullable=False),
    sa.Column('signature', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('fingerprint', name=op.f('pk_sync_key_revocation'))
    )
    op.create_table('sync_reference_version',
    sa.Column('list_name', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('entries', sa.Text(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('list_name', 'version', name=op.f('pk_sync_reference_version'))
    )
    op.create_table('sync_return_applied',
    sa.Column('package_hash', sa.String(length=64), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('office_fingerprint', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=40), nullable=False),
    sa.Column('applied_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('package_hash', name=op.f('pk_sync_return_applied'))
    )
    op.create_table('sync_return_sent',
    sa.Column('package_hash', sa.String(length=64), nullable=False),
    sa.Column('centre_id', sa.LargeBinary(length=16), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('package_hash', name=op.f('pk_sync_return_sent'))
    )
    with op.batch_alter_table('sync_return_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_return_sent_centre_id'), ['centre_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('sync_return_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_return_sent_centre_id'))

    op.drop_table('sync_return_sent')
    op.drop_table('sync_return_applied')
    op.drop_table('sync_reference_version')
    op.drop_table('sync_key_revocation')
    op.drop_table('sync_correction_inbox')
    with op.batch_alter_table('sync_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_correction_centre_id'))

    op.drop_table('sync_correction')
    with op.batch_alter_table('correction_answer', schema=None) as batch_op:
        batch_op.drop_index('ix_correction_answer_origin_change_seq')
        batch_op.drop_index(batch_op.f('ix_correction_answer_correction_id'))

    op.drop_table('correction_answer')

