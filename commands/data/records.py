"""MACT's own records as the data checks see them, and every check run over them: the
referral checks, codes of the contact log, stale directory entries and capacity words."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from protocols.config.schema import MactConfig
from protocols.data.validation import (
    TIER_ORDER,
    Finding,
    ReferralFacts,
    Tier,
    UnknownRule,
    retired_codes,
    run_all,
)
from protocols.directory import stale
from protocols.referrals.contact_log import Contact
from protocols.referrals.lifecycle import Referral, Status
from storage.repositories import capacity, contact_log, directory_checks, referrals


def referral_facts(r: Referral, timezone: str) -> ReferralFacts:
    zone = ZoneInfo(r.receiver.timezone or timezone)
    codes = {
        "referral_status": r.status.value,
        "referral_pathway": r.pathway.value,
        "referral_urgency": r.urgency.value,
        "information_basis": r.basis.value,
        "consent": r.consent.value,
    }
    optional = {"decline_reason": r.reason.value if r.reason else None,
                "referral_source": r.source, "housing_status": r.housing}  # fmt: skip
    codes |= {k: v for k, v in optional.items() if v is not None}
    required = (("referral source", r.source), ("housing status", r.housing),
                ("dictionary version", r.dict_version))  # fmt: skip
    missing = [name for name, value in required if not value]
    if r.status is Status.COMPLETED and r.service_started is None:
        missing.append("service start (completed)")
    if r.service_closed is not None and r.service_started is None:
        missing.append("service start (closed)")
    return ReferralFacts(
        id=r.id, from_agency=r.from_agency, to_agency=r.to_agency,
        sent=r.created_at.astimezone(zone).date(), case_id=r.case_ref,
        feedback=r.acknowledged_at.astimezone(zone).date() if r.acknowledged_at else None,
        started=r.service_started, closed=r.service_closed,
        cancelled=r.status is Status.CANCELLED, codes=codes, dict_version=r.dict_version,
        missing=tuple(missing),
    )  # fmt: skip


def contact_facts(c: Contact) -> ReferralFacts:
    """A contact-log entry, for the code checks only."""
    return ReferralFacts(id=f"contact {c.id}", from_agency=c.from_agency, to_agency=c.with_agency,
                         sent=None, codes={"interaction_type": c.kind},
                         dict_version=c.dict_version)  # fmt: skip


async def check_records(session: AsyncSession, config: MactConfig, now: datetime) -> list[Finding]:
    """Every check over MACT's records, in tier order."""
    data = config.data
    tz = config.coalition.timezone
    rule = UnknownRule(data.unknown_ratio, data.unknown_min_share, data.unknown_min_records)
    facts = [referral_facts(r, tz) for r in await referrals.every(session)]
    found = run_all(facts, config.codes, data.duplicate_within, rule)
    contacts = await contact_log.every(session)
    found += retired_codes([contact_facts(c) for c in contacts], config.codes)
    old = stale(list(config.agency_codes), await directory_checks.every(session),
                config.directory.verify_every, now)  # fmt: skip
    if old:
        what = "directory entries not verified within the agreed period"
        found.append(Finding(Tier.WARNING, "stale-directory", what, tuple(a for a, _ in old)))
    words = [w for w in await capacity.every(session) if now - w.at >= data.capacity_stale_after]
    if words:
        what = "capacity words older than the agreed period"
        found.append(Finding(Tier.WARNING, "stale-capacity", what, tuple(w.where for w in words)))
    return sorted(found, key=lambda x: TIER_ORDER.index(x.tier))
