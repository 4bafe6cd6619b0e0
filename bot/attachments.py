"""Pictures attached to outgoing messages: drawn from the data in the message's content
(protocols.outbox.ATTACHMENT), uploaded encrypted (the room is, so its files are too) and
referenced from an m.image's `file`, as the spec's EncryptedFile."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from nio import AsyncClient, UploadResponse

from protocols.outbox import ATTACHMENT

from .charts import Picture, stacked_bars

# An upload that has not finished by then is abandoned and the message retried: a lane
# must never hang on a stalled connection (nio's upload has no timeout of its own).
UPLOAD_TIMEOUT_S = 60.0
_DRAW = {"stacked-bars": stacked_bars}


class AttachmentRefused(Exception):
    """The homeserver refused the upload (its status is the message)."""


async def with_attachment(client: AsyncClient, content: dict[str, Any]) -> dict[str, Any]:
    """`content` ready to send: unchanged without an attachment; else with the picture
    drawn, uploaded encrypted and described in `file` and `info`. Raises AttachmentRefused,
    KeyError for an unknown kind (a bug: the message then fails), or a network error."""
    if ATTACHMENT not in content:
        return content
    content = dict(content)
    attachment = content.pop(ATTACHMENT)
    draw = _DRAW[attachment["kind"]]
    # Drawing takes a fraction of a second of CPU: off the event loop, which syncs.
    picture: Picture = await asyncio.to_thread(draw, attachment["spec"])
    resp, keys = await asyncio.wait_for(
        client.upload(
            io.BytesIO(picture.png),
            content_type="image/png",
            filename=str(content.get("body", "chart.png")),
            encrypt=True,
            filesize=len(picture.png),
        ),
        UPLOAD_TIMEOUT_S,
    )
    if not isinstance(resp, UploadResponse) or not keys:
        raise AttachmentRefused(str(getattr(resp, "status_code", None) or type(resp).__name__))
    content["file"] = {"url": resp.content_uri, **keys}
    content["info"] = {
        "mimetype": "image/png",
        "size": len(picture.png),
        "w": picture.width,
        "h": picture.height,
    }
    return content
