import asyncio, logging, time
from pathlib import Path
from bench.paging import coalition, first_page
from bot.local_homeserver import LocalSynapse
from tests.helpers.bot_harness import BotHarness
from tests.helpers.matrix_user import MatrixUser
from bench.latency import round_trip
L=logging.getLogger("PROF")
async def main():
    logging.basicConfig(level=logging.WARNING)
    tmp=Path("/tmp/proftmp"); import shutil; shutil.rmtree(tmp, ignore_errors=True); tmp.mkdir()
    hs=LocalSynapse(tmp/"s"); hs.start()
    users={}
    for name in ("front","coord","SHELTER","HOSP","PD","LEGAL"):
        users[name]=await MatrixUser.register(hs, f"p{name.lower()}", tmp); users[name].auto_join=True; await users[name].start()
    h=BotHarness(hs,tmp,roster=[],rooms=["#ph:localhost"],mutate=coalition(users,"#ph:localhost"))
    h.raw["bot"]["sync_timeout_ms"]=30000; h.write_config(); h.start_process(); h.wait_process_log("ready:")
    room=await users["front"].create_room(invite=[h.user_id],alias="ph")
    await users["front"].wait_knows_devices_of(h.user_id, room)
    await first_page(users["front"],users["SHELTER"],room)
    await asyncio.sleep(1)
    for i in range(4):
        t=time.time(); ms=await round_trip(users["front"],room); print(f"ping at {t:.3f} took {ms:.1f}")
        await asyncio.sleep(0.5)
    for i in range(2):
        t=time.time(); ms=await first_page(users["front"],users["SHELTER"],room); print(f"activate at {t:.3f} page {ms:.1f}")
        await asyncio.sleep(0.5)
    h.terminate_process(); hs.stop()
asyncio.run(main())
