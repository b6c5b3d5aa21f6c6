"""unknown parents, and units named by lineage files

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29

SPEC §1 now says that in a partial snapshot a unit leaving out ``parent`` has
an unknown parent. ``units.parent_known`` records it; every row stored before
this revision was loaded when a left-out parent meant "at the top", so it is
true for all of them (the server default) and their meaning and content hash
are unchanged. ``lineage_units`` holds the optional ``units:`` list of a
lineage file: units its events name, such as ones no snapshot shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | Sequence[str] | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('units') as batch:
        batch.add_column(sa.Column('parent_known', sa.Boolean(), server_default=sa.true(),
                                   nullable=False))
    op.create_table('lineage_units',
    sa.Column('lineage_file_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('acronym', sa.Text(), nullable=True),
    sa.Column('kind', sa.Text(), nullable=True),
    sa.Column('parent_key', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('aliases', sa.Text(), nullable=True),
    sa.Column('parent_known', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.ForeignKeyConstraint(['lineage_file_id'], ['lineage_files.id'], name=op.f('fk_lineage_units_lineage_file_id_lineage_files')),
    sa.PrimaryKeyConstraint('lineage_file_id', 'position', name=op.f('pk_lineage_units'))
    )


def downgrade() -> None:
    op.drop_table('lineage_units')
    with op.batch_alter_table('units') as batch:
        batch.drop_column('parent_known')
