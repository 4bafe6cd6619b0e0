"""What changed between two versions of the data dictionary: codes added, retired,
reinstated, relabelled, redefined or (against the rule) removed; categories and indicators
added, removed or redefined. In the order of the newer dictionary."""

from __future__ import annotations

from dataclasses import dataclass

from protocols.data.dictionary import Category, DataDictionary


@dataclass(frozen=True, slots=True)
class Change:
    where: str  # a category name, 'unknown' or 'indicators'
    code: str | None  # None: the category itself
    kind: str  # added, retired, reinstated, relabelled, redefined, removed
    detail: str = ""

    def line(self) -> str:
        what = f"{self.where} '{self.code}'" if self.code else self.where
        return f"{what} {self.kind}" + (f": {self.detail}" if self.detail else "")


def diff(old: DataDictionary, new: DataDictionary) -> list[Change]:
    changes = _category("unknown", old.unknown, new.unknown)
    for name, category in new.categories.items():
        before = old.categories.get(name)
        if before is None:
            changes.append(Change(name, None, "added", category.title))
        else:
            changes += _category(name, before, category)
    changes += [Change(name, None, "removed") for name in old.categories
                if name not in new.categories]  # fmt: skip
    changes += _indicators(old, new)
    return changes


def _category(name: str, old: Category, new: Category) -> list[Change]:
    out = []
    if old.definition != new.definition:
        out.append(Change(name, None, "redefined", new.definition))
    for c in new.codes:
        was = old.get(c.code)
        if was is None:
            out.append(Change(name, c.code, "added", f"{c.label}: {c.definition}"))
            continue
        if c.retired and not was.retired:
            out.append(Change(name, c.code, "retired", f"in {c.retired}"))
        elif was.retired and not c.retired:
            out.append(Change(name, c.code, "reinstated"))
        if c.label != was.label:
            out.append(Change(name, c.code, "relabelled", c.label))
        if c.definition != was.definition:
            out.append(Change(name, c.code, "redefined", c.definition))
    out += [Change(name, c.code, "removed") for c in old.codes if new.get(c.code) is None]
    return out


def _indicators(old: DataDictionary, new: DataDictionary) -> list[Change]:
    before = {i.code: i for i in old.indicators}
    after = {i.code: i for i in new.indicators}
    out = []
    for code, ind in after.items():
        was = before.get(code)
        if was is None:
            out.append(Change("indicators", code, "added", ind.title))
        elif (was.measure, was.where, was.definition) != (ind.measure, ind.where, ind.definition):
            out.append(Change("indicators", code, "redefined", ind.definition))
    out += [Change("indicators", c, "removed") for c in before if c not in after]
    return out
