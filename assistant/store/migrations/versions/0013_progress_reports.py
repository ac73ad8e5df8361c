"""progress reports: the day a forum's last progress report was made, and the one before it

Revision ID: 0013
Revises: 0012
"""

import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('progress_reported_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('progress_reported_before', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('progress_reported_before')
        batch_op.drop_column('progress_reported_on')
