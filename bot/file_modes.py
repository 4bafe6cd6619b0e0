"""The bot's files are its owner's alone: the data dir 0700, every file in it 0600.

The database holds notes, decisions and case references; the E2EE store holds the keys
that read every page. A database that others could read is refused, not silently fixed:
someone may already have read it, and the operator must know.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .private_files import private_dir

# New files (SQLite's database, its -wal and -shm, nio's store) are created 0600.
PRIVATE_UMASK = 0o077


class InsecureFiles(RuntimeError):
    """A file that holds coordination data can be read by other local users."""


def sqlite_path(storage_url: str) -> Path | None:
    """The database file of a SQLite URL, else None (another database, or in memory)."""
    if not storage_url.startswith("sqlite") or "///" not in storage_url:
        return None
    path = storage_url.split("///", 1)[1]
    return Path(path) if path and path != ":memory:" else None


def lock_down(data_dir: Path, store_dir: Path, storage_url: str) -> None:
    """Set the umask, make the folders private and the store's files 0600.

    Raises InsecureFiles if the database (or its -wal / -shm) is readable by others."""
    os.umask(PRIVATE_UMASK)
    private_dir(data_dir)
    private_dir(store_dir)
    database = sqlite_path(storage_url)
    if database is not None:
        private_dir(database.parent)
        for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
            mode = _mode(path)
            if mode is not None and mode & 0o077:
                raise InsecureFiles(
                    f"{path} can be read by other users (mode {mode:o}); MACT will not run on "
                    f"it. Check who could have read it, then: chmod 600 {path}"
                )
    # The store was always in a 0700 folder, so nobody else could reach its files: tighten.
    for path in store_dir.rglob("*"):
        mode = _mode(path)
        if path.is_file() and mode is not None and mode & 0o077:
            os.chmod(path, 0o600)


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return None
