"""A CSV row that lost a cell (a comma too few) is an error, not a row that left the cell blank —
in one process and in several, in any chunk."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from prescriber import batch

DAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(("chunk", "workers"), [(50_000, 1), (2, 1), (2, 2)])
def test_a_short_row_is_an_error(rx_python: Any, tmp_path: Path, chunk: int, workers: int) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name,employees,industry\n"
                      "A,甲,120,C13\n"
                      "B,乙,80\n"            # the industry cell is missing, not empty
                      "C,丙,30,\n"           # the industry cell is empty: unknown, fine
                      "\n"                   # a blank line is skipped, as pandas skips it
                      "D,丁\n"
                      "E,戊,15,C13\n", encoding="utf-8")
    summary = batch.run_job(rx_python.book, source, batch.Outputs(tmp_path / "o.csv"), DAY, chunk=chunk,
                            workers=workers)
    assert (summary.rows, summary.bad) == (5, 2)
    errors = pd.read_csv(tmp_path / "o.errors.csv", dtype=str, keep_default_na=False)
    assert errors[["row", "id", "code", "message"]].values.tolist() == [
        ["2", "B", "table.short-row", "这一行只有 3 个单元格，表头有 4 列"],
        ["4", "D", "table.short-row", "这一行只有 2 个单元格，表头有 4 列"]]
    assert sorted(set(pd.read_csv(tmp_path / "o.csv", dtype=str).id)) == ["A", "C", "E"]
