"""paper ballots: a ranking or rating slip typed in at the console has no participant

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("DELETE FROM ballot_entries WHERE ballot_id IN (SELECT id FROM ballots WHERE participant_id IS NULL)")
    op.execute("DELETE FROM ballots WHERE participant_id IS NULL")
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=False)
