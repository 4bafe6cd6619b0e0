"""`mact`: run the bot, check a configuration, or start the local demo."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from . import logging_setup
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


def _load_or_report(path: str) -> LoadedConfig | None:
    """The loaded config, or None after printing every problem to stderr."""
    loaded, problems = load_config(Path(path))
    for p in problems:
        print(p, file=sys.stderr)
    return loaded


def _run(args: argparse.Namespace) -> int:
    from .app import Bot
    from .runner import run_until_signalled

    loaded = _load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    logging_setup.configure(args.log_level)
    asyncio.run(run_until_signalled(Bot(loaded)))
    return 0


def _directory(args: argparse.Namespace) -> int:
    from .directory import directory_check_cli

    loaded = _load_or_report(args.config)
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

    loaded = _load_or_report(args.config)
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
    from .private_files import write_private

    loaded = _load_or_report(args.config)
    if loaded is None:
        return EXIT_PROBLEMS
    try:
        text = asyncio.run(export_event(loaded, args.event, args.format, SystemClock().now()))
    except UserError as err:
        print(err, file=sys.stderr)
        return 1
    if args.output:
        # A coordinator's record of a crisis: readable by its owner only.
        write_private(Path(args.output), text)
        print(f"wrote {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from .demo import run_demo

    logging_setup.configure(args.log_level)
    return run_demo(
        data_dir=Path(args.data_dir),
        port=args.port,
        example=Path(args.config) if args.config else None,
    )


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
