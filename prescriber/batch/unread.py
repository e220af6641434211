"""Rows of a table that cannot be read at all — a CSV row with more fields than the header, a JSON
Lines row that is no object (an array, a bare value, cut off, a duplicate key, NaN, a number too long,
not UTF-8). Each stays in its chunk as an empty row, so that row numbers stay true, with its problem
beside the frame (:func:`row_problems`): it becomes a row error, never the end of the batch."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from prescriber.codes import Code, phrases
from prescriber.errors import Problem, problem
from prescriber.limits import NUMBER_DIGITS

__all__ = ["RowProblem", "csv_frames", "first_line", "jsonl_frames", "row_problems", "with_row_problems"]


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (libraries' messages run on)."""
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


RowProblem = Problem
"""The problem of a row that could not be read at all, not yet placed (its file and line)."""
_ROW_PROBLEMS = "prescriber.row_problems"


def row_problems(frame: pd.DataFrame) -> dict[int, RowProblem]:
    """The rows of ``frame`` (by position) that could not be read: each is in the frame with every cell
    empty, so that row numbers stay true, and becomes a row error, never the end of the batch."""
    found: dict[int, RowProblem] = frame.attrs.get(_ROW_PROBLEMS, {})
    return found


def with_row_problems(frame: pd.DataFrame, problems: dict[int, RowProblem]) -> pd.DataFrame:
    """``frame`` with ``problems`` (by position) as its unreadable rows (see :func:`row_problems`)."""
    if problems:
        frame.attrs[_ROW_PROBLEMS] = problems
    return frame


_CSV = {"dtype": str, "keep_default_na": False, "encoding": "utf-8-sig"}
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8


def csv_frames(p: Path, chunk: int) -> Iterator[pd.DataFrame]:
    """CSV in chunks through pandas' C parser. A row with more fields than the header, or with bytes that
    are not UTF-8, is one that parser can only refuse (or, as the first row, silently take its first
    cells as an index): from there on the file is read record by record, and such a row becomes an empty
    row with a row problem. (A file whose first row is not UTF-8 is not UTF-8: one problem for it.)"""
    done = 0
    if _bare_cr(p):  # pandas' C parser would shift the line after a blank one ended so: Python's reader
        yield from _csv_records(p, chunk, 0)
        return
    try:
        for frame in pd.read_csv(p, chunksize=chunk, **_CSV):
            if not isinstance(frame.index, pd.RangeIndex):  # the first row is longer than the header
                break
            done += len(frame)
            yield frame
        else:
            return
    except pd.errors.ParserError as exc:
        if "Expected" not in str(exc):
            raise
    except UnicodeDecodeError:
        pass
    yield from _csv_records(p, chunk, done)


_BARE_CR = re.compile(rb"\r(?!\n)")


def _bare_cr(p: Path) -> bool:
    """Whether the file holds a carriage return not followed by a line feed (a classic Mac line end, or
    one left in a cell). pandas' C parser (3.1) reads the line after a blank line so ended without its
    first empty cell — ``\\r,,z`` as ``,z``: every value one column to the left, silently — where
    Python's CSV reader reads it right."""
    carry = b""
    with p.open("rb") as fh:
        while block := fh.read(1 << 20):
            data = carry + block
            carry = b"\r" if data.endswith(b"\r") else b""  # decided by the next block's first byte
            if _BARE_CR.search(data, 0, len(data) - len(carry)):
                return True
    return bool(carry)


def _blank(fields: list[str]) -> bool:
    """A record pandas skips as a blank line: nothing, or one cell of spaces and tabs only."""
    return not fields or (len(fields) == 1 and not fields[0].strip(" \t"))


