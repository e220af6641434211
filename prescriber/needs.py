"""What is missing: the rules in force that a profile leaves undecided for want of a fact, each with
the conditions it could not settle. Found once per set of missing fields and day (in the rule book's
memo); :mod:`prescriber.explain` puts them in words and :mod:`prescriber.questions` chooses among them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from prescriber.compiler import CompiledRule, RuleBook, remember
from prescriber.semantics import UNKNOWN, Check, Facts, evaluate, truth, undecided

__all__ = ["undecided_rules"]


def undecided_rules(
    book: RuleBook, facts: Facts, as_of: date, prescribed: set[str]
) -> tuple[tuple[CompiledRule, tuple[Check, ...]], ...]:
    """Rules in force that could fire if the facts they miss were known, with the checks left
    undecided: every recommending rule, and the vetoes of services that are in the prescription (a
    veto of an absent service changes nothing)."""
    values = facts.values
    out = []
    unknown = tuple(f for f in book.readers if values.get(f) is None)
    for rule in _candidates(book, unknown, as_of, values):
        if rule.effect == "exclude" and rule.service not in prescribed:
            continue
        conds = rule.conjuncts  # a conjunction's truth and evidence in one pass
        checks = (
            undecided(conds, facts)
            if conds is not None
            else (evaluate(rule.expr, facts)[1] if truth(rule.expr, facts) == UNKNOWN else ())
        )
        if checks:
            out.append((rule, tuple(checks)))
    return tuple(out)


Gates = tuple[
    tuple[CompiledRule, ...],
    tuple[tuple[int, CompiledRule], ...],
    dict[tuple[str, Any], tuple[tuple[int, CompiledRule], ...]],
]


def _candidates(
    book: RuleBook, missing: tuple[str, ...], day: date, values: Mapping[str, Any]
) -> tuple[CompiledRule, ...]:
    """The rules of :func:`_readers_in_force` that may be undecided on ``values``, in id order: a
    conjunction that asks a set field to contain an item the enterprise did not report is false
    whatever the missing facts are, so it is not looked at (most rules name a pain point)."""
    if not missing:
        return ()
    key = ("gates", missing, day)
    gates: Gates | None = book.memo.get(key)
    if gates is None:
        gates = _gates(_readers_in_force(book, missing, day))
        remember(book.memo, key, gates)
    everyone, ungated, gated = gates
    found = list(ungated)
    for field in {f for f, _ in gated}:
        held = values.get(field)
        if held is None:  # the set itself is unknown: no gate can be trusted
            return everyone
        for item in held:
            found += gated.get((field, item), ())
    return tuple(r for _, r in sorted(found, key=_first))


def _first(x: tuple[int, CompiledRule]) -> int:
    return x[0]


def _gates(rules: tuple[CompiledRule, ...]) -> Gates:
    """``rules``; those no set condition gates, with their places; the others by (field, item)."""
    ungated: list[tuple[int, CompiledRule]] = []
    gated: dict[tuple[str, Any], list[tuple[int, CompiledRule]]] = {}
    for k, r in enumerate(rules):
        gate = _gate(r)
        if gate is None:
            ungated.append((k, r))
        else:
            gated.setdefault(gate, []).append((k, r))
    return rules, tuple(ungated), {g: tuple(rs) for g, rs in gated.items()}


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
