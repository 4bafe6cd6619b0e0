"""The shape the code keeps: small modules and short functions (the issue that set the
layout asked for no module over 400 lines and no function over 60)."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("bot", "commands", "protocols", "storage")
# Alembic migrations are declarative table definitions.
EXEMPT = ("storage/migrations/",)


def _modules() -> list[Path]:
    found = [p for top in PACKAGES for p in sorted((REPO / top).rglob("*.py"))]
    return [p for p in found if not any(e in p.relative_to(REPO).as_posix() for e in EXEMPT)]


def test_no_module_is_over_400_lines() -> None:
    long = {
        p.relative_to(REPO).as_posix(): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_no_function_is_over_60_lines() -> None:
    long: dict[str, int] = {}
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                assert node.end_lineno is not None
                size = node.end_lineno - node.lineno + 1
                if size > 60:
                    long[f"{path.relative_to(REPO).as_posix()}:{node.name}"] = size
    assert long == {}


def _command_modules() -> set[str]:
    """Modules that declare a command (a function decorated with @command(...))."""
    found = set()
    for path in (REPO / "commands").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.AsyncFunctionDef) and any(
                isinstance(d, ast.Call) and getattr(d.func, "id", "") == "command"
                for d in node.decorator_list
            ):
                found.add(".".join(path.relative_to(REPO).with_suffix("").parts))
    return found


def test_no_command_module_imports_another_command() -> None:
    """What two commands share lives in their feature's support modules or the kernel."""
    commands = _command_modules()
    assert len(commands) >= 25
    crossings = []
    for module in commands:
        path = REPO / (module.replace(".", "/") + ".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
                crossings += [f"{module} -> {n}" for n in names & commands if n != module]
    assert crossings == []
