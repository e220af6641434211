"""Why, why not, and what is missing — formatted from the evidence :mod:`prescriber.semantics`
records. Nothing here decides anything: it re-reads evaluations and puts them in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from prescriber import compiler
from prescriber.compiler import CompiledRule, RuleBook, placeholders, remember
from prescriber.dates import in_force
from prescriber.fields import FieldSpec, FieldTable
from prescriber.models import (
    Evidence,
    Exclusion,
    FiredRule,
    Item,
    Lapsed,
    NeedInfo,
    Prescription,
    RuleCheck,
    WhyNot,
)
from prescriber.models.prescription import trusted
from prescriber.needs import undecided_rules
from prescriber.operators import OPERATORS, SIGNS, SUMMARISED, WORDED, Family
from prescriber.questions import ask
from prescriber.rank import Ranking
from prescriber.semantics import (
    NEGATION,
    TRUE,
    UNKNOWN,
    Check,
    Cond,
    Facts,
    evaluate,
    outcome,
    settle,
)
from prescriber.wording import actual_text as _actual
from prescriber.wording import describe, show
from prescriber.wording import json_value as _json
from prescriber.wording import requirement as _requirement

__all__ = [
    "describe",
    "fact_summary",
    "facts_text",
    "needs_information",
    "prescription",
    "render_reason",
    "show",
    "why_not",
]


def prescription(
    book: RuleBook,
    facts: Facts,
    ranking: Ranking,
    *,
    name: str,
    enterprise_id: str | None,
    as_of: date,
    engine: str,
    versions: Mapping[str, str],
    warnings: tuple[str, ...],
) -> Prescription:
    """Assemble the prescription: items with fired rules and evidence, vetoes, needs-information.

    The output models are built from values the engine made itself, already of the types validation
    would give (:func:`prescriber.models.prescription.trusted`); what depends on the rule base alone
    (a service's texts and policy basis) is built once per rule book, in its memo."""
    catalog = book.catalog
    memo = book.memo
    plans: dict[str, _Plan] | None = memo.get("plans")
    if plans is None:
        plans = {}
        remember(memo, "plans", plans)
    values = dict(facts.values)  # a mapping proxy's get() is a method call: several times a dict's
    summary, text, shown = _fact_parts(values, book)
    items = []
    for r in ranking.items:
        fired = []
        for x in r.rules:
            rule = x.rule
            plan = plans.get(rule.id)
            if plan is None or plan.rule is not rule:
                plan = plans[rule.id] = _Plan(rule, book)  # at most one per rule of the book
            fields = plan.heads.get((x.factor, x.points))
            if fields is None:
                fields = plan.head(x.factor, x.points)
            fields = fields.copy()
            citers = plan.citers
            if citers is None:
                fields["evidence"] = _evidence(rule, facts, book)
            else:  # a fired conjunction cites every condition, each true: _Citer.cite, its hit inlined
                cited = []
                for c in citers:
                    actual = values.get(c.field)
                    hit = c.true.get(actual if type(actual) is str else (actual, type(actual)))
                    if hit is None:
                        hit = c.cite(actual)
                        if hit.outcome != TRUE:
                            raise AssertionError(f"rule {rule.id} was reported as fired but is not true")
                    cited.append(hit)
                fields["evidence"] = tuple(cited)
            if plan.reason is None:
                fields["reason"] = _reason(rule, values, book.table, name, shown)
            fired.append(trusted(FiredRule, fields))
        item = _service_parts(book, r.service).copy()
        item["rank"] = r.rank
        item["score"] = float(r.score)
        item["rules"] = tuple(fired)
        items.append(trusted(Item, item))
    excluded = tuple(
        trusted(
            Exclusion,
            {
                "service": v.service,
                "name": catalog.service_by_id[v.service].name,
                "rule": v.id,
                "title": v.title,
                "reason": _reason(v, values, book.table, name, shown),
                "overrides": tuple(ranking.overridden.get(v.service, ())),
                "evidence": _evidence(v, facts, book),
            },
        )
        for v in ranking.vetoes
    )
    needs = needs_information(book, facts, as_of, {i.service for i in ranking.items})
    return trusted(
        Prescription,
        {
            "enterprise": name,
            "enterprise_id": enterprise_id,
            "as_of": as_of,
            "facts": summary,
            "facts_text": text,
            "items": tuple(items),
            "excluded": excluded,
            "needs_information": needs,
            "questions": ask(book, facts, ranking, needs),
            "warnings": tuple(warnings),
            "rulebase": book.fingerprint,
            "engine": engine,
            "versions": dict(versions),
            "lapsed": lapsed(book, ranking),
        },
    )


def _service_parts(book: RuleBook, service: str) -> dict[str, Any]:
    """What an item says of its service, in the order of :class:`Item`'s fields, from the rule book's
    memo; ``rank``, ``score`` and ``rules`` are to be set on a copy."""
    key = ("item", service)
    parts: dict[str, Any] | None = book.memo.get(key)
    if parts is None:
        s = book.catalog.service_by_id[service]
        parts = {
            "rank": None,
            "service": s.id,
            "name": s.name,
            "name_en": s.name_en,
            "category": s.category,
            "core": s.core,
            "score": None,
            "summary": s.summary,
            "benefit": s.benefit,
            "delivered_by": s.delivered_by,
            "channel": s.channel,
            "policy_basis": book.catalog.basis(s.id),
            "rules": None,
        }
        remember(book.memo, key, parts)
    return parts


class _Plan:
    """How one rule's firing is explained, worked out once per rule book (in its memo): its conditions'
    citers when it is a plain conjunction, its reason when that shows no value of the enterprise, and
    per (factor, points) the fields of :class:`FiredRule` all but the evidence (and such a reason)."""

    __slots__ = ("citers", "heads", "reason", "rule")

    def __init__(self, rule: CompiledRule, book: RuleBook) -> None:
        self.rule = rule
        conds = rule.conjuncts
        self.citers = None if conds is None else tuple(_citer(c, False, book) for c in conds)
        self.reason = None if _placeholders(rule.reason) else _fixed_reason(rule.reason, rule.title)
        self.heads: dict[tuple[float, float], dict[str, Any]] = {}

    def head(self, factor: float, points: float) -> dict[str, Any]:
        """The fields of the rule fired with ``factor`` and ``points`` (both shown as floats, so that
        equal numbers of another type share it): at most one per severity the rule can be scaled by."""
        r = self.rule
        fields = {
            "id": r.id,
            "title": r.title,
            "weight": r.weight,
            "factor": float(factor),
            "points": float(points),
            "reason": self.reason,
            "source": r.source,
            "evidence": (),
        }
        if len(self.heads) >= _HEADS:
            self.heads.clear()
        self.heads[(factor, points)] = fields
        return fields


_HEADS = 16  # (factor, points) pairs kept per rule: a profile's severity gives one of five


LAPSED = "政策已到期，待新政策"


def lapsed(book: RuleBook, ranking: Ranking) -> tuple[Lapsed, ...]:
    """The services withheld because their policy basis has lapsed, for staff."""
    catalog = book.catalog
    return tuple(
        trusted(
            Lapsed,
            {
                "service": s,
                "name": catalog.service_by_id[s].name,
                "status": LAPSED,
                "rules": rules,
                "policies": tuple(
                    f"{p.label()}（截至 {p.valid_until}）" if p.valid_until else p.label()
                    for p in catalog.instruments(s)
                ),
            },
        )
        for s, rules in ranking.lapsed.items()
    )


def needs_information(
    book: RuleBook, facts: Facts, as_of: date, prescribed: set[str]
) -> tuple[NeedInfo, ...]:
    """Rules in force that could fire if the facts they miss were known (:mod:`prescriber.needs`),
    each with the facts it misses and the evidence it could not settle. The entry of a rule whose
    checks are those every profile missing the same facts gets (one tuple, see
    :func:`prescriber.needs.undecided_rules`) is made once, in the rule book's memo."""
    made: dict[tuple[str, int], tuple[tuple[Check, ...], NeedInfo]] | None = book.memo.get("needs")
    if made is None:
        made = {}
        remember(book.memo, "needs", made)
    out = []
    for rule, checks in undecided_rules(book, facts, as_of, prescribed):
        key = (rule.id, id(checks))
        hit = made.get(key)
        if hit is not None and hit[0] is checks:  # the entry holds the tuple: its id is not reused
            out.append(hit[1])
            continue
        need = trusted(
            NeedInfo,
            {
                "rule": rule.id,
                "title": rule.title,
                "service": rule.service,
                "effect": rule.effect,
                "missing": tuple(sorted({c.cond.field for c in checks if c.actual is None})),
                "evidence": tuple(_to_evidence(c, book) for c in checks),
            },
        )
        remember(made, key, (checks, need))
        out.append(need)
    return tuple(out)


def why_not(book: RuleBook, facts: Facts, service: str, ranking: Ranking, as_of: date) -> WhyNot:
    """Every rule about ``service`` evaluated, and the service's status in the prescription."""
    s = book.catalog.service_by_id[service]
    checks = []
    for rule in book.for_service(service):
        result, evidence = evaluate(rule.expr, facts)
        checks.append(
            RuleCheck(
                rule=rule.id,
                title=rule.title,
                effect=rule.effect,
                outcome=result,
                in_force=rule.in_force(as_of),
                source=rule.source,
                evidence=tuple(_to_evidence(c, book) for c in evidence),
            )
        )
    placed = next((i for i in ranking.items if i.service == service), None)
    if placed is not None:
        status, summary = "recommended", f"已开具，排第 {placed.rank} 位，得分 {placed.score:g}"
    elif any(v.service == service for v in ranking.vetoes):
        status, summary = (
            "excluded",
            "被排除规则否决：" + "；".join(v.title for v in ranking.vetoes if v.service == service),
        )
    elif service in ranking.lapsed:
        status, summary = "lapsed", f"{LAPSED}：所依据的政策在 {as_of} 均已到期"
    elif service in ranking.beyond_top:
        status, summary = "beyond-top", "规则已命中，但排名在所选前 N 项之外"
    elif not in_force((s.valid_from, s.valid_until), as_of):
        status, summary = "not-in-force", f"该服务在 {as_of} 不在有效期内"
    else:
        status, summary = (
            "not-matched",
            "没有一条推荐规则的条件全部满足" if checks else "没有规则推荐这项服务",
        )
    return WhyNot(
        service=service,
        name=s.name,
        status=status,
        rank=placed.rank if placed else None,
        summary=summary,
        rules=tuple(checks),
    )


def _evidence(rule: CompiledRule, facts: Facts, book: RuleBook) -> tuple[Evidence, ...]:
    """The evidence of a fired rule: every condition of a plain conjunction, else what walking its tree
    with :func:`prescriber.semantics.evaluate` cites."""
    conds = rule.conjuncts
    if conds is None:
        result, checks = evaluate(rule.expr, facts)
        cited = tuple(_to_evidence(c, book) for c in checks)
    else:  # a true conjunction cites every condition (semantics.settle); no need to walk the tree
        values = facts.values
        cited = tuple(_citer(c, False, book).cite(values.get(c.field)) for c in conds)
        result = settle("all", [e.outcome for e in cited])
    assert result == TRUE, f"rule {rule.id} was reported as fired but evaluates {result}"
    return cited


def _to_evidence(c: Check, book: RuleBook) -> Evidence:
    return _cite(c.cond, c.actual, c.negated, book)


def _cite(cond: Cond, actual: Any, negated: bool, book: RuleBook) -> Evidence:
    """The evidence of ``cond`` on ``actual`` (inside a ``not`` when ``negated``), from the memo."""
    return _citer(cond, negated, book).cite(actual)


# Evidence is immutable and depends only on the condition, the value and whether it is cited inside
# a ``not``: shared between the prescriptions of one rule book, in its memo, by a citer per (condition,
# negated) — the book's rules share equal conditions (``semantics.interned``) and keep them alive, so a
# condition is known by its identity, cheaper than hashing it. Within a citer, evidence is keyed by the
# value and the value's type (7 == 7.0 and True == 1 hash alike; text is text). Every citer's entries
# count against one bound, the few values of yes/no, choice and industry fields against another (numbers
# and pain-point sets take many values: filling their memo never empties that of the few); a full memo
# is emptied (:class:`_Bound`).
_FEW_VALUES = frozenset({"bool", "choice", "industry"})


class _Bound:
    """The entries of a group of citers' memos: all of them are emptied when they reach ``share``
    times :data:`prescriber.compiler.MEMO_MAX` together."""

    __slots__ = ("held", "memos", "share")

    def __init__(self, share: int) -> None:
        self.share, self.held = share, 0
        self.memos: list[dict[Any, Any]] = []

    def keep(self, memo: dict[Any, Any], key: Any, value: Any) -> None:
        if self.held >= self.share * compiler.MEMO_MAX:
            for m in self.memos:
                m.clear()
            self.held = 0
        memo[key] = value
        self.held += 1


class _Citer:
    """How one condition is cited (inside a ``not`` when ``negated``) on one rule book, and the evidence
    it has given per value."""

    __slots__ = ("bound", "cond", "field", "items", "need", "negated", "seen", "spec", "stem", "true")

    def __init__(self, cond: Cond, negated: bool, book: RuleBook, bound: _Bound) -> None:
        spec = book.table.fields[cond.field]
        self.cond, self.field, self.negated, self.spec, self.bound = cond, cond.field, negated, spec, bound
        self.true: dict[Any, Evidence] = {}  # the evidence that holds, apart: a fired rule's
        self.seen: dict[Any, Evidence] = {}  # the rest
        bound.memos += (self.true, self.seen)
        need = _requirement(cond, negated, spec)
        self.need = f" {need}" if need[0] in SIGNS else need
        self.stem = {"field": cond.field, "label": spec.label, "op": cond.op, "expected": _json(cond.value)}
        self.items = OPERATORS[cond.op].family is Family.ITEMS  # its value shown as the items named

    def cite(self, actual: Any) -> Evidence:
        """The evidence on ``actual`` (``None``: unknown)."""
        key = actual if type(actual) is str else (actual, type(actual))
        hit = self.true.get(key)
        if hit is None:
            hit = self.seen.get(key)
        if hit is None:
            hit = self._evidence(actual)
            self.bound.keep(self.true if hit.outcome == TRUE else self.seen, key, hit)
        return hit

    def _evidence(self, actual: Any) -> Evidence:
        cond, spec, negated = self.cond, self.spec, self.negated
        result = outcome(cond, actual)
        if negated:
            result = NEGATION[result]
        if result == UNKNOWN:  # describe(), its requirement worked out once
            text = f"{spec.label}未知，需{self.need}"
        else:
            shown = _actual(Check(cond, actual, result, negated), spec) if self.items else show(spec, actual)
            text = (
                f"{spec.label}{self.need}（当前：{shown}）"
                if result == TRUE
                else f"{spec.label}需{self.need}，当前：{shown}"
            )
        fields = self.stem.copy()
        fields["actual"] = _json(actual)
        fields["outcome"] = result
        fields["negated"] = negated
        fields["text"] = text
        return trusted(Evidence, fields)


def _citer(cond: Cond, negated: bool, book: RuleBook) -> _Citer:
    """The citer of ``cond`` in ``book``'s memo (at most two per condition of the book)."""
    citers: tuple[dict[tuple[int, bool], _Citer], _Bound, _Bound] | None = book.memo.get("citers")
    if citers is None:
        citers = ({}, _Bound(1), _Bound(2))
        remember(book.memo, "citers", citers)
    key = (id(cond), negated)
    found = citers[0].get(key)
    if found is None or found.cond is not cond:
        bound = citers[1] if cond.kind in _FEW_VALUES else citers[2]
        found = citers[0][key] = _Citer(cond, negated, book, bound)
    return found


def fact_summary(facts: Facts, table: FieldTable) -> dict[str, Any]:
    """The known facts, in field order, as JSON values."""
    return {
        name: _json(facts.values[name])
        for name, spec in table.fields.items()
        if facts.values.get(name) is not None and spec.kind in SUMMARISED
    }


def facts_text(facts: Facts, table: FieldTable) -> dict[str, str]:
    """The known facts as a caseworker reads them: label → shown value (pain points excluded)."""
    return {
        spec.label: show(spec, facts.values[name])
        for name, spec in table.fields.items()
        if facts.values.get(name) is not None and spec.kind in WORDED
    }


def _fact_parts(
    values: Mapping[str, Any], book: RuleBook
) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """:func:`fact_summary` and :func:`facts_text` in one pass, each known value's JSON form and text
    taken from the rule book's memo: per field, by the value and the value's type (7 == 7.0); and
    each worded field's text by the field's name (what :func:`show` gives), for the reasons."""
    shown: tuple[list[tuple[str, FieldSpec, bool, dict[Any, Any]]], _Bound] | None
    shown = book.memo.get("facts")
    if shown is None:
        bound = _Bound(1)
        fields: list[tuple[str, FieldSpec, bool, dict[Any, Any]]] = [
            (name, spec, spec.kind in WORDED, {})
            for name, spec in book.table.fields.items()
            if spec.kind in SUMMARISED
        ]
        bound.memos += [seen for *_, seen in fields]
        shown = (fields, bound)
        remember(book.memo, "facts", shown)
    summary: dict[str, Any] = {}
    text: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for name, spec, worded, seen in shown[0]:
        value = values.get(name)
        if value is None:
            continue
        key = value if type(value) is str else (value, type(value))
        hit: tuple[Any, Any] | None = seen.get(key)
        if hit is None:
            made: tuple[Any, Any] = (_json(value), show(spec, value) if worded else None)
            shown[1].keep(seen, key, made)
            hit = made
        summary[name] = hit[0]
        if worded:
            text[spec.label] = by_name[name] = hit[1]  # shown: never None
    return summary, text, by_name


def render_reason(rule: CompiledRule, facts: Facts, table: FieldTable, name: str) -> str:
    """The rule's reason with ``{field}`` replaced by the enterprise's values. A value the profile did
    not give is never printed as 未知: the bracket or clause that holds it is left out (the rule's
    title stands in when nothing else is left)."""
    return _reason(rule, facts.values, table, name, {})


def _reason(
    rule: CompiledRule, values: Mapping[str, Any], table: FieldTable, name: str, shown: Mapping[str, str]
) -> str:
    """:func:`render_reason`, with the values' texts ``shown`` by field where they are at hand."""
    text = rule.reason
    fields = _placeholders(text)
    if not fields:  # the same for every enterprise (most reasons): made once per text and title
        return _fixed_reason(text, rule.title)
    for field in fields:
        value = values.get(field)
        if field != "name" and value is None:
            text = _without(text, field)
            continue
        said = name if field == "name" else shown.get(field) or show(table.fields[field], value)
        text = text.replace("{" + field + "}", said).replace("{ " + field + " }", said)
    return text.strip("，；、 ") or rule.title


def _without(text: str, field: str) -> str:
    """``text`` without the bracket, or else the clause, that holds ``{field}``."""
    marks = "|".join(re.escape(m) for m in ("{" + field + "}", "{ " + field + " }"))
    text = re.sub(r"[（(][^（()）。，；]*?(?:" + marks + r")[^（()）]*?[）)]", "", text)
    out: list[str] = []
    for part in re.findall(r"[^，。；！？]+[，。；！？]?", text):
        if re.search(marks, part):
            if part[-1] in "。！？" and out and out[-1][-1] in "，；":
                out[-1] = out[-1][:-1] + part[-1]  # the sentence now ends one clause earlier
            continue
        out.append(part)
    return "".join(out)


@lru_cache(maxsize=8192)
def _fixed_reason(text: str, title: str) -> str:
    return text.strip("，；、 ") or title


@lru_cache(maxsize=8192)
def _placeholders(text: str) -> tuple[str, ...]:  # parsed once per reason text, not per prescription
    return tuple(placeholders(text))
