"""Agencies on their own homeservers: MACT on one Synapse, an agency's staff on another,
federating on loopback. Everything asserted is what the remote users' clients decrypted."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import People
from tests.federation.conftest import Servers
from tests.helpers.bot_harness import BotHarness, unique
from tests.helpers.matrix_user import MatrixUser, Received
from tests.integration.paging_setup import in_thread, is_page

ROUNDS = 5  # the lost-messages failure was intermittent: one run of three


def drill(u: dict[str, MatrixUser], alias: str, windows: dict[str, str]) -> Any:
    def contact(n: str, name: str) -> dict[str, str]:
        return {"name": name, "role": "Staff", "matrix_id": u[n].user_id}

    def mutate(raw: dict[str, Any]) -> None:
        raw["agencies"] = [
            {
                "code": "HOSP",
                "name": "St. Brigid SW (own server)",
                "kind": "hospital",
                "after_hours": "operator",
                "primary": contact("h1", "Hosp One"),
                "backup": contact("hb", "Hosp Backup"),
            },
            {
                "code": "PD",
                "name": "PD DV unit (own server)",
                "kind": "police",
                "after_hours": "watch",
                "primary": contact("p1", "Police One"),
            },
            {
                "code": "SHELTER",
                "name": "Harbor House",
                "kind": "shelter",
                "after_hours": "line",
                "primary": contact("coord", "Coord"),
            },
        ]
        raw["roster"] = [
            {"matrix_id": u["coord"].user_id, "agency": "SHELTER", "role": "coordinator"},
            {"matrix_id": u["sup"].user_id, "agency": "PD", "role": "supervisor", "name": "Sup"},
        ]
        raw["protocols"] = [
            {
                "id": "drill",
                "title": "Federation drill",
                "version": 1,
                "default_lead": "HOSP",
                "may_activate": ["coordinator", "supervisor"],
                "criteria": [{"code": "LETHALITY", "description": "high lethality screen"}],
                "sequence": [
                    {"agency": "HOSP", "ack_window": windows.get("HOSP", "1m")},
                    {
                        "agency": "PD",
                        "after": "previous_ack",
                        "ack_window": "1m",
                        "on_no_ack": "notice",
                    },
                ],
                "communication": {"room": alias},
            }
        ]

    return mutate


class TwoServers:
    """The coalition: a coordinator and the bot at home; a PD supervisor and the hospital's
    and police's contacts on the agencies' own server (the hospital's backup at home)."""

    def __init__(self, servers: Servers, tmp: Path, windows: dict[str, str]) -> None:
        self.servers = servers
        self.tmp = tmp
        self.windows = windows
        self.home_people = People(servers.home, tmp / "home")
        self.remote_people = People(servers.remote, tmp / "remote")
        self.u: dict[str, MatrixUser] = {}
        self.harness: BotHarness | None = None
        self.room_id = ""

    async def __aenter__(self) -> TwoServers:
        for n in ("coord", "hb"):
            self.u[n] = await self.home_people.new(n)
        for n in ("sup", "h1", "p1"):
            self.u[n] = await self.remote_people.new(n)
        for n in ("hb", "h1", "p1"):
            self.u[n].auto_join = True
        alias_local = unique("fed")
        alias = f"#{alias_local}:{self.servers.home.server_name}"
        self.harness = BotHarness(
            self.servers.home,
            self.tmp,
            roster=[],
            rooms=[alias],
            mutate=drill(self.u, alias, self.windows),
        )
        await self.harness.start()
        coord, sup = self.u["coord"], self.u["sup"]
        self.room_id = await coord.create_room(
            invite=[self.harness.user_id, sup.user_id], alias=alias_local
        )
        await sup.join(self.room_id)  # across federation
        for user in (coord, sup):
            await user.wait_knows_devices_of(self.harness.user_id, self.room_id)
        return self

    async def __aexit__(self, *exc: object) -> None:
        try:
            if self.harness is not None:
                await self.harness.stop()
        finally:
            await self.remote_people.close()
            await self.home_people.close()

    @property
    def bot(self) -> str:
        assert self.harness is not None
        return self.harness.user_id


def from_bot(bot: str, room_id: str) -> Any:
    def pred(r: Received) -> bool:
        return r.sender == bot and r.room_id == room_id

    return pred


async def test_a_remote_member_and_mact_read_each_other_round_after_round(
    servers: Servers, tmp_path: Path
) -> None:
    async with TwoServers(servers, tmp_path, {}) as c:
        coord, sup = c.u["coord"], c.u["sup"]
        for n in range(ROUNDS):
            # The remote member's command reaches MACT, and the answer reaches them.
            ping = await sup.send(c.room_id, "!ping")
            pong = await sup.wait_reply(c.room_id, ping, timeout=30)
            assert pong.body == "pong" and pong.event.decrypted, n
            # A bot message answering someone at home decrypts remotely too.
            cmd = await coord.send(c.room_id, "!whoami")
            await coord.wait_reply(c.room_id, cmd, timeout=30)
            seen = await sup.wait_reply(c.room_id, cmd, timeout=30)
            assert seen.body.startswith(coord.user_id), n
        assert not [e for e in sup.undecrypted if e.sender == c.bot]


async def test_remote_contacts_are_paged_and_acknowledge_by_reaction_and_command(
    servers: Servers, tmp_path: Path
) -> None:
    async with TwoServers(servers, tmp_path, {}) as c:
        coord, sup, h1, p1 = c.u["coord"], c.u["sup"], c.u["h1"], c.u["p1"]
        home, remote = servers.home.server_name, servers.remote.server_name

        # 1. A remote contact is paged in a DM made across federation and acks with ✅.
        before = len(sup.received)
        await coord.send(c.room_id, "!activate drill LETHALITY")
        notice = await sup.wait_for(
            lambda r: r.body.startswith("🚨 Crisis coordination event "),
            after=before,
            timeout=30,
            what="activation notice, remotely",
        )
        event_id, root = notice.body.split()[4], notice.event_id
        page = await h1.wait_for(is_page, timeout=30, what="page, remotely")
        assert page.event.decrypted and event_id in page.body
        assert page.content["m.mentions"] == {"user_ids": [h1.user_id]}
        assert h1.user_id.endswith(f":{remote}")
        await h1.react_encrypted(page.room_id, page.event_id)
        acked = await sup.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("HOSP acknowledged in "),
            timeout=30,
            what="HOSP ack notice",
        )
        assert acked.body.endswith("by Hosp One")
        assert f'href="https://matrix.to/#/{h1.user_id}"' in acked.content["formatted_body"]

        # 2. PD's contact is paged; the remote PD supervisor acks in the thread instead, and
        #    the contact is told their page needs no answer.
        pd_page = await p1.wait_for(is_page, timeout=30, what="PD page")
        assert pd_page.event.decrypted
        # The thread link (in the page, or its edit) names the bot's server as `via`.
        await p1.wait_for(lambda r: f"/{root}?via={home}" in r.body, timeout=30, what="thread link")
        ack = await sup.send(c.room_id, "!ack", thread_root=root)
        answer = await sup.wait_reply(c.room_id, ack, timeout=30)
        assert answer.event.decrypted
        await sup.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("PD acknowledged in "),
            timeout=30,
            what="PD ack notice",
        )
        over = await p1.wait_for(
            lambda r: r.body.startswith("No need to answer this page"), timeout=30, what="over"
        )
        assert "Sup acknowledged for PD" in over.body
        await coord.send(c.room_id, "!cancel drill over", thread_root=root)

        # 3. A second event: the remote contact acks with !ack in the DM.
        before_h1 = len(h1.received)
        await sup.send(c.room_id, "!activate drill LETHALITY")
        second = await h1.wait_for(is_page, after=before_h1, timeout=30, what="second page")
        assert second.room_id == page.room_id  # the same DM, kept
        cmd = await h1.send(second.room_id, "!ack")
        reply = await h1.wait_reply(second.room_id, cmd, timeout=30)
        assert reply.event.decrypted and "acknowledged" in reply.body.lower()


