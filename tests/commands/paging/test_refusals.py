"""Paging's refusals, usage lines and permission paths, in-process: one line each, and
nothing half-created."""

from __future__ import annotations

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
ADMIN = "@mact.admin:localhost"  # CCR admin
COURT = "@nfischer:localhost"  # COURT-ADV frontline
COORD = "@ccr.coordinator:localhost"
CONTACT = "@hosp.oncall:localhost"  # an after-hours contact point, not on the roster
EV = "CE-2026-0001"


async def say(h: CommandHarness, who: str, text: str, *, thread: str | None = None) -> str:
    return (await h.say(who, text, thread=thread)).reply


async def test_activation_refusals_leave_nothing_behind(h: CommandHarness) -> None:
    assert await say(h, ADMIN, "!activate high-risk LETHALITY-HIGH") == (
        "Activating high-risk needs the frontline, supervisor, leadership or coordinator role; "
        "you are admin (CCR)."
    )
    assert (await say(h, FRONT, "!activate nope X")).startswith(
        "Unknown protocol 'nope'. Protocols: high-risk ("
    )
    assert (await say(h, FRONT, "!activate high-risk NOPE")).startswith(
        "'NOPE' is not an activation criterion of high-risk. Criteria: LETHALITY-HIGH ("
    )
    for case, why in (
        ("555-123-4567", "a phone number (characters 1-12 of it)"),
        ("jane@example.org", "an email address (characters 1-16 of it)"),
        ("1990-04-12", "a date (a date of birth or other personal date must never be recorded)"),
    ):
        said = await say(h, FRONT, f"!activate high-risk LETHALITY-HIGH --case {case}")
        assert said.startswith(f"case reference refused: it looks like {why}")
        assert case not in said  # never echoed
    assert await say(h, FRONT, "!activate high-risk LETHALITY-HIGH call 555 123 4567") == (
        "note refused: it looks like a phone number (characters 6-17 of it); say 'call her on "
        "the number in our file' instead. Keep client details out of MACT"
    )
    assert await say(h, FRONT, "!activate high-risk") == (
        "Usage: !activate <protocol> <criterion> [--case REF] [note…]"
    )
    assert await say(h, FRONT, "!status") == "No active crisis events."
    assert await h.outbox_rows() == [m for m in await h.outbox_rows() if "reply-" in m.txn_id]


async def test_event_permissions(h: CommandHarness) -> None:
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    assert await say(h, COORD, f"!ack {EV}") == (
        f"CCR is not in {EV}'s notification sequence; only a paged person or a member "
        "of a paged agency can acknowledge."
    )
    assert await say(h, COURT, f"!cancel {EV} not mine") == (
        f"Cancelling {EV} needs you to have activated it, a supervisor or leadership role at "
        "SHELTER-HH, or the coordinator role; you are frontline (COURT-ADV)."
    )
    assert await say(h, FRONT, f"!lead PD-DVU --event {EV} police lead now") == (
        "Shifting the lead needs a supervisor or leadership role at SHELTER-HH, or the "
        "coordinator role; you are frontline (SHELTER-HH)."
    )
    assert await say(h, COORD, f"!lead CCR --event {EV} x") == (
        f"CCR is not in {EV}'s notification sequence: SHELTER-HH, HOSP-SW, LEGAL-VLA, "
        "PD-DVU, HOTLINE, COURT-ADV"
    )
    assert await say(h, FRONT, f"!cancel {EV}") == "Usage: !cancel <CE-…> <reason…>"


async def test_a_contact_point_may_answer_pages_and_nothing_else(h: CommandHarness) -> None:
    assert await say(h, CONTACT, "!status") == (
        "You are not on the MACT roster, so I cannot run !status; ask your coalition admin to "
        "add you."
    )
    assert (await h.say(CONTACT, "!ack", direct=True)).reply == (
        "You have no page waiting for an answer."
    )
