"""The meaning of every condition, once. Every engine is tested against :func:`evaluate`.

Three-valued (Kleene) logic: a condition on a field whose value is not known is *unknown*, never
silently false. ``all`` is true when every item is true, false when any is false, else unknown;
``any`` is true when some item is true, false when all are false, else unknown; ``not`` (none of
the items holds) is true exactly when ``any`` of its items is false. ``exists`` is never unknown.
A rule fires only when its condition is *true*.

Evaluation records evidence: the conditions that decided the result (for a true rule, the
conditions that made it true; for a false one, those that failed; for an unknown one, those that
could not be decided). An explanation only formats this evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "FALSE",
    "TRUE",
    "UNKNOWN",
    "Check",
    "Cond",
    "Expr",
    "Facts",
    "Group",
    "IndustryCode",
    "Kind",
    "Truth",
    "evaluate",
    "fields_of",
    "outcome",
    "truth",
]

Truth = Literal["true", "false", "unknown"]
TRUE: Truth = "true"
FALSE: Truth = "false"
UNKNOWN: Truth = "unknown"

Kind = Literal["industry", "choice", "number", "bool", "set"]
"""How a field's values compare: an industry code (section ⊃ division), one of a vocabulary, a
number, yes/no, or a set of vocabulary items (pain points)."""


@dataclass(frozen=True, slots=True)
class IndustryCode:
    """An enterprise's GB/T 4754-2017 code at every level it is known. ``division`` is written with
    its section letter (``C36``); ``group`` and ``klass`` are bare digits (used for size only)."""

    section: str
    division: str | None = None
    group: str | None = None
    klass: str | None = None

    def __str__(self) -> str:
        return self.klass or self.group or self.division or self.section


@dataclass(frozen=True, slots=True)
class Cond:
    """One test on one field. ``value`` is a scalar, a tuple (``in``, ``contains_any``, …) or a
    ``(low, high)`` pair (``between``). Industry values are a section letter or ``C36``."""

    field: str
    kind: Kind
    op: str
    value: Any


@dataclass(frozen=True, slots=True)
class Group:
    """``all`` / ``any`` of the items, or ``not``: none of the items holds."""

    kind: Literal["all", "any", "not"]
    items: tuple[Expr, ...]


Expr = Cond | Group


@dataclass(frozen=True, slots=True)
class Check:
    """Evidence: a condition, the enterprise's value (``None`` = unknown) and the outcome of the
    statement as cited — for a condition inside ``not`` (``negated``), the outcome of its negation."""

    cond: Cond
    actual: Any
    outcome: Truth
    negated: bool = False


@dataclass(frozen=True)
class Facts:
    """What is known about one enterprise: field → value (a missing field is unknown), and the
    severity (1–5) of each reported pain point."""

    values: Mapping[str, Any]
    severity: Mapping[str, int]


def evaluate(expr: Expr, facts: Facts) -> tuple[Truth, tuple[Check, ...]]:
    """The truth of ``expr`` on ``facts`` and the evidence that decided it."""
    if isinstance(expr, Cond):
        actual = facts.values.get(expr.field)
        result = outcome(expr, actual)
        return result, (Check(expr, actual, result),)
    if expr.kind == "not":
        inner, checks = _any(expr.items, facts)
        flipped = {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}[inner]
        return flipped, tuple(Check(c.cond, c.actual, {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}[c.outcome],
                                    not c.negated) for c in checks)
    return (_all if expr.kind == "all" else _any)(expr.items, facts)


def truth(expr: Expr, facts: Facts) -> Truth:
    """The truth of ``expr`` alone, short-circuiting (same result as ``evaluate(expr, facts)[0]``)."""
    if isinstance(expr, Cond):
        return outcome(expr, facts.values.get(expr.field))
    if expr.kind == "all":
        seen_unknown = False
        for item in expr.items:
            t = truth(item, facts)
            if t == FALSE:
                return FALSE
            seen_unknown = seen_unknown or t == UNKNOWN
        return UNKNOWN if seen_unknown else TRUE
    seen_unknown = False
    for item in expr.items:
        t = truth(item, facts)
        if t == TRUE:
            return FALSE if expr.kind == "not" else TRUE
        seen_unknown = seen_unknown or t == UNKNOWN
    if seen_unknown:
        return UNKNOWN
    return TRUE if expr.kind == "not" else FALSE


def _all(items: tuple[Expr, ...], facts: Facts) -> tuple[Truth, tuple[Check, ...]]:
    results = [evaluate(item, facts) for item in items]
    for wanted in (FALSE, UNKNOWN):
        if any(t == wanted for t, _ in results):
            return wanted, tuple(c for t, cs in results if t == wanted for c in cs)
    return TRUE, tuple(c for _, cs in results for c in cs)


def _any(items: tuple[Expr, ...], facts: Facts) -> tuple[Truth, tuple[Check, ...]]:
    results = [evaluate(item, facts) for item in items]
    for wanted in (TRUE, UNKNOWN):
        if any(t == wanted for t, _ in results):
            return wanted, tuple(c for t, cs in results if t == wanted for c in cs)
    return FALSE, tuple(c for _, cs in results for c in cs)


def outcome(cond: Cond, actual: Any) -> Truth:
    """The outcome of one condition on a field's value (``None`` = unknown)."""
    if cond.op == "exists":
        return _tv((actual is not None) == cond.value)
    if actual is None:
        return UNKNOWN
    if cond.kind == "industry":
        return _industry(cond.op, cond.value, actual)
    return _tv(_OPS[cond.op](actual, cond.value))


def _tv(flag: bool) -> Truth:
    return TRUE if flag else FALSE


def _industry(op: str, value: Any, actual: IndustryCode) -> Truth:
    if op == "eq":
        return _industry_eq(value, actual)
    hits = [_industry_eq(v, actual) for v in value]
    inside: Truth = TRUE if TRUE in hits else (UNKNOWN if UNKNOWN in hits else FALSE)
    if op == "in":
        return inside
    return {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}[inside]  # not_in


def _industry_eq(code: str, actual: IndustryCode) -> Truth:
    if len(code) == 1:
        return _tv(actual.section == code)
    if actual.division is not None:
        return _tv(actual.division == code)
    # Only the section is known: a division of another section is certainly not it.
    return FALSE if actual.section != code[0] else UNKNOWN


_OPS: dict[str, Any] = {
    "eq": lambda a, v: a == v,
    "in": lambda a, v: a in v,
    "not_in": lambda a, v: a not in v,
    "gte": lambda a, v: a >= v,
    "gt": lambda a, v: a > v,
    "lte": lambda a, v: a <= v,
    "lt": lambda a, v: a < v,
    "between": lambda a, v: v[0] <= a <= v[1],
    "contains": lambda a, v: v in a,
    "contains_any": lambda a, v: any(x in a for x in v),
    "contains_all": lambda a, v: all(x in a for x in v),
}


def fields_of(expr: Expr) -> frozenset[str]:
    """Every field ``expr`` reads."""
    if isinstance(expr, Cond):
        return frozenset({expr.field})
    return frozenset().union(*(fields_of(item) for item in expr.items))
