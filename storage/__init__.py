"""Persistence: SQLAlchemy 2 async models, repositories returning core objects, migrations."""
