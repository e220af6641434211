"""What makes the table path fast keeps its meaning: terms whose tests of one coded property never hold
together are not evaluated (and still fire what the reference fires); the fired rules of each listed
entry, coded by their bits among their service's rules, are the lists themselves (one word or several,
or hashed when a service has too many rules); tables in which no rule fires are ranked as ``prescribe``
ranks them; and the cycle collector is switched back on after ``prescribe_frame``."""

from __future__ import annotations

import datetime
import gc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from budget import examples
from gen import CHOICES, SECTIONS, everything, sample_facts
from hypothesis import given
from hypothesis import strategies as st
from test_vector import LAYOUT

from prescriber import batch
from prescriber.engine.reference import PythonMatcher
from prescriber.normal import prop_of
from prescriber.semantics import Cond, Group
from prescriber.vector import FactTable, VectorMatcher, score

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-06-01"


class _Rule:
    def __init__(self, rid: str, expr: Any) -> None:
        self.id, self.expr = rid, expr


def _fired(rules: list[tuple[str, Any, str, int]], cases: list[Any]) -> list[set[str]]:
    vm = VectorMatcher([_Rule(r[0], r[1]) for r in rules], LAYOUT)  # type: ignore[misc]
    rows, ridx = vm.match(FactTable.from_facts(cases, LAYOUT))
    got: list[set[str]] = [set() for _ in cases]
    for r, i in zip(rows.tolist(), ridx.tolist(), strict=True):
        got[r].add(rules[i][0])
    return got


def _one_field_cond(field: str) -> st.SearchStrategy[Cond]:
    """``eq``, ``in`` or ``not_in`` on one coded field (a choice or the industry section)."""
    kind: Any = "industry" if field == "industry" else "choice"
    vals = st.sampled_from(SECTIONS if field == "industry" else CHOICES[field])
    return st.one_of(
        vals.map(lambda v: Cond(field, kind, "eq", v)),
        st.tuples(st.sampled_from(("in", "not_in")), st.lists(vals, min_size=1, max_size=3, unique=True)).map(
            lambda t: Cond(field, kind, t[0], tuple(t[1]))  # type: ignore[arg-type]
        ),
    )


@st.composite
def _same_field_rules(draw: st.DrawFn) -> list[tuple[str, Any, str, int]]:
    """Rules whose ``all`` holds two to four tests of one coded field (some of them negated), beside
    a test of another field: contradictions, implications and overlaps."""
    rules = []
    for i in range(draw(st.integers(1, 12))):
        field = draw(st.sampled_from(["industry", "region", "size"]))
        conds: list[Any] = draw(st.lists(_one_field_cond(field), min_size=2, max_size=4))
        conds = [Group("not", (c,)) if draw(st.booleans()) and c.op == "eq" else c for c in conds]
        conds.append(Cond("flags.a", "bool", "eq", draw(st.booleans())))
        rules.append((f"r{i:03d}", Group("all", tuple(conds)), "gen.yaml", i + 1))
    return rules


@examples(100)
@given(rules=_same_field_rules(), seed=st.integers(0, 2**16))
def test_tests_of_one_field_together_fire_what_the_reference_fires(rules: Any, seed: int) -> None:
    cases = [everything(), *sample_facts(300, seed=seed)]
    reference = PythonMatcher(rules)
    for case, fired in zip(cases, _fired(rules, cases), strict=True):
        assert fired == set(reference.match(case)), case.values


def test_a_contradiction_is_not_evaluated_and_an_implied_test_is_dropped() -> None:
    region = prop_of("region")
    never = Group(
        "all", (Cond("region", "choice", "eq", "fuzhou"), Cond("region", "choice", "in", ("xiamen",)))
    )
    implied = Group(
        "all",
        (Cond("region", "choice", "eq", "fuzhou"), Cond("region", "choice", "in", ("fuzhou", "ningde"))),
    )
    vm = VectorMatcher([_Rule("never", never), _Rule("implied", implied)], LAYOUT)  # type: ignore[list-item]
    assert [(i, [a.prop for a in term]) for i, term in vm.terms] == [(1, [region])]
    cases = [everything(), *sample_facts(200, seed=5)]
    reference = PythonMatcher([("never", never, "x", 1), ("implied", implied, "x", 2)])
    fired = _fired([("never", never, "x", 1), ("implied", implied, "x", 2)], cases)
    assert any(fired)
    for case, got in zip(cases, fired, strict=True):
        assert got == set(reference.match(case))


