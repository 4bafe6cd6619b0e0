"""One way to say things: a message is built once, as a small document, and rendered here
to the plain body and to the HTML body. Escaping happens in this module only, so no message
can forget it, and the two bodies cannot drift apart (one saying what the other omits).

    doc(para(B("CE-2026-0001 activated")), bullets(["Lead agency: ", B("SHELTER")]))
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from commands.kernel.framework import Reply
from protocols.ids import UserId, matrix_to


@dataclass(frozen=True, slots=True)
class B:
    """Bold."""

    text: str


@dataclass(frozen=True, slots=True)
class C:
    """Code: a command, an id, a protocol name."""

    text: str


@dataclass(frozen=True, slots=True)
class At:
    """A person: a pill in HTML (list them in the message's mentions to notify them); in
    the plain body their name, or their Matrix id if they have none."""

    user_id: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A link: its label in HTML; the address itself in the plain body."""

    url: str
    label: str


Inline = str | B | C | At | Link
Line = Sequence[Inline]


@dataclass(frozen=True, slots=True)
class Para:
    parts: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Bullets:
    """A list: in the plain body one line per item, after `marker` ('' or '- ')."""

    items: tuple[tuple[Inline, ...], ...]
    marker: str = ""


@dataclass(frozen=True, slots=True)
class Grid:
    """A table of plain cells: an HTML table, and padded columns in the plain body."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Para | Bullets | Grid


def grid(header: Sequence[str], rows: Iterable[Sequence[str]]) -> Grid:
    return Grid(tuple(header), tuple(tuple(r) for r in rows))


def para(*parts: Inline) -> Para:
    return Para(parts)


def bullets(items: Iterable[Line | Inline], marker: str = "") -> Bullets:
    """Each item a line of inlines, or a single inline (a plain string, say)."""
    return Bullets(tuple(_line(i) for i in items), marker)


def _line(item: Line | Inline) -> tuple[Inline, ...]:
    if isinstance(item, str | B | C | At | Link):
        return (item,)
    return tuple(item)


def doc(*blocks: Block, mentions: Sequence[UserId] = (), silent: bool = False) -> Reply:
    """The Reply whose plain body and HTML are both rendered from `blocks`."""
    return Reply(plain(blocks), to_html(blocks), tuple(mentions), silent)


def plain(blocks: Sequence[Block]) -> str:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            lines.append(_plain_line(block.parts))
        elif isinstance(block, Grid):
            lines += _plain_grid(block)
        else:
            lines += [block.marker + _plain_line(item) for item in block.items]
    return "\n".join(lines)


def _plain_grid(g: Grid) -> list[str]:
    every = (g.header, *g.rows)
    widths = [max(len(row[i]) for row in every) for i in range(len(g.header))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in every]  # fmt: skip


def to_html(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            out.append(f"<p>{_html_line(block.parts)}</p>")
        elif isinstance(block, Grid):
            head = "".join(f"<th>{html.escape(c)}</th>" for c in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            items = "".join(f"<li>{_html_line(item)}</li>" for item in block.items)
            out.append(f"<ul>{items}</ul>")
    return "".join(out)


def _plain_line(parts: Sequence[Inline]) -> str:
    return "".join(_plain(p) for p in parts)


def _plain(part: Inline) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, At):
        return part.label or part.user_id
    if isinstance(part, Link):
        return part.url
    return part.text


def _html_line(parts: Sequence[Inline]) -> str:
    return "".join(html_of(p) for p in parts).replace("\n", "<br>")


def html_of(part: Inline) -> str:
    """One inline as HTML, escaped: the only place a pill, a link or code is written."""
    esc = html.escape
    if isinstance(part, str):
        return esc(part)
    if isinstance(part, B):
        return f"<b>{esc(part.text)}</b>"
    if isinstance(part, C):
        return f"<code>{esc(part.text)}</code>"
    if isinstance(part, At):
        href = esc(matrix_to(part.user_id))
        return f'<a href="{href}">{esc(part.label or part.user_id)}</a>'
    return f'<a href="{esc(part.url)}">{esc(part.label)}</a>'
