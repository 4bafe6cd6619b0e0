"""Repositories: take an `AsyncSession` the caller owns, return core objects, never commit."""
