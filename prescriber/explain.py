"""Why, why not, and what is missing — formatted from the evidence :mod:`prescriber.semantics`
records. Nothing here decides anything: it re-reads evaluations and puts them in words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any, assert_never

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
from prescriber.operators import OPERATORS, SIGNS, SUMMARISED, WORDED, YES_NO, Family, Shape
from prescriber.questions import ask
from prescriber.rank import Ranking
from prescriber.semantics import (
    NEGATION,
    TRUE,
    UNKNOWN,
    Check,
    Cond,
    Facts,
    IndustryCode,
    evaluate,
    outcome,
    settle,
)

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
    items = []
    for r in ranking.items:
        before, after = _service_parts(book, r.service)
        fired = tuple(
            trusted(
                FiredRule,
                {
                    "id": x.rule.id,
                    "title": x.rule.title,
                    "weight": x.rule.weight,
                    "factor": float(x.factor),
                    "points": float(x.points),
                    "reason": render_reason(x.rule, facts, book.table, name),
                    "source": x.rule.source,
                    "evidence": _evidence(x.rule, facts, book),
                },
            )
            for x in r.rules
        )
        items.append(
            trusted(Item, {"rank": r.rank, **before, "score": float(r.score), **after, "rules": fired})
        )
    excluded = tuple(
        trusted(
            Exclusion,
            {
                "service": v.service,
                "name": catalog.service_by_id[v.service].name,
                "rule": v.id,
                "title": v.title,
                "reason": render_reason(v, facts, book.table, name),
                "overrides": tuple(ranking.overridden.get(v.service, ())),
                "evidence": _evidence(v, facts, book),
            },
        )
        for v in ranking.vetoes
    )
    needs = needs_information(book, facts, as_of, {i.service for i in ranking.items})
    summary, text = _fact_parts(facts, book)
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


def _service_parts(book: RuleBook, service: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What an item says of its service before and after its score, from the rule book's memo."""
    key = ("item", service)
    parts: tuple[dict[str, Any], dict[str, Any]] | None = book.memo.get(key)
    if parts is None:
        s = book.catalog.service_by_id[service]
        parts = (
            {"service": s.id, "name": s.name, "name_en": s.name_en, "category": s.category, "core": s.core},
            {
                "summary": s.summary,
                "benefit": s.benefit,
                "delivered_by": s.delivered_by,
                "channel": s.channel,
                "policy_basis": book.catalog.basis(s.id),
            },
        )
        remember(book.memo, key, parts)
    return parts


LAPSED = "政策已到期，待新政策"


def lapsed(book: RuleBook, ranking: Ranking) -> tuple[Lapsed, ...]:
    """The services withheld because their policy basis has lapsed, for staff."""
    catalog = book.catalog
    return tuple(
        Lapsed(
            service=s,
            name=catalog.service_by_id[s].name,
            status=LAPSED,
            rules=rules,
            policies=tuple(
                f"{p.label()}（截至 {p.valid_until}）" if p.valid_until else p.label()
                for p in catalog.instruments(s)
            ),
        )
        for s, rules in ranking.lapsed.items()
    )


