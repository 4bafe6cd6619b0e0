"""Log format: ids and counts only. Message bodies are never passed to a logger."""

from __future__ import annotations

import logging


def configure(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level,
        format="%(asctime)s.%(msecs)03d %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
    )
    # nio logs request paths (with room ids) at INFO and event content at DEBUG; keep it quiet.
    for noisy in ("nio", "aiohttp", "peewee", "apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
