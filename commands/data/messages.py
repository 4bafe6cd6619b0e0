"""How the data dictionary reads in the room: a term, a category, what changed."""

from __future__ import annotations

from typing import Any

from commands.kernel.content import notice
from commands.kernel.framework import Reply
from commands.kernel.render import B, bullets, doc, para
from protocols.data.dictionary import Category, Code, DataDictionary, Indicator
from protocols.data.diff import Change

_MAX_CHANGES = 60


def changes_reply(older: str, newer: DataDictionary, changes: list[Change]) -> Reply:
    head = f"Data dictionary {newer.version}: what changed since {older}"
    if not changes:
        return doc(para(B(head)), para("Nothing: the two versions agree."))
    lines = [c.line() for c in changes[:_MAX_CHANGES]]
    more = len(changes) - len(lines)
    tail = (
        [para(f"… and {more} more: mact dict export --format md has everything.")] if more else []
    )
    return doc(para(B(f"{head} ({len(changes)})")), bullets(lines, "- "), *tail)


def changes_notice(older: str, newer: DataDictionary, changes: list[Change]) -> dict[str, Any]:
    return notice(changes_reply(older, newer, changes))


def code_lines(where: str, c: Code, version: str) -> list[str]:
    retired = f" (retired in {c.retired}: for old records only)" if c.retired else ""
    return [f"{c.code} — {c.label}, in {where}{retired}: {c.definition}"]


def category_reply(name: str, category: Category, d: DataDictionary) -> Reply:
    unknown = " Admits the three kinds of unknown." if category.unknown else ""
    lines = [f"{c.code} — {c.label}" + (f" (retired in {c.retired})" if c.retired else "")
             for c in category.codes]  # fmt: skip
    return doc(
        para(B(f"{category.title} ({name}), data dictionary {d.version}")),
        para(category.definition + unknown),
        bullets(lines, "- "),
    )


def indicator_line(ind: Indicator) -> str:
    narrowed = f", where {ind.where}" if ind.where else ""
    return f"{ind.code} — {ind.title} (indicator; counts {ind.measure}{narrowed}): {ind.definition}"
