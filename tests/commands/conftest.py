"""The in-process harness for command tests: the real router on a fresh SQLite file."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.helpers.command_harness import CommandHarness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[CommandHarness]:
    """The example coalition, no event yet."""
    harness = CommandHarness(tmp_path)
    await harness.open()
    yield harness
    await harness.close()
