"""A CSV reads the same whatever its line ends: LF (Unix), CRLF (Windows) or CR (classic Mac, Excel's
"CSV (Macintosh)"). pandas' C parser reads the line after a blank line ended by a bare CR without its first
empty cell (``\\r,,z`` as ``,z``: every value one column to the left); such files go through Python's CSV
reader, which reads them as written."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from budget import examples
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from prescriber import batch

HEADER = ["id", "name", "region", "employees"]
_CELL = st.sampled_from(["", "E1", "福州宏盛", "fuzhou", "55", "a b", "0"])
_ROW = st.lists(_CELL, min_size=len(HEADER), max_size=len(HEADER))
_LINE = st.one_of(_ROW, st.sampled_from([[], [" "], ["\t"]]))  # a row, or a blank line


def _read(path: Path, chunk: int) -> list[list[str]]:
    rows: list[list[str]] = []
    for frame in batch.read_frames(path, chunk):
        assert list(frame.columns)[: len(HEADER)] == HEADER
        rows += [["" if pd.isna(v) else str(v) for v in r] for r in frame[HEADER].itertuples(index=False)]
    return rows


@examples(40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(_LINE, min_size=1, max_size=12), chunk=st.integers(1, 5))
def test_line_ends_do_not_move_a_value(tmp_path: Path, lines: list[list[str]], chunk: int) -> None:
    expected = [r for r in lines if len(r) == len(HEADER) and any(r)]
    for end in ("\n", "\r\n", "\r"):
        path = tmp_path / f"t{len(end)}{end == chr(13)}.csv"
        text = end.join([",".join(HEADER), *[",".join(r) for r in lines]]) + end
        path.write_bytes(text.encode())
        got = [r for r in _read(path, chunk) if any(r)]
        assert got == expected, (repr(end), text)


def test_a_classic_mac_file_with_a_blank_line_keeps_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes("id,name,region,employees\rE1,甲,fuzhou,10\r\r,乙,xiamen,20\r".encode())
    assert _read(path, 10) == [["E1", "甲", "fuzhou", "10"], ["", "乙", "xiamen", "20"]]
