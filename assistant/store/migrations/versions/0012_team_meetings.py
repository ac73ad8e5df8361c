"""team meetings: a forum's kind ("team": a professional team's own meetings) and the team that holds them

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=10), server_default='forum', nullable=False))

    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meetings_forum_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_teams_meetings_forum_id'), ['meetings_forum_id'])
        batch_op.create_foreign_key('fk_teams_meetings_forum_id_forums', 'forums', ['meetings_forum_id'], ['id'],
                                    ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_constraint('fk_teams_meetings_forum_id_forums', type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_teams_meetings_forum_id'), type_='unique')
        batch_op.drop_column('meetings_forum_id')

    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_column('kind')

