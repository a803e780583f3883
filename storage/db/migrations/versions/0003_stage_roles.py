"""Stage roles: the rules read a stage's role (open, offer, closed), never its name.

Existing stages get the role their name and flag meant until now: a closed
stage is "closed", a stage named Offer (any case) is "offer", others "open".
The ``closed`` column stays, kept equal to ``role == 'closed'`` by the model,
so that dropping it never has to rebuild a table other tables point at.

Revision ID: 0003_stage_roles
Revises: 0002_pending_actions
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_stage_roles"
down_revision = "0002_pending_actions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("stages", sa.Column("role", sa.String(length=10), nullable=False,
                                      server_default="open"))
    stages = sa.table("stages", sa.column("name", sa.String), sa.column("closed", sa.Boolean),
                      sa.column("role", sa.String))
    op.execute(stages.update().where(stages.c.closed == sa.true()).values(role="closed"))
    op.execute(stages.update()
               .where(stages.c.closed == sa.false(), sa.func.lower(stages.c.name) == "offer")
               .values(role="offer"))


def downgrade() -> None:
    # Not a batch (copy-and-rename) operation: dropping the old stages table
    # would break the foreign keys that point at it. SQLite drops a plain
    # column in place since 3.35.
    op.drop_column("stages", "role")
