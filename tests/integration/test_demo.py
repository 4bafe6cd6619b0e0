"""`mact demo`: starts Synapse and the bot, a demo user gets `pong`, Ctrl-C stops both."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.demo import PASSWORDS
from bot.local_homeserver import LocalSynapse, free_port
from tests.helpers.matrix_user import MatrixUser

MACT = Path(sys.executable).parent / "mact"


def wait_output(path: Path, needle: str, proc: subprocess.Popen[bytes], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        if needle in text:
            return text
        if proc.poll() is not None:
            raise AssertionError(f"demo exited early ({proc.returncode}):\n{text}")
        time.sleep(0.1)
    raise AssertionError(f"'{needle}' not printed within {timeout}s")


def start_demo(data: Path, port: int, out: Path) -> subprocess.Popen[bytes]:
    with open(out, "wb") as f:
        return subprocess.Popen(
            [str(MACT), "demo", "--data-dir", str(data), "--port", str(port)],
            stdout=f,
            stderr=subprocess.STDOUT,
        )


def stop_demo(proc: subprocess.Popen[bytes]) -> int:
    proc.send_signal(signal.SIGINT)
    return proc.wait(30)


async def demo_huddle(
    hs: LocalSynapse,
    passwords: dict[str, str],
    tmp: Path,
    user: MatrixUser,
    lead: MatrixUser,
    room_id: str,
) -> None:
    """The tabletop protocol of the example: the whole huddle, as a demo user sees it."""
    coord_id = "@ccr.coordinator:localhost"
    coord = MatrixUser(hs, coord_id, passwords[coord_id], tmp / "coord")
    await coord.login()
    await coord.start()
    try:
        # The coordinator created the demo's room; anyone else would be invited.
        await coord.wait_until(
            lambda: room_id in coord.client.rooms or room_id in coord.client.invited_rooms,
            what="the coordination room",
        )
        if room_id in coord.client.invited_rooms:
            await coord.join(room_id)
        await coord.wait_knows_devices_of("@mact:localhost", room_id)
        before = len(user.received)
        await user.send(room_id, "!activate tabletop EXERCISE")
        root = await user.wait_for(
            lambda r: "activated" in r.body and "tabletop" in r.body, after=before, timeout=30
        )
        event_id = root.body.split()[4]
        page = await lead.wait_for(
            lambda r: event_id in r.body and r.body.startswith("MACT page"), timeout=30
        )
        await lead.react(page.room_id, page.event_id)

        async def say(who: MatrixUser, body: str) -> str:
            cmd = await who.send(room_id, body, thread_root=root.event_id)
            return (await who.wait_reply(room_id, cmd, timeout=30)).body

        assert (await say(user, "!action SHELTER-HH 30m hold a bed")).startswith(
            f"{event_id} A-1 for SHELTER-HH, due "
        )
        await say(coord, "!decision Hold the bed tonight --why exercise scenario")
        assert (await say(coord, "!close EXERCISE-DONE")).startswith(f"{event_id} cannot close")
        await say(coord, "!done A-1")
        assert (await say(coord, "!close EXERCISE-DONE drill complete")).startswith(
            f"{event_id} closed by Jordan Blake (CCR): EXERCISE-DONE"
        )
        await user.wait_for(lambda r: r.body.startswith(f"Summary of {event_id}"), timeout=30)
        await coord.wait_for(
            lambda r: r.body.startswith(f"After-action review for {event_id}"), timeout=30
        )
    finally:
        await coord.close()


async def demo_referral(user: MatrixUser, shelter: MatrixUser, room_id: str) -> None:
    """A referral as the README walks through it: the hotline refers to the shelter's
    emergency beds, the shelter's on-call primary accepts in its DM, the hotline is told."""
    user.auto_join = True
    cmd = await user.send(
        room_id,
        "!refer SHELTER-HH/ES emergency shelter --basis interview --urgency priority "
        "--pathway warm",
    )
    answer = (await user.wait_reply(room_id, cmd, timeout=30)).body
    ref = answer.split(":")[0]
    assert "referral to SHELTER-HH/ES sent to its on-call primary (priority, warm)" in answer
    assert "Eligibility: Adults fleeing domestic violence" in answer
    dm = await shelter.wait_for(lambda r: r.body.startswith(f"Referral {ref} "), timeout=30)
    ok = await shelter.send(dm.room_id, f"!referral {ref} accepted")
    assert (await shelter.wait_reply(dm.room_id, ok, timeout=30)).body == f"{ref} is now accepted."
    await user.wait_for(lambda r: r.body == f"{ref} accepted by SHELTER-HH.", timeout=30)


