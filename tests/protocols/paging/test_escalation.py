"""The notification sequence and escalation, driven by an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from protocols.errors import UserError
from protocols.ids import UserId
from protocols.paging.answers import acknowledge, apply, cancel, decline
from protocols.paging.crisis import select_lead, take_snapshot
from protocols.paging.escalation import (
    IssuePage,
    Page,
    PageMissed,
    PageState,
    Step,
    StepAcknowledged,
    StepReleased,
    StepState,
    StepUnreachable,
    advance,
    contact_chain,
    next_wakeup,
    plan_steps,
)
from tests.protocols.coalition import config

# Tuesday 1 December 2026, 10:00 in Chicago (16:00 UTC): business hours.
T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
CFG = config()
PROTO = CFG.protocols[0]
SNAP = take_snapshot(CFG, PROTO)


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


class Sim:
    """Runs the core the way the bot does: wake at next_wakeup, advance, apply."""

    def __init__(self, lead: str = "SHELTER") -> None:
        self.steps: list[Step] = plan_steps(PROTO, lead, T0)
        self.pages: list[Page] = []
        self.log: list[tuple[float, str]] = []
        self._ids = 0

    def _store(self, effects: list) -> None:  # type: ignore[type-arg]
        self.steps, pages = apply(self.steps, self.pages, effects)
        # What storage does: give new pages real ids.
        self.pages = []
        for p in pages:
            if p.id < 0:
                self._ids += 1
                p = Page(self._ids, *[getattr(p, f) for f in Page.__slots__[1:]])
            self.pages.append(p)

    def run_until(self, end: datetime, acks: dict[float, tuple[str, str]] | None = None) -> None:
        acks = dict(acks or {})
        now = T0
        while True:
            wake = next_wakeup(self.steps, self.pages)
            ack_times = sorted(t for t in acks if m(t) >= now)
            candidates = [w for w in [wake, *(m(t) for t in ack_times)] if w is not None]
            if not candidates or min(candidates) > end:
                return
            now = max(now, min(candidates))
            for t in [t for t in ack_times if m(t) == now]:
                agency, user = acks.pop(t)
                step = next(s for s in self.steps if s.agency == agency)
                eff = acknowledge(step, self.pages, UserId(user), now)
                self.log.append(((now - T0).total_seconds() / 60, f"ack {agency} {user}"))
                self._store([eff])
            effects = advance(self.steps, self.pages, now, SNAP)
            for e in effects:
                self.log.append(((now - T0).total_seconds() / 60, describe(e, self)))
            self._store(effects)


def describe(e: object, sim: Sim) -> str:
    if isinstance(e, IssuePage):
        return f"page {sim.steps[e.step_index].agency} #{e.attempt} {e.target.user_id}"
    if isinstance(e, PageMissed):
        return f"miss {sim.steps[e.step_index].agency}"
    if isinstance(e, StepUnreachable):
        return f"unreachable {sim.steps[e.step_index].agency}"
    if isinstance(e, StepReleased):
        return f"release {sim.steps[e.step_index].agency}"
    return type(e).__name__


def test_lead_selection_default_and_override() -> None:
    assert select_lead(PROTO, "LETHALITY") == "SHELTER"
    assert select_lead(PROTO, "medical") == "HOSP"


def test_lead_goes_first_and_is_paged_at_activation() -> None:
    steps = plan_steps(PROTO, "HOSP", T0)
    assert [(s.agency, s.after, s.offset) for s in steps] == [
        ("HOSP", "activation", timedelta(0)),
        ("SHELTER", "activation", timedelta(0)),
        ("PD", "activation", timedelta(minutes=2)),
    ]


def test_full_plan_with_nobody_answering() -> None:
    sim = Sim()
    sim.run_until(m(120))
    assert sim.log == [
        (0, "page SHELTER #1 @s1:hs"),
        (2, "page PD #1 @p1:hs"),
        (5, "miss SHELTER"),
        (5, "page SHELTER #2 @s2:hs"),
        (7, "miss PD"),
        (7, "unreachable PD"),  # on_no_ack = notice: no escalation for PD
        (10, "miss SHELTER"),
        (10, "page SHELTER #3 @s3:hs"),
        (15, "miss SHELTER"),
        (15, "unreachable SHELTER"),
        # HOSP waits for the previous step; an unreachable one releases it too.
        (15, "release HOSP"),
        (15, "page HOSP #1 @h1:hs"),
        (25, "miss HOSP"),
        (25, "page HOSP #2 @h2:hs"),
        (35, "miss HOSP"),
        (35, "page HOSP #3 @h3:hs"),
        (45, "miss HOSP"),
        (45, "page HOSP #4 @h4:hs"),
        (55, "miss HOSP"),
        (55, "unreachable HOSP"),
    ]
    assert next_wakeup(sim.steps, sim.pages) is None


def test_ack_stops_escalation_and_releases_the_next_step() -> None:
    sim = Sim()
    sim.run_until(m(30), acks={3.5: ("SHELTER", "@s1:hs"), 14: ("HOSP", "@h3:hs")})
    assert sim.log[:4] == [
        (0, "page SHELTER #1 @s1:hs"),
        (2, "page PD #1 @p1:hs"),
        (3.5, "ack SHELTER @s1:hs"),
        (3.5, "release HOSP"),
    ]
    assert (3.5, "page HOSP #1 @h1:hs") in sim.log
    assert (13.5, "page HOSP #2 @h2:hs") in sim.log
    shelter, hosp, _ = sim.steps
    assert (shelter.state, shelter.acked_by) == (StepState.ACKNOWLEDGED, "@s1:hs")
    assert hosp.state is StepState.ACKNOWLEDGED
    # An ack by another member of the agency supersedes the pending page.
    assert [p.state for p in sim.pages if p.step_index == 1] == [
        PageState.MISSED,
        PageState.SUPERSEDED,
    ]


def test_response_time_is_measured_from_the_first_page() -> None:
    sim = Sim()
    sim.run_until(m(6))  # primary missed at 5, backup paged
    eff = acknowledge(sim.steps[0], sim.pages, UserId("@s2:hs"), m(6.25))
    assert eff.response_time == timedelta(minutes=6, seconds=15)
    with pytest.raises(UserError, match="already acknowledged"):
        sim._store([eff])
        acknowledge(sim.steps[0], sim.pages, UserId("@s2:hs"), m(7))


def test_unavailable_escalates_at_once() -> None:
    sim = Sim()
    sim.run_until(m(1))
    first = sim.pages[0]
    with pytest.raises(UserError, match="Only the person paged"):
        decline(first, UserId("@s2:hs"), m(1))
    sim._store([decline(first, UserId("@s1:hs"), m(1))])
    assert next_wakeup(sim.steps, sim.pages) == m(1)
    effects = advance(sim.steps, sim.pages, m(1), SNAP)
    assert [(type(e).__name__, getattr(e, "because", None)) for e in effects] == [
        ("IssuePage", "unavailable"),
    ]
    assert isinstance(effects[0], IssuePage) and effects[0].target.label == "backup"


def test_late_deadline_reports_how_late_and_pages_backup_once() -> None:
    sim = Sim()
    sim.run_until(m(1))
    # The bot was down from 1 to 9 minutes: one miss, one backup page, late by 4 minutes.
    effects = advance(sim.steps, sim.pages, m(9), SNAP)
    shelter = [e for e in effects if getattr(e, "step_index", None) == 0]
    assert [type(e).__name__ for e in shelter] == ["PageMissed", "IssuePage"]
    assert isinstance(shelter[0], PageMissed) and shelter[0].late_by == timedelta(minutes=4)
    assert isinstance(shelter[1], IssuePage) and shelter[1].deadline == m(14)
    sim._store(effects)
    assert advance(sim.steps, sim.pages, m(9), SNAP) == []


def test_cancel_stops_everything_pending() -> None:
    sim = Sim()
    sim.run_until(m(3))
    cancelled = cancel(sim.steps, sim.pages, m(3))
    sim._store(list(cancelled))
    assert [s.state for s in sim.steps] == [StepState.CANCELLED] * 3
    assert all(p.state is PageState.CANCELLED for p in sim.pages)
    assert next_wakeup(sim.steps, sim.pages) is None
    with pytest.raises(UserError, match="cancelled"):
        acknowledge(sim.steps[0], sim.pages, UserId("@s1:hs"), m(4))


def test_a_new_lead_waiting_for_its_turn_is_paged_at_once() -> None:
    from protocols.paging.answers import expedite

    sim = Sim()
    sim.run_until(m(1))
    hosp = next(s for s in sim.steps if s.agency == "HOSP")
    assert hosp.state is StepState.WAITING and hosp.released_at is None
    sim._store(list(expedite(sim.steps, "HOSP", m(1))))
    effects = advance(sim.steps, sim.pages, m(1), SNAP)
    assert [(type(e).__name__, getattr(e, "step_index", None)) for e in effects] == [
        ("IssuePage", 1)
    ]
    # An agency already paged or done is not paged again.
    assert expedite(sim.steps, "SHELTER", m(1)) == []


def test_ack_before_any_page_has_no_response_time() -> None:
    steps = plan_steps(PROTO, "SHELTER", T0)
    eff = acknowledge(steps[1], [], UserId("@h1:hs"), m(1))
    assert isinstance(eff, StepAcknowledged) and eff.response_time is None


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        # Chicago local times in December (UTC-6).
        (datetime(2026, 12, 1, 14, 0, tzinfo=UTC), "@h1:hs"),  # Tue 08:00: opens
        (datetime(2026, 12, 1, 13, 59, tzinfo=UTC), "@hnight:hs"),  # Tue 07:59
        (datetime(2026, 12, 1, 22, 59, tzinfo=UTC), "@h1:hs"),  # Tue 16:59
        (datetime(2026, 12, 1, 23, 0, tzinfo=UTC), "@hnight:hs"),  # Tue 17:00: closed
        (datetime(2026, 12, 5, 16, 0, tzinfo=UTC), "@hnight:hs"),  # Saturday
        (datetime(2026, 12, 25, 16, 0, tzinfo=UTC), "@hnight:hs"),  # Christmas (Friday)
        (datetime(2026, 11, 26, 16, 0, tzinfo=UTC), "@hnight:hs"),  # Thanksgiving
        # The day after Thanksgiving is a Texas state holiday (the subdivision counts).
        (datetime(2026, 11, 27, 16, 0, tzinfo=UTC), "@hnight:hs"),
        (datetime(2026, 12, 2, 16, 0, tzinfo=UTC), "@h1:hs"),  # an ordinary Wednesday
    ],
)
def test_business_hours_weekends_and_holidays_pick_the_after_hours_contact(
    local: datetime, expected: str
) -> None:
    chain = contact_chain(SNAP.agency("HOSP"), local, SNAP.timezone)
    assert chain[0].user_id == expected
    assert [t.label for t in chain][1:] == ["backup", "escalation 1", "escalation 2"]


def test_agency_timezone_is_its_own() -> None:
    hosp = SNAP.agency("HOSP").model_copy(update={"timezone": "Europe/Berlin"})
    # 16:00 UTC is 17:00 in Berlin: closed there, though open in Chicago.
    assert contact_chain(hosp, T0, "America/Chicago")[0].label == "after-hours contact"


def test_snapshot_isolation_from_later_config_changes() -> None:
    import copy

    from tests.protocols.coalition import BASE

    changed = copy.deepcopy(BASE)
    changed["protocols"][0]["sequence"][0]["ack_window"] = "1m"
    changed["agencies"][0]["primary"]["matrix_id"] = "@someone-else:hs"
    new_cfg = config(changed)
    frozen = SNAP.model_validate_json(SNAP.model_dump_json())
    assert frozen == SNAP
    assert frozen.protocol.sequence[0].ack_window == timedelta(minutes=5)
    assert frozen.agency("SHELTER").primary.matrix_id == "@s1:hs"
    assert new_cfg.protocols[0].sequence[0].ack_window == timedelta(minutes=1)


def test_present_agencies_are_the_acknowledged_and_the_decider() -> None:
    from protocols.huddle.decisions import present_agencies

    sim = Sim()
    sim.run_until(m(20), acks={1: ("SHELTER", "@s1:hs"), 3: ("HOSP", "@h1:hs")})
    # PD never acknowledged (unreachable at 7): not present.
    assert present_agencies(sim.steps, "SHELTER") == ("SHELTER", "HOSP")
    assert present_agencies(sim.steps, "CCR") == ("SHELTER", "HOSP", "CCR")
