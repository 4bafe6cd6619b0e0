"""!dict [term] and !dict changes [from] [to]: the shared data dictionary in the room."""

from __future__ import annotations

from commands.data.messages import category_reply, changes_reply, code_lines, indicator_line
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from commands.kernel.render import B, bullets, doc, para
from protocols.data.dictionary import DataDictionary, version_key
from protocols.data.diff import diff
from protocols.errors import UserError
from protocols.roles import ALL_ROLES
from storage.repositories import dictionary_versions


@command(
    "dict",
    roles=ALL_ROLES,
    help="The shared data dictionary: a code, category, indicator or agency's definition, "
    "or 'changes [from] [to]' between two versions (by default the last change).",
    args=(
        Word("term", optional=True, shown="term|changes"),
        Word("older", optional=True, shown="from"),
        Word("newer", optional=True, shown="to"),
    ),
    contacts_allowed=True,
)
async def dict_(ctx: CommandContext, args: ParsedArgs) -> Reply:
    d = ctx.config.codes
    term = args.get("term")
    if term is None:
        return _overview(d)
    if term.lower() == "changes":
        return await _changes(ctx, args.get("older"), args.get("newer"))
    return _term(ctx, d, term)


def _overview(d: DataDictionary) -> Reply:
    lines = [f"{name} — {c.title} ({len(c.codes)} codes)" for name, c in d.categories.items()]
    lines.append(f"indicators — {len(d.indicators)} shared indicators")
    published = f", published {d.published.isoformat()}" if d.published else ""
    return doc(para(B(f"{d.title}, version {d.version}{published}")), bullets(lines, "- "),
               para("!dict <code|category|indicator|agency> for its definition; "
                    "!dict changes for what changed."))  # fmt: skip


def _term(ctx: CommandContext, d: DataDictionary, term: str) -> Reply:
    key = term.strip().lower()
    if key in d.categories:
        return category_reply(key, d.categories[key], d)
    lines = [
        line for where, c in d.terms() if c.code == key for line in code_lines(where, c, d.version)
    ]
    lines += [indicator_line(i) for i in d.indicators if i.code == key]
    agency = ctx.config.agency(term.strip().upper().partition("/")[0])
    if agency is not None:
        programs = ", ".join(f"{agency.code}/{p.code} {p.name}" for p in agency.programs)
        lines.append(f"{agency.code} — {agency.name} (agency code, {agency.kind.value})"
                     + (f"; programs: {programs}" if programs else ""))  # fmt: skip
    if not lines:
        # Not echoed: a look-up may be anything, a person's name typed by mistake too.
        raise UserError(
            f"No such code, category, indicator or agency in data dictionary {d.version}; "
            f"categories: {', '.join(d.categories)}."
        )
    return doc(para(B(f"Data dictionary {d.version}")), bullets(lines, "- "))


async def _changes(ctx: CommandContext, older: str | None, newer: str | None) -> Reply:
    current = ctx.config.codes
    await dictionary_versions.remember(ctx.session, current, ctx.now)
    known = await dictionary_versions.versions(ctx.session)
    to = newer or current.version
    before = [v for v in known if version_key(v) < version_key(to)] if to in known else []
    frm = older or (before[-1] if before else None)
    if frm is None:
        raise UserError(f"Data dictionary {to} is the first version MACT has run with: nothing "
                        "to compare it with.")  # fmt: skip
    for v in (frm, to):
        if v not in known:
            raise UserError(f"MACT has not run with version {v[:16]}; known: {', '.join(known)}.")
    old = await dictionary_versions.get(ctx.session, frm)
    new = await dictionary_versions.get(ctx.session, to)
    assert old is not None and new is not None
    return changes_reply(frm, new, diff(old, new))
