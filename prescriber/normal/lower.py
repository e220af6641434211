"""Lowering: a rule's three-valued condition → the sets of enterprises for which it is *true*, as a
disjunction of conjunctions of atoms (:mod:`prescriber.normal.atoms`).

Negation is pushed to the leaves exactly (Kleene): ``pos(x)`` is where ``x`` is true, ``neg(x)``
where it is false; ``pos(not xs) = ∏ neg(x)``, ``neg(all xs) = ∑ neg(x)`` and so on. A missing
property never satisfies a test, which is exactly "unknown is not true". Each conjunction becomes
one engine rule; a rule fires when any of its conjunctions matches (duplicates collapse in a set).
How a leaf is lowered is fixed by its operator's family (:mod:`prescriber.operators`).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import product
from typing import Any, assert_never

from prescriber.normal.atoms import (
    ABSENT,
    DIVISION,
    PAINS,
    SECTION,
    Absent,
    Atom,
    Cmp,
    Eq,
    HasItem,
    Match,
    Neq,
    OneOf,
    Present,
    Term,
    prop_of,
    unknown_division,
)
from prescriber.operators import OPERATORS, Family, Operator, is_comparison
from prescriber.semantics import Cond, Expr

__all__ = ["MAX_TERMS", "TooComplex", "lower", "num"]

DNF = list[Term]
MAX_TERMS = 128


class TooComplex(ValueError):
    """A condition whose exact rewriting needs more than ``MAX_TERMS`` engine rules."""


def lower(expr: Expr) -> list[Term]:
    """The conjunctions whose union is exactly where ``expr`` is true."""
    return [t for t in _dedupe(_pos(expr)) if not _contradicts(t)]


def _pos(expr: Expr) -> DNF:
    if isinstance(expr, Cond):
        return _leaf(expr, True)
    if expr.kind == "all":
        return _product(_pos(x) for x in expr.items)
    if expr.kind == "any":
        return _dedupe([t for x in expr.items for t in _pos(x)])
    return _product(_neg(x) for x in expr.items)  # not: none holds


def _neg(expr: Expr) -> DNF:
    if isinstance(expr, Cond):
        return _leaf(expr, False)
    if expr.kind == "all":
        return _dedupe([t for x in expr.items for t in _neg(x)])
    if expr.kind == "any":
        return _product(_neg(x) for x in expr.items)
    return _dedupe([t for x in expr.items for t in _pos(x)])  # not false ⇔ some item true


def _product(parts: Iterable[DNF]) -> DNF:
    out: DNF = [frozenset()]
    unchecked = False  # a union of single terms not yet checked (a contradiction stays one in a superset)
    for part in parts:
        if len(out) == 1 and len(part) == 1:
            out, unchecked = [out[0] | part[0]], True
            continue
        if unchecked:
            out, unchecked = [t for t in out if not _contradicts(t)], False
        out = [a | b for a, b in product(out, part)]
        out = [t for t in _dedupe(out) if not _contradicts(t)]
        if len(out) > MAX_TERMS:
            raise TooComplex(f"需要超过 {MAX_TERMS} 条引擎规则才能精确表达")
    return [t for t in out if not _contradicts(t)] if unchecked else out


def _dedupe(terms: DNF) -> DNF:
    seen: set[Term] = set()
    out = []
    for t in terms:
        if t not in seen:
            seen.add(t)
            out.append(t)
    if len(out) > MAX_TERMS:
        raise TooComplex(f"需要超过 {MAX_TERMS} 条引擎规则才能精确表达")
    return out


def _contradicts(term: Term) -> bool:
    """Certainly empty: two values for one property, a value both required and excluded, a property
    both present and absent, a pattern both found and not found."""
    eqs: dict[str, Any] = {}
    absent: set[str] = set()
    for a in term:
        if type(a) is Eq:
            if a.prop in eqs and eqs[a.prop] != a.value:
                return True
            eqs[a.prop] = a.value
        elif type(a) is Absent:
            absent.add(a.prop)
    if absent and any(type(a) is not Absent and a.prop in absent for a in term):
        return True
    return any(
        (type(a) is Neq and eqs.get(a.prop, object()) == a.value)
        or (type(a) is Match and Match(a.prop, a.pattern, not a.hit) in term)
        for a in term
    )


def num(v: Any) -> Any:
    """One spelling per number, so equal values share a network node: 50.0 → 50."""
    return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v


def _leaf(c: Cond, positive: bool) -> DNF:
    spec = OPERATORS[c.op]
    match spec.family:
        case Family.KNOWN:
            if c.kind == "set":  # lists are always known
                return [frozenset()] if c.value == positive else []
            known: Atom = Present(prop_of(c.field)) if c.value == positive else Absent(prop_of(c.field))
            return [frozenset({known})]
        case Family.MEMBER:
            return _member(c, spec, positive)
        case Family.COMPARE:
            op = c.op if positive else spec.flip
            assert is_comparison(op), op  # a comparison, and its flip, are comparisons
            return [frozenset({Cmp(prop_of(c.field), op, num(c.value))})]
        case Family.RANGE:
            p, lo, hi = prop_of(c.field), num(c.value[0]), num(c.value[1])
            if positive:
                return [frozenset({Cmp(p, "gte", lo), Cmp(p, "lte", hi)})]
            return [frozenset({Cmp(p, "lt", lo)}), frozenset({Cmp(p, "gt", hi)})]
        case Family.ITEMS:
            return _items(c, spec, positive)
        case Family.PATTERN:
            return [frozenset({Match(prop_of(c.field), c.value, positive)})]
        case _:
            assert_never(spec.family)


def _member(c: Cond, spec: Operator, positive: bool) -> DNF:
    if c.kind == "industry":
        return _industry(c, spec, positive)
    p = prop_of(c.field)
    if c.kind == "bool":
        return [frozenset({Eq(p, c.value if positive else not c.value)})]
    vals = tuple(num(v) for v in spec.listed(c.value))
    if spec.negated == positive:  # ≠ needs a value: a missing property never matches $neq
        return [frozenset(Neq(p, v) for v in vals)]
    return [frozenset({Eq(p, vals[0]) if len(vals) == 1 else OneOf(p, tuple(sorted(set(vals))))})]


def _industry(c: Cond, spec: Operator, positive: bool) -> DNF:
    codes = spec.listed(c.value)
    secs = tuple(sorted({v for v in codes if len(v) == 1}))
    divs = tuple(sorted({v for v in codes if len(v) > 1 and v[0] not in secs}))
    if spec.negated != positive:  # true where the code is one of them
        out: DNF = []
        for prop, vals in ((SECTION, secs), (DIVISION, divs)):
            if vals:
                out.append(frozenset({Eq(prop, vals[0]) if len(vals) == 1 else OneOf(prop, vals)}))
        return out
    # True where the code is certainly none of them. An enterprise whose section alone is known carries
    # the division "C?", which differs from every real division but is excluded when a listed division
    # lies in its section (then it might be that division: unknown).
    return [
        frozenset(
            {Neq(SECTION, s) for s in secs}
            | {Neq(DIVISION, d) for d in divs}
            | {Neq(DIVISION, unknown_division(d[0])) for d in divs}
        )
    ]


def _items(c: Cond, spec: Operator, positive: bool) -> DNF:
    items = spec.listed(c.value)
    # Lists are always known, so "not reported" is a fact too: the absent ones are listed in ABSENT.
    # "Some item of S" is one engine rule per item, never an `$or` inside `$iany`: for that shape
    # durable_rules' createAlpha branches on an uninitialised field (found with valgrind), so creating
    # the ruleset could fail at random.
    prop = PAINS if positive else ABSENT
    if spec.every == positive:
        return [frozenset(HasItem(prop, x) for x in items)]
    return [frozenset({HasItem(prop, x)}) for x in sorted(set(items))]
