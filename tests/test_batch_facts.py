"""The column-by-column fact builder (``batch.fact_table``) against the row-by-row reference
(``batch.to_facts``, the path a single profile takes): same facts, same good rows, same problems —
on generated tables full of good, odd and bad cells of every type a reader can produce."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from prescriber import batch
from prescriber.vector import FactTable, layout

BLANKS = ["", " ", "\u3000", None]
TEXTS: dict[str, list[Any]] = {
    "name": ["甲公司", " 乙公司 ", "丙", "x" * 2000, "x" * 2001, " " + "x" * 2000, "\x1c"],
    "id": ["E1", " E2 ", "x" * 40, "x" * 41, 7, 7.5],
    "region": ["fuzhou", "福州市", "350100", "350102", " xiamen", "Fuzhou", "福洲", 350100, 350100.0, 3.5],
    "industry": ["C36", "36", "3610", "C", "c36", "Z", "C99", "E47", "65 ", "A0", 36, 3610.0, "C 36"],
    "ownership": ["private", "民营企业", "state", "foreign", "nationalised", 1],
    "flags.has_union": ["true", "false", "TRUE", "yes", True, False, "1", 1],
    "flags.harmonious_level": ["municipal", "provincial", "none", "national-x", True, "市级"],
    "flags.no_such_flag": ["true"],
    "colour": ["red"],
}
NUMBERS = [
    "12",
    "12.5",
    " 30 ",
    "1,000",
    "1e3",
    "+5",
    "-3",
    ".5",
    "5.",
    "0",
    "inf",
    "nan",
    "一百",
    "1_000",
    "١٢",
    "1e400",
    "0.1000000000000000055511151231257827",
    12,
    12.5,
    -1.0,
    float("nan"),
    float("inf"),
    10_000_001,
    5e9,
    2e10,
    True,
]
METRICS = ["0.12", "0.6", "1.5", "-0.1", "3", "30", "12.5", 0.3, 2, "", "x"]
PAIN_ITEMS = [
    "skill-shortage",
    "招工难",
    "skill-shortage:4",
    "labour-disputes:5",
    "recruitment-difficulty:1",
    "缺工",
    "skill-shortage:9",
    "skill-shortage:0",
    "nosuch",
    "x:y:3",
    " 招工难 : 2",
    "",
    " ",
    "labour-disputes",
]


def _pains() -> st.SearchStrategy[Any]:
    items = st.lists(st.sampled_from(PAIN_ITEMS), max_size=5)
    return st.one_of(
        st.builds(lambda xs, sep: sep.join(xs), items, st.sampled_from([";", "；", "; "])),
        st.sampled_from(BLANKS),
        st.just(";".join(["招工难"] * 101)),
    )


def _cell(column: str) -> st.SearchStrategy[Any]:
    if column in TEXTS:
        return st.sampled_from(TEXTS[column] + BLANKS)
    if column in ("employees", "revenue", "assets"):
        return st.one_of(
            st.sampled_from(NUMBERS + BLANKS),
            st.floats(0, 1e6).map(lambda x: f"{x:.6g}"),
            st.integers(0, 10_000).map(str),
        )
    if column.startswith("metrics."):
        return st.one_of(st.sampled_from(METRICS + BLANKS), st.floats(0, 1).map(repr))
    return _pains()


COLUMNS = [
    "name",
    "id",
    "region",
    "industry",
    "ownership",
    "employees",
    "revenue",
    "assets",
    "pain_points",
    "flags.has_union",
    "flags.harmonious_level",
    "metrics.turnover_rate",
    "metrics.disputes_last_year",
    "flags.no_such_flag",
    "colour",
]


@st.composite
def frames(draw: Any) -> pd.DataFrame:
    columns = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=10, unique=True))
    if "name" not in columns and draw(st.booleans()):
        columns.insert(0, "name")
    n = draw(st.integers(1, 25))
    data = {c: [draw(_cell(c)) for _ in range(n)] for c in columns}
    frame = pd.DataFrame(data, dtype=object)
    form = draw(st.sampled_from(["json", "csv", "arrow"]))
    if form == "csv":  # as a CSV reader gives it: every cell text, a missing one empty
        frame = frame.map(lambda v: "" if v is None else str(v)).astype("str")
    elif form == "arrow":  # as the Parquet reader gives it: Arrow-typed columns, where a type fits
        frame = frame.convert_dtypes(dtype_backend="pyarrow")
    return frame


def assert_same(book: Any, frame: pd.DataFrame, first_row: int = 1) -> None:
    lay = layout(book)
    facts, numbers, problems = batch.to_facts(book, frame, first_row, "t.csv")
    table, got_numbers, got_problems = batch.fact_table(book, lay, frame, first_row, "t.csv")
    assert got_numbers.tolist() == numbers
    assert got_problems == problems
    ref = FactTable.from_facts(facts, lay)
    assert ref.n == table.n
    for prop in ref.codes:
        assert ref.codes[prop].tolist() == table.codes[prop].tolist(), prop
    for prop in ref.numbers:
        assert np.array_equal(ref.numbers[prop], table.numbers[prop], equal_nan=True), prop
    assert np.array_equal(ref.pains, table.pains)
    assert np.array_equal(ref.severity, table.severity)


@pytest.mark.slow
@examples(300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=frames(), first_row=st.integers(1, 10_000))
def test_column_by_column_equals_row_by_row(rx_python: Any, frame: pd.DataFrame, first_row: int) -> None:
    assert_same(rx_python.book, frame, first_row)


@examples(200, deadline=None)
@given(
    cells=st.lists(
        st.one_of(
            st.text(alphabet="0123456789.eE+-_, xinfa\u3000", max_size=12),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_numbers_are_read_as_python_reads_them(rx_python: Any, cells: list[str]) -> None:
    frame = pd.DataFrame(
        {"name": ["甲"] * len(cells), "revenue": cells, "metrics.turnover_rate": cells}, dtype="str"
    )
    assert_same(rx_python.book, frame)


def test_typed_columns_as_parquet_and_excel_give_them(rx_python: Any) -> None:
    frame = pd.DataFrame(
        {
            "name": ["甲", "乙", "丙", "丁"],
            "id": pd.array([1, 2, None, 4], dtype="Int64"),
            "region": [350100, 350200, None, 350100],
            "industry": ["C36", None, "I65", "C"],
            "employees": pd.array([120, None, 5, 40], dtype="Int64"),
            "revenue": [1000.0, np.nan, 30.5, 1e12],
            "flags.has_union": pd.array([True, None, False, True], dtype="boolean"),
            "flags.harmonious_level": ["municipal", None, "provincial", "none"],
            "metrics.turnover_rate": [0.1, np.nan, 0.3, 0.2],
        }
    )
    assert_same(rx_python.book, frame)
    _, numbers, problems = batch.fact_table(rx_python.book, layout(rx_python.book), frame, 1)
    assert numbers.tolist() == [1, 2, 3]  # 丁: revenue out of range
    assert [(p.line, p.path) for p in problems] == [(4, "revenue")]


def test_nested_json_lines_cells_and_duplicate_columns(rx_python: Any) -> None:
    frame = pd.DataFrame(
        {
            "name": ["甲", "乙"],
            "pain_points": [["招工难", {"id": "缺工", "severity": 5}], None],
            "flags": [{"has_union": True}, {"has_union": "maybe"}],
        }
    )
    assert_same(rx_python.book, frame)
    twice = pd.DataFrame([["甲", "fuzhou", "xiamen"]], columns=["name", "region", "region"])
    assert_same(rx_python.book, twice)


@pytest.mark.parametrize("rows", [0, 1])
def test_empty_and_single_row_tables(rx_python: Any, rows: int) -> None:
    frame = pd.DataFrame({"name": ["甲"] * rows, "pain_points": ["招工难"] * rows}, dtype="str")
    assert_same(rx_python.book, frame)


def test_the_white_space_table_is_what_python_strips() -> None:
    from prescriber.batch.cells import SPACE

    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == SPACE
