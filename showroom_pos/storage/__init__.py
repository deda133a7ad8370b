"""SQLAlchemy models, the SQLite engine and the migration runner."""
