"""The table path in chunks: the fired rules named once per distinct list are the lists themselves,
``iter_prescribe_frame`` gives, chunk by chunk, what ``prescribe_frame`` gives (for any chunk size,
from a frame, from frames one after the other, from a file), both agree with one ``prescribe()`` per
row, and the working memory does not grow with the number of chunks."""

from __future__ import annotations

import gc
import itertools
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from prescriber import batch
from prescriber.vector import score

ROOT = Path(__file__).resolve().parent.parent
DAY = "2026-06-01"


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    table = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    table.loc[[3, 100], "industry"] = "C99"  # two bad rows
    return table


def _equal(a: Any, b: Any) -> None:
    for name in ("long", "wide", "errors", "enterprises"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert (a.rows, a.bad, a.fired) == (b.rows, b.bad, b.fired)
    assert list(a.fired) == list(b.fired)


lists = st.lists(st.lists(st.integers(0, 70_000), max_size=6, unique=True), max_size=60)


def _encoded(xs: list[list[int]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    offsets = np.zeros(len(xs) + 1, np.int64)
    np.cumsum([len(x) for x in xs], out=offsets[1:])
    values = np.array([v for x in xs for v in x], np.int64)
    codes, first = score.distinct_lists(offsets, values)
    return offsets, values, codes, first


def _check(xs: list[list[int]], codes: np.ndarray, first: np.ndarray) -> None:
    """Codes numbered in order of first appearance, equal exactly for equal lists; ``first`` the
    first list of each code."""
    seen: dict[tuple[int, ...], int] = {}
    for k, x in enumerate(xs):
        seen.setdefault(tuple(x), k)
    number = {x: c for c, x in enumerate(seen)}
    assert codes.tolist() == [number[tuple(x)] for x in xs]
    assert first.tolist() == list(seen.values())


@examples(200)
@given(xs=lists, repeat=st.lists(st.integers(0, 59), max_size=40))
def test_distinct_lists_codes_equal_lists_alike(xs: list[list[int]], repeat: list[int]) -> None:
    xs = xs + [xs[i] for i in repeat if i < len(xs)]  # some lists again, later
    _, _, codes, first = _encoded(xs)
    _check(xs, codes, first)


@examples(60)
@given(xs=lists)
def test_distinct_lists_stays_exact_when_every_hash_collides(xs: list[list[int]]) -> None:
    saved = score._KEY.copy()
    score._KEY[:] = 0  # every list of one length has one hash: only the comparison tells them apart
    try:
        _, _, codes, first = _encoded(xs)
    finally:
        score._KEY[:] = saved
    _check(xs, codes, first)


def test_the_fired_rules_are_what_joining_every_lines_list_gives(rx_python: Any, frame: pd.DataFrame) -> None:
    """The rule lists of the long table, named once per distinct list, are line by line those of the
    way they were named before: every line's rule ids joined with ';' by Arrow."""
    engine = rx_python._state.tables
    table, _, _ = batch.fact_table(rx_python.book, engine.layout, frame, 1)
    rows, rules = engine.matcher.match(table)
    ranked = engine.scorer.rank(table, rows, rules, pd.Timestamp(DAY).date())
    offsets, named = engine.scorer.named(ranked)
    ids = pa.array([r.id for r in rx_python.book.rules], pa.large_string()).take(pa.array(named))
    lists_ = pa.LargeListArray.from_arrays(pa.array(offsets, pa.int64()), ids)
    before = pc.binary_join(lists_, pa.scalar(";", pa.large_string())).to_pylist()
    got = list(engine._fired(ranked))
    assert got == before and len(set(got)) > 10 and "" in got


@pytest.mark.slow
@examples(12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    chunk=st.integers(1, 260),
    cuts=st.lists(st.integers(0, 240), max_size=4),
    top=st.none() | st.integers(0, 5),
)
def test_chunks_one_by_one_give_what_prescribe_frame_gives(
    rx_python: Any, frame: pd.DataFrame, chunk: int, cuts: list[int], top: int | None
) -> None:
    whole = rx_python.prescribe_frame(frame, as_of=DAY, top=top, chunk=len(frame))
    _equal(rx_python.prescribe_frame(frame, as_of=DAY, top=top, chunk=chunk), whole)
    rule_ids = [r.id for r in rx_python.book.rules]
    _equal(
        batch.joined(list(rx_python.iter_prescribe_frame(frame, as_of=DAY, top=top, chunk=chunk)), rule_ids),
        whole,
    )
    bounds = [0, *sorted(set(cuts)), len(frame)]
    pieces = (frame.iloc[a:b] for a, b in itertools.pairwise(bounds))
    parts = list(rx_python.iter_prescribe_frame(pieces, as_of=DAY, top=top, chunk=chunk))
    assert all(p.rows <= chunk for p in parts)
    _equal(batch.joined(parts, rule_ids), whole)


def test_a_file_read_a_chunk_at_a_time(rx_python: Any, frame: pd.DataFrame, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    parts = list(rx_python.iter_prescribe_frame(path, as_of=DAY, top=3, chunk=50))
    assert [p.rows for p in parts] == [50, 50, 50, 50, 40]
    long = pd.concat([p.long for p in parts], ignore_index=True)
    whole = rx_python.prescribe_frame(frame, as_of=DAY, top=3)
    assert long.astype(object).values.tolist() == whole.long.astype(object).values.tolist()
    errors = pd.concat([p.errors for p in parts], ignore_index=True)
    assert list(errors.row) == [4, 101] and list(errors.field) == ["industry", "industry"]


def test_rows_agree_with_one_prescribe_each(rx_python: Any) -> None:
    frame = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    parts = list(rx_python.iter_prescribe_frame(frame, as_of=DAY, chunk=37))
    long = pd.concat([p.long for p in parts], ignore_index=True)
    for row in list(batch.read_table(ROOT / "examples/enterprises.csv"))[::9]:
        p = rx_python.prescribe(row.profile, as_of=DAY)
        expected = [(i.rank, i.service, i.score, ";".join(sorted(r.id for r in i.rules))) for i in p.items]
        sub = long[long.row == row.number]
        assert list(zip(sub["rank"], sub.service, sub.score, sub.rules, strict=True)) == expected


def test_a_chunk_size_below_one_is_refused_at_once(rx_python: Any, frame: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="chunk"):
        rx_python.iter_prescribe_frame(frame, as_of=DAY, chunk=-1)


def test_the_working_memory_does_not_grow_with_the_number_of_chunks(rx_python: Any) -> None:
    """Prescribing 2 or 12 chunks one by one, each result let go: the peak of what Python and numpy
    hold (tracemalloc) is the same within a margin, not six times as much."""
    base = next(batch.read_frames(ROOT / "examples/enterprises.csv"))
    chunk = 120
    peaks = []
    for n in (2, 12):
        frame = pd.concat([base] * (n * chunk // len(base)), ignore_index=True)
        list(rx_python.iter_prescribe_frame(frame.iloc[:chunk], as_of=DAY, chunk=chunk))  # warm caches
        gc.collect()
        tracemalloc.start()
        try:
            for part in rx_python.iter_prescribe_frame(frame, as_of=DAY, chunk=chunk):
                del part
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] < 1.5 * peaks[0], peaks


@examples(100)
@given(
    rows=st.integers(1, 20),
    services=st.integers(1, 9),
    seed=st.integers(0, 2**32 - 1),
    scale=st.sampled_from([1.0, 1e3, 1e6, 1e9]),
    keep=st.none() | st.integers(0, 5),
)
def test_ranking_by_row_with_32_and_64_bit_keys_equals_one_sort(
    rows: int, services: int, seed: int, scale: float, keep: int | None
) -> None:
    """Scores from cents to millions: the row-by-row ranking (32-bit keys when they fit, 64-bit ones
    when not) orders as one sort of all entries does."""
    rng = np.random.default_rng(seed)
    present = rng.random((rows, services)) < 0.6
    points = np.round(rng.integers(-3, 300, (rows, services)) * scale / 7, 2)
    core = rng.random(services) < 0.3
    got = score._order_by_row(present, points, core, keep)
    if got is None:
        assert not present.any()
        return
    listed = np.flatnonzero(present)
    r, s, v = score._order(listed // services, listed % services, core, points.ravel()[listed])
    total = np.bincount(r, minlength=rows)
    count = total if keep is None else np.minimum(total, keep)
    starts = np.concatenate(([0], np.cumsum(total)[:-1]))
    ranks = np.arange(len(r)) - starts[r] + 1
    shown = ranks <= count[r]
    g_rows, g_services, g_ranks, g_scores, g_count = got
    assert g_rows.tolist() == r[shown].tolist() and g_services.tolist() == s[shown].tolist()
    assert g_ranks.tolist() == ranks[shown].tolist() and g_scores.tolist() == v[shown].tolist()
    assert g_count.tolist() == count.tolist()


@examples(150)
@given(data=st.data(), collide=st.booleans())
def test_rule_lists_coded_by_hash_are_those_named_and_coded_one_by_one(
    rx_python: Any, data: st.DataObject, collide: bool
) -> None:
    """The rules of each listed entry, coded by a hash of sums (``distinct_named``), are exactly those
    :meth:`named` gives, coded as :func:`distinct_lists` codes them — also when every list of one length
    shares its hash (then the exact check sends it to the reference)."""
    scorer = rx_python._state.tables.scorer
    s_count, r_count = len(scorer.core), len(scorer.id_rank)
    n = data.draw(st.integers(1, 8))
    cell = st.tuples(st.integers(0, n - 1), st.integers(0, s_count - 1))
    fired = data.draw(st.sets(st.tuples(cell, st.integers(0, r_count - 1)), max_size=80))
    bare = data.draw(st.sets(cell, max_size=6))  # listed without a rule (a core service)
    entries = sorted({c for c, _ in fired} | bare)
    pairs = sorted(fired, key=lambda p: p[1])  # in runs of one rule, as the matcher gives them
    ranked = score.Ranked(
        rows=np.array([r for r, _ in entries], np.int64),
        services=np.array([s for _, s in entries], np.int64),
        ranks=np.ones(len(entries), np.int64),
        scores=np.zeros(len(entries)),
        count=np.bincount([r for r, _ in entries], minlength=n),
        pair_rows=np.array([c[0] for c, _ in pairs], np.int64),
        pair_services=np.array([c[1] for c, _ in pairs], np.int64),
        pair_rules=np.array([r for _, r in pairs], np.int64),
    )
    offsets, named = scorer.named(ranked)
    expected, first = score.distinct_lists(offsets, named)
    keys = scorer._key_low.copy(), scorer._key_high.copy()
    if collide:
        scorer._key_low[:], scorer._key_high[:] = 0, 0
    try:
        codes, bounds, rules = scorer.distinct_named(ranked)
    finally:
        scorer._key_low[:], scorer._key_high[:] = keys
    assert codes.tolist() == expected.tolist()
    for c, k in enumerate(first.tolist()):
        assert rules[bounds[c] : bounds[c + 1]].tolist() == named[offsets[k] : offsets[k + 1]].tolist()


def test_the_tables_are_compact(rx_python: Any, frame: pd.DataFrame) -> None:
    """Row numbers are 32-bit; an id is stored once (in the categories of the long table's ``id``, of
    the input's type — no Python string per id) and each line holds codes: at most 24 bytes a line
    besides the categories, ``score`` among them as the float64 ``prescribe()`` gives."""
    result = rx_python.prescribe_frame(frame, as_of=DAY, chunk=60)
    long = result.long
    assert long["row"].dtype == np.int32 and result.wide["row"].dtype == np.int32
    assert result.enterprises["row"].dtype == np.int32 and long["score"].dtype == np.float64
    assert long["id"].cat.categories.dtype == frame["id"].dtype != object
    per_line = sum(
        (long[c].cat.codes if isinstance(long[c].dtype, pd.CategoricalDtype) else long[c]).to_numpy().nbytes
        for c in long.columns
    )
    assert per_line <= 24 * len(long)


def test_a_cell_set_in_one_column_stays_in_that_column(rx_python: Any, frame: pd.DataFrame) -> None:
    """The returned tables share no array between columns or tables: setting a service id does not
    change its name, nor a row number in the wide table the enterprises' one."""
    for chunk in (60, len(frame)):
        result = rx_python.prescribe_frame(frame, as_of=DAY, chunk=chunk)
        long, wide = result.long, result.wide
        names, numbers = long["service_name"].tolist(), result.enterprises["row"].tolist()
        other = next(s for s in long["service"].cat.categories if s != long.loc[0, "service"])
        long.loc[0, "service"] = other
        wide.loc[0, "service_1"] = other
        wide.loc[0, "row"] = -5
        assert long["service_name"].tolist() == names and result.enterprises["row"].tolist() == numbers
        assert wide.loc[0, "service_name_1"] == names[0]  # row 1's first line is its first service
