"""`mact`: run the bot, check a configuration, or start the local demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path
from typing import Any

from . import logging_setup
from .cli_records import add_records_commands
from .config_loader import LoadedConfig, load_config

EXIT_PROBLEMS = 2


def _check_config(args: argparse.Namespace) -> int:
    loaded, problems = load_config(Path(args.path))
    if loaded is None:
        for p in problems:
            print(p)
        return EXIT_PROBLEMS
    print("ok")
    return 0


def load_or_report(path: str) -> LoadedConfig | None:
    """The loaded config, or None after printing every problem to stderr."""
    loaded, problems = load_config(Path(path))
    for p in problems:
        print(p, file=sys.stderr)
    return loaded


def _run(args: argparse.Namespace) -> int:
    from .app import Bot
    from .runner import run_until_signalled

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    logging_setup.configure(args.log_level)
    asyncio.run(run_until_signalled(Bot(loaded)))
    return 0


def _directory(args: argparse.Namespace) -> int:
    from .directory import directory_check_cli

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    report = asyncio.run(directory_check_cli(loaded))
    if not report:
        print("ok: every directory contact can receive encrypted pages")
        return 0
    for line in report:
        print(line)
    return 1


def _keys_status(args: argparse.Namespace) -> int:
    from .cross_signing import keys_status_cli

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    lines, signed = asyncio.run(keys_status_cli(loaded))
    for line in lines:
        print(line)
    return 0 if signed else 1


def _export(args: argparse.Namespace) -> int:
    from protocols.errors import UserError

    from .clock import SystemClock
    from .export import export_event

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    try:
        text = asyncio.run(export_event(loaded, args.event, args.format, SystemClock().now()))
    except UserError as err:
        print(err, file=sys.stderr)
        return 1
    return write_out(text, args.output)


def _audit_verify(args: argparse.Namespace) -> int:
    from .audit_chain import verify_database, verify_export

    if args.file:
        count, broken, head = verify_export(Path(args.file))
    else:
        if not args.config:
            print("give --config (the bot's database) or --file (an export)", file=sys.stderr)
            return EXIT_PROBLEMS
        loaded = load_or_report(args.config)
        if loaded is None:
            return EXIT_PROBLEMS
        count, broken, head = asyncio.run(verify_database(loaded))
    if broken is not None:
        print(f"broken at entry {broken.at}: {broken.why} ({count} entries before it hold)")
        return 1
    print(f"ok: {count} entries, chain head {head}")
    return 0


def _audit_export(args: argparse.Namespace) -> int:
    from datetime import datetime

    from .audit_chain import export_range

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    try:
        since = datetime.fromisoformat(args.since) if args.since else None
        until = datetime.fromisoformat(args.until) if args.until else None
    except ValueError as err:
        print(f"--from/--to: {err}", file=sys.stderr)
        return EXIT_PROBLEMS
    return write_out(asyncio.run(export_range(loaded, since, until)), args.output)


def write_out(text: str, output: str | None) -> int:
    """To a file (0600: a coalition's records are for their owner only), else stdout."""
    from .private_files import write_private

    if output:
        write_private(Path(output), text)
        print(f"wrote {output}")
    else:
        sys.stdout.write(text)
    return 0


def _report(args: argparse.Namespace) -> int:
    from protocols.errors import UserError

    from .clock import SystemClock
    from .reports import indicators_report, referral_report

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    now = SystemClock().now()
    build = indicators_report if args.report_command == "indicators" else referral_report
    try:
        text = asyncio.run(build(loaded, args.period, args.format, now))
    except UserError as err:
        print(err, file=sys.stderr)
        return EXIT_PROBLEMS
    return write_out(text, args.output)


def _add_report(sub: Any) -> None:
    report = sub.add_parser("report", help="aggregate reports, small counts suppressed")
    report_sub = report.add_subparsers(dest="report_command", required=True)
    referrals = report_sub.add_parser(
        "referrals",
        help="volumes, outcomes, decline reasons, times to acknowledgement and outcome, "
        "overdue and misdirected referrals, capacity declines",
    )
    indicators = report_sub.add_parser(
        "indicators", help="the data dictionary's shared indicators, counted from MACT's records"
    )
    for p in (referrals, indicators):
        p.add_argument("--config", required=True)
        p.add_argument(
            "--period", default=None, help="30d, 12w, 2026-11, 2026-Q4 or 2026; default: config's"
        )
        p.add_argument("--format", choices=("md", "json", "csv"), default="md")
        p.add_argument("--output", default=None, help="a file (written 0600); default stdout")
        p.set_defaults(func=_report)


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    logging_setup.configure(args.log_level)
    return run_demo(
        data_dir=Path(args.data_dir),
        port=args.port,
        example=Path(args.config) if args.config else None,
    )


def _add_audit_and_purge(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the audit log's hash chain")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    averify = audit_sub.add_parser(
        "verify", help="check the chain in the database, or an export file; exit 1 if broken"
    )
    averify.add_argument("--config", default=None)
    averify.add_argument("--file", default=None, help="an export from 'mact audit export'")
    averify.set_defaults(func=_audit_verify)
    aexport = audit_sub.add_parser(
        "export", help="entries with their hashes and the chain head, for an external reviewer"
    )
    aexport.add_argument("--config", required=True)
    aexport.add_argument("--from", dest="since", default=None, help="ISO 8601, inclusive")
    aexport.add_argument("--to", dest="until", default=None, help="ISO 8601, exclusive")
    aexport.add_argument("--output", default=None, help="a file (written 0600); default stdout")
    aexport.set_defaults(func=_audit_export)
    purge = sub.add_parser("purge", help="the retention purge now (the bot runs it daily)")
    purge.add_argument("--config", required=True)
    purge.add_argument("--dry-run", action="store_true", help="list what would go; change nothing")
    purge.set_defaults(func=_purge)


def _purge(args: argparse.Namespace) -> int:
    from storage.db import Database

    from .clock import SystemClock
    from .daily_job import purge_database

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    settings = loaded.config.retention

    async def run() -> list[str]:
        db = Database(loaded.storage_url)
        try:
            await db.migrate()
            now = SystemClock().now()
            return (await purge_database(db, settings, now, dry_run=args.dry_run)).lines()
        finally:
            await db.close()

    for line in asyncio.run(run()):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mact", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot with a configuration file")
    run.add_argument("--config", required=True, help="path to the TOML configuration")
    run.add_argument("--log-level", default="INFO")
    run.set_defaults(func=_run)

    check = sub.add_parser("check-config", help="validate a configuration; exit 2 on problems")
    check.add_argument("path")
    check.set_defaults(func=_check_config)

    directory = sub.add_parser("directory", help="the agency contact directory")
    directory_sub = directory.add_subparsers(dest="directory_command", required=True)
    dcheck = directory_sub.add_parser(
        "check",
        help="list contacts whose Matrix id does not exist or has no E2EE device; exit 1 if any",
    )
    dcheck.add_argument("--config", required=True)
    dcheck.set_defaults(func=_directory)

    keys = sub.add_parser("keys", help="the bot's identity: its device and cross-signing keys")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    kstatus = keys_sub.add_parser(
        "status",
        help="print the bot's device, its signatures and the master key's fingerprint; "
        "exit 1 if the device is not signed by the account",
    )
    kstatus.add_argument("--config", required=True)
    kstatus.set_defaults(func=_keys_status)

    export = sub.add_parser(
        "export", help="write an event's full summary (every timeline entry) as md or json"
    )
    export.add_argument("event", help="the event id, CE-YYYY-NNNN")
    export.add_argument("--config", required=True)
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("--output", default=None, help="a file (written 0600); default stdout")
    export.set_defaults(func=_export)

    _add_audit_and_purge(sub)
    _add_report(sub)
    add_records_commands(sub)

    demo = sub.add_parser(
        "demo", help="start a local Synapse, register the example roster and run the bot"
    )
    demo.add_argument("--data-dir", default="demo-data")
    demo.add_argument("--port", type=int, default=None, help="default: 8008 if free, else any")
    demo.add_argument(
        "--config", default=None, help="default: the repository's config.example.toml"
    )
    demo.add_argument("--log-level", default="INFO")
    demo.set_defaults(func=_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except KeyboardInterrupt:
        code = 130
    logging.shutdown()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
