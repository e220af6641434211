"""Lowering: a rule's three-valued condition → the sets of enterprises for which it is *true*, as a
disjunction of conjunctions of positive tests a discrimination network can take (eq, one-of on a
single field, comparisons, ≠, exists, not-exists, any-item-of-a-list).

Negation is pushed to the leaves exactly (Kleene): ``pos(x)`` is where ``x`` is true, ``neg(x)``
where it is false; ``pos(not xs) = ∏ neg(x)``, ``neg(all xs) = ∑ neg(x)`` and so on. A missing
property never satisfies a test, which is exactly "unknown is not true". Each conjunction becomes
one engine rule; a rule fires when any of its conjunctions matches (duplicates collapse in a set).

Also here: the one encoding of facts as engine properties, shared by rules and facts. Their JSON
text is written by :mod:`prescriber.engine.wire`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from typing import Any

from prescriber.semantics import Cond, Expr, Facts, IndustryCode

__all__ = [
    "ABSENT",
    "KIND",
    "PAINS",
    "Atom",
    "FactEncoding",
    "Term",
    "TooComplex",
    "fact_properties",
    "lower",
    "prop_of",
]

Atom = tuple[Any, ...]
"""``("eq", prop, v)``, ``("neq", prop, v)``, ``("or", prop, (v, …))``, ``("cmp", prop, op, v)``,
``("ex", prop)``, ``("nex", prop)``, ``("iany", prop, (v,))`` (one item: see ``_pains``)."""
Term = frozenset[Atom]
DNF = list[Term]

KIND = "kind"  # a property every profile fact has: the test of an always-true conjunction
PAINS = "pains"
ABSENT = "absent_pains"  # the pain points a rule tests for absence that the enterprise did not report
SECTION, DIVISION = "industry_section", "industry_division"
MAX_TERMS = 128


class TooComplex(ValueError):
    """A condition whose exact rewriting needs more than ``MAX_TERMS`` engine rules."""


@lru_cache(maxsize=4096)
def prop_of(field: str) -> str:
    """Engine property name of a field (no dots: the engine would read them as paths)."""
    if field.startswith("flags."):
        return "f:" + field[6:]
    if field.startswith("metrics."):
        return "m:" + field[8:]
    return {"pain_points": PAINS, "industry": SECTION}.get(field, field)


def unknown_division(section: str) -> str:
    """The division value of an enterprise whose section alone is known (never a real code)."""
    return section + "?"


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
    eqs: dict[str, Any] = {}
    for a in term:
        if a[0] == "eq":
            if a[1] in eqs and eqs[a[1]] != a[2]:
                return True
            eqs[a[1]] = a[2]
    props_ex = {a[1] for a in term if a[0] != "nex"}
    return any(a[0] == "nex" and a[1] in props_ex for a in term) or any(
        a[0] == "neq" and eqs.get(a[1], object()) == a[2] for a in term
    )


def _num(v: Any) -> Any:
    # One spelling per number, so equal values share a network node: 50.0 → 50.
    return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v


def _leaf(c: Cond, positive: bool) -> DNF:
    if c.op == "exists":
        if c.kind == "set":  # lists are always known
            return [frozenset()] if c.value == positive else []
        holds = c.value == positive
        return [frozenset({("ex" if holds else "nex", prop_of(c.field))})]
    if c.kind == "industry":
        return _industry(c, positive)
    if c.kind == "set":
        return _pains(c, positive)
    p = prop_of(c.field)
    if c.kind == "bool":
        return [frozenset({("eq", p, c.value if positive else not c.value)})]
    if c.op in ("eq", "in", "not_in"):  # ≠ needs a value: a missing property never matches $neq
        vals = tuple(_num(v) for v in ((c.value,) if c.op == "eq" else c.value))
        if (c.op == "not_in") == positive:
            return [frozenset(("neq", p, v) for v in vals)]
        return [frozenset({("eq", p, vals[0]) if len(vals) == 1 else ("or", p, tuple(sorted(set(vals))))})]
    return _compare(p, c.op, c.value, positive)


_FLIP = {"gte": "lt", "gt": "lte", "lte": "gt", "lt": "gte"}


def _compare(p: str, op: str, value: Any, positive: bool) -> DNF:
    if op == "between":
        lo, hi = _num(value[0]), _num(value[1])
        if positive:
            return [frozenset({("cmp", p, "gte", lo), ("cmp", p, "lte", hi)})]
        return [frozenset({("cmp", p, "lt", lo)}), frozenset({("cmp", p, "gt", hi)})]
    return [frozenset({("cmp", p, op if positive else _FLIP[op], _num(value))})]


def _industry(c: Cond, positive: bool) -> DNF:
    codes = (c.value,) if c.op == "eq" else tuple(c.value)
    secs = tuple(sorted({v for v in codes if len(v) == 1}))
    divs = tuple(sorted({v for v in codes if len(v) > 1 and v[0] not in secs}))
    if (c.op == "not_in") != positive:  # true where the code is one of them
        out: DNF = []
        for prop, vals in ((SECTION, secs), (DIVISION, divs)):
            if vals:
                out.append(frozenset({("eq", prop, vals[0]) if len(vals) == 1 else ("or", prop, vals)}))
        return out
    # True where the code is certainly none of them. An enterprise whose section alone is known carries
    # the division "C?", which differs from every real division but is excluded when a listed division
    # lies in its section (then it might be that division: unknown).
    return [
        frozenset(
            {("neq", SECTION, s) for s in secs}
            | {("neq", DIVISION, d) for d in divs}
            | {("neq", DIVISION, unknown_division(d[0])) for d in divs}
        )
    ]


def _pains(c: Cond, positive: bool) -> DNF:
    items = (c.value,) if c.op == "contains" else tuple(c.value)
    # Lists are always known, so "not reported" is a fact too: the absent ones are listed in ABSENT.
    # "Some item of S" is one engine rule per item, never an `$or` inside `$iany`: for that shape
    # durable_rules' createAlpha branches on an uninitialised field (found with valgrind), so creating
    # the ruleset could fail at random.
    prop = PAINS if positive else ABSENT
    if (c.op == "contains_all") == positive:
        return [frozenset(("iany", prop, (x,)) for x in items)]
    return [frozenset({("iany", prop, (x,))}) for x in sorted(set(items))]


@dataclass(frozen=True)
class FactEncoding:
    """What facts must carry besides their fields: the pain points some rule tests for absence."""

    absent_pains: tuple[str, ...]


def fact_properties(facts: Facts, encoding: FactEncoding) -> dict[str, Any]:
    """The profile fact's properties (without ``sid``/``id``). A missing field is a missing property."""
    out: dict[str, Any] = {KIND: "p"}
    for field, value in facts.values.items():
        if value is None:
            continue
        if isinstance(value, IndustryCode):
            out[SECTION] = value.section
            if value.division is not None:
                out[DIVISION] = value.division
        elif isinstance(value, frozenset):
            out[PAINS] = sorted(value)
        else:
            out[prop_of(field)] = _num(value)
    if isinstance(code := facts.values.get("industry"), IndustryCode) and code.division is None:
        out[DIVISION] = unknown_division(code.section)
    if encoding.absent_pains:
        pains = facts.values.get("pain_points") or frozenset()
        out[ABSENT] = [p for p in encoding.absent_pains if p not in pains]
    return out
