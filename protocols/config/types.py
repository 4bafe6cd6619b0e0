"""Field types the configuration's models share."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict

from protocols.durations import parse_duration


def _duration(value: object) -> object:
    # ISO 8601 ('PT5M') is how a frozen snapshot stores durations; pydantic parses those.
    if isinstance(value, str) and not value.startswith("P"):
        return parse_duration(value)
    return value


Duration = Annotated[timedelta, BeforeValidator(_duration)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