async def test_the_remote_server_down_delays_its_pages_not_the_escalation_nor_the_room(
    servers: Servers, tmp_path: Path
) -> None:
    async with TwoServers(servers, tmp_path, {"HOSP": "4s"}) as c:
        coord, sup, h1, hb = c.u["coord"], c.u["sup"], c.u["h1"], c.u["hb"]
        servers.remote.stop()
        try:
            # The directory check tells an unreachable server from a missing device.
            cmd = await coord.send(c.room_id, "!directory check")
            check = await coord.wait_reply(c.room_id, cmd, timeout=60)
            assert f"HOSP primary {h1.user_id}" in check.body
            assert "server unreachable" in check.body and "no E2EE device" not in check.body

            # The remote primary cannot be reached; the ack window runs from when the page
            # was issued, so the backup at home is paged while the server is still down.
            await coord.send(c.room_id, "!activate drill LETHALITY")
            backup_page = await hb.wait_for(is_page, timeout=60, what="the backup's page")
            assert "after 4s without ack" not in backup_page.body  # the page itself
            await coord.wait_for(
                lambda r: (
                    r.body.startswith("HOSP paged backup ") and "after 4s without ack" in r.body
                ),
                timeout=30,
                what="escalation notice",
            )

            # The room is told, once, that the remote member cannot read MACT right now.
            def told(r: Received) -> bool:
                return r.body.startswith("MACT could not give ") and sup.user_id in r.body

            notice = await coord.wait_for(told, timeout=30, what="unreached notice")
            assert f"their homeserver {servers.remote.server_name} did not answer" in notice.body
            assert len([r for r in coord.received if told(r)]) == 1
        finally:
            servers.remote.start()
        # After recovery the primary's page is sent, once: it waited for their server and
        # for an Olm session with their device (the transaction id makes it one event).
        assert c.harness is not None
        db = c.harness.db_path

        def delayed_page_sent() -> bool:
            with contextlib.closing(sqlite3.connect(db)) as conn:
                rows = conn.execute(
                    "select sent_event_id from outbox where txn_id = ?",
                    ("page-CE-2026-0001-s0-a1",),
                ).fetchall()
            return bool(rows and rows[0][0])

        await sup.wait_until(delayed_page_sent, timeout=90, what="page sent")
        # Its invite reached them, they joined, and the page reached their server and
        # decrypts (it waited for their join: an invited server receives no room events).
        page = await h1.wait_for(is_page, timeout=60, what="the delayed page")
        assert page.event.decrypted
        # Room messages sent while the server was down cost the remote member nothing
        # afterwards: the next answers decrypt for them.
        for n in range(ROUNDS):
            ping = await sup.send(c.room_id, "!ping")
            pong = await sup.wait_reply(c.room_id, ping, timeout=60)
            assert pong.body == "pong" and pong.event.decrypted, n
        assert len([r for r in h1.received if is_page(r)]) == 1
