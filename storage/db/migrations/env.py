"""Alembic environment: always run on a connection handed in by storage.db.engine."""

from __future__ import annotations

from alembic import context

from storage.db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached by a bare `alembic` CLI call
    raise RuntimeError("run migrations through storage.db.engine.open_database()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
