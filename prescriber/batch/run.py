"""Prescribing for a whole table: rows → facts → vectorised match → vectorised ranking → a long table
(one line per enterprise and service) and a wide one (the top services side by side), with every
bad row in an errors table."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from prescriber import shape, yamlsrc
from prescriber.batch.rows import row_profile
from prescriber.compiler import RuleBook
from prescriber.derive import derive
from prescriber.errors import Problem
from prescriber.models import Profile
from prescriber.semantics import Facts
from prescriber.vector import FactTable, Layout, VectorMatcher, layout
from prescriber.vector.score import rank_table

__all__ = ["ERROR_COLUMNS", "BatchResult", "Engine", "to_facts"]

ERROR_COLUMNS = ["row", "id", "field", "code", "message", "hint"]
_FACT_COLUMNS = {"region": "region", "section": "industry_section", "size": "size"}


@dataclass
class BatchResult:
    """The long and wide tables of one chunk, and its bad rows."""

    long: pd.DataFrame
    wide: pd.DataFrame
    errors: pd.DataFrame
    enterprises: pd.DataFrame = field(default_factory=pd.DataFrame)
    """One line per prescribed enterprise: row, id, name, region, section, size (ids; empty = unknown)."""
    rows: int = 0
    bad: int = 0
    fired: dict[str, int] = field(default_factory=dict)


def to_facts(book: RuleBook, frame: pd.DataFrame, first_row: int,
             file: str = "") -> tuple[list[Facts], list[int], list[Problem]]:
    """Each row's facts, resolved and derived exactly as for a single profile; bad rows become problems."""
    columns = [str(c) for c in frame.columns]
    facts, numbers, problems = [], [], []
    for offset, cells in enumerate(frame.itertuples(index=False, name=None)):
        number = first_row + offset
        profile, found = row_profile(dict(zip(columns, cells, strict=True)), file, number, columns)
        found = [p for p in found if p.severity == "error"]
        if not found:
            model, shaped = shape.validate(yamlsrc.Document(file, profile), (), Profile, profile)
            if model is None:
                found = [replace(p, line=number, column=0) for p in shaped]
            else:
                derived = derive(model, book.table, book.catalog)
                found = [Problem(file, number, 0, ".".join(map(str, loc)), p.code, p.message, p.hint)
                         for loc, p in derived.findings if p.severity == "error"]
        if found:
            problems += found
        else:
            facts.append(derived.facts)
            numbers.append(number)
    return facts, numbers, problems


class Engine:
    """A compiled rule book ready for tables: its layout and vectorised matcher."""

    def __init__(self, book: RuleBook) -> None:
        self.book = book
        self.layout: Layout = layout(book)
        self.matcher = VectorMatcher(book.rules, self.layout)

    def width(self, top: int | None) -> int:
        """Service columns of a wide table that must be the same in every chunk: the core services
        and ``top`` others (10 when no top is set)."""
        return sum(s.core for s in self.book.catalog.services) + (top or 10)

    def run(self, frame: pd.DataFrame, as_of: date, top: int | None, first_row: int = 1, file: str = "",
            wide: int | None = None) -> BatchResult:
        """Prescribe for every row of ``frame`` (its first row has number ``first_row``). The wide table
        has ``wide`` service columns (default: as many as the longest list)."""
        facts, numbers, problems = to_facts(self.book, frame, first_row, file)
        table = FactTable.from_facts(facts, self.layout)
        rows, rules = self.matcher.match(table)
        ranked = rank_table(self.book, self.layout, table, rows, rules, as_of, top)
        ids = _column(frame, "id", first_row, numbers)
        names = _column(frame, "name", first_row, numbers)
        long, wide_table = self._tables(ranked, numbers, ids, names, wide)
        errors = pd.DataFrame([[p.line, _id_of(frame, first_row, p.line), p.path, p.code, p.message, p.hint]
                               for p in problems], columns=ERROR_COLUMNS)
        fired = np.bincount(rules, minlength=len(self.book.rules))
        enterprises = pd.DataFrame({"row": numbers, "id": ids, "name": names,
                                    **{k: self._decode(table, prop) for k, prop in _FACT_COLUMNS.items()}})
        return BatchResult(long, wide_table, errors, enterprises, len(frame), len({p.line for p in problems}),
                           {r.id: int(c) for r, c in zip(self.book.rules, fired, strict=True) if c})

    def _decode(self, table: FactTable, prop: str) -> list[str]:
        names = {code: value for value, code in self.layout.vocab[prop].items()}
        return [names.get(int(c), "") for c in table.codes[prop]]

    def _tables(self, ranked: Any, numbers: list[int], ids: list[Any], names: list[Any],
                wide: int | None) -> tuple[pd.DataFrame, pd.DataFrame]:
        services = self.book.catalog.services
        n_services = len(services)
        fired: dict[int, list[str]] = {}
        for r, s, rule in zip(ranked.pair_rows, ranked.pair_services, ranked.pair_rules, strict=True):
            fired.setdefault(int(r) * n_services + int(s), []).append(self.book.rules[rule].id)
        long_rows, wide_rows = [], []
        width = wide if wide is not None else int(ranked.count.max(initial=0))
        for i, number in enumerate(numbers):
            listed = ranked.order[i, : ranked.count[i]]
            for rank, s in enumerate(listed, start=1):
                rules = ";".join(sorted(fired.get(i * n_services + int(s), [])))
                long_rows.append([number, ids[i], names[i], rank, services[s].id, services[s].name,
                                  float(ranked.score[i, s]), rules])
            shown = [services[s].id for s in listed[:width]]
            wide_rows.append([number, ids[i], names[i], *shown, *[None] * (width - len(shown))])
        long = pd.DataFrame(long_rows, columns=["row", "id", "name", "rank", "service", "service_name", "score", "rules"])
        wide = pd.DataFrame(wide_rows, columns=["row", "id", "name", *[f"service_{k}" for k in range(1, width + 1)]])
        return long, wide


def _column(frame: pd.DataFrame, name: str, first_row: int, numbers: list[int]) -> list[Any]:
    if name not in frame.columns:
        return [None] * len(numbers)
    values = frame[name].tolist()
    return [values[n - first_row] if not _blank(values[n - first_row]) else None for n in numbers]


def _id_of(frame: pd.DataFrame, first_row: int, number: int) -> Any:
    if "id" not in frame.columns:
        return None
    value = frame["id"].iloc[number - first_row]
    return None if _blank(value) else value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value == ""
