"""guards: rate limits and lockouts, retired join codes, a forum's participant cap, devices

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'guards',
        sa.Column('scope', sa.String(length=20), nullable=False),
        sa.Column('key', sa.String(length=64), nullable=False),
        sa.Column('tokens', sa.Float(), nullable=True),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'key', name=op.f('pk_guards')),
    )
    with op.batch_alter_table('guards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guards_updated_at'), ['updated_at'], unique=False)
    op.create_table(
        'retired_join_codes',
        sa.Column('code', sa.String(length=16), nullable=False),
        sa.Column('reason', sa.String(length=10), nullable=False),
        sa.Column('retired_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_retired_join_codes')),
    )
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_participants', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('device_salt', sa.String(length=64), nullable=True))
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device', sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_column('device')
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('device_salt')
        batch_op.drop_column('max_participants')
    op.drop_table('retired_join_codes')
    with op.batch_alter_table('guards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guards_updated_at'))
    op.drop_table('guards')
