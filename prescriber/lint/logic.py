"""Reasoning about conditions, on their exact positive rewriting (``engine.lower``): when can a
conjunction of tests never hold, and when does one imply another. Both answers are *proofs*: "cannot
hold" and "implies" are only said when certain, so a lint finding is never a false alarm.

A conjunction is turned into one constraint per engine property: the values it may take (a finite
set, or any), an interval, values it must not take, whether it must be present or absent, and for
the pain lists the items that must be reported or unreported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from prescriber.engine.lower import ABSENT, DIVISION, PAINS, SECTION, Term

__all__ = ["Constraint", "constraints", "implies", "satisfiable"]

_INF = float("inf")


@dataclass
class Constraint:
    """What a conjunction asks of one property."""

    allowed: set[Any] | None = None  # None: any value
    excluded: set[Any] = field(default_factory=set)
    low: float = -_INF
    low_open: bool = False
    high: float = _INF
    high_open: bool = False
    present: bool = False
    absent: bool = False
    items: set[str] = field(default_factory=set)  # list properties: items that must be there

    def numeric(self) -> bool:
        return self.low > -_INF or self.high < _INF

    def admits(self, v: Any) -> bool:
        if v in self.excluded or (self.allowed is not None and v not in self.allowed):
            return False
        if self.numeric():
            if isinstance(v, bool) or not isinstance(v, int | float):
                return False
            if (
                v < self.low
                or (self.low_open and v == self.low)
                or v > self.high
                or (self.high_open and v == self.high)
            ):
                return False
        return True


def constraints(term: Term) -> dict[str, Constraint]:
    """The per-property constraints of a conjunction."""
    out: dict[str, Constraint] = {}
    for a in term:
        kind, prop = a[0], a[1]
        c = out.setdefault(prop, Constraint())
        if kind == "eq":
            c.allowed = {a[2]} if c.allowed is None else c.allowed & {a[2]}
            c.present = True
        elif kind == "or":
            c.allowed = set(a[2]) if c.allowed is None else c.allowed & set(a[2])
            c.present = True
        elif kind == "neq":
            c.excluded.add(a[2])
            c.present = True
        elif kind == "cmp":
            _bound(c, a[2], a[3])
            c.present = True
        elif kind == "ex":
            c.present = True
        elif kind == "nex":
            c.absent = True
        else:  # iany
            c.items.add(a[2][0])
            c.present = True
    return out


def _bound(c: Constraint, op: str, v: float) -> None:
    if op in ("gte", "gt") and (v > c.low or (v == c.low and op == "gt")):
        c.low, c.low_open = v, op == "gt"
    if op in ("lte", "lt") and (v < c.high or (v == c.high and op == "lt")):
        c.high, c.high_open = v, op == "lt"


def satisfiable(term: Term, domains: Mapping[str, set[Any]]) -> bool:
    """False only when no enterprise can satisfy every test of ``term``."""
    cs = constraints(term)
    for prop, c in cs.items():
        if c.absent and c.present:
            return False
        if c.low > c.high or (c.low == c.high and (c.low_open or c.high_open)):
            return False
        values = c.allowed if c.allowed is not None else domains.get(prop)
        if values is not None and not any(c.admits(v) for v in values):
            return False
    pains, absent = cs.get(PAINS), cs.get(ABSENT)
    if pains and absent and pains.items & absent.items:
        return False
    div, sec = cs.get(DIVISION), cs.get(SECTION)
    return not (div and sec and div.allowed is not None and not any(sec.admits(d[0]) for d in div.allowed))


def implies(a: Term, b: Term, domains: Mapping[str, set[Any]]) -> bool:
    """True only when every enterprise that satisfies ``a`` also satisfies ``b``."""
    ca, cb = constraints(a), constraints(b)
    return all(_within(ca.get(prop, Constraint()), want, domains.get(prop)) for prop, want in cb.items())


def _within(have: Constraint, want: Constraint, domain: Iterable[Any] | None) -> bool:
    if want.absent and not have.absent:
        return False
    if want.present and not (have.present or have.allowed is not None):
        return False
    if not want.items <= have.items:
        return False
    values = have.allowed if have.allowed is not None else (set(domain) if domain is not None else None)
    if values is not None:  # a finite set of possible values: check each
        return all(want.admits(v) for v in values if have.admits(v))
    if want.allowed is not None or any(have.admits(v) for v in want.excluded):
        return False
    return (have.low > want.low or (have.low == want.low and (have.low_open or not want.low_open))) and (
        have.high < want.high or (have.high == want.high and (have.high_open or not want.high_open))
    )
