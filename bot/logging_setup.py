"""Log format: ids and counts only. Message bodies are never passed to a logger.

An exception's message can carry what a user typed (`invalid literal for int(): '…'`), so
tracebacks are logged with the exception's type and the code's lines, never its message.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
# Third-party loggers that write request paths, SQL parameters or event content below
# WARNING: held at WARNING whatever level MACT itself logs at.
_QUIET = ("nio", "aiohttp", "peewee", "apscheduler", "alembic", "aiosqlite", "sqlalchemy")


class _NoRetryChatter(logging.Filter):
    """nio logs every retried request ('Timed out, sleeping for 0s'); MACT logs an outage
    once when it starts and once when it ends (bot/homeserver_health.py)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Timed out, sleeping")


class ContentFreeFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo) -> str:  # type: ignore[override]
        _, err, tb = ei
        frames = "".join(traceback.format_tb(tb))
        chained = ""
        cause = err.__cause__ or err.__context__
        if cause is not None and not err.__suppress_context__:
            chained = f" (while handling {type(cause).__module__}.{type(cause).__qualname__})"
        return f"Traceback (most recent call last):\n{frames}{_name(err)}{chained}"


def _name(err: BaseException) -> str:
    kind = type(err)
    module = "" if kind.__module__ == "builtins" else f"{kind.__module__}."
    return f"{module}{kind.__qualname__} (message withheld: it may hold typed text)"


def configure(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(
        ContentFreeFormatter(
            "%(asctime)s.%(msecs)03d %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S"
        )
    )
    handler.addFilter(_NoRetryChatter())
    logging.basicConfig(level=level, handlers=[handler])
    for noisy in _QUIET:
        logging.getLogger(noisy).setLevel(logging.WARNING)
