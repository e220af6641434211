"""Reasoning about conditions, on their exact positive rewriting (:mod:`prescriber.normal`): when can a
conjunction of tests never hold, and when does one imply another. Both answers are *proofs*: "cannot
hold" and "implies" are only said when certain, so a lint finding is never a false alarm.

A conjunction is turned into one constraint per engine property: the values it may take (a finite
set, or any), an interval, values it must not take, whether it must be present or absent, and for
the pain lists the items that must be reported or unreported; for texts the regular expressions that
must be found or not found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, assert_never

from prescriber.normal import (
    ABSENT,
    DIVISION,
    PAINS,
    SECTION,
    Absent,
    Cmp,
    Eq,
    HasItem,
    Match,
    Neq,
    OneOf,
    Present,
    Term,
)
from prescriber.operators import OPERATORS, Comparison

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
    patterns: set[tuple[str, bool]] = field(default_factory=set)  # texts: (pattern, found or not)

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
        c = out.setdefault(a.prop, Constraint())
        match a:
            case Eq(_, value):
                c.allowed = {value} if c.allowed is None else c.allowed & {value}
            case OneOf(_, values):
                c.allowed = set(values) if c.allowed is None else c.allowed & set(values)
            case Neq(_, value):
                c.excluded.add(value)
            case Cmp(_, op, value):
                _bound(c, op, value)
            case Present():
                pass
            case Absent():
                c.absent = True
                continue
            case HasItem(_, item):
                c.items.add(item)
            case Match(_, pattern, hit):
                c.patterns.add((pattern, hit))
            case _:
                assert_never(a)
        c.present = True  # every atom but Absent fails on a missing property
    return out


def _bound(c: Constraint, op: Comparison, v: float) -> None:
    spec = OPERATORS[op]  # which end of the interval the comparison sets, and whether it is open
    if spec.bound == "low" and (v > c.low or (v == c.low and spec.strict)):
        c.low, c.low_open = v, spec.strict
    if spec.bound == "high" and (v < c.high or (v == c.high and spec.strict)):
        c.high, c.high_open = v, spec.strict


def satisfiable(term: Term, domains: Mapping[str, set[Any]]) -> bool:
    """False only when no enterprise can satisfy every test of ``term``."""
    cs = constraints(term)
    for prop, c in cs.items():
        if (c.absent and c.present) or any((p, not hit) in c.patterns for p, hit in c.patterns):
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
    if not want.items <= have.items or not want.patterns <= have.patterns:
        return False
    values = have.allowed if have.allowed is not None else (set(domain) if domain is not None else None)
    if values is not None:  # a finite set of possible values: check each
        return all(want.admits(v) for v in values if have.admits(v))
    if want.allowed is not None or any(have.admits(v) for v in want.excluded):
        return False
    return (have.low > want.low or (have.low == want.low and (have.low_open or not want.low_open))) and (
        have.high < want.high or (have.high == want.high and (have.high_open or not want.high_open))
    )
