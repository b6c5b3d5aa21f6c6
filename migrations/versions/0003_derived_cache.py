"""a cache of derived data (the assembled threads), never a record

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

``derived_cache`` holds work that can be redone from the records: an
agency's units followed across its snapshots (``structure.threads``) with
their timelines, keyed by a digest of the snapshots' ids and content hashes,
the curated events, the lineage files' units and the code that derived them
(``store.derived_cache``). Nothing existing changes; a database upgraded
from 0002 starts with an empty cache, filled on first use.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('derived_cache',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('made_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('payload', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_derived_cache')),
    sa.UniqueConstraint('agency', 'kind', 'key', name=op.f('uq_derived_cache_agency_kind_key'))
    )


def downgrade() -> None:
    op.drop_table('derived_cache')
