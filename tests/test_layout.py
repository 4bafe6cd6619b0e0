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
