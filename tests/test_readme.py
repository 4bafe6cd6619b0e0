"""The README's two commands are the ones that work: CI runs the test one verbatim."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.cli import build_parser
from commands import registry
from commands.kernel.grammar import usage_of

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _ci_command() -> str:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith("python3.11 -m venv"))


def test_ci_runs_exactly_the_readme_test_command() -> None:
    assert f"\n{_ci_command()}\n" in README


def test_readme_demo_command_runs_mact_demo() -> None:
    assert (
        "\npython3.11 -m venv .venv && .venv/bin/pip install -q -e '.[demo]' && "
        ".venv/bin/mact demo\n" in README
    )


def test_readme_documents_every_command_with_its_usage_line() -> None:
    """The README's table shows each usage line as the bot generates it (for a command with
    subcommands, one row per subcommand)."""
    table = README.replace("\\|", "|")
    for spec in registry().specs:
        if not spec.subcommands:
            assert f"`{spec.usage('!')}`" in table, spec.usage("!")
            continue
        lead = usage_of(spec.args)
        for sub in spec.subcommands:
            form = " ".join(p for p in (f"!{spec.name}", lead, sub.name, usage_of(sub.args)) if p)
            assert f"`{form}`" in table, form


def test_readme_documents_every_cli_subcommand() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"mact {name}" in README, name


def test_help_runs() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "check-config" in out
