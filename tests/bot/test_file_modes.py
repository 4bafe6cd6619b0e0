from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.file_modes import InsecureFiles, lock_down


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def restore_umask() -> Iterator[None]:
    old = os.umask(0o022)
    os.umask(old)
    yield
    os.umask(old)


def test_folders_become_private_and_new_files_0600(tmp_path: Path, restore_umask: None) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)  # noqa: S103 - the setting being tightened
    store = data / "crypto-store"
    lock_down(data, store, f"sqlite+aiosqlite:///{data / 'mact.db'}")
    assert _mode(data) == 0o700 and _mode(store) == 0o700
    created = data / "mact.db"
    created.write_text("x")
    assert _mode(created) == 0o600


def test_a_database_others_can_read_is_refused(tmp_path: Path, restore_umask: None) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for name in ("mact.db", "mact.db-wal"):
        (data / name).write_text("x")
        os.chmod(data / name, 0o600)
    os.chmod(data / "mact.db-wal", 0o644)
    with pytest.raises(InsecureFiles, match=r"mact.db-wal can be read by other users \(mode 644\)"):
        lock_down(data, data / "store", f"sqlite+aiosqlite:///{data / 'mact.db'}")


def test_store_files_are_tightened(tmp_path: Path, restore_umask: None) -> None:
    store = tmp_path / "store"
    store.mkdir(mode=0o700)
    key_db = store / "bot_DEVICE.db"
    key_db.write_text("x")
    os.chmod(key_db, 0o644)
    lock_down(tmp_path, store, "sqlite+aiosqlite:///:memory:")
    assert _mode(key_db) == 0o600
