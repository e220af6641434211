"""`batch --engine dask` reads as the local run reads: a hostile table (ragged CSV rows, JSON Lines rows
that are no object, cut off, with a number too long, NaN, a duplicate key, bytes that are not UTF-8)
gives, through a two-worker cluster, the same three tables as the default engine, byte for byte, and
rows in = prescribed rows + error rows."""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st

import prescriber
from prescriber import batch, cluster

ROOT = Path(__file__).resolve().parent.parent
CSV = ROOT / "examples/enterprises.csv"
DAY = datetime.date(2026, 6, 1)
TABLES = ("r.csv", "r.wide.csv", "r.errors.csv")

_LINES = CSV.read_text(encoding="utf-8").splitlines()
HEADER = _LINES[0].split(",")
GOOD = _LINES[1:41]
RECORDS = [dict(zip(HEADER, r, strict=True)) for r in csv.reader(GOOD)]

pytestmark = pytest.mark.slow  # a two-worker cluster, and a batch through it per example


@pytest.fixture(scope="module")
def book() -> Any:
    return prescriber.load(engine="python").book


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None) as lc:
        yield lc.scheduler_address


def _csv_line(fields: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    return out.getvalue().encode()


_TEXT = st.text(st.sampled_from([*"ab福州,\"'=+-@ \t\r\n;:", "\u200b"]), max_size=8)
_NUMBER = st.sampled_from(["120", "12x", "", "1e400", "-5", "3.5", "1,200", "9" * 5000, "nan", "一百"])


@st.composite
def _csv_row(draw: st.DrawFn) -> bytes:
    good = draw(st.sampled_from(GOOD))
    kind = draw(st.sampled_from(["good", "ragged", "not-utf8", "cells", "blank"]))
    if kind == "ragged":
        return good.encode() + b",x" * draw(st.integers(1, 3))
    if kind == "not-utf8":
        raw = good.encode()
        at = draw(st.integers(0, len(raw) - 1))
        return raw[:at] + draw(st.sampled_from([b"\xff", b"\xe5\x28", b"\xc0"])) + raw[at + 1 :]
    if kind == "cells":  # a row built cell by cell: quotes, line breaks, formulas, bad numbers
        fields = next(csv.reader([good]))
        fields[HEADER.index("name")] = draw(_TEXT)
        fields[HEADER.index("id")] = draw(_TEXT)
        fields[HEADER.index("employees")] = draw(_NUMBER)
        fields[HEADER.index("metrics.turnover_rate")] = draw(_NUMBER)
        return _csv_line(fields)
    if kind == "blank":
        return b""
    return good.encode()


@st.composite
def _jsonl_row(draw: st.DrawFn) -> bytes:
    record = dict(draw(st.sampled_from(RECORDS)))
    good = json.dumps(record, ensure_ascii=False).encode()
    kind = draw(
        st.sampled_from(
            ["good", "array", "text", "cut", "long", "nan", "twice", "not-utf8", "cells", "nested", "blank"]
        )
    )
    if kind == "array":
        return b'["E1", 12]'
    if kind == "text":
        return json.dumps(draw(_TEXT)).encode()
    if kind == "cut":
        return good[: draw(st.integers(1, len(good) - 1))]
    if kind == "long":
        return b'{"id": "L", "employees": ' + b"9" * draw(st.integers(101, 6000)) + b"}"
    if kind == "nan":
        return draw(st.sampled_from([b"NaN", b'{"employees": NaN}', b"Infinity"]))
    if kind == "twice":
        return good[:-1] + b', "employees": "3"}'
    if kind == "not-utf8":
        return b'{"id": "\xff\xfe", "name": "x"}'
    if kind == "cells":
        record.update(name=draw(_TEXT), id=draw(_TEXT), employees=draw(_NUMBER))
        return json.dumps(record, ensure_ascii=False).encode()
    if kind == "nested":
        return json.dumps({"id": "N", "flags": {"has_union": True}, "pain_points": ["overtime"]}).encode()
    if kind == "blank":
        return b"  "
    return good


def _run(book: Any, source: Path, out: Path, **engine: Any) -> tuple[Any, ...]:
    """What a user gets: the refusal's problems, or the counts and the three tables' bytes."""
    out.mkdir()
    try:
        if engine:
            summary = cluster.run_dask(book, source, batch.Outputs(out / "r.csv"), DAY, 5, **engine)
        else:
            summary = batch.run_job(book, source, batch.Outputs(out / "r.csv"), DAY, 5, chunk=7)
    except prescriber.SourceError as exc:
        assert not list(out.iterdir())  # all or nothing
        return ("refused", [(p.code, p.message) for p in exc.problems])
    tables = tuple((out / t).read_bytes() for t in TABLES)
    return ("done", summary.rows, summary.bad, summary.items, tables)


def _check(book: Any, scheduler: str, suffix: str, lines: list[bytes], chunk: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"in{suffix}"
        head = [",".join(HEADER).encode()] if suffix == ".csv" else []
        source.write_bytes(b"\n".join(head + lines) + b"\n")
        local = _run(book, source, Path(tmp) / "local")
        dask = _run(book, source, Path(tmp) / "dask", scheduler=scheduler, chunk=chunk)
        assert dask == local
        if local[0] == "refused":
            return
        if suffix == ".csv":  # the records a CSV reader sees (a quoted line break joins lines), but for
            # blank lines: none, or of spaces and tabs only (a bare \r ends a line, as Python's reader says)
            text = source.read_text(encoding="utf-8-sig", errors="surrogateescape")
            records = csv.reader(io.StringIO(text, newline=""))
            rows = sum(1 for f in records if f and not (len(f) == 1 and not f[0].strip(" \t"))) - 1
        else:
            rows = sum(1 for line in lines if line.strip())
        assert local[1] == rows
        if not rows:  # blank lines only: three empty tables, as the local run writes them
            return
        wide = pd.read_csv(Path(tmp) / "dask" / "r.wide.csv", dtype=str)
        errors = pd.read_csv(Path(tmp) / "dask" / "r.errors.csv", dtype=str)
        prescribed, bad = set(wide["row"].astype(int)), set(errors["row"].astype(int))
        assert local[1] == len(prescribed) + len(bad), "rows in = prescribed rows + error rows"
        assert not prescribed & bad
        assert prescribed | bad == set(range(1, local[1] + 1))
        assert local[2] == len(bad)


@examples(30)  # a batch through the cluster and one through the local engine per example
@given(lines=st.lists(_csv_row(), min_size=1, max_size=25), chunk=st.integers(1, 30))
def test_a_hostile_csv_gives_the_same_tables_on_the_cluster(
    book: Any, scheduler: str, lines: list[bytes], chunk: int
) -> None:
    _check(book, scheduler, ".csv", lines, chunk)


@examples(30)
@given(lines=st.lists(_jsonl_row(), min_size=1, max_size=25), chunk=st.integers(1, 30))
def test_hostile_json_lines_give_the_same_tables_on_the_cluster(
    book: Any, scheduler: str, lines: list[bytes], chunk: int
) -> None:
    _check(book, scheduler, ".jsonl", lines, chunk)


def test_the_command_line_with_dask_reports_each_bad_row_and_prescribes_the_rest(
    scheduler: str, tmp_path: Path
) -> None:
    from prescriber.cli import main

    rows = [
        json.dumps(RECORDS[0], ensure_ascii=False).encode(),
        b"[1, 2]",
        b'"just text"',
        json.dumps(RECORDS[1], ensure_ascii=False).encode()[:40],
        b'{"id": "L", "employees": ' + b"9" * 5000 + b"}",
        b"NaN",
        b'{"id": "a", "id": "b"}',
        b'{"id": "\xff"}',
        json.dumps(RECORDS[2], ensure_ascii=False).encode(),
    ]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(rows) + b"\n")
    err = io.StringIO()
    argv = ["batch", str(source), "-o", str(tmp_path / "r.csv"), "--as-of", "2026-06-01", "--top", "5"]
    code = main(
        [*argv, "--engine", "dask", "--scheduler", scheduler, "--chunk", "3"], out=io.StringIO(), err=err
    )
    assert code == 1  # some rows have problems: as the default engine says it
    assert err.getvalue().startswith("9 行：2 家企业已开具清单（")
    assert "7 行有问题（见错误表）" in err.getvalue()
    errors = pd.read_csv(tmp_path / "r.errors.csv", dtype=str)
    assert errors[["row", "code"]].values.tolist() == [
        ["2", "table.json-row"],
        ["3", "table.json-row"],
        ["4", "table.json"],
        ["5", "table.json"],
        ["6", "table.json"],
        ["7", "table.json"],
        ["8", "source.encoding"],
    ]
