"""indicators: the situation picture's figures of a forum, the one on the projector, the challenges they show

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'indicators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('forum_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('unit', sa.String(length=40), server_default='', nullable=False),
        sa.Column('domain', sa.String(length=40), nullable=True),
        sa.Column('age_stage', sa.String(length=20), nullable=True),
        sa.Column('comparison', sa.Float(), nullable=True),
        sa.Column('compared_to', sa.String(length=10), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('source', sa.String(length=400), server_default='', nullable=False),
        sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_indicators_forum_id_forums'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_indicators')),
        sa.UniqueConstraint('forum_id', 'position', name='uq_indicators_forum_position'),
    )
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicators_forum_id'), ['forum_id'], unique=False)
    op.create_table(
        'idea_indicators',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('idea_id', sa.Integer(), nullable=False),
        sa.Column('indicator_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_idea_indicators_idea_id_ideas'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['indicator_id'], ['indicators.id'],
                                name=op.f('fk_idea_indicators_indicator_id_indicators'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_idea_indicators')),
        sa.UniqueConstraint('idea_id', 'indicator_id', name='uq_idea_indicators_idea_indicator'),
    )
    with op.batch_alter_table('idea_indicators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_indicators_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_idea_indicators_indicator_id'), ['indicator_id'], unique=False)
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shown_indicator_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_forums_shown_indicator_id_indicators', 'indicators',
                                    ['shown_indicator_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('forums', schema=None) as batch_op:
        batch_op.drop_constraint('fk_forums_shown_indicator_id_indicators', type_='foreignkey')
        batch_op.drop_column('shown_indicator_id')
    with op.batch_alter_table('idea_indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_indicators_indicator_id'))
        batch_op.drop_index(batch_op.f('ix_idea_indicators_idea_id'))
    op.drop_table('idea_indicators')
    with op.batch_alter_table('indicators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicators_forum_id'))
    op.drop_table('indicators')
