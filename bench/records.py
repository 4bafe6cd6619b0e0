"""How the coalition's record-keeping scales: the referral report, the data checks over
MACT's referrals, an agency's CSV export checked with Frictionless, and the chart drawn for
the room, on synthetic data of a large coalition's year (no client data: codes only).
Figures are printed; nothing is asserted (the machines are shared and noisy).

    .venv/bin/python -m bench.records [--referrals N] [--rows N]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.charts import stacked_bars
from bot.export_check import check_export
from commands.data.records import referral_facts
from protocols.data.validation import UnknownRule, run_all
from protocols.referrals.lifecycle import Pathway, Reason, Referral, Status
from protocols.referrals.report import build_report
from protocols.referrals.report_formats import chart_spec
from protocols.reports.period import parse_period
from tests.helpers.command_harness import example_config
from tests.protocols.referrals.test_report import seeded

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
ANSWERED_WITH_REASON = (Status.DECLINED, Status.WAITLISTED)
AGENCIES = ["SHELTER-HH", "HOSP-SW", "LEGAL-VLA", "PD-DVU", "HOTLINE", "COURT-ADV"]


def referrals(n: int, rng: random.Random) -> list[Referral]:
    template = seeded()[0]
    out = []
    for i in range(n):
        sent = NOW - timedelta(minutes=rng.randrange(0, 365 * 24 * 60))
        status = rng.choice(list(Status))
        ack = sent + timedelta(hours=rng.uniform(0.5, 120))
        out.append(dataclasses.replace(
            template, id=f"R-2026-{i + 1:05d}", from_agency=rng.choice(AGENCIES),
            to_agency=rng.choice(AGENCIES), pathway=rng.choice(list(Pathway)), status=status,
            reason=rng.choice(list(Reason)) if status in ANSWERED_WITH_REASON else None,
            created_at=sent, due=sent + timedelta(days=3),
            acknowledged_at=ack if status is not Status.SENT else None,
            decided_at=ack if status in (Status.ACCEPTED, Status.DECLINED) else None,
            case_ref=f"HH-2026-{rng.randrange(10_000):04d}", housing=rng.choice(
                ["dv-shelter", "stably-housed", "data-not-collected"]),
            source="community-based", dict_version="2026.2",
        ))  # fmt: skip
    return out


def timed(label: str, fn, repeat: int = 3) -> object:  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"{label}: {best * 1000:.0f} ms (best of {repeat})")
    return result


def write_export(path: Path, rows: int, rng: random.Random) -> Path:
    header = ("referral_id,case_id,referring_agency,receiving_agency,program,referral_date,"
              "feedback_date,urgency,pathway,referral_source,information_basis,status,"
              "decline_reason,housing_status,service_start,service_closed")  # fmt: skip
    lines = [header]
    for i in range(rows):
        day = datetime(2026, 1, 1) + timedelta(days=rng.randrange(300))
        lines.append(
            f"A{i},HH-2026-{rng.randrange(10_000):04d},{rng.choice(AGENCIES)},"
            f"{rng.choice(AGENCIES)},,{day:%Y-%m-%d},{day + timedelta(days=1):%Y-%m-%d},"
            f"standard,warm,community-based,interview,accepted,,dv-shelter,"
            f"{day + timedelta(days=2):%Y-%m-%d},"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--referrals", type=int, default=20_000)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(12)
    config = example_config()
    found = referrals(args.referrals, rng)
    print(f"{len(found)} referrals over a year, {len(AGENCIES)} agencies")
    period = parse_period("2026", NOW, "America/Chicago")
    report = timed("referral report (a year, by month)", lambda: build_report(
        found, period, NOW, 5, AGENCIES, "America/Chicago"))  # fmt: skip
    timed("chart drawn (PNG)", lambda: stacked_bars(chart_spec(report)))  # type: ignore[arg-type]
    facts = [referral_facts(r, "America/Chicago") for r in found]
    findings = timed("data checks over the referrals", lambda: run_all(
        facts, config.codes, timedelta(days=30), UnknownRule()))  # fmt: skip
    print(f"  findings: {len(findings)}")  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_export(Path(tmp) / "referrals.csv", args.rows, rng)
        result = timed(f"an export of {args.rows} rows checked", lambda: check_export(
            path, "referrals", config), repeat=1)  # fmt: skip
        print(f"  findings: {len(result)}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
