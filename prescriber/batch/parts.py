"""What the tables of one chunk are made of, as arrays (:class:`Parts`), and joining those of
consecutive chunks before any table is built: each column of the whole is allocated once and filled
chunk by chunk, each chunk's piece let go as soon as it is copied, so that joining holds the result and
one piece at a time — not every chunk's tables and the joined ones at once."""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Parts", "code_type", "concat_column", "give_back", "join"]


_LARGE = 8 << 20


@dataclass
class Parts:
    """One chunk's results (or those of consecutive chunks, joined). ``None`` marks a field whose
    arrays were moved into a joined whole."""

    numbers: Any
    """The number of each prescribed row (the ``row`` of the wide table and of the enterprises)."""
    ids: Any
    """Each prescribed row's id and name (Series, blank ones missing)."""
    names: Any
    line_row: Any
    """The long table, one entry per line: its row number, its id (categorical), rank, service
    (catalogue positions), score and fired rules (categorical)."""
    line_id: Any
    ranks: Any
    services: Any
    scores: Any
    rules: Any
    shown: Any
    """The wide table: ``shown[k, i]`` is the catalogue position of row ``i``'s ``k + 1``-th service
    (−1: none)."""
    facts: dict[str, pd.Categorical]
    """The facts kept for reports, coded over a fixed vocabulary each."""
    suppliers: Any
    """How many suppliers each row lists (``None``: the table has no such column)."""
    errors: Any
    rows: int
    bad: int
    fired: np.ndarray
    """How often each rule of the book fired."""


def join(parts: list[Parts]) -> Parts:
    """One :class:`Parts` from those of consecutive chunks, equal to what one chunk holding all their
    rows gives; the parts are emptied as their arrays are copied."""
    if len(parts) == 1:
        return parts[0]

    def take(name: str) -> list[Any]:
        pieces = [getattr(p, name) for p in parts]
        for p in parts:
            setattr(p, name, None)
        return pieces

    width = max(p.shown.shape[0] for p in parts)
    lines = take("line_row")
    joined = Parts(
        numbers=_stack(take("numbers")),
        ids=_series(take("ids")),
        names=_series(take("names")),
        line_row=_stack(lines),
        line_id=_categorical(take("line_id")),
        ranks=_stack(take("ranks")),
        services=_stack(take("services")),
        scores=_stack(take("scores")),
        rules=_categorical(take("rules")),
        shown=_shown(take("shown"), width),
        facts={k: _categorical([p.facts[k] for p in parts], same=True) for k in parts[0].facts},
        suppliers=None if parts[0].suppliers is None else _stack(take("suppliers")),
        errors=_errors(take("errors")),
        rows=sum(p.rows for p in parts),
        bad=sum(p.bad for p in parts),
        fired=np.sum([p.fired for p in parts], axis=0),
    )
    give_back()
    return joined


def _stack(
    pieces: list[np.ndarray],
    kind: Any = None,
    fill: Callable[[np.ndarray, int, np.ndarray], None] | None = None,
) -> Any:
    """The pieces one after the other, in one array allocated once; each piece is let go once copied."""
    total = sum(len(p) for p in pieces)
    out = np.empty(total, np.result_type(*pieces) if kind is None else kind)
    at = 0
    pieces.reverse()  # popped from the end: the first piece first
    while pieces:
        piece = pieces.pop()
        if fill is None:
            out[at : at + len(piece)] = piece
        else:
            fill(out, at, piece)
        at += len(piece)
        del piece
    if out.nbytes > _LARGE:  # give back what the pieces held before the next column is allocated
        give_back()
    return out


def _series(pieces: list[pd.Series]) -> pd.Series:
    return pd.concat(pieces, ignore_index=True)


def _shown(pieces: list[np.ndarray], width: int) -> np.ndarray:
    """The wide tables' service positions side by side, each widened to ``width`` columns (−1)."""
    total = sum(p.shape[1] for p in pieces)
    out = np.full((width, total), -1, np.result_type(*pieces))
    at = 0
    for piece in pieces:
        out[: piece.shape[0], at : at + piece.shape[1]] = piece
        at += piece.shape[1]
    return out


def _errors(pieces: list[pd.DataFrame]) -> pd.DataFrame:
    tables = [t for t in pieces if len(t)] or pieces[:1]
    if len(tables) == 1:
        return tables[0]
    return pd.DataFrame({name: concat_column([t[name] for t in tables]) for name in tables[0].columns})


def _categorical(pieces: list[pd.Categorical], same: bool = False) -> pd.Categorical:
    """One categorical from those of consecutive chunks. ``same``: all of one type (the catalogue's
    services, a fact's vocabulary): their codes one after the other. Otherwise (ids, rule lists: each
    chunk's categories in order of first appearance) the union of the categories in order of first
    appearance — what one run over all the rows gives — and each chunk's codes moved onto it."""
    if same:
        dtype = pieces[0].dtype
        return pd.Categorical.from_codes(_stack([p.codes for p in pieces]), dtype=dtype, validate=False)
    values = [p.categories for p in pieces]
    # the union in order of first appearance and each chunk's place in it, in one pass of hashing
    if all(v.dtype == object for v in values):  # texts (rule lists): appending them would infer 'str'
        found, union = pd.factorize(np.concatenate([v.to_numpy() for v in values]), size_hint=1 << 14)
        union = pd.Index(union, dtype=object)
    else:
        found, union = pd.factorize(values[0].append(values[1:]))
        if union.dtype != values[0].dtype and all(v.dtype == values[0].dtype for v in values):
            union = union.astype(values[0].dtype)
    ends = np.cumsum([len(v) for v in values])
    luts = [np.append(lut, -1) for lut in np.split(found, ends[:-1])]
    del values
    codes = []
    while pieces:  # each chunk's categorical let go: only its codes stay, until they are copied
        codes.append(pieces.pop(0).codes)
    luts.reverse()

    def moved(out: np.ndarray, at: int, piece: np.ndarray) -> None:
        out[at : at + len(piece)] = luts.pop()[piece]

    out = _stack(codes, code_type(len(union)), moved)
    return pd.Categorical.from_codes(out, categories=union, validate=False)


def code_type(n: int) -> Any:
    """The integer type pandas gives the codes of a categorical of ``n`` categories (no copy then)."""
    for kind in (np.int8, np.int16, np.int32):
        if n < np.iinfo(kind).max:
            return kind
    return np.int64


def concat_column(pieces: list[pd.Series]) -> Any:
    """One column from the same column of consecutive chunks' tables (see :func:`_categorical`)."""
    arrays = [p.array for p in pieces]
    dtype = pieces[0].dtype
    if not all(isinstance(a, pd.Categorical) for a in arrays):
        if all(isinstance(p.dtype, np.dtype) and p.dtype == dtype and dtype.kind in "biuf" for p in pieces):
            return np.concatenate([p.to_numpy() for p in pieces])
        return pd.concat(pieces, ignore_index=True)
    return _categorical(arrays, same=all(p.dtype == dtype for p in pieces))


def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, where there is one."""
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # another C library (musl has none)
        return None


_TRIM = _malloc_trim()


def give_back() -> None:
    """Return the memory freed while joining to the operating system. glibc keeps it otherwise: the
    chunks' columns, freed one by one, leave holes in its heap that the (larger) joined columns do not
    fit, and the process would hold the chunks and the joined table at once (300,000 heavy rows:
    835 MB at the peak instead of 685)."""
    if _TRIM is not None:
        _TRIM(0)
