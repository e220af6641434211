"""A table of facts for many enterprises, column by column (numpy), in the engine's property names.

Categorical and yes/no properties are integer codes (−1 = unknown), numbers are floats (NaN =
unknown), pain points a boolean matrix with a severity matrix beside it (0 = not reported), texts
Python strings (``None`` = unknown; only the texts some rule reads).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from prescriber.compiler import RuleBook
from prescriber.normal import DIVISION, SECTION, prop_of, unknown_division
from prescriber.semantics import Facts, IndustryCode

__all__ = ["FactTable", "Layout", "layout"]


@dataclass(frozen=True)
class Layout:
    """Which properties exist and how their values are coded, for one rule book."""

    vocab: dict[str, dict[Any, int]]  # categorical/bool property → value → code
    numeric: tuple[str, ...]  # numeric properties
    pains: tuple[str, ...]  # pain-point ids, in matrix column order
    texts: tuple[str, ...] = ()  # text properties some rule reads (the others are never tested)

    @property
    def pain_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.pains)}


def layout(book: RuleBook) -> Layout:
    """The coding of every property a rule of ``book`` may test."""
    vocab: dict[str, dict[Any, int]] = {}
    numeric: list[str] = []
    for name, spec in book.table.fields.items():
        prop = prop_of(name)
        if spec.kind == "choice":
            vocab[prop] = {v: i for i, v in enumerate(spec.choices)}
        elif spec.kind == "bool":
            vocab[prop] = {False: 0, True: 1}
        elif spec.kind == "number":
            numeric.append(prop)
    sections = sorted(book.table.sections)
    vocab[SECTION] = {s: i for i, s in enumerate(sections)}
    divisions = sorted(s + d for d, s in book.table.divisions.items()) + [
        unknown_division(s) for s in sections
    ]
    vocab[DIVISION] = {d: i for i, d in enumerate(divisions)}
    pains = tuple(book.table.fields["pain_points"].choices)
    read = book.readers
    texts = tuple(prop_of(n) for n, spec in book.table.fields.items() if spec.kind == "text" and n in read)
    return Layout(vocab, tuple(numeric), pains, texts)


@dataclass
class FactTable:
    """Facts of ``n`` enterprises."""

    n: int
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    numbers: dict[str, np.ndarray] = field(default_factory=dict)
    texts: dict[str, np.ndarray] = field(default_factory=dict)
    pains: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), bool))
    severity: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.int8))
    _lookup: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def lookup(self, prop: str) -> np.ndarray:
        """The codes of ``prop`` plus one, as indices into a table whose entry 0 stands for unknown."""
        if prop not in self._lookup:
            self._lookup[prop] = self.codes[prop].astype(np.intp) + 1
        return self._lookup[prop]

    @staticmethod
    def empty(n: int, lay: Layout) -> FactTable:
        t = FactTable(n)
        for prop in lay.vocab:
            t.codes[prop] = np.full(n, -1, np.int16)
        for prop in lay.numeric:
            t.numbers[prop] = np.full(n, np.nan)
        for prop in lay.texts:
            t.texts[prop] = np.full(n, None, object)
        t.pains = np.zeros((n, len(lay.pains)), bool)
        t.severity = np.zeros((n, len(lay.pains)), np.int8)
        return t

    @staticmethod
    def from_facts(facts: Sequence[Facts], lay: Layout) -> FactTable:
        """The table of a list of per-enterprise facts (the slow path, and the reference for the fast one)."""
        t = FactTable.empty(len(facts), lay)
        index = lay.pain_index
        for i, f in enumerate(facts):
            for name, value in f.values.items():
                if isinstance(value, IndustryCode):
                    t.codes[SECTION][i] = lay.vocab[SECTION][value.section]
                    div = value.division or unknown_division(value.section)
                    t.codes[DIVISION][i] = lay.vocab[DIVISION][div]
                elif isinstance(value, frozenset):
                    for p in value:
                        t.pains[i, index[p]] = True
                        t.severity[i, index[p]] = f.severity.get(p, 3)
                else:
                    prop = prop_of(name)
                    if prop in t.codes:
                        t.codes[prop][i] = lay.vocab[prop][value]
                    elif prop in t.numbers:
                        t.numbers[prop][i] = value
                    elif prop in t.texts:
                        t.texts[prop][i] = value
        return t

    def take(self, rows: np.ndarray) -> FactTable:
        """The table of ``rows`` (positions), in that order."""
        return FactTable(
            len(rows),
            {p: c[rows] for p, c in self.codes.items()},
            {p: c[rows] for p, c in self.numbers.items()},
            {p: c[rows] for p, c in self.texts.items()},
            self.pains[rows],
            self.severity[rows],
        )

    def put(self, rows: np.ndarray, other: FactTable) -> None:
        """Overwrite ``rows`` (positions) with the rows of ``other``, in order."""
        self._lookup.clear()
        for p, c in self.codes.items():
            c[rows] = other.codes[p]
        for p, c in self.numbers.items():
            c[rows] = other.numbers[p]
        for p, c in self.texts.items():
            c[rows] = other.texts[p]
        self.pains[rows] = other.pains
        self.severity[rows] = other.severity

    def known(self, prop: str) -> np.ndarray:
        """Rows where ``prop`` is known."""
        if prop in self.codes:
            return self.codes[prop] >= 0
        if prop in self.texts:
            return np.fromiter((v is not None for v in self.texts[prop]), bool, self.n)
        return ~np.isnan(self.numbers[prop])
