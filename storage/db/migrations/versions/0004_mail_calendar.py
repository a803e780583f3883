"""Mail and calendars: what the imports and the .ics export remember.

A round keeps the UID and SEQUENCE of the invitation it came from, a message
the Message-ID of the e-mail it was logged from (so each import is idempotent),
and ``calendar_sequences`` keeps, per exported event, the due time last
exported and its SEQUENCE. All new columns are nullable: existing rows are
untouched.

Revision ID: 0004_mail_calendar
Revises: 0003_stage_roles
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_mail_calendar"
down_revision = "0003_stage_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("interviews", sa.Column("invite_uid", sa.String(length=255), nullable=True))
    op.add_column("interviews", sa.Column("invite_sequence", sa.Integer(), nullable=True))
    op.create_index("ix_interviews_invite_uid", "interviews", ["invite_uid"], unique=True)
    op.add_column("communications",
                  sa.Column("message_id", sa.String(length=998), nullable=True))
    op.create_index("ix_communications_message_id", "communications", ["message_id"],
                    unique=True)
    op.create_table(
        "calendar_sequences",
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("due", sa.String(length=40), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_calendar_sequences")),
    )


def downgrade() -> None:
    op.drop_table("calendar_sequences")
    op.drop_index("ix_communications_message_id", table_name="communications")
    op.drop_column("communications", "message_id")
    op.drop_index("ix_interviews_invite_uid", table_name="interviews")
    op.drop_column("interviews", "invite_sequence")
    op.drop_column("interviews", "invite_uid")
