"""Shared fixtures: one real Synapse on 127.0.0.1 for the whole session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.local_homeserver import LocalSynapse
from tests.helpers.bot_harness import unique
from tests.helpers.matrix_user import MatrixUser


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSynapse]:
    hs = LocalSynapse(tmp_path_factory.mktemp("synapse"))
    hs.start()
    yield hs
    hs.stop()


class People:
    """Registers and starts test users; closes them all at the end of the test."""

    def __init__(self, synapse: LocalSynapse, tmp: Path) -> None:
        self.synapse = synapse
        self.tmp = tmp
        self.users: list[MatrixUser] = []

    async def new(self, name: str) -> MatrixUser:
        user = await MatrixUser.register(self.synapse, unique(name), self.tmp)
        await user.start()
        self.users.append(user)
        return user

    async def close(self) -> None:
        for u in self.users:
            await u.close()


@pytest.fixture
async def people(synapse: LocalSynapse, tmp_path: Path) -> AsyncIterator[People]:
    p = People(synapse, tmp_path)
    yield p
    await p.close()
