"""Prescribing for a whole table: rows → facts → vectorised match → vectorised ranking → a long table
(one line per enterprise and service) and a wide one (the top services side by side), with every
bad row in an errors table."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from prescriber.batch.facts import Probes, fact_table
from prescriber.batch.io import read_frames, row_problems
from prescriber.batch.parts import Parts, code_type, concat_column, give_back
from prescriber.batch.rows import split
from prescriber.compiler import RuleBook
from prescriber.vector import FactTable, Layout, VectorMatcher, layout
from prescriber.vector.score import Ranked, Scorer

__all__ = ["ERROR_COLUMNS", "BatchResult", "Engine", "chunks", "joined"]

ERROR_COLUMNS = ["row", "id", "field", "code", "message", "hint"]
_FACT_COLUMNS = {
    "region": "region",
    "section": "industry_section",
    "size": "size",
    "ownership": "ownership",
    "above_scale": "above_scale",
    "chain_leader": "f:chain_leader",
    "harmonious_level": "f:harmonious_level",
    "in_sishang": "f:in_sishang_directory",
}
"""Facts of each prescribed enterprise kept for reports (those the catalogue in use declares)."""


@dataclass
class BatchResult:
    """The long and wide tables of one chunk, and its bad rows."""

    long: pd.DataFrame
    wide: pd.DataFrame
    errors: pd.DataFrame
    enterprises: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One line per prescribed enterprise: row, id, name, and the facts of ``_FACT_COLUMNS`` (ids; empty =
    unknown)."""
    rows: int = 0
    bad: int = 0
    fired: dict[str, int] = field(default_factory=dict)


