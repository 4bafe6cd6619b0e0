"""The contact log: typed contacts, MACT's own (referrals, requests, answers), who sees
what; and problems raised for the leads' meeting."""

from __future__ import annotations

from storage.repositories import contact_log
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA
POLICE = "@jliu:localhost"  # PD-DVU


async def test_contacts_typed_and_automatic(h: CommandHarness) -> None:
    said = await h.say(FRONT, "!log LEGAL-VLA call walk-in hours --outcome Thursday mornings")
    assert said.reply == "Logged: call with LEGAL-VLA."
    await h.say(
        FRONT, "!refer LEGAL-VLA legal advocacy --basis interview --urgency standard --pathway warm"
    )
    await h.say(FRONT, "!ask LEGAL-VLA routine interpreter on site")
    await h.say(LEGAL, "!answer Q-1 yes, Spanish")
    await h.say(POLICE, "!log HOTLINE meeting monthly sync")
    lines = (await h.say(FRONT, "!log LEGAL-VLA")).reply.splitlines()
    assert lines[0] == "Latest contacts with LEGAL-VLA (America/Chicago)"
    assert [line.split(", ", 1)[1] for line in lines[1:]] == [
        "answer Q-1: interpreter on site — yes, Spanish",
        "request Q-1: interpreter on site",
        "referral R-2026-0001: legal advocacy",
        "call: walk-in hours — Thursday mornings",
    ]
    # PD-DVU's contact with the hotline is not SHELTER-HH's to read.
    assert (await h.say(FRONT, "!log HOTLINE")).reply == "No contacts with HOTLINE logged."


async def test_log_refusals(h: CommandHarness) -> None:
    # Codes of the data dictionary: a retired one and an unknown one say what is valid.
    valid = "call, message, email, meeting, case-conference, visit"
    assert (await h.say(FRONT, "!log LEGAL-VLA fax x")).reply == (
        f"'fax' was retired in data dictionary 2026.2: {valid}."
    )
    assert (await h.say(FRONT, "!log LEGAL-VLA telegram x")).reply == (
        f"'telegram' is not a contact type code: {valid}."
    )
    # MACT logs referrals, requests and answers itself.
    assert (await h.say(FRONT, "!log LEGAL-VLA referral x")).reply == (
        f"'referral' is not a contact type code: {valid}."
    )
    assert (await h.say(FRONT, "!log LEGAL-VLA call")).reply == ("Say what the contact was about.")
    assert (await h.say(FRONT, "!log NOPE call x")).reply.startswith("There is no agency NOPE")
    assert (await h.say(FRONT, "!log LEGAL-VLA call x --outcome 312-555-0147")).reply.startswith(
        "outcome refused: it looks like a phone number"
    )


async def test_problems_are_queued_for_the_leads(h: CommandHarness) -> None:
    said = await h.say(FRONT, "!raise the ED never has our after-hours number")
    assert said.reply == "Problem P-1 queued for the leads' next meeting (1 queued)."
    said = await h.say(LEGAL, "!raise interpreters booked too late for hearings")
    assert said.reply == "Problem P-2 queued for the leads' next meeting (2 queued)."
    async with h.db.transaction() as session:
        queued = await contact_log.queued_problems(session)
    assert [(p.agency, p.text) for p in queued] == [
        ("SHELTER-HH", "the ED never has our after-hours number"),
        ("LEGAL-VLA", "interpreters booked too late for hearings"),
    ]
