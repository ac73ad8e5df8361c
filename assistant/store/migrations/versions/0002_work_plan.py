"""work plan: focus areas with their logic model, and their operational, timeline and control-point rows

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('work_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['forum_id'], ['forums.id'], name=op.f('fk_work_plans_forum_id_forums'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_plans')),
    sa.UniqueConstraint('forum_id', name=op.f('uq_work_plans_forum_id'))
    )
    op.create_table('work_plan_focus_areas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('logic', sa.JSON(), nullable=False),
    sa.Column('infrastructures', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas.id'], name=op.f('fk_work_plan_focus_areas_idea_id_ideas'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['plan_id'], ['work_plans.id'], name=op.f('fk_work_plan_focus_areas_plan_id_work_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_plan_focus_areas')),
    sa.UniqueConstraint('plan_id', 'position', name='uq_work_plan_focus_areas_plan_position')
    )
    with op.batch_alter_table('work_plan_focus_areas', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_plan_focus_areas_plan_id'), ['plan_id'], unique=False)

    op.create_table('work_plan_rows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('focus_area_id', sa.Integer(), nullable=False),
    sa.Column('section', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('cells', sa.JSON(), nullable=False),
    sa.CheckConstraint("section IN ('operational', 'timeline', 'control')", name=op.f('ck_work_plan_rows_section_known')),
    sa.ForeignKeyConstraint(['focus_area_id'], ['work_plan_focus_areas.id'], name=op.f('fk_work_plan_rows_focus_area_id_work_plan_focus_areas'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_plan_rows')),
    sa.UniqueConstraint('focus_area_id', 'section', 'position', name='uq_work_plan_rows_area_section_position')
    )
    with op.batch_alter_table('work_plan_rows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_plan_rows_focus_area_id'), ['focus_area_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('work_plan_rows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_plan_rows_focus_area_id'))

    op.drop_table('work_plan_rows')
    with op.batch_alter_table('work_plan_focus_areas', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_plan_focus_areas_plan_id'))

    op.drop_table('work_plan_focus_areas')
    op.drop_table('work_plans')
