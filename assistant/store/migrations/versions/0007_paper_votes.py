"""paper votes: sticker dots counted in the room and added to a dots poll

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paper_voters', sa.Integer(), nullable=True))
    with op.batch_alter_table('poll_options', schema=None) as batch_op:
        batch_op.add_column(sa.Column('paper_dots', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('poll_options', schema=None) as batch_op:
        batch_op.drop_column('paper_dots')
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.drop_column('paper_voters')
