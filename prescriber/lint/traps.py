"""Authoring traps in rules: conditions that quietly switch a rule off, reasons that would print 未知,
and vetoes that repeat one another. Each finding is a proof over the rule as written.

- ``not`` over a fact a profile may omit: under three-valued logic ``not (X)`` is *unknown* while X is
  unknown, so the rule never fires unless the profile states X. "Already has it" belongs in a veto.
- A ``{placeholder}`` is safe only when the rule, whenever it fires, has read that field's value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from prescriber.codes import Code, field_name, phrases
from prescriber.compiler import CompiledRule, RuleBook, placeholders
from prescriber.errors import Problem
from prescriber.operators import BARE, OPERATORS, Family
from prescriber.semantics import Cond, Expr
from prescriber.workbook.emit import condition_yaml

__all__ = ["known_if", "negated_optional", "redundant_vetoes", "unguaranteed_placeholders"]


def _always_known(book: RuleBook) -> frozenset[str]:
    """The fields every profile states (:attr:`prescriber.fields.FieldSpec.always_known`)."""
    return frozenset(name for name, spec in book.table.fields.items() if spec.always_known)


def known_if(e: Expr, value: bool) -> frozenset[str]:
    """The fields certainly known whenever ``e`` evaluates to ``value`` (true or false, not unknown)."""
    if isinstance(e, Cond):
        if OPERATORS[e.op].family is Family.KNOWN:  # never unknown: says whether the field is known
            return frozenset({e.field}) if bool(e.value) == value else frozenset()
        return frozenset({e.field})
    if e.kind == "not":  # true: every item false; false: some item true
        return _union(e.items, False) if value else _meet(e.items, True)
    if (e.kind == "all") == value:  # all true / any false: every item has that value
        return _union(e.items, value)
    return _meet(e.items, value)  # all false / any true: some item, which one unknown


def _union(items: Iterable[Expr], value: bool) -> frozenset[str]:
    return frozenset().union(*(known_if(i, value) for i in items))


def _meet(items: Iterable[Expr], value: bool) -> frozenset[str]:
    sets = [known_if(i, value) for i in items]
    return frozenset.intersection(*sets) if sets else frozenset()


def _positive(e: Expr) -> frozenset[str]:
    """Fields the rule needs known outside its ``not`` groups."""
    if isinstance(e, Cond) or e.kind != "all":
        return frozenset() if not isinstance(e, Cond) and e.kind == "not" else known_if(e, True)
    return frozenset().union(*(_positive(i) for i in e.items))


def _negated_conds(e: Expr) -> list[Cond]:
    """Conditions directly under a ``not`` that every firing must pass through (via ``all`` only)."""
    if isinstance(e, Cond) or e.kind == "any":
        return []
    if e.kind == "not":
        return [c for c in e.items if isinstance(c, Cond)]
    return [c for i in e.items for c in _negated_conds(i)]


class Finding(Protocol):
    """A problem about ``rule``, at the rule: ``params`` fill its code's message and hint."""

    def __call__(self, rule: CompiledRule, code: Code, /, **params: object) -> Problem: ...


def negated_optional(book: RuleBook, at: Finding) -> list[Problem]:
    """``not`` over a fact the rule does not otherwise require: the rule is switched off until it is given."""
    out = []
    always = _always_known(book)
    for r in book.rules:
        needed = _positive(r.expr)
        for c in _negated_conds(r.expr):
            if OPERATORS[c.op].family is Family.KNOWN or c.field in always or c.field in needed:
                continue
            label = book.table.fields[c.field].label
            fix = (
                phrases.WRITE_EXCLUDE.fill(service=r.service, when="{" + _written(c) + "}")
                if r.effect == "recommend"
                else phrases.WRITE_POSITIVE
            )
            field = field_name(c.field, label, id_first=True)
            out.append(at(r, Code.LINT_NEGATED_OPTIONAL, rule=r.id, field=field, how=fix))
            break
    return out


def _written(c: Cond) -> str:
    """The condition as an author writes it: the value alone for the operator a bare value means on
    its kind of field, else ``{op: value}``."""
    value = list(c.value) if isinstance(c.value, tuple) else c.value
    return condition_yaml({c.field: value if c.op == BARE[c.kind] else {c.op: value}})


def unguaranteed_placeholders(book: RuleBook, at: Finding) -> list[Problem]:
    """A ``{field}`` in a reason that the rule may fire without knowing: it would print 未知."""
    out = []
    for r in book.rules:
        known = known_if(r.expr, True) | _always_known(book)
        missing = [f for f in dict.fromkeys(placeholders(r.reason)) if f not in known]
        if missing:
            out.append(at(r, Code.LINT_UNGUARANTEED_PLACEHOLDER, rule=r.id, field=missing[0]))
    return out


def redundant_vetoes(
    book: RuleBook, implies: Callable[[CompiledRule, CompiledRule], bool], at: Finding
) -> list[Problem]:
    """A veto that holds only when another veto of the same service holds: it never changes anything."""
    out = []
    vetoes: dict[str, list[CompiledRule]] = {}
    for r in book.rules:
        if r.effect == "exclude":
            vetoes.setdefault(r.service, []).append(r)
    for group in vetoes.values():
        for v in group:
            other = next((w for w in group if w.id != v.id and implies(v, w) and not implies(w, v)), None)
            if other is not None:
                out.append(at(v, Code.LINT_REDUNDANT_VETO, rule=v.id, other=other.id))
    return out
