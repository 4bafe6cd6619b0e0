"""People are shown by the names the coalition gave them, with a pill, not by Matrix ids."""

from __future__ import annotations

from pathlib import Path

from commands.paging import sequence
from protocols.paging.crisis import ProtocolSnapshot
from storage.repositories import crisis
from tests.helpers.command_harness import CommandHarness, example_config

EV = "CE-2026-0001"
LEAD = "@dreyes:localhost"  # on the roster as "Dana Reyes"
FRONT = "@agrant:localhost"  # a contact point named "Aisha Grant", on the roster unnamed
LEAD_CONTACT = "@sokafor:localhost"


def pill(user_id: str, name: str) -> str:
    return f'<a href="https://matrix.to/#/{user_id}">{name}</a>'


def test_a_roster_name_wins_over_a_contact_points_and_ids_stand_for_the_unnamed() -> None:
    def rename(raw: dict) -> None:  # type: ignore[type-arg]
        next(r for r in raw["roster"] if r["matrix_id"] == FRONT)["name"] = "A. Grant"

    names = example_config(rename).names()
    assert names[FRONT] == "A. Grant"
    assert names[LEAD] == "Dana Reyes"
    assert "@pnatarajan:localhost" not in names  # on the roster, no name, not a contact


async def test_ack_and_activation_name_people_with_pills(h: CommandHarness) -> None:
    said = await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    notice = next(m for m in said.messages if m.txn_id == f"root-{EV}").content
    assert "Activated by Aisha Grant (SHELTER-HH)" in notice["body"]
    assert pill(FRONT, "Aisha Grant") in notice["formatted_body"]
    page = next(m for m in said.messages if m.to_user == LEAD_CONTACT).content
    assert page["body"].startswith("MACT page for Sam Okafor: ")
    assert pill(LEAD_CONTACT, "Sam Okafor") in page["formatted_body"]

    async with h.db.transaction() as session:
        await sequence.root_sent(session, EV, "$root")
    said = await h.say(LEAD, "!ack", thread="$root")
    ack = next(m for m in said.messages if m.txn_id == f"notice-{EV}-ack-s0").content
    assert ack["body"].endswith(" by Dana Reyes")
    assert LEAD not in ack["body"]
    assert pill(LEAD, "Dana Reyes") in ack["formatted_body"]
    status = (await h.say(FRONT, f"!status {EV}")).reply
    assert "acknowledged" in status and "by Dana Reyes" in status


async def test_a_name_is_escaped_in_the_pill(tmp_path: Path) -> None:
    def rename(raw: dict) -> None:  # type: ignore[type-arg]
        next(r for r in raw["roster"] if r["matrix_id"] == LEAD)["name"] = "Dana <b>R</b> & co"

    h = CommandHarness(tmp_path, example_config(rename))
    await h.open()
    try:
        await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
        async with h.db.transaction() as session:
            await sequence.root_sent(session, EV, "$root")
        said = await h.say(LEAD, "!ack", thread="$root")
        ack = next(m for m in said.messages if m.txn_id == f"notice-{EV}-ack-s0").content
        assert "Dana <b>R</b> & co" in ack["body"]
        assert pill(LEAD, "Dana &lt;b&gt;R&lt;/b&gt; &amp; co") in ack["formatted_body"]
        assert "<b>R</b>" not in ack["formatted_body"]
    finally:
        await h.close()


async def test_events_stored_before_names_were_kept_show_ids(h: CommandHarness) -> None:
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    async with h.db.transaction() as session:
        event = await crisis.get_event(session, EV)
    assert event is not None
    stored = event.snapshot.model_dump(mode="json")
    del stored["names"]
    old = ProtocolSnapshot.model_validate(stored)
    assert old.name_of(LEAD) == LEAD
