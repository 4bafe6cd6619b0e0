from __future__ import annotations

from protocols.outbox import MAX_CONTENT_BYTES, OutgoingMessage, content_size, fit_message


def _message(body: str) -> OutgoingMessage:
    return OutgoingMessage(
        txn_id="reply-$x",
        room_id="!r:hs",
        event_type="m.room.message",
        content={
            "msgtype": "m.notice",
            "body": body,
            "format": "org.matrix.custom.html",
            "formatted_body": f"<p>{body}</p>",
            "m.mentions": {"user_ids": ["@a:hs"]},
            "m.relates_to": {"m.in_reply_to": {"event_id": "$x"}},
        },
    )


def test_a_message_that_fits_is_left_alone() -> None:
    message = _message("Decision D-1 recorded.")
    assert fit_message(message) is message


def test_an_oversize_message_is_cut_to_fit_and_says_so() -> None:
    # Non-ASCII text counts as its escaped JSON form (6 bytes a character), the larger one.
    message = _message("é" * 30_000)
    fitted = fit_message(message)
    assert content_size(fitted.content) <= MAX_CONTENT_BYTES
    body = fitted.content["body"]
    assert body.startswith("éé")
    assert body.endswith("characters left out)")
    assert "formatted_body" not in fitted.content
    # Still a reply to the same command, mentioning the same people.
    assert fitted.content["m.relates_to"] == message.content["m.relates_to"]
    assert fitted.content["m.mentions"] == message.content["m.mentions"]
    assert fitted.txn_id == message.txn_id