@st.composite
def _ranked(draw: st.DrawFn, scorer: score.Scorer, own: bool) -> score.Ranked:
    """Listed entries and the (row, rule) pairs that recommended them, as :meth:`Scorer.rank` gives
    them: each pair names its rule's own service, no veto, in runs of one rule."""
    recommending = np.flatnonzero(~scorer.veto).tolist()
    n = draw(st.integers(1, 8))
    pairs = draw(st.sets(st.tuples(st.integers(0, n - 1), st.sampled_from(recommending)), max_size=120))
    s_count = len(scorer.core)
    bare = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, s_count - 1)), max_size=6))
    cells = {(r, int(scorer.rule_svc[rule])) for r, rule in pairs}
    entries = sorted(cells | bare)
    in_order = sorted(pairs, key=lambda p: (p[1], p[0]))
    return score.Ranked(
        rows=np.array([r for r, _ in entries], np.int64),
        services=np.array([s for _, s in entries], np.int64),
        ranks=np.ones(len(entries), np.int64),
        scores=np.zeros(len(entries)),
        count=np.bincount([r for r, _ in entries], minlength=n),
        pair_rows=np.array([r for r, _ in in_order], np.int64),
        pair_services=scorer.rule_svc[np.array([rule for _, rule in in_order], np.int64)].astype(np.int64),
        pair_rules=np.array([rule for _, rule in in_order], np.int64),
        own=own,
    )


def _same_as_named(scorer: score.Scorer, ranked: score.Ranked) -> None:
    offsets, named = scorer.named(ranked)
    expected, first = score.distinct_lists(offsets, named)
    codes, bounds, rules = scorer.distinct_named(ranked)
    assert codes.tolist() == expected.tolist()
    assert len(bounds) == len(first) + 1
    for c, k in enumerate(first.tolist()):
        assert rules[bounds[c] : bounds[c + 1]].tolist() == named[offsets[k] : offsets[k + 1]].tolist()


@pytest.mark.parametrize("way", ["one word", "several words", "hashed"])
@examples(60)
@given(data=st.data(), own=st.booleans())
def test_rule_lists_coded_by_their_bits_are_the_lists_named(
    rx_python: Any, way: str, data: st.DataObject, own: bool
) -> None:
    """Coded by the bits of each entry's rules (in one 52-bit word, or in words of 2 bits, so that a
    service's rules span several), or hashed (no words allowed), the lists are those :meth:`named`
    gives, coded as :func:`distinct_lists` codes them."""
    engine = rx_python._state.tables
    bit, words = {"one word": (52, 4), "several words": (2, 1000), "hashed": (52, 0)}[way]
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(score, "_BIT", bit)
        mp.setattr(score, "_WORDS", words)
        scorer = score.Scorer(engine.book, engine.layout)
        assert (scorer._words > 1) == (way == "several words")
        _same_as_named(scorer, data.draw(_ranked(scorer, own)))


def test_pairs_not_of_their_rules_service_are_still_named_exactly(rx_python: Any) -> None:
    """A (row, service) pair naming a rule of another service (no pair :meth:`rank` makes) is not read
    as a bit of the wrong service: the lists are hashed and checked instead."""
    scorer = rx_python._state.tables.scorer
    rule = int(np.flatnonzero(~scorer.veto)[0])
    other = (int(scorer.rule_svc[rule]) + 1) % len(scorer.core)
    ranked = score.Ranked(
        rows=np.array([0, 0], np.int64),
        services=np.sort(np.array([other, scorer.rule_svc[rule]], np.int64)),
        ranks=np.ones(2, np.int64),
        scores=np.zeros(2),
        count=np.array([2]),
        pair_rows=np.array([0, 0], np.int64),
        pair_services=np.array([other, scorer.rule_svc[rule]], np.int64),
        pair_rules=np.array([rule, rule], np.int64),
    )
    _same_as_named(scorer, ranked)


