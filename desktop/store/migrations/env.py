"""Alembic environment: always run on the connection the app passes in, in batch mode for SQLite."""

from alembic import context

from desktop.store.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when run by hand without the app
    raise RuntimeError("run migrations through desktop.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
