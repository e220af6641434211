"""A column of a profile table as arrays: its kind, its values, which cells are empty, its numbers
— read the way :mod:`prescriber.batch.rows` reads a single cell, without a loop over the rows."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import infer_dtype

__all__ = [
    "PLAIN_NUMBER",
    "SPACE",
    "STARTS_BLANK",
    "STARTS_SPACE",
    "column",
    "factorize",
    "filled",
    "missing",
    "one_chunk",
    "read_numbers",
]

# what Python's str.strip() removes (str.isspace), at either end of a cell
SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)  # tests/test_batch_facts.py checks it
SPACE_CLASS = "[{}]".format("".join(f"\\x{{{ord(c):x}}}" for c in SPACE))
STARTS_SPACE = "^" + SPACE_CLASS
# a name starting with a character that shows nothing may be empty (models.profile.INVISIBLE)
STARTS_BLANK = f"^[{SPACE_CLASS[1:-1]}\u200b\u200c\u200d\u2060\ufeff\u180e\u3164\u2800]"
# a decimal Python's float() and Arrow's cast both read, to the same correctly rounded value
PLAIN_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def read_numbers(values: pa.Array | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(numbers, empty, unread) of a text or number column: NaN where empty or unread; ``unread``
    marks the cells that are neither empty nor a plain decimal, for the reference path to read (as
    ``float()`` does: "1,000", "١٢") or refuse."""
    if not isinstance(values, pa.Array):
        numbers = values.astype(float)
        return numbers, np.isnan(numbers), np.zeros(len(numbers), bool)
    empty = pc.equal(values, "")
    blank = filled(empty, True)
    try:  # Arrow reads decimals as Python's float() does, and refuses more (spaces, commas, …)
        numbers = filled(pc.cast(pc.if_else(empty, None, values), pa.float64()), np.nan)
        other = np.zeros(0, np.int64)
    except pa.ArrowInvalid:  # some cell is not a plain decimal: read the plain ones only
        plain = filled(pc.match_substring_regex(values, PLAIN_NUMBER), False)
        numbers = filled(pc.cast(pc.if_else(pa.array(plain), values, None), pa.float64()), np.nan)
        other = np.flatnonzero(~plain & ~blank)
    blank[other] = missing(np.asarray(values.take(pa.array(other, pa.int64())).to_pylist(), dtype=object))
    unread = np.zeros(len(numbers), bool)
    unread[other[~blank[other]]] = True
    return numbers, blank, unread


def missing(values: np.ndarray) -> np.ndarray:
    """Where a cell is empty — ``None``, NaN, or only white space — as :mod:`batch.rows` skips it
    (Python loop: for distinct values and the rare odd cell)."""
    out = np.asarray(pd.isna(values), bool)
    for i in np.flatnonzero(~out):
        v = values[i]
        out[i] = isinstance(v, str) and not v.strip()
    return out


def filled(values: pa.Array | pa.ChunkedArray, fill: Any) -> np.ndarray:
    return np.asarray(pc.fill_null(values, fill).to_numpy(zero_copy_only=False))


def factorize(values: pa.Array | np.ndarray, kind: str = "") -> tuple[np.ndarray, list[Any]]:
    """(code of each cell, −1 for null; the distinct values as Python objects). A yes/no column comes
    as floats 0/1/NaN and needs no hashing."""
    if isinstance(values, pa.Array):
        encoded = pc.dictionary_encode(values)
        return filled(encoded.indices, -1).astype(np.int64), encoded.dictionary.to_pylist()
    if kind == "bool":
        return np.where(np.isnan(values), -1, values).astype(np.int64), [False, True]
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(uniques).tolist()


def column(series: pd.Series) -> tuple[str, Any]:
    """("text", an Arrow string array) when every cell is a string or empty; ("number", a numpy
    array) for a numeric column or one of Python numbers; ("bool", an object array) for true/false;
    ("other", an object array) for the rest."""
    if isinstance(series.dtype, pd.ArrowDtype):  # as the Parquet reader gives it: no conversion
        arrow = one_chunk(pa.array(series))
        kind = arrow.type
        if pa.types.is_boolean(kind):
            return "bool", filled(arrow.cast(pa.float64()), np.nan)
        if pa.types.is_integer(kind) and arrow.null_count == 0:
            return "number", arrow.to_numpy()
        if pa.types.is_integer(kind) or pa.types.is_floating(kind):
            return "number", filled(pc.cast(arrow, pa.float64(), safe=False), np.nan)
        if pa.types.is_string(kind) or pa.types.is_large_string(kind):
            return "text", arrow.cast(pa.large_string())
    if pd.api.types.is_bool_dtype(series.dtype):
        return "bool", series.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_numeric_dtype(series.dtype):
        if series.dtype.kind in "iu" and not series.hasnans:
            return "number", series.to_numpy()
        return "number", series.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_string_dtype(series.dtype) and not pd.api.types.is_object_dtype(series.dtype):
        return "text", one_chunk(pa.array(series, pa.large_string()))
    values = series.to_numpy(dtype=object, na_value=None)
    inferred = infer_dtype(values, skipna=True)
    if inferred in ("string", "empty"):
        return "text", pa.array(values, pa.large_string(), from_pandas=True)
    if inferred == "boolean":
        return "bool", pd.array(values, dtype="boolean").to_numpy(dtype=float, na_value=np.nan)
    if inferred in ("integer", "floating", "mixed-integer-float"):
        return "number", pd.to_numeric(pd.Series(values, dtype=object)).to_numpy(dtype=float, na_value=np.nan)
    return "other", values


def one_chunk(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