def _csv_records(p: Path, chunk: int, skip: int) -> Iterator[pd.DataFrame]:
    """The rows after the first ``skip`` through Python's CSV reader, as pandas would give them."""
    # the header as pandas reads it (duplicate names renamed); its bytes must be UTF-8, the rest's need not
    columns = [str(c) for c in pd.read_csv(p, nrows=0, encoding_errors="surrogateescape", **_CSV).columns]
    if any(_NOT_UTF8.search(c) for c in columns):
        raise UnicodeDecodeError("utf-8", b"", 0, 1, "the header is not UTF-8")
    width = len(columns)
    rows: list[list[str | None]] = []
    problems: dict[int, RowProblem] = {}
    seen = 0
    with p.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as fh:
        records = csv.reader(fh)
        next(records, None)
        for fields in records:
            if _blank(fields):  # a blank line is no row (pandas skips it too)
                continue
            seen += 1
            if seen <= skip:
                continue
            if any(_NOT_UTF8.search(f) for f in fields):
                if seen == 1:
                    raise UnicodeDecodeError("utf-8", b"", 0, 1, "the first row is not UTF-8")
                problems[len(rows)] = problem(
                    Code.SOURCE_ENCODING,
                    what=phrases.ROW_NOT_UTF8,
                    how=phrases.RESAVE_CSV_UTF8,
                )
                fields = []
            elif len(fields) > width:
                problems[len(rows)] = problem(Code.TABLE_RAGGED_ROW, fields=len(fields), width=width)
                fields = []
            rows.append([*fields, *[None] * (width - len(fields))])
            if len(rows) == chunk:
                yield with_row_problems(pd.DataFrame(rows, columns=columns, dtype=str), problems)
                rows, problems = [], {}
    if rows:
        yield with_row_problems(pd.DataFrame(rows, columns=columns, dtype=str), problems)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
        raise ValueError(f"重复的键 '{key}'")
    return out


def _constant(text: str) -> Any:
    raise ValueError(f"{text} 不是数字")


def _integer(text: str) -> int:
    if len(text) > NUMBER_DIGITS:
        raise ValueError(f"数字太长（{len(text):,} 位，最多 {NUMBER_DIGITS} 位）")
    return int(text)


def jsonl_frames(p: Path, chunk: int) -> Iterator[pd.DataFrame]:
    """JSON Lines in chunks, one object per line; a line that is not one (an array, a bare value, cut
    off, a duplicate key, NaN, a number too long) is an empty row with a row problem."""
    records: list[dict[str, Any]] = []
    problems: dict[int, RowProblem] = {}
    with p.open("rb") as fh:
        for raw in fh:
            if not raw.strip():
                continue
            record, unread = _json_row(raw)
            if unread is not None:
                problems[len(records)] = unread
            records.append(record)
            if len(records) == chunk:
                yield _records(records, problems)
                records, problems = [], {}
    if records:
        yield _records(records, problems)


def _records(records: list[dict[str, Any]], problems: dict[int, RowProblem]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    if not len(frame.columns):  # only unreadable rows: they still need a column to be rows
        frame = pd.DataFrame({"name": [None] * len(records)}, dtype=object)
    return with_row_problems(frame, problems)


def _json_row(raw: bytes) -> tuple[dict[str, Any], RowProblem | None]:
    hint = phrases.JSON_ONE_OBJECT
    try:
        value = json.loads(raw, object_pairs_hook=_pairs, parse_constant=_constant, parse_int=_integer)
    except UnicodeDecodeError:
        return {}, problem(Code.SOURCE_ENCODING, what=phrases.ROW_NOT_UTF8, how=phrases.RESAVE_UTF8_SHORT)
    except json.JSONDecodeError as exc:
        return {}, problem(
            Code.TABLE_JSON, what=phrases.JSON_INCOMPLETE.fill(column=exc.colno, why=exc.msg), how=hint
        )
    except (ValueError, RecursionError) as exc:
        return {}, problem(Code.TABLE_JSON, what=phrases.JSON_BAD.fill(why=first_line(exc)), how=hint)
    if not isinstance(value, dict):
        kind = (
            phrases.JSON_ARRAY
            if isinstance(value, list)
            else phrases.JSON_TEXT
            if isinstance(value, str)
            else phrases.JSON_VALUE
        )
        return {}, problem(Code.TABLE_JSON_ROW, kind=kind, how=hint)
    return value, None
