"""schedule revision: bumped when a meeting's date changes, so cached meetings are read again

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('schedule_revision', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('schedule_revision')
