"""What is missing: the rules in force that a profile leaves undecided for want of a fact, each with
the conditions it could not settle. Found once per set of missing fields and day (in the rule book's
memo); :mod:`prescriber.explain` puts them in words and :mod:`prescriber.questions` chooses among them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from prescriber.compiler import CompiledRule, RuleBook, remember
from prescriber.operators import OPERATORS
from prescriber.semantics import FALSE, UNKNOWN, Check, Cond, Facts, evaluate, outcome, truth, undecided

__all__ = ["undecided_rules"]


def undecided_rules(
    book: RuleBook, facts: Facts, as_of: date, prescribed: set[str]
) -> tuple[tuple[CompiledRule, tuple[Check, ...]], ...]:
    """Rules in force that could fire if the facts they miss were known, with the checks left
    undecided: every recommending rule, and the vetoes of services that are in the prescription (a
    veto of an absent service changes nothing). A conjunction whose known conditions all hold gives
    the same checks (the same tuple) for every profile that misses the same facts."""
    values = dict(facts.values)  # a mapping proxy's get() is a method call: several times a dict's
    out = []
    unknown = tuple(f for f in book.readers if values.get(f) is None)
    for rule, plan in _candidates(book, unknown, as_of, values):
        if rule.effect == "exclude" and rule.service not in prescribed:
            continue
        if plan is None:
            checks: tuple[Check, ...] = (
                evaluate(rule.expr, facts)[1] if truth(rule.expr, facts) == UNKNOWN else ()
            )
        else:  # a conjunction: its conditions on the missing facts are undecided, the others known
            tests, industries, fixed = plan
            checks = fixed
            for field, holds, value in tests:  # outcome() on a known value, without its dispatch
                if not holds(values[field], value):
                    checks = ()
                    break
            else:
                for cond in industries:
                    result = outcome(cond, values[cond.field])
                    if result == FALSE:
                        checks = ()
                        break
                    if result == UNKNOWN:  # an industry known only by its section: walk it as it is
                        checks = undecided(rule.conjuncts or (), facts)
                        break
        if checks:
            out.append((rule, checks))
    return tuple(out)


Test = tuple[str, Callable[[Any, Any], bool], Any]
Plan = tuple[tuple[Test, ...], tuple[Cond, ...], tuple[Check, ...]] | None
"""A conjunction's conditions on known facts — (field, the operator's meaning, value), its conditions
on a known industry — and its checks on the missing facts (``None``: another rule, evaluated as a
whole)."""
Candidate = tuple[int, CompiledRule, Plan]
Gates = tuple[
    tuple[Candidate, ...],
    tuple[Candidate, ...],
    dict[tuple[str, Any], tuple[Candidate, ...]],
]


def _candidates(
    book: RuleBook, missing: tuple[str, ...], day: date, values: Mapping[str, Any]
) -> list[tuple[CompiledRule, Plan]]:
    """The rules of :func:`_readers_in_force` that may be undecided on ``values``, in id order, each with
    its plan for ``missing``: a conjunction that asks a set field to contain an item the enterprise did
    not report is false whatever the missing facts are, so it is not looked at (most rules name a pain
    point), nor is one that asks a missing fact to be known."""
    if not missing:
        return []
    key = ("gates", missing, day)
    gates: Gates | None = book.memo.get(key)
    if gates is None:
        gates = _gates(_readers_in_force(book, missing, day), frozenset(missing))
        remember(book.memo, key, gates)
    everyone, ungated, gated = gates
    found = list(ungated)
    for field in {f for f, _ in gated}:
        held = values.get(field)
        if held is None:  # the set itself is unknown: no gate can be trusted
            found = list(everyone)
            break
        for item in held:
            found += gated.get((field, item), ())
    else:
        found.sort(key=_first)
    return [(r, plan) for _, r, plan in found]


def _first(x: Candidate) -> int:
    return x[0]


def _gates(rules: tuple[CompiledRule, ...], missing: frozenset[str]) -> Gates:
    """``rules`` with their plans; those no set condition gates; the others by (field, item)."""
    everyone: list[Candidate] = []
    ungated: list[Candidate] = []
    gated: dict[tuple[str, Any], list[Candidate]] = {}
    for k, r in enumerate(rules):
        conds = r.conjuncts
        plan: Plan = None
        if conds is not None:
            known = [c for c in conds if c.field not in missing]
            lacking = [Check(c, None, outcome(c, None)) for c in conds if c.field in missing]
            if any(c.outcome == FALSE for c in lacking) or any(
                c.op == "exists" and not c.value for c in known
            ):  # asks a missing fact to be known, or a known one to be missing: false
                continue
            # any order tells whether one is false; industries last, the dearest to evaluate
            plan = (
                tuple(
                    (c.field, OPERATORS[c.op].holds, c.value)
                    for c in known
                    if c.kind != "industry" and c.op != "exists"  # a known fact exists
                ),
                tuple(c for c in known if c.kind == "industry" and c.op != "exists"),
                tuple(c for c in lacking if c.outcome == UNKNOWN),
            )
        entry = (k, r, plan)
        everyone.append(entry)
        gate = _gate(r)
        if gate is None:
            ungated.append(entry)
        else:
            gated.setdefault(gate, []).append(entry)
    return tuple(everyone), tuple(ungated), {g: tuple(rs) for g, rs in gated.items()}


def _gate(rule: CompiledRule) -> tuple[str, Any] | None:
    """(set field, item) when ``rule`` is a conjunction one of whose conditions asks that set to
    contain that item (false whenever the item is not reported), else ``None``."""
    for c in rule.conjuncts or ():
        if c.kind == "set" and c.op == "contains":
            return c.field, c.value
    return None


def _readers_in_force(book: RuleBook, missing: tuple[str, ...], day: date) -> tuple[CompiledRule, ...]:
    """The rules in force on ``day`` that read one of the ``missing`` fields, in id order: the same for
    every profile that misses the same fields (:func:`_candidates` keeps them in the rule book's memo)."""
    ids = sorted({r for f in missing for r in book.readers[f]})
    return tuple(r for r in map(book.by_id.__getitem__, ids) if r.in_force(day))