async def test_demo_answers_ping_and_stops_cleanly(tmp_path: Path) -> None:
    data, port = tmp_path / "demo", free_port()
    out = tmp_path / "demo.out"
    proc = start_demo(data, port, out)
    try:
        text = await asyncio.to_thread(wait_output, out, "MACT demo is running.", proc, 90)
        assert f"Homeserver: http://127.0.0.1:{port}" in text
        passwords_file = data / PASSWORDS
        assert passwords_file.stat().st_mode & 0o777 == 0o600
        passwords = dict(
            line.split() for line in passwords_file.read_text().splitlines() if line.startswith("@")
        )
        hs = LocalSynapse(data / "synapse", port=port)  # the demo's own server, not started here
        user = MatrixUser(
            hs,
            "@hotline.advocate:localhost",
            passwords["@hotline.advocate:localhost"],
            tmp_path / "client",
        )
        await user.login()
        await user.start()
        try:
            await user.wait_until(lambda: bool(user.client.invited_rooms), what="room invite")
            room_id = next(iter(user.client.invited_rooms))
            await user.join(room_id)
            await user.wait_knows_devices_of("@mact:localhost", room_id)
            cmd = await user.send(room_id, "!ping")
            reply = await user.wait_reply(room_id, cmd, timeout=20)
            assert reply.body == "pong"
            # A meeting series and a training to try, scheduled on the first run.
            assert "Scheduled for you to try: M-1, T-1" in out.read_text()
            cmd = await user.send(room_id, "!meeting list")
            listed = (await user.wait_reply(room_id, cmd, timeout=20)).body
            assert "M-1 Partners' case coordination (operational): next " in listed
            cmd = await user.send(room_id, "!training list")
            listed = (await user.wait_reply(room_id, cmd, timeout=20)).body
            assert (
                "T-1 " in listed
                and "Referral pathways and eligibility (LEGAL-VLA, joint)" in listed
            )

            # The example coalition's protocols work as configured: the shelter's on-call
            # primary gets the page in an encrypted DM.
            lead = MatrixUser(
                hs, "@sokafor:localhost", passwords["@sokafor:localhost"], tmp_path / "lead"
            )
            lead.auto_join = True
            await lead.login()
            await lead.start()
            try:
                await user.send(room_id, "!activate high-risk SHELTER-BREACH")
                notice = await user.wait_for(
                    lambda r: r.body.startswith("🚨 Crisis coordination event CE-"),
                    what="activation notice",
                    timeout=20,
                )
                assert "Lead agency: SHELTER-HH (Harbor House Emergency Shelter)" in notice.body
                page = await lead.wait_for(
                    lambda r: r.body.startswith("MACT page for "), what="page", timeout=20
                )
                assert "paged as the on-call primary for SHELTER-HH" in page.body
                assert page.event.decrypted
                await demo_huddle(hs, passwords, tmp_path, user, lead, room_id)
                await demo_referral(user, lead, room_id)
            finally:
                await lead.close()
        finally:
            await user.close()
    finally:
        code = stop_demo(proc)
    assert code == 0
    assert "MACT demo stopped." in out.read_text()

    # The next run reuses the same data: same accounts, same room, nothing registered again.
    out2 = tmp_path / "demo2.out"
    proc = start_demo(data, port, out2)
    try:
        await asyncio.to_thread(wait_output, out2, "MACT demo is running.", proc, 90)
        assert "Scheduled for you to try" not in out2.read_text()
        again = dict(
            line.split() for line in passwords_file.read_text().splitlines() if line.startswith("@")
        )
        assert again == passwords
    finally:
        assert stop_demo(proc) == 0
