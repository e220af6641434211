"""The memos a whole prescription reads from (per rule book: evidence per condition and value, the
facts' JSON and text per field and value, a rule's contribution per severity) never let two different
inputs share an output — 7 and 7.0, True and 1 are equal and hash alike, but are shown and serialised
apart — and stay within their bound."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st

import prescriber
from prescriber import compiler, explain
from prescriber.compiler import RuleBook
from prescriber.models import Evidence
from prescriber.rank import factor, rank
from prescriber.semantics import NEGATION, Check, Cond, Facts, outcome

DAY = date(2026, 6, 1)


def _fresh(cond: Cond, actual: Any, negated: bool, book: RuleBook) -> Evidence:
    """The evidence built the plain way, validated, nothing remembered."""
    spec = book.table.fields[cond.field]
    result = outcome(cond, actual)
    check = Check(cond, actual, NEGATION[result] if negated else result, negated)
    return Evidence(
        field=cond.field,
        label=spec.label,
        op=cond.op,
        expected=explain._json(cond.value),
        actual=explain._json(actual),
        outcome=check.outcome,
        negated=negated,
        text=explain.describe(check, spec),
    )


def _conds(book: RuleBook, kind: str) -> list[Cond]:
    return sorted(
        {c for r in book.rules for c in r.conjuncts or () if c.kind == kind},
        key=lambda c: (c.field, c.op, repr(c.value)),
    )


def _alike(value: int) -> list[Any]:
    """Values equal to ``value`` (and hashing alike) of other types."""
    out: list[Any] = [value, float(value)]
    if value in (0, 1):
        out.append(bool(value))
    return out


@examples(60)
@given(
    number=st.integers(0, 10**6),
    pick=st.integers(0, 10**6),
    negated=st.booleans(),
    order=st.permutations(range(3)),
    kind=st.sampled_from(["number", "bool"]),
)
def test_equal_values_of_other_types_are_cited_apart(
    rx: prescriber.Prescriber, number: int, pick: int, negated: bool, order: list[int], kind: str
) -> None:
    book = rx.book
    conds = _conds(book, kind)
    cond = conds[pick % len(conds)]
    values = _alike(number if kind == "number" else number % 2)
    book.memo.clear()
    for k in order:
        if k >= len(values):
            continue
        value = values[k]
        for _ in range(2):  # remembered, then from the memo
            got = explain._cite(cond, value, negated, book)
            want = _fresh(cond, value, negated, book)
            assert type(got.actual) is type(want.actual)
            assert got.model_dump_json() == want.model_dump_json()
            assert got == want


@examples(40)
@given(number=st.integers(0, 10**6), order=st.permutations(range(3)))
def test_the_facts_keep_equal_values_of_other_types_apart(
    rx: prescriber.Prescriber, number: int, order: list[int]
) -> None:
    book = rx.book
    numbers = [n for n, s in book.table.fields.items() if s.kind == "number"]
    flags = [n for n, s in book.table.fields.items() if s.kind == "bool"]
    book.memo.clear()
    for k in order:
        value = _alike(number)[k] if k < 2 else True
        bit = _alike(number % 2)[k] if k < len(_alike(number % 2)) else number % 2
        values = {numbers[0]: value, flags[0]: bit}
        facts = Facts(MappingProxyType(values), MappingProxyType({}))
        summary, text, _ = explain._fact_parts(values, book)
        assert summary == explain.fact_summary(facts, book.table)
        assert [type(v) for v in summary.values()] == [type(values[n]) for n in summary]
        assert text == explain.facts_text(facts, book.table)


@examples(30)
@given(severity=st.integers(1, 5), as_float=st.booleans(), seed=st.integers(0, 10**6))
def test_a_rule_s_contribution_per_severity_is_that_severity_s(
    rx: prescriber.Prescriber, severity: int, as_float: bool, seed: int
) -> None:
    book = rx.book
    rules = [r for r in book.rules if r.pains and r.effect == "recommend"]
    chosen = [rules[(seed + k * 7919) % len(rules)] for k in range(4)]
    pains = sorted({p for r in chosen for p in r.pains})
    fired = frozenset(r.id for r in chosen)
    for level in (severity, float(severity)) if as_float else (float(severity), severity):
        levels: dict[str, Any] = dict.fromkeys(pains, level)  # 3.0 as a severity: equal to 3
        facts = Facts(MappingProxyType({}), MappingProxyType(levels))
        warm = rank(book, facts, fired, DAY)
        book.memo.clear()
        cold = rank(book, facts, fired, DAY)
        assert warm == cold
        for item in warm.items:
            for x in item.rules:
                assert x.factor == factor(x.rule, facts) and type(x.factor) is float
                assert x.points == round(x.rule.weight * x.factor, 2)


def test_the_citers_memos_are_bounded_together(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # every memo a _Bound keeps (a citer's evidence per value, a field's JSON and text per value) counts
    # against its one bound, whatever the number of conditions and fields; the output is the same
    examples_ = sorted(p for p in (root / "examples").glob("*") if p.suffix in (".yaml", ".json"))
    with prescriber.load() as rx:
        before = [rx.prescribe(e, as_of=DAY).model_dump_json() for e in examples_]
    keep = explain._Bound.keep
    seen: list[int] = []

    def checked(self: explain._Bound, memo: dict[Any, Any], key: Any, value: Any) -> None:
        keep(self, memo, key, value)
        held = sum(len(m) for m in self.memos)
        assert held == self.held <= self.share * compiler.MEMO_MAX
        seen.append(held)

    monkeypatch.setattr(explain._Bound, "keep", checked)
    monkeypatch.setattr(compiler, "MEMO_MAX", 5)
    with prescriber.load() as rx:
        after = [rx.prescribe(e, as_of=DAY).model_dump_json() for e in examples_]
    assert after == before
    assert max(seen) == 2 * 5 and seen.count(1) > 1  # the bound was reached, and the memos emptied
