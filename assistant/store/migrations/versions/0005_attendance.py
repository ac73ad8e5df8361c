"""attendance: how many were in the room at each meeting, counted by the facilitator

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attendance_total', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('attendance_by_sector', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('attendance_by_sector')
        batch_op.drop_column('attendance_total')
