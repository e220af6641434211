"""Static analysis of a compiled rule base, for policy staff: every finding located, explained, with a
severity and a stable code. Proofs only (``lint.logic``): a finding is never a false alarm.

=========================  ========  ===========================================================
code                       severity  finding
=========================  ========  ===========================================================
lint.never-fires           error     the condition can never hold (empty range, contradiction)
lint.overlapping-versions  error     two versions of one rule (``supersedes``) are in force at once
lint.duplicate             warning   same condition and same effect as another rule
lint.shadowed              warning   whenever the rule fires, a veto of its service fires too
lint.unreachable-service   warning   no rule that can fire recommends this service
lint.unused-pain-point     warning   no rule reads this pain point
lint.unused-field          warning   no rule reads this flag or metric
lint.subsumed              info      fires only when another rule for the same service fires
lint.negated-optional      warning   ``not`` over a fact a profile may omit: never fires until it is given
lint.unguaranteed-placeh…  warning   a ``{field}`` in the reason the rule may fire without knowing (未知)
lint.redundant-veto        warning   a veto that holds only when another veto of its service holds
lint.money-without-end     warning   a service that pays money, with no end date on it or its instruments
lint.unregistered-number   warning   a rule writes a document number the policy register does not hold
lint.lapsed-service        warning   (``--as-of DATE`` only) every instrument of the service has ended
=========================  ========  ===========================================================

(``lint.unguaranteed-placeh…`` is ``lint.unguaranteed-placeholder``.)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from prescriber.codes import Code, Phrase
from prescriber.compiler import CompiledRule, RuleBook
from prescriber.dates import overlaps
from prescriber.errors import Problem, problem
from prescriber.lint import register, traps
from prescriber.lint.logic import implies, satisfiable
from prescriber.normal import DIVISION, SECTION, Term, lower, prop_of, unknown_division
from prescriber.semantics import Cond, Expr, items_named

__all__ = ["CODES", "lint", "pains_read"]

CODES = tuple(code for code in Code if code.startswith("lint."))  # declared in prescriber.codes


def _domains(book: RuleBook) -> dict[str, set[Any]]:
    out: dict[str, set[Any]] = {}
    for name, spec in book.table.fields.items():
        if spec.kind == "choice":
            out[prop_of(name)] = set(spec.choices)
        elif spec.kind == "bool":
            out[prop_of(name)] = {True, False}
    out[SECTION] = set(book.table.sections)
    out[DIVISION] = {s + d for d, s in book.table.divisions.items()} | {
        unknown_division(s) for s in book.table.sections
    }
    return out


def _at(rule: CompiledRule, code: Code, /, **params: object) -> Problem:
    return problem(code, file=rule.file, line=rule.line, column=1, path=rule.id, **params)


def lint(book: RuleBook, as_of: date | None = None) -> list[Problem]:
    """Every finding about ``book``, sorted by location; with ``as_of``, also the services whose
    policy has lapsed by that date."""
    domains = _domains(book)
    dnf = {r.id: [t for t in lower(r.expr) if satisfiable(t, domains)] for r in book.rules}
    out = [_at(r, Code.LINT_NEVER_FIRES, rule=r.id) for r in book.rules if not dnf[r.id]]
    out += _versions(book)
    out += _pairs(book, dnf, domains)
    out += _coverage(book, dnf)
    out += traps.negated_optional(book, _at) + traps.unguaranteed_placeholders(book, _at)
    out += traps.redundant_vetoes(
        book, lambda a, b: _implies(dnf[a.id], dnf[b.id], domains) and _overlaps(a, b), _at
    )
    out += register.money_without_end(book, _declared(book)) + register.unregistered_numbers(book, _at)
    if as_of is not None:
        out += register.lapsed_services(book, as_of, _declared(book))
    return sorted(out)


def _declared(book: RuleBook) -> register.At:
    """Problems placed where the catalogue declares ``(section, key)``."""

    def at(section: str, key: str, path: str, code: Code, /, **params: object) -> Problem:
        file, line = book.declared.get((section, key), ("", 0))
        return problem(code, file=file, line=line, column=1, path=path, **params)

    return at


def _implies(a: list[Term], b: list[Term], domains: Mapping[str, set[Any]]) -> bool:
    return bool(a) and all(any(implies(t, u, domains) for u in b) for t in a)


def _pairs(book: RuleBook, dnf: Mapping[str, list[Term]], domains: Mapping[str, set[Any]]) -> list[Problem]:
    out: list[Problem] = []
    by_service: dict[str, list[CompiledRule]] = {}
    for r in book.rules:
        if dnf[r.id]:
            by_service.setdefault(r.service, []).append(r)
    for rules in by_service.values():
        vetoes = [r for r in rules if r.effect == "exclude"]
        for r in rules:
            if r.effect == "recommend":
                veto = next(
                    (v for v in vetoes if _overlaps(r, v) and _implies(dnf[r.id], dnf[v.id], domains)), None
                )
                if veto is not None:
                    out.append(_at(r, Code.LINT_SHADOWED, rule=r.id, veto=veto.id))
            for other in rules:
                if (
                    other.id == r.id
                    or other.effect != r.effect
                    or not _overlaps(r, other)
                    or _versions_of(r, other)
                ):
                    continue
                if _implies(dnf[r.id], dnf[other.id], domains):
                    if _implies(dnf[other.id], dnf[r.id], domains):
                        if r.id > other.id:  # report a duplicate pair once, at the later id
                            out.append(_at(r, Code.LINT_DUPLICATE, rule=r.id, other=other.id))
                    elif r.effect == "recommend":
                        out.append(_at(r, Code.LINT_SUBSUMED, rule=r.id, other=other.id))
    return out


def _versions_of(a: CompiledRule, b: CompiledRule) -> bool:
    return a.supersedes == b.id or b.supersedes == a.id


def _overlaps(a: CompiledRule, b: CompiledRule) -> bool:
    """Whether two rules can be in force on the same day."""
    return overlaps((a.valid_from, a.valid_until), (b.valid_from, b.valid_until))


def _versions(book: RuleBook) -> list[Problem]:
    out = []
    for r in book.rules:
        old = book.by_id.get(r.supersedes) if r.supersedes else None
        if old is not None and _overlaps(r, old):
            out.append(_at(r, Code.LINT_OVERLAPPING_VERSIONS, rule=r.id, old=old.id))
    return out


def _coverage(book: RuleBook, dnf: Mapping[str, list[Term]]) -> list[Problem]:
    out: list[Problem] = []
    live = [r for r in book.rules if dnf[r.id]]
    reached = {r.service for r in live if r.effect == "recommend"}
    read = set().union(*(r.fields for r in live)) if live else set()
    pains = set().union(*(pains_read(r.expr) for r in live)) if live else set()
    at = _declared(book)
    for s in book.catalog.services:
        if not s.core and s.id not in reached:
            out.append(
                at(
                    "services",
                    s.id,
                    s.id,
                    Code.LINT_UNREACHABLE_SERVICE,
                    service=s.id,
                    name=Phrase(s.name, s.name_en),
                )
            )
    for p in book.catalog.pain_points:
        if p.id not in pains:
            out.append(at("pain_points", p.id, p.id, Code.LINT_UNUSED_PAIN_POINT, pain=p.id, name=p.name))
    for name in book.table.fields:
        if name.startswith(("flags.", "metrics.")) and name not in read:
            section, key = name.split(".", 1)
            out.append(at(section, key, name, Code.LINT_UNUSED_FIELD, field=name))
    return out


def pains_read(e: Expr) -> set[str]:
    """The pain points a condition reads, anywhere in it."""
    if isinstance(e, Cond):
        return set(items_named(e))
    return set().union(*(pains_read(i) for i in e.items))
