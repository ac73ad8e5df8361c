"""initial schema

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('forums',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('locality', sa.String(length=200), nullable=False),
    sa.Column('domain', sa.String(length=40), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('join_code', sa.String(length=16), nullable=False),
    sa.Column('facilitator_digest', sa.String(length=64), nullable=False),
    sa.Column('manager_digest', sa.String(length=64), nullable=False),
    sa.Column('pin_hash', sa.String(length=200), nullable=True),
    sa.Column('current_step_id', sa.Integer(), nullable=True),
    sa.Column('collecting_kind', sa.String(length=20), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forums')),
    sa.UniqueConstraint('facilitator_digest', name=op.f('uq_forums_facilitator_digest')),
    sa.UniqueConstraint('join_code', name=op.f('uq_forums_join_code')),
    sa.UniqueConstraint('manager_digest', name=op.f('uq_forums_manager_digest'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('scheduled_on', sa.Date(), nullable=True),
    sa.CheckConstraint('number BETWEEN 1 AND 4', name=op.f('ck_meetings_number_range')),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_meetings_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('forum_id', 'number', name='uq_meetings_forum_number')
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_forum_id'), ['forum_id'], unique=False)

    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('token_digest', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('sector', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_participants_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('token_digest', name=op.f('uq_participants_token_digest'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_forum_id'), ['forum_id'], unique=False)

    op.create_table('steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('phone', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_steps_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_steps')),
    sa.UniqueConstraint('meeting_id', 'key', name='uq_steps_meeting_key'),
    sa.UniqueConstraint('meeting_id', 'position', name='uq_steps_meeting_position')
    )
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_steps_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('ideas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('client_key', sa.String(length=64), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_ideas_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_ideas_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['ideas.id'], name=op.f('fk_ideas_merged_into_id_ideas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_ideas_participant_id_participants'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_ideas_step_id_steps'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas')),
    sa.UniqueConstraint('participant_id', 'client_key', name='uq_ideas_participant_client_key')
    )
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_forum_id'), ['forum_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('polls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('step_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('method', sa.String(length=10), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_polls_forum_id_forums'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_polls_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['step_id'], ['steps.id'], name=op.f('fk_polls_step_id_steps'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_polls'))
    )
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_polls_forum_id'), ['forum_id'], unique=False)

    op.create_table('ballots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('cast_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_ballots_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_ballots_poll_id_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballots')),
    sa.UniqueConstraint('poll_id', 'participant_id', name='uq_ballots_poll_participant')
    )
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballots_poll_id'), ['poll_id'], unique=False)

    op.create_table('poll_options',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_poll_options_idea_id_ideas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['poll_id'], ['polls.id'], name=op.f('fk_poll_options_poll_id_polls'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_options')),
    sa.UniqueConstraint('poll_id', 'position', name='uq_poll_options_poll_position')
    )
    with op.batch_alter_table('poll_options', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_poll_options_poll_id'), ['poll_id'], unique=False)

    op.create_table('ballot_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ballot_id', sa.Integer(), nullable=False),
    sa.Column('option_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['ballot_id'], ['ballots.id'], name=op.f('fk_ballot_entries_ballot_id_ballots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['option_id'], ['poll_options.id'], name=op.f('fk_ballot_entries_option_id_poll_options'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ballot_entries')),
    sa.UniqueConstraint('ballot_id', 'option_id', 'criterion', name='uq_ballot_entries_ballot_option_criterion')
    )
    with op.batch_alter_table('ballot_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ballot_entries_ballot_id'), ['ballot_id'], unique=False)
    # forums.current_step_id -> steps: added once steps exists (a cycle).
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.create_foreign_key('fk_forums_current_step_id_steps', 'steps', ['current_step_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_constraint('fk_forums_current_step_id_steps', type_='foreignkey')

    with op.batch_alter_table('ballot_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballot_entries_ballot_id'))

    op.drop_table('ballot_entries')
    with op.batch_alter_table('poll_options', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_poll_options_poll_id'))

    op.drop_table('poll_options')
    with op.batch_alter_table('ballots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ballots_poll_id'))

    op.drop_table('ballots')
    with op.batch_alter_table('polls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_polls_forum_id'))

    op.drop_table('polls')
    with op.batch_alter_table('ideas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_forum_id'))

    op.drop_table('ideas')
    with op.batch_alter_table('steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_steps_meeting_id'))

    op.drop_table('steps')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_forum_id'))

    op.drop_table('participants')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_forum_id'))

    op.drop_table('meetings')
    op.drop_table('forums')
