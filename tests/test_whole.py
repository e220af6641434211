"""A whole prescription, however it is made fast (memos per rule book, the set gates of
needs-information, shared parts), is the one the plain reference construction gives: every rule
evaluated with :func:`prescriber.semantics.evaluate`, every model validated, nothing remembered —
value for value, type for type and byte for byte, with the memo empty and warm, on the shipped rule
base and on a synthetic match-heavy one (``bench/synth.py``)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st
from profiles import profiles
from test_trusted import shape

import prescriber
from prescriber import explain
from prescriber.compiler import CompiledRule, RuleBook
from prescriber.models import Evidence, Exclusion, FiredRule, Item, NeedInfo, Prescription
from prescriber.questions import ask
from prescriber.rank import Ranking, rank
from prescriber.semantics import UNKNOWN, Check, Facts, evaluate

ROOT = Path(__file__).resolve().parent.parent


def _cite(checks: tuple[Check, ...], book: RuleBook) -> tuple[Evidence, ...]:
    out = []
    for c in checks:
        spec = book.table.fields[c.cond.field]
        out.append(
            Evidence(
                field=c.cond.field,
                label=spec.label,
                op=c.cond.op,
                expected=explain._json(c.cond.value),
                actual=explain._json(c.actual),
                outcome=c.outcome,
                negated=c.negated,
                text=explain.describe(c, spec),
            )
        )
    return tuple(out)


def _reason(rule: CompiledRule, facts: Facts, book: RuleBook, name: str) -> str:
    text = rule.reason
    for field in explain.placeholders(text):
        value = facts.values.get(field)
        if field != "name" and value is None:
            text = explain._without(text, field)
            continue
        shown = name if field == "name" else explain.show(book.table.fields[field], value)
        text = text.replace("{" + field + "}", shown).replace("{ " + field + " }", shown)
    return text.strip("，；、 ") or rule.title


def _needs(book: RuleBook, facts: Facts, day: date, prescribed: set[str]) -> tuple[NeedInfo, ...]:
    missing = {f for f in book.readers if facts.values.get(f) is None}
    out = []
    for rule in book.rules:
        if not rule.fields & missing or not rule.in_force(day):
            continue
        if rule.effect == "exclude" and rule.service not in prescribed:
            continue
        result, checks = evaluate(rule.expr, facts)
        if result == UNKNOWN:
            out.append(
                NeedInfo(
                    rule=rule.id,
                    title=rule.title,
                    service=rule.service,
                    effect=rule.effect,
                    missing=tuple(sorted({c.cond.field for c in checks if c.actual is None})),
                    evidence=_cite(checks, book),
                )
            )
    return tuple(out)


def reference(
    book: RuleBook, facts: Facts, ranking: Ranking, name: str, day: date, **rest: Any
) -> Prescription:
    """The prescription built the plain way."""
    catalog = book.catalog
    items = []
    for r in ranking.items:
        s = catalog.service_by_id[r.service]
        fired = tuple(
            FiredRule(
                id=x.rule.id,
                title=x.rule.title,
                weight=x.rule.weight,
                factor=x.factor,
                points=x.points,
                reason=_reason(x.rule, facts, book, name),
                source=x.rule.source,
                evidence=_cite(evaluate(x.rule.expr, facts)[1], book),
            )
            for x in r.rules
        )
        items.append(
            Item(
                rank=r.rank,
                service=s.id,
                name=s.name,
                name_en=s.name_en,
                category=s.category,
                core=s.core,
                score=r.score,
                summary=s.summary,
                benefit=s.benefit,
                delivered_by=s.delivered_by,
                channel=s.channel,
                policy_basis=catalog.basis(s.id),
                rules=fired,
            )
        )
    excluded = tuple(
        Exclusion(
            service=v.service,
            name=catalog.service_by_id[v.service].name,
            rule=v.id,
            title=v.title,
            reason=_reason(v, facts, book, name),
            overrides=tuple(ranking.overridden.get(v.service, ())),
            evidence=_cite(evaluate(v.expr, facts)[1], book),
        )
        for v in ranking.vetoes
    )
    needs = _needs(book, facts, day, {i.service for i in ranking.items})
    return Prescription(
        enterprise=name,
        as_of=day,
        facts=explain.fact_summary(facts, book.table),
        facts_text=explain.facts_text(facts, book.table),
        items=tuple(items),
        excluded=excluded,
        needs_information=needs,
        questions=ask(book, facts, ranking, needs),
        rulebase=book.fingerprint,
        lapsed=explain.lapsed(book, ranking),
        **rest,
    )


def _same(rx: prescriber.Prescriber, profile: dict[str, Any], day: str, top: int | None) -> None:
    as_of = date.fromisoformat(day)
    model, facts, warnings = rx.facts(profile)
    ranking = rank(rx.book, facts, rx._state.matcher.match(facts), as_of, top)
    slow = reference(
        rx.book,
        facts,
        ranking,
        model.name,
        as_of,
        enterprise_id=model.id,
        warnings=warnings,
        engine=rx.engine,
        versions=rx._versions,
    )
    rx.book.memo.clear()
    cold = rx.prescribe(profile, as_of=day, top=top)
    warm = rx.prescribe(profile, as_of=day, top=top)
    for fast in (cold, warm):
        assert fast.model_dump_json() == slow.model_dump_json()
        assert fast.model_dump_json(indent=2, exclude_defaults=True) == slow.model_dump_json(
            indent=2, exclude_defaults=True
        )
        assert fast == slow
        assert shape(fast) == shape(slow)


@pytest.fixture(scope="module")
def heavy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[prescriber.Prescriber]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "bench"))
    rules = synth.write_rules(tmp_path_factory.mktemp("heavy"), 300, family="heavy")
    with prescriber.Prescriber.from_paths(rules=rules) as p:
        for warm in synth.heavy_profiles(30):  # a memo that other enterprises filled
            p.prescribe(warm, as_of="2026-06-01")
        yield p


DAYS = st.sampled_from(["2024-03-01", "2026-06-01", "2027-01-01", "2031-12-31"])


@examples(60)
@given(profile=profiles(), top=st.one_of(st.none(), st.integers(0, 6)), day=DAYS)
def test_the_shipped_prescription_is_the_reference_one(
    rx: prescriber.Prescriber, profile: dict[str, Any], top: int | None, day: str
) -> None:
    _same(rx, profile, day, top)


@examples(40)
@given(profile=profiles(), top=st.one_of(st.none(), st.integers(0, 6)))
def test_a_match_heavy_prescription_is_the_reference_one(
    heavy: prescriber.Prescriber, profile: dict[str, Any], top: int | None
) -> None:
    _same(heavy, profile, "2026-06-01", top)