def _examples() -> pd.DataFrame:
    return next(batch.read_frames(ROOT / "examples/enterprises.csv"))


def test_rows_on_which_no_rule_fires_list_the_core_services_alone(rx_python: Any, monkeypatch: Any) -> None:
    """When no rule fires on any row of a chunk, each row lists the core services alone, in catalogue
    order, with score 0.0 (a float, as ``prescribe`` gives) and no rule."""
    engine = rx_python._state.tables
    none = (np.zeros(0, np.int32), np.zeros(0, np.int32))
    monkeypatch.setattr(engine.matcher, "match", lambda table: none)
    result = rx_python.prescribe_frame(_examples().head(5), as_of=DAY)
    core = [s.id for s in rx_python.book.catalog.services if s.core]
    assert core and result.long["score"].dtype == np.float64 and result.fired == {}
    expected = [(r, k + 1, s, 0.0, "") for r in range(1, 6) for k, s in enumerate(core)]
    long = result.long
    assert list(zip(long.row, long["rank"], long.service, long.score, long.rules, strict=True)) == expected


def test_an_empty_frame_gives_empty_tables_of_the_same_types(rx_python: Any) -> None:
    frame = _examples()
    empty = rx_python.prescribe_frame(frame.iloc[:0], as_of=DAY)
    some = rx_python.prescribe_frame(frame.head(3), as_of=DAY)
    assert len(empty.long) == len(empty.wide) == len(empty.enterprises) == 0
    assert empty.long.dtypes.to_dict().keys() == some.long.dtypes.to_dict().keys()
    for name in ("row", "rank", "score"):
        assert empty.long[name].dtype == some.long[name].dtype


def test_the_cycle_collector_is_on_again_after_prescribe_frame(rx_python: Any) -> None:
    frame = _examples().head(20)
    assert gc.isenabled()
    rx_python.prescribe_frame(frame, as_of=DAY)
    assert gc.isenabled()
    with pytest.raises(TypeError):  # not a table: raised while the collector is paused
        rx_python.prescribe_frame(42, as_of=DAY)
    assert gc.isenabled()
    gc.disable()
    try:  # off before the call: left off
        rx_python.prescribe_frame(frame, as_of=DAY)
        assert not gc.isenabled()
    finally:
        gc.enable()


@examples(40)
@given(data=st.data())
def test_pairs_in_any_order_rank_and_name_as_pairs_in_runs_of_one_rule(
    rx_python: Any, data: st.DataObject
) -> None:
    """The matcher gives the pairs in runs of one rule, in rule order, and ranking spreads each rule's
    values run by run; pairs in another order (each rule's values gathered) give the same lists."""
    engine = rx_python._state.tables
    frame = _examples().head(6)
    table, _, _ = batch.fact_table(engine.book, engine.layout, frame, 1)
    r_count = len(engine.book.rules)
    pairs = data.draw(
        st.sets(st.tuples(st.integers(0, table.n - 1), st.integers(0, r_count - 1)), max_size=200)
    )
    in_runs = sorted(pairs, key=lambda p: (p[1], p[0]))
    shuffled = data.draw(st.permutations(in_runs))
    top, day = data.draw(st.none() | st.integers(0, 4)), datetime.date(2026, 6, 1)
    ranked = []
    for order in (in_runs, shuffled):
        rows = np.array([r for r, _ in order], np.int32)
        rules = np.array([rule for _, rule in order], np.int32)
        ranked.append(engine.scorer.rank(table, rows, rules, day, top))
    a, b = ranked
    assert a.sizes is not None  # spread run by run (the other order, when not in runs, gathered)
    for name in ("rows", "services", "ranks", "scores", "count"):
        assert getattr(a, name).tolist() == getattr(b, name).tolist(), name
    named_a, named_b = engine.scorer.distinct_named(a), engine.scorer.distinct_named(b)
    for x, y in zip(named_a, named_b, strict=True):
        assert x.tolist() == y.tolist()
