"""Alembic environment: runs on the connection `storage.db.migrate` hands in."""

from __future__ import annotations

from alembic import context

import storage.meeting_models  # noqa: F401  (its tables join Base.metadata)
from storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.db.migrate(), which passes a connection")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
