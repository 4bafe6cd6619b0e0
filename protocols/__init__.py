"""MACT's pure core: domain types, configuration schema and decision logic.

Nothing in this package performs I/O or reads the clock; callers pass `now` in.
It imports neither nio, SQLAlchemy nor APScheduler.
"""
