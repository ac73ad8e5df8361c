"""Persistence: SQLAlchemy 2.x over SQLite (WAL) or PostgreSQL, migrated by Alembic."""
