"""Two Synapses federating on loopback: the bot's homeserver and another agency's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.local_homeserver import LocalSynapse, free_port


@dataclass(frozen=True)
class Servers:
    home: LocalSynapse  # MACT's
    remote: LocalSynapse  # an agency's own


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    ports = (free_port(), free_port())
    names = tuple(f"127.0.0.1:{p}" for p in ports)
    home = LocalSynapse(
        tmp_path_factory.mktemp("home"), federation_port=ports[0], federate_with=(names[1],)
    )
    remote = LocalSynapse(
        tmp_path_factory.mktemp("remote"), federation_port=ports[1], federate_with=(names[0],)
    )
    try:
        home.start()
        remote.start()
        yield Servers(home, remote)
    finally:
        remote.stop()
        home.stop()
