"""`mact dict export`, `mact validate` and `mact calendar`: the coalition's records for
its data teams and calendars (the rest of the CLI is in bot/cli.py)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any


def _dict_export(args: argparse.Namespace) -> int:
    import json

    from protocols.data.document import to_markdown
    from protocols.data.table_schema import data_package

    from .cli import EXIT_PROBLEMS, load_or_report, write_out

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    config = loaded.config
    if args.format == "md":
        text = to_markdown(config.codes, config.agency_codes)
    else:
        text = json.dumps(data_package(config.codes, config.agency_codes), indent=2) + "\n"
    return write_out(text, args.output)


def _validate(args: argparse.Namespace) -> int:
    from protocols.data.findings import to_json, to_markdown
    from protocols.data.validation import has_errors

    from .cli import EXIT_PROBLEMS, load_or_report, write_out
    from .clock import SystemClock
    from .validate import validate_database, validate_file

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    if args.file:
        path = Path(args.file)
        if not path.is_file():
            print(f"{args.file}: file not found", file=sys.stderr)
            return EXIT_PROBLEMS
        findings, title = validate_file(loaded, path, args.table), f"{path.name} ({args.table})"
    else:
        findings = asyncio.run(validate_database(loaded, SystemClock().now()))
        title = "MACT's records"
    render = to_json if args.format == "json" else to_markdown
    write_out(render(findings, title), args.output)
    return 1 if has_errors(findings) else 0


def _add_validate(sub: Any) -> None:
    from protocols.data.table_schema import TABLES

    v = sub.add_parser(
        "validate",
        help="the data checks over MACT's records, or over an agency's CSV export (--file); "
        "exit 1 on a high-priority finding or an error",
    )
    v.add_argument("--config", required=True)
    v.add_argument("--file", default=None, help="an agency's CSV export to check instead")
    v.add_argument("--table", choices=TABLES, default="referrals", help="the file's table")
    v.add_argument("--format", choices=("md", "json"), default="md")
    v.add_argument("--output", default=None, help="a file (written 0600); default stdout")
    v.set_defaults(func=_validate)


def _calendar(args: argparse.Namespace) -> int:
    from .cli import EXIT_PROBLEMS, load_or_report
    from .clock import SystemClock
    from .ics import calendar_file
    from .private_files import write_private

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    data = asyncio.run(calendar_file(loaded, SystemClock().now()))
    if args.output:
        write_private(Path(args.output), data.decode("utf-8"))
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def _add_calendar(sub: Any) -> None:
    cal = sub.add_parser(
        "calendar", help="the shared calendar (meetings, trainings, reviews) as iCalendar"
    )
    cal.add_argument("--config", required=True)
    cal.add_argument("--ics", action="store_true", required=True, help="as an .ics file")
    cal.add_argument("--output", default=None, help="a file (written 0600); default stdout")
    cal.set_defaults(func=_calendar)


def _add_dict(sub: Any) -> None:
    d = sub.add_parser("dict", help="the shared data dictionary")
    d_sub = d.add_subparsers(dest="dict_command", required=True)
    export = d_sub.add_parser(
        "export",
        help="write the dictionary as Frictionless Table Schemas (a Data Package) or Markdown",
    )
    export.add_argument("--config", required=True)
    export.add_argument("--format", choices=("table-schema", "md"), default="md")
    export.add_argument("--output", default=None, help="a file (written 0600); default stdout")
    export.set_defaults(func=_dict_export)


def add_records_commands(sub: Any) -> None:
    _add_dict(sub)
    _add_validate(sub)
    _add_calendar(sub)