class Engine:
    """A compiled rule book ready for tables: its layout and vectorised matcher."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.layout: Layout = layout(book)
        self.matcher = VectorMatcher(book.rules, self.layout)
        self.scorer = Scorer(book, self.layout)
        self._probes: Probes = {}
        self._dtypes: dict[str, pd.CategoricalDtype] = {}
        self._rule_ids = pa.array([r.id for r in book.rules], pa.large_string())
        self._rank_type = np.int16 if len(book.catalog.services) < 2**15 else np.int32
        self._code_type = code_type(len(book.catalog.services))  # of the service columns' codes

    def width(self, top: int | None) -> int:
        """Service columns of a wide table that must be the same in every chunk: the core services
        and ``top`` others (10 when no top is set)."""
        return sum(s.core for s in self.book.catalog.services) + (top or 10)

    def run(
        self,
        frame: pd.DataFrame,
        as_of: date,
        top: int | None,
        first_row: int = 1,
        file: str = "",
        wide: int | None = None,
        lang: str = "zh",
    ) -> BatchResult:
        """Prescribe for every row of ``frame`` (its first row has number ``first_row``). The wide table
        has ``wide`` service columns (default: as many as the longest list); the errors table says its
        problems in ``lang``."""
        return self.tables(self.parts(frame, as_of, top, first_row, file, wide, lang))

    def parts(
        self,
        frame: pd.DataFrame,
        as_of: date,
        top: int | None,
        first_row: int = 1,
        file: str = "",
        wide: int | None = None,
        lang: str = "zh",
    ) -> Parts:
        """What :meth:`run` gives, as the arrays its tables are built from (:meth:`tables`); those of
        consecutive chunks are joined by :func:`prescriber.batch.parts.join`."""
        table, numbers, problems = fact_table(
            self.book, self.layout, frame, first_row, file, self._probes, as_of
        )
        unread = row_problems(frame)
        if unread:  # rows that could not be read are in the frame empty: their problem is the reading's
            keep = np.flatnonzero(~np.isin(numbers - first_row, list(unread)))
            table, numbers = table.take(keep), numbers[keep]
            # by row only (a stable sort): a row's problems stay in the order they have in a chunk
            # without unreadable rows, so the errors table does not depend on where chunks begin
            problems = sorted(
                [p for p in problems if p.line - first_row not in unread]
                + [replace(what, file=file, line=first_row + at) for at, what in unread.items()],
                key=lambda p: p.line,
            )
        rows, rules = self.matcher.match(table)
        ranked = self.scorer.rank(table, rows, rules, as_of, top)
        at = numbers - first_row
        if first_row + len(frame) < 2**31:  # 32-bit row numbers: 4 bytes a line less
            numbers = numbers.astype(np.int32)
        ids, names = _column(frame, "id", at), _column(frame, "name", at)
        # one conversion, not a lookup per problem (20,000 bad rows: 3.8 s); none without problems
        row_ids = _ids(frame) if problems else []
        errors = pd.DataFrame(
            [[p.line, row_ids[p.line - first_row], p.path, p.code, *p.text(lang)] for p in problems],
            columns=ERROR_COLUMNS,
        )
        width = wide if wide is not None else int(ranked.count.max(initial=0))
        # the wide table: the first ``width`` services of each row, one row of positions per column
        shown = np.full((width, len(numbers)), -1, self._code_type)
        ranks, of_row, services = ranked.ranks, ranked.rows, ranked.services
        if width < ranked.count.max(initial=0):
            first = np.flatnonzero(ranks <= width)
            ranks, of_row, services = ranks[first], of_row[first], services[first]
        shown.ravel()[(ranks - 1) * len(numbers) + of_row] = services
        return Parts(
            numbers=numbers,
            ids=ids,
            names=names,
            line_row=numbers[ranked.rows],
            line_id=_repeated(ids, ranked.rows),
            ranks=ranked.ranks.astype(self._rank_type),
            services=ranked.services.astype(self._code_type),
            scores=ranked.scores,
            rules=self._fired(ranked),
            shown=shown,
            facts={
                k: self._decode(table, prop) for k, prop in _FACT_COLUMNS.items() if prop in self.layout.vocab
            },
            suppliers=_suppliers(frame, at) if "suppliers" in frame.columns else None,
            errors=errors,
            rows=len(frame),
            bad=len({p.line for p in problems}),
            fired=np.bincount(rules, minlength=len(self.book.rules)),
        )

    def tables(self, parts: Parts) -> BatchResult:
        """The long, wide, errors and enterprises tables of :meth:`parts` (of one chunk or joined)."""
        long = pd.DataFrame(
            {
                "row": parts.line_row,
                "id": parts.line_id,
                "rank": parts.ranks,
                "service": self._services("id", parts.services),
                "service_name": self._services("name", parts.services),
                "score": parts.scores,
                "rules": parts.rules,
            },
            copy=False,
        )
        # wide: the first services of each row side by side, each id with its name (a caseworker reads
        # names), empty past the end of its list
        wide_table = pd.DataFrame(
            {
                "row": parts.numbers,
                "id": parts.ids,
                "name": parts.names,
                **{
                    f"{column}_{k + 1}": self._services(what, parts.shown[k])
                    for k in range(parts.shown.shape[0])
                    for column, what in (("service", "id"), ("service_name", "name"))
                },
            },
            copy=False,
        )
        enterprises = pd.DataFrame(
            {
                "row": parts.numbers.copy(),  # not the wide table's array: each table its own
                "id": parts.ids,
                "name": parts.names,
                **parts.facts,
                **({"suppliers": parts.suppliers} if parts.suppliers is not None else {}),
            },
            copy=False,
        )
        fired = {r.id: int(c) for r, c in zip(self.book.rules, parts.fired.tolist(), strict=True) if c}
        return BatchResult(long, wide_table, parts.errors, enterprises, parts.rows, parts.bad, fired)

    def _decode(self, table: FactTable, prop: str) -> pd.Categorical:
        """A coded property as a categorical column (unknown: missing)."""
        dtype = self._dtypes.get(f"fact:{prop}")
        if dtype is None:
            vocab = self.layout.vocab[prop]
            dtype = self._dtypes[f"fact:{prop}"] = pd.CategoricalDtype(sorted(vocab, key=vocab.__getitem__))
        return pd.Categorical.from_codes(table.codes[prop], dtype=dtype, validate=False)

    def _services(self, what: str, index: np.ndarray) -> pd.Categorical:
        """A column of service ids or names (−1: none): categorical over the whole catalogue, so every
        chunk has the same type and a long table of millions of lines holds no copies of the text."""
        dtype = self._dtypes.get(what)
        if dtype is None:
            dtype = self._dtypes[what] = pd.CategoricalDtype(
                [getattr(s, what) for s in self.book.catalog.services]
            )
        # the codes are catalogue positions or −1 by construction: no need to check them row by row; a
        # copy of them, which no other column shares (a cell set in one column stays in that column)
        return pd.Categorical.from_codes(index.astype(self._code_type), dtype=dtype, validate=False)

    def _fired(self, ranked: Ranked) -> pd.Categorical:
        """For each listed (row, service), the ids of the rules that recommended it, sorted and joined
        with ';' ('' for a core service no rule named): a categorical whose categories are the
        distinct lists of the chunk in order of first appearance, each joined once (some thousands for
        hundreds of thousands of lines)."""
        codes, bounds, rules = self.scorer.distinct_named(ranked)
        names = self._rule_ids.take(pa.array(rules))
        lists = pa.LargeListArray.from_arrays(pa.array(bounds), names)
        texts = pc.binary_join(lists, pa.scalar(";", pa.large_string())).to_pylist()
        return pd.Categorical.from_codes(
            codes.astype(code_type(len(texts))), categories=pd.Index(texts, dtype=object), validate=False
        )


def chunks(frames: Any, size: int) -> Iterator[tuple[int, pd.DataFrame, str]]:
    """(number of its first row, the rows, the file they come from) of each chunk of at most ``size``
    rows: of a DataFrame (an empty one is one empty chunk), of an iterable of DataFrames one after the
    other (rows numbered on from one to the next), or of a table file (path) read ``size`` rows at a
    time."""
    if isinstance(frames, pd.DataFrame):
        for lo in range(0, max(len(frames), 1), size):
            yield lo + 1, frames.iloc[lo : lo + size], ""
        return
    source: Iterable[pd.DataFrame]
    if isinstance(frames, str | Path):
        file, source = str(frames), read_frames(frames, size)
    else:
        file, source = "", frames
    first = 1
    for frame in source:
        for lo in range(0, len(frame), size):
            yield first + lo, frame.iloc[lo : lo + size], file
        first += len(frame)


def joined(parts: list[BatchResult], rule_ids: list[str]) -> BatchResult:
    """One :class:`prescriber.batch.BatchResult` from those of consecutive chunks, equal to the result
    of one run over all their rows: the wide tables are widened to the longest list of all."""
    widest = max((p.wide for p in parts), key=lambda t: len(t.columns))
    for (
        p
    ) in parts:  # row, id, name, then service_k and service_name_k: empty columns past a part's longest list
        for column in widest.columns[len(p.wide.columns) :]:
            p.wide[column] = pd.Categorical.from_codes([-1] * len(p.wide), dtype=widest[column].dtype)
    total: dict[str, int] = {}
    for p in parts:
        for rule, count in p.fired.items():
            total[rule] = total.get(rule, 0) + count
    fired = {r: total[r] for r in rule_ids if r in total}  # in rule-book order, as one run gives them

    def concat(kind: str) -> pd.DataFrame:
        tables = [t for p in parts if len(t := getattr(p, kind))] or [getattr(parts[0], kind)]
        if len(tables) == 1:
            return tables[0]
        # column by column, each part's columns let go once copied: the parts and the whole are never
        # all in memory at once
        pieces = {name: [t[name] for t in tables] for name in tables[0].columns}
        for p in parts:
            setattr(p, kind, None)
        del tables
        columns = {}
        for name in list(pieces):
            columns[name] = concat_column(pieces.pop(name))
            if len(columns[name]) > 1 << 20:  # a large column: give back what its pieces held
                give_back()
        return pd.DataFrame(columns, copy=False)

    return BatchResult(
        concat("long"),
        concat("wide"),
        concat("errors"),
        concat("enterprises"),
        sum(p.rows for p in parts),
        sum(p.bad for p in parts),
        fired,
    )


def _repeated(column: pd.Series, at: np.ndarray) -> pd.Categorical:
    """The cells of ``column`` at positions ``at`` (a row's on each of its lines) as a categorical over
    their distinct values in order of first appearance: a small code per line, not a copy of the text."""
    codes, values = pd.factorize(column)
    return pd.Categorical.from_codes(
        codes.astype(code_type(len(values)))[at], categories=values, validate=False
    )


def _column(frame: pd.DataFrame, name: str, at: np.ndarray) -> pd.Series:
    """The cells of column ``name`` at positions ``at``, blank ones missing (all missing without the
    column)."""
    if name not in frame.columns:
        return pd.Series([None] * len(at), dtype=object)
    values = frame[name].iloc[at].reset_index(drop=True)
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(values.dtype):
        return values.mask((values == "").fillna(False).astype(bool))
    return values.mask(values.astype(object) == "") if len(values) else values


def _suppliers(frame: pd.DataFrame, at: np.ndarray) -> np.ndarray:
    """How many suppliers each row at ``at`` lists (the rows are good: each entry is a checked code)."""
    return np.array(
        [0 if _blank(v) else len(split(v)) for v in frame["suppliers"].iloc[at].tolist()], np.int64
    )


def _ids(frame: pd.DataFrame) -> list[Any]:
    """The id of every row of ``frame`` (``None`` where blank, or without an id column)."""
    if "id" not in frame.columns:
        return [None] * len(frame)
    return [None if _blank(v) else v for v in frame["id"].tolist()]


def _blank(value: Any) -> bool:
    return (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and np.isnan(value))
        or (isinstance(value, str) and value == "")
    )
