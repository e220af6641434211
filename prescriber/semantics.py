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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from prescriber.operators import OPERATORS, Family, Kind, Name

__all__ = [
    "FALSE",
    "NEGATION",
    "TRUE",
    "UNKNOWN",
    "Check",
    "Cond",
    "Expr",
    "Facts",
    "Group",
    "IndustryCode",
    "Kind",
    "Pool",
    "Truth",
    "conjuncts",
    "evaluate",
    "fields_of",
    "interned",
    "items_named",
    "named_pains",
    "outcome",
    "settle",
    "truth",
    "undecided",
]

Truth = Literal["true", "false", "unknown"]
TRUE: Truth = "true"
FALSE: Truth = "false"
UNKNOWN: Truth = "unknown"


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
    op: Name
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
    if type(expr) is Cond:
        actual = facts.values.get(expr.field)
        result = outcome(expr, actual)
        return result, (Check(expr, actual, result),)
    assert isinstance(expr, Group)
    values = facts.values
    outcomes: list[Truth] = []
    cited: list[tuple[Check, ...]] = []
    for item in expr.items:
        if type(item) is Cond:
            actual = values.get(item.field)
            t = outcome(item, actual)
            outcomes.append(t)
            cited.append((Check(item, actual, t),))
        else:
            t, checks = evaluate(item, facts)
            outcomes.append(t)
            cited.append(checks)
    inner = settle("any" if expr.kind == "not" else expr.kind, outcomes)
    evidence = tuple(c for t, checks in zip(outcomes, cited, strict=True) if t == inner for c in checks)
    if expr.kind != "not":
        return inner, evidence
    return NEGATION[inner], tuple(
        Check(c.cond, c.actual, NEGATION[c.outcome], not c.negated) for c in evidence
    )


def settle(kind: Literal["all", "any"], outcomes: Sequence[Truth]) -> Truth:
    """The truth of a group from its items' outcomes. The evidence of a group is the evidence of the
    items whose outcome is the group's: for a true ``all`` every item, for a false one the failed
    items; for a true ``any`` the items that hold; for an unknown group the undecided items."""
    if kind == "all":
        return FALSE if FALSE in outcomes else UNKNOWN if UNKNOWN in outcomes else TRUE
    return TRUE if TRUE in outcomes else UNKNOWN if UNKNOWN in outcomes else FALSE


def truth(expr: Expr, facts: Facts) -> Truth:
    """The truth of ``expr`` alone, short-circuiting (same result as ``evaluate(expr, facts)[0]``)."""
    if type(expr) is Cond:
        return outcome(expr, facts.values.get(expr.field))
    assert isinstance(expr, Group)
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


def undecided(conds: Sequence[Cond], facts: Facts) -> tuple[Check, ...]:
    """For a plain conjunction (see :func:`conjuncts`), in one pass that stops at the first failed
    condition: when it is unknown, its evidence as :func:`evaluate` gives it (the undecided
    conditions); when it is true or false, nothing."""
    values = facts.values
    found: list[Check] = []
    for cond in conds:
        actual = values.get(cond.field)
        result = outcome(cond, actual)
        if result == FALSE:
            return ()
        if result == UNKNOWN:
            found.append(Check(cond, actual, UNKNOWN))
    return tuple(found)


NEGATION: dict[Truth, Truth] = {TRUE: FALSE, FALSE: TRUE, UNKNOWN: UNKNOWN}
"""The outcome of a statement's negation (unknown stays unknown)."""


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


def _industry(op: Name, value: Any, actual: IndustryCode) -> Truth:
    # eq / in / not_in (an industry field takes no other operator but exists): one of the codes?
    spec = OPERATORS[op]
    hits = [_industry_eq(v, actual) for v in spec.listed(value)]
    inside = settle("any", hits)
    return NEGATION[inside] if spec.negated else inside


def _industry_eq(code: str, actual: IndustryCode) -> Truth:
    if len(code) == 1:
        return _tv(actual.section == code)
    if actual.division is not None:
        return _tv(actual.division == code)
    # Only the section is known: a division of another section is certainly not it.
    return FALSE if actual.section != code[0] else UNKNOWN


_OPS = {name: spec.holds for name, spec in OPERATORS.items()}
"""Each operator's meaning on a known value (:mod:`prescriber.operators`), by name."""


def conjuncts(expr: Expr) -> tuple[Cond, ...] | None:
    """The conditions of a plain conjunction (one condition, or ``all`` of conditions), else ``None``.
    Such an expression is true exactly when each condition is, and then every condition is evidence."""
    if type(expr) is Cond:
        return (expr,)
    if isinstance(expr, Group) and expr.kind == "all" and all(type(item) is Cond for item in expr.items):
        return tuple(item for item in expr.items if isinstance(item, Cond))
    return None


Pool = dict[tuple[Cond, str], Cond]
"""Conditions already met, by condition and ``repr`` of its value (see :func:`interned`)."""


def interned(expr: Expr, pool: Pool) -> Expr:
    """``expr`` with each condition replaced by the first equal one in ``pool`` (which it fills), so
    that the rules of a rule base share their conditions (explanations cache evidence per condition
    object). ``repr`` of the value is part of the key: ``50 == 50.0``, but a rule written with 50.0
    cites 50.0."""
    if type(expr) is Cond:
        return pool.setdefault((expr, repr(expr.value)), expr)
    assert isinstance(expr, Group)
    return Group(expr.kind, tuple(interned(item, pool) for item in expr.items))


def named_pains(expr: Expr, negated: bool = False) -> frozenset[str]:
    """The items of set fields (pain points) a rule asks to be present (outside ``not``): their severity
    scales its points."""
    if isinstance(expr, Cond):
        return frozenset() if negated else items_named(expr)
    flip = negated != (expr.kind == "not")
    return frozenset().union(*(named_pains(item, flip) for item in expr.items))


def items_named(cond: Cond) -> frozenset[str]:
    """The items a condition on a list field (pain points) names; none for any other condition."""
    op = OPERATORS[cond.op]
    return frozenset(op.listed(cond.value)) if op.family is Family.ITEMS else frozenset()


def fields_of(expr: Expr) -> frozenset[str]:
    """Every field ``expr`` reads."""
    if isinstance(expr, Cond):
        return frozenset({expr.field})
    return frozenset().union(*(fields_of(item) for item in expr.items))
