"""teams: professional teams after the forum, their members, targets, control points and investment map

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('lead_name', sa.String(length=200), nullable=True),
    sa.Column('lead_digest', sa.String(length=64), nullable=True),
    sa.Column('link_generation', sa.Integer(), server_default='1', nullable=False),
    sa.Column('plan_start', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_teams_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_teams_idea_id_ideas'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teams')),
    sa.UniqueConstraint('forum_id', 'position', name='uq_teams_forum_position'),
    sa.UniqueConstraint('lead_digest', name=op.f('uq_teams_lead_digest'))
    )
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teams_forum_id'), ['forum_id'], unique=False)

    op.create_table('investments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=True),
    sa.Column('age_stage', sa.String(length=20), nullable=True),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_investments_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investments'))
    )
    with op.batch_alter_table('investments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investments_team_id'), ['team_id'], unique=False)

    op.create_table('team_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_team_members_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_members_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_members')),
    sa.UniqueConstraint('team_id', 'participant_id', name='uq_team_members_team_participant')
    )
    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_members_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_team_members_team_id'), ['team_id'], unique=False)

    op.create_table('team_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), server_default='', nullable=False),
    sa.Column('baseline', sa.Float(), nullable=False),
    sa.Column('baseline_year', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_team_targets_team_id_teams'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_team_targets')),
    sa.UniqueConstraint('team_id', 'position', name='uq_team_targets_team_position')
    )
    with op.batch_alter_table('team_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_team_targets_team_id'), ['team_id'], unique=False)

    op.create_table('control_points',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('planned', sa.Float(), nullable=False),
    sa.Column('actual', sa.Float(), nullable=True),
    sa.Column('measured_on', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['team_targets.id'], name=op.f('fk_control_points_target_id_team_targets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_control_points')),
    sa.UniqueConstraint('target_id', 'due', name='uq_control_points_target_due')
    )
    with op.batch_alter_table('control_points', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_control_points_target_id'), ['target_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('control_points', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_control_points_target_id'))

    op.drop_table('control_points')
    with op.batch_alter_table('team_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_targets_team_id'))

    op.drop_table('team_targets')
    with op.batch_alter_table('team_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_team_members_team_id'))
        batch_op.drop_index(batch_op.f('ix_team_members_participant_id'))

    op.drop_table('team_members')
    with op.batch_alter_table('investments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investments_team_id'))

    op.drop_table('investments')
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teams_forum_id'))

    op.drop_table('teams')