def needs_information(
    book: RuleBook, facts: Facts, as_of: date, prescribed: set[str]
) -> tuple[NeedInfo, ...]:
    """Rules in force that could fire if the facts they miss were known (:mod:`prescriber.needs`),
    each with the facts it misses and the evidence it could not settle."""
    return tuple(
        trusted(
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
        for rule, checks in undecided_rules(book, facts, as_of, prescribed)
    )


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
    conds = rule.conjuncts
    if conds is None:
        result, checks = evaluate(rule.expr, facts)
        cited = tuple(_to_evidence(c, book) for c in checks)
    else:  # a true conjunction cites every condition (semantics.settle); no need to walk the tree
        values, memo = facts.values, book.memo
        found = []
        for c in conds:  # _cite, with its memo's hit inlined
            actual = values.get(c.field)
            kind = c.kind
            hit = (memo if kind in _FEW_VALUES else memo.get(kind, _EMPTY)).get(
                ("cite", id(c), actual, type(actual), False)
            )
            found.append(hit if hit is not None else _cite(c, actual, False, book))
        cited = tuple(found)
        result = settle("all", [e.outcome for e in cited])
    assert result == TRUE, f"rule {rule.id} was reported as fired but evaluates {result}"
    return cited


def _to_evidence(c: Check, book: RuleBook) -> Evidence:
    return _cite(c.cond, c.actual, c.negated, book)


# Evidence is immutable and depends only on the condition, the value and whether it is cited inside
# a ``not``: shared between the prescriptions of one rule book, in its memo (freed with it, emptied when
# full: :func:`prescriber.compiler.remember`). Keyed by the condition's identity — the book's rules
# share equal conditions (``semantics.interned``) and keep them alive — because hashing a condition
# costs more than building the key; the value's type is part of the key because 7 == 7.0 and True == 1
# hash alike. Numbers and pain-point sets take many values: they have a memo of their own, so that
# filling it never empties the one of the few values of yes/no, choice and industry fields.
_FEW_VALUES = frozenset({"bool", "choice", "industry"})
_EMPTY: dict[Any, Evidence] = {}


def _cite(cond: Cond, actual: Any, negated: bool, book: RuleBook) -> Evidence:
    memo = book.memo
    if cond.kind not in _FEW_VALUES:
        bucket = memo.get(cond.kind)
        if bucket is None:
            bucket = {}
            remember(memo, cond.kind, bucket)
        memo = bucket
    key = ("cite", id(cond), actual, type(actual), negated)
    hit: Evidence | None = memo.get(key)
    if hit is not None:
        return hit
    spec = book.table.fields[cond.field]
    result = outcome(cond, actual)
    check = Check(cond, actual, NEGATION[result] if negated else result, negated)
    evidence = trusted(
        Evidence,
        {
            "field": cond.field,
            "label": spec.label,
            "op": cond.op,
            "expected": _json(cond.value),
            "actual": _json(actual),
            "outcome": check.outcome,
            "negated": negated,
            "text": describe(check, spec),
        },
    )
    remember(memo, key, evidence)
    return evidence


def _json(value: Any) -> Any:
    if isinstance(value, IndustryCode):
        return str(value.division or value.section) if value.group is None else str(value)
    if isinstance(value, frozenset):
        return tuple(sorted(value))
    return value


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


def _fact_parts(facts: Facts, book: RuleBook) -> tuple[dict[str, Any], dict[str, str]]:
    """:func:`fact_summary` and :func:`facts_text` in one pass, each known value's JSON form and text
    taken from the rule book's memo (keyed by field, value and the value's type: 7 == 7.0)."""
    values, memo = facts.values, book.memo
    shown = memo.get("facts")
    if shown is None:
        shown = {}
        remember(memo, "facts", shown)
    summary: dict[str, Any] = {}
    text: dict[str, str] = {}
    for name, spec in book.table.fields.items():
        value = values.get(name)
        if value is None or spec.kind not in SUMMARISED:
            continue
        key = (name, value, type(value))
        hit = shown.get(key)
        if hit is None:
            hit = (_json(value), show(spec, value) if spec.kind in WORDED else None)
            remember(shown, key, hit)
        summary[name] = hit[0]
        if hit[1] is not None:
            text[spec.label] = hit[1]
    return summary, text


def render_reason(rule: CompiledRule, facts: Facts, table: FieldTable, name: str) -> str:
    """The rule's reason with ``{field}`` replaced by the enterprise's values. A value the profile did
    not give is never printed as 未知: the bracket or clause that holds it is left out (the rule's
    title stands in when nothing else is left)."""
    text = rule.reason
    fields = _placeholders(text)
    if not fields:  # the same for every enterprise (most reasons): made once per text and title
        return _fixed_reason(text, rule.title)
    for field in fields:
        value = facts.values.get(field)
        if field != "name" and value is None:
            text = _without(text, field)
            continue
        shown = name if field == "name" else show(table.fields[field], value)
        text = text.replace("{" + field + "}", shown).replace("{ " + field + " }", shown)
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


def show(spec: FieldSpec, value: Any) -> str:
    """A value as a caseworker reads it."""
    return _show(spec, value, type(value).__name__)


@lru_cache(maxsize=8192)
def _show(spec: FieldSpec, value: Any, _: str) -> str:
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, IndustryCode):
        code = value.division or value.section
        finer = value.klass or value.group
        name = "，".join(x for x in (_industry_name(code, spec), finer) if x)
        return f"{code}（{name}）" if name else code
    if isinstance(value, frozenset | tuple | list):
        return "、".join(show(spec, v) for v in value) or "无"
    if isinstance(value, int | float):
        return _number(value, spec)
    if spec.kind == "industry":
        return f"{value}（{_industry_name(value, spec)}）"
    return spec.show(str(value))


def _industry_name(code: str, spec: FieldSpec) -> str:
    return spec.names.get(code, "")


def _number(value: float, spec: FieldSpec) -> str:
    if spec.unit == "比例":
        return f"{value * 100:.4g}%"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{text} {spec.unit}" if spec.unit else text


@lru_cache(maxsize=4096)
def _requirement(cond: Cond, neg: bool, spec: FieldSpec) -> str:
    """What the condition asks for, already negated when it is cited inside ``not`` (the operator's
    wording is declared in :mod:`prescriber.operators`)."""
    op, v = OPERATORS[cond.op], cond.value
    match op.family:
        case Family.KNOWN:
            return op.says[v == neg]
        case Family.COMPARE:
            return op.phrase(spec.kind, neg).format(v=show(spec, v))
        case Family.MEMBER if op.shape is Shape.ONE:  # {other}: the other value of a yes/no
            other = show(spec, not v) if isinstance(v, bool) else ""
            return op.phrase(spec.kind, neg).format(v=show(spec, v), other=other)
        case Family.MEMBER:
            return op.says[neg].format(v="、".join(show(spec, x) for x in v))
        case Family.RANGE:
            return op.says[neg].format(lo=show(spec, v[0]), hi=show(spec, v[1]))
        case Family.ITEMS:
            return op.says[neg].format(v="、".join(spec.show(x) for x in op.listed(v)))
        case Family.PATTERN:
            return op.says[neg].format(v=v)
        case _:
            assert_never(op.family)


def _actual(c: Check, spec: FieldSpec) -> str:
    op = OPERATORS[c.cond.op]
    if op.family is Family.ITEMS and c.actual is not None:  # the items named, in the order written
        wanted = op.listed(c.cond.value)
        hit = [x for x in wanted if x in c.actual]
        return "已报告" + "、".join(spec.show(x) for x in hit) if hit else "未报告"
    return show(spec, c.actual)


def describe(c: Check, spec: FieldSpec) -> str:
    """One line for one piece of evidence, e.g. ``职工人数需 ≥ 50 人，当前 30 人``."""
    need = _requirement(c.cond, c.negated, spec)
    need = f" {need}" if need[0] in SIGNS else need
    if c.outcome == TRUE:
        return f"{spec.label}{need}（当前：{_actual(c, spec)}）"
    if c.outcome == UNKNOWN:
        return f"{spec.label}未知，需{need}"
    return f"{spec.label}需{need}，当前：{_actual(c, spec)}"
