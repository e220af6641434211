"""The vectorised matcher fires exactly what the reference fires (generated rule bases, every
operator, three-valued facts), and a batch equals one prescribe() per row."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from budget import examples
from gen import (
    BOOLS,
    CHOICES,
    DIVISIONS,
    NUMBERS,
    PAINS,
    SECTIONS,
    every_condition,
    everything,
    facts,
    rulebases,
    sample_facts,
)
from hypothesis import given
from hypothesis import strategies as st

from prescriber import api, batch
from prescriber.engine.reference import PythonMatcher
from prescriber.normal import DIVISION, SECTION, prop_of, unknown_division
from prescriber.semantics import Group
from prescriber.vector import FactTable, Layout, VectorMatcher

ROOT = Path(__file__).resolve().parent.parent
VOCAB: dict[str, dict[Any, int]] = {
    prop_of(f): {v: i for i, v in enumerate(vals)} for f, vals in CHOICES.items()
}
VOCAB.update({prop_of(f): {False: 0, True: 1} for f in BOOLS})
VOCAB[SECTION] = {s: i for i, s in enumerate(SECTIONS)}
VOCAB[DIVISION] = {d: i for i, d in enumerate([*DIVISIONS, *(unknown_division(s) for s in SECTIONS)])}
LAYOUT = Layout(VOCAB, tuple(prop_of(f) for f in NUMBERS), PAINS)


class _Rule:
    def __init__(self, rid: str, expr: Any) -> None:
        self.id, self.expr = rid, expr


def _compare(rules: list[tuple[str, Any, str, int]], cases: list[Any]) -> None:
    vm = VectorMatcher([_Rule(r[0], r[1]) for r in rules], LAYOUT)  # type: ignore[misc]
    rows, ridx = vm.match(FactTable.from_facts(cases, LAYOUT))
    got: list[set[str]] = [set() for _ in cases]
    for r, i in zip(rows, ridx, strict=True):
        got[r].add(rules[i][0])
    reference = PythonMatcher(rules)
    for case, fired in zip(cases, got, strict=True):
        assert fired == set(reference.match(case)), case.values


@pytest.mark.slow
@examples(150)
@given(rules=rulebases(max_size=100), cases=st.lists(facts(), min_size=1, max_size=40))
def test_vector_fires_exactly_what_the_reference_fires(rules: Any, cases: Any) -> None:
    _compare(rules, [*cases, everything()])


def test_every_operator_and_its_negation_on_many_rows() -> None:
    conds = every_condition()
    rules = [(f"p{i}", c, "x", i) for i, c in enumerate(conds)] + [
        (f"n{i}", Group("not", (c,)), "x", i) for i, c in enumerate(conds)
    ]
    _compare(rules, [everything(), *sample_facts(2000, seed=3)])


@pytest.mark.slow
def test_batch_equals_one_prescribe_per_row(rx_python: Any) -> None:
    frame = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    result = rx_python.prescribe_frame(frame, as_of="2026-06-01")
    for row in batch.read_table(ROOT / "examples/enterprises.csv"):
        p = rx_python.prescribe(row.profile, as_of="2026-06-01")
        expected = [(i.rank, i.service, i.score, ";".join(sorted(r.id for r in i.rules))) for i in p.items]
        sub = result.long[result.long.row == row.number]
        assert list(zip(sub["rank"], sub.service, sub.score, sub.rules, strict=True)) == expected


def test_top_limits_the_non_core_services(rx_python: Any) -> None:
    frame = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    result = rx_python.prescribe_frame(frame, as_of=datetime.date(2026, 6, 1), top=3)
    assert result.long.groupby("row")["rank"].max().max() == 4  # the core service and three others


def _frames_equal(a: Any, b: Any) -> None:
    import pandas as pd

    for name in ("long", "wide", "errors", "enterprises"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert (a.rows, a.bad, a.fired) == (b.rows, b.bad, b.fired)
    assert list(a.fired) == list(b.fired)


@pytest.mark.slow
@pytest.mark.parametrize("chunk", [1, 7, 64, 239])
def test_a_frame_in_chunks_gives_what_one_run_gives(rx_python: Any, chunk: int) -> None:
    frame = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    frame.loc[[3, 100], "industry"] = "C99"  # bad rows in some chunks
    whole = rx_python.prescribe_frame(frame, as_of="2026-06-01", top=4, chunk=len(frame))
    _frames_equal(rx_python.prescribe_frame(frame, as_of="2026-06-01", top=4, chunk=chunk), whole)
    assert whole.bad == 2 and list(whole.errors.row) == [4, 101]


def test_prescribe_frame_holds_one_chunk_at_a_time(rx_python: Any, monkeypatch: Any) -> None:
    frame = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    seen: list[int] = []
    parts = batch.Engine.parts  # a chunk's arrays: the tables are built once, from all of them joined

    def spy(self: Any, chunk: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(len(chunk))
        return parts(self, chunk, *args, **kwargs)

    monkeypatch.setattr(batch.Engine, "parts", spy)
    monkeypatch.setattr(api, "_FRAME_CHUNK", 50)
    rx_python.prescribe_frame(frame, as_of="2026-06-01")
    assert seen == [50, 50, 50, 50, 40]


@examples(200)
@given(
    rows=st.integers(1, 30),
    services=st.integers(1, 12),
    seed=st.integers(0, 2**32 - 1),
    keep=st.none() | st.integers(0, 6),
)
def test_ranking_row_by_row_equals_one_sort_of_all_entries(
    rows: int, services: int, seed: int, keep: int | None
) -> None:
    import numpy as np

    from prescriber.vector.score import _order, _order_by_row

    rng = np.random.default_rng(seed)
    present = rng.random((rows, services)) < 0.5
    score = np.round(
        rng.choice([0.0, 1.5, 3.0, 12.25, 40.8], (rows, services)) * rng.integers(0, 3, (rows, services)), 2
    )
    core = rng.random(services) < 0.2
    got = _order_by_row(present, score, core, keep)
    if not present.any():
        assert got is None
        return
    assert got is not None
    listed = np.flatnonzero(present)
    row_of, svc_of, scores = _order(listed // services, listed % services, core, score.ravel()[listed])
    total = np.bincount(row_of, minlength=rows)
    count = total if keep is None else np.minimum(total, keep)
    ranks = np.arange(len(row_of)) - np.concatenate(([0], np.cumsum(total)[:-1]))[row_of] + 1
    shown = ranks <= count[row_of]
    for a, b in zip(got, (row_of[shown], svc_of[shown], ranks[shown], scores[shown], count), strict=True):
        assert a.dtype == b.dtype and a.tolist() == b.tolist()


def test_tables_matched_in_several_threads_at_once_fire_what_one_thread_fires(rx_python: Any) -> None:
    """The matcher numbers its tests when it first plans the terms; threads planning at once (several
    ``prescribe_frame`` calls on one rule base) share the numbers and fire the same rules."""
    from concurrent.futures import ThreadPoolExecutor

    frame = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    engine = batch.Engine(rx_python.book)
    table, _, _ = batch.fact_table(rx_python.book, engine.layout, frame, 1)
    expected = [a.tolist() for a in batch.Engine(rx_python.book).matcher.match(table)]
    tables = [table.take(np.arange(table.n)) for _ in range(8)]
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(engine.matcher.match, tables))
    assert all([a.tolist() for a in pair] == expected for pair in got)
