"""!dict in the in-process harness: terms, categories, indicators, agencies, versions."""

from __future__ import annotations

from protocols.data.diff import diff
from storage.repositories import dictionary_versions
from tests.helpers.command_harness import CommandHarness
from tests.helpers.dictionaries import older

FRONT = "@agrant:localhost"
ON_CALL = "@legal.oncall:localhost"  # a contact point: may read the dictionary


async def test_terms(h: CommandHarness) -> None:
    overview = (await h.say(FRONT, "!dict")).reply.splitlines()
    assert (
        overview[0] == "Riverside CCR shared data dictionary, version 2026.2, published 2026-11-15"
    )
    assert "- housing_status — Housing status (6 codes)" in overview
    said = (await h.say(FRONT, "!dict doubled-up")).reply
    assert said == (
        "Data dictionary 2026.2\n- doubled-up — Doubled up, in housing_status (retired in "
        "2026.2: for old records only): Staying with family or friends temporarily."
    )
    # Contact points may look things up too.
    said = (await h.say(ON_CALL, "!dict Other")).reply
    assert said.startswith("Data dictionary 2026.2\n- other — Other, in decline_reason")
    lines = (await h.say(FRONT, "!dict housing_status")).reply.splitlines()
    assert lines[0] == "Housing status (housing_status), data dictionary 2026.2"
    assert lines[1].endswith("Admits the three kinds of unknown.")
    assert "- doubled-up — Doubled up (retired in 2026.2)" in lines
    said = (await h.say(FRONT, "!dict feedback-on-time")).reply
    assert (
        "feedback-on-time — Referral feedback on time (indicator; counts feedback-on-time)" in said
    )
    said = (await h.say(FRONT, "!dict legal-vla")).reply
    assert "LEGAL-VLA — Valley Legal Advocacy Project (agency code, legal); programs: " in said
    assert (await h.say(FRONT, "!dict unicorn")).reply == (
        "No such code, category, indicator or agency in data dictionary 2026.2; categories: "
        "referral_status, "
        "decline_reason, referral_pathway, referral_urgency, information_basis, consent, "
        "interaction_type, referral_source, case_status, housing_status, service_modality."
    )


async def test_changes_between_versions(h: CommandHarness) -> None:
    assert (await h.say(FRONT, "!dict changes")).reply == (
        "Data dictionary 2026.2 is the first version MACT has run with: nothing to compare it with."
    )
    async with h.db.transaction() as session:
        await dictionary_versions.remember(session, older(), h.now)
    said = (await h.say(FRONT, "!dict changes")).reply.splitlines()
    assert said[0] == "Data dictionary 2026.2: what changed since 2026.1 (5)"
    assert (
        said[1:]
        == [
            "- decline_reason 'other' redefined: None of the above; say why in the note, without "
            "client details.",
            "- interaction_type 'case-conference' added: Inter-agency case conference: A "
            "multi-agency conference about one situation, held under the agreed protocol "
            "(counted as an indicator).",
            "- interaction_type 'fax' retired: in 2026.2",
            "- housing_status 'doubled-up' retired: in 2026.2",
            "- indicators 'case-conferences' added: Inter-agency case conferences held",
            "- indicators 'referrals-sent' redefined: Referrals sent in the period, whatever "
            "became of them.",
        ]
        or said
    )
    assert (await h.say(FRONT, "!dict changes 2026.2 2026.2")).reply.endswith(
        "Nothing: the two versions agree."
    )
    assert (await h.say(FRONT, "!dict changes 2025.1")).reply == (
        "MACT has not run with version 2025.1; known: 2026.1, 2026.2."
    )
    assert len(diff(older(), h.config.codes)) == 5
