"""Vectorised matching: every rule on a whole table of facts at once, with the same meaning as
:mod:`prescriber.semantics` — it evaluates the exact positive rewriting of each rule
(:mod:`prescriber.normal`), the one the durable_rules engine runs and the differential tests prove.

Each conjunction is anchored on its most selective test (estimated on a sample of the table); the
anchor's rows are computed once per distinct test and shared, and the conjunction's other tests are
evaluated only on those rows ("anchor and gather").
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, assert_never

import numpy as np

from prescriber.compiler import CompiledRule
from prescriber.normal import (
    KIND,
    PAINS,
    Absent,
    Atom,
    Cmp,
    Eq,
    HasItem,
    Match,
    Neq,
    OneOf,
    Present,
    TooComplex,
    lower,
)
from prescriber.operators import OPERATORS
from prescriber.semantics import Cond, Expr, Group
from prescriber.vector.table import FactTable, Layout

__all__ = ["VectorMatcher"]

_SETTLED = 20_000  # rows of a table whose statistics are kept for the anchors of later tables
_NUMBERING = threading.Lock()  # tables matched in several threads share a matcher's numbers of tests


class VectorMatcher:
    """Matches a :class:`FactTable` against compiled rules; returns the (row, rule) pairs that fire."""

    def __init__(self, rules: Sequence[CompiledRule], lay: Layout) -> None:
        self.rules = tuple(rules)
        self.layout = lay
        self._pain = lay.pain_index
        self._luts: dict[Atom, np.ndarray] = {}
        self.terms: list[tuple[int, tuple[Atom, ...]]] = []
        self.whole: list[int] = []  # rules whose exact rewriting is too large: evaluated as a tree
        self._orders: list[tuple[Atom, ...]] | None = None
        self._plan: list[tuple[int, int, tuple[int, ...]]] | None = None  # of the kept orders
        self._tests: list[_Test] = []  # every test of a plan, by its number there
        self._number: dict[Atom, int] = {}
        for i, r in enumerate(self.rules):
            try:
                for term in lower(r.expr):
                    kept = self._simplified(term)
                    if kept is not None:  # a term that can never hold is not evaluated
                        self.terms.append((i, tuple(sorted(kept, key=repr))))
            except TooComplex:
                self.whole.append(i)

    def _simplified(self, term: frozenset[Atom]) -> frozenset[Atom] | None:
        """``term`` without the tests another test of the same coded property already implies, or
        ``None`` when two of them never hold together (e.g. ``industry_section`` ``O`` and ``in [C, J]``).
        On a coded property each ``eq``/``neq``/``or`` test is exactly the set of codes it accepts (its
        lookup table, unknown included), so a conjunction of them is the intersection of those sets."""
        by_prop: dict[str, list[Eq | Neq | OneOf]] = {}
        for a in term:
            if (
                isinstance(a, Eq | Neq | OneOf)
                and a.prop in self.layout.vocab
                and a.prop not in self.layout.texts
            ):
                by_prop.setdefault(a.prop, []).append(a)
        drop: set[Atom] = set()
        for atoms in by_prop.values():
            if len(atoms) < 2:
                continue
            luts = [self._lut(a) for a in atoms]
            both = np.logical_and.reduce(luts)
            if not both.any():
                return None
            # keep one test whose own set is the intersection, if there is one (ties: the first by repr)
            exact = sorted((a for a, lut in zip(atoms, luts, strict=True) if (lut == both).all()), key=repr)
            if exact:
                drop.update(a for a in atoms if a != exact[0])
        return term - drop if drop else term

    def _planned(self, orders: list[tuple[Atom, ...]]) -> list[tuple[int, int, tuple[int, ...]]]:
        """The terms in ``orders`` as (rule, anchor, other tests), each test by its number in
        ``self._tests`` (−1: a term without tests): no hashing of tests while matching."""
        with _NUMBERING:
            return self._numbered(orders)

    def _numbered(self, orders: list[tuple[Atom, ...]]) -> list[tuple[int, int, tuple[int, ...]]]:
        plan = []
        for (rule_index, _), ordered in zip(self.terms, orders, strict=True):
            numbers = [self._number.get(a) for a in ordered]
            for k, a in enumerate(ordered):
                if numbers[k] is None:
                    numbers[k] = self._number[a] = len(self._tests)
                    self._tests.append(_Test(self, a))
            ids = [n for n in numbers if n is not None]
            plan.append((rule_index, ids[0] if ids else -1, tuple(ids[1:])))
        return plan

    def mask(self, atom: Atom, t: FactTable, rows: np.ndarray | None = None) -> np.ndarray:
        """Where ``atom`` holds, on all rows or on ``rows``."""
        prop = atom.prop
        take = (lambda a: a) if rows is None else (lambda a: a[rows])
        n = t.n if rows is None else len(rows)
        if prop == KIND:
            return np.ones(n, bool)
        if prop in t.codes:
            return self._coded(atom, take(t.codes[prop]), lambda: take(t.lookup(prop)), n)
        if prop in t.texts:
            return _text(atom, take(t.texts[prop]))
        match atom:
            case HasItem(_, item):
                column = take(t.pains[:, self._pain[item]])
                return column if prop == PAINS else ~column
            case Eq(_, value):
                return take(t.numbers[prop]) == value
            case Neq(_, value):
                col = take(t.numbers[prop])
                return ~np.isnan(col) & (col != value)
            case OneOf(_, values):
                return np.isin(take(t.numbers[prop]), np.asarray(values, float))
            case Cmp(_, op, value):
                return np.asarray(OPERATORS[op].holds(take(t.numbers[prop]), value))  # NaN: False
            case Present():
                return ~np.isnan(take(t.numbers[prop]))
            case Absent():
                return np.isnan(take(t.numbers[prop]))
            case Match():
                raise AssertionError(f"{atom}: a regular expression on a column that holds no text")
            case _:
                assert_never(atom)

    def _coded(self, atom: Atom, col: np.ndarray, lookup: Callable[[], np.ndarray], n: int) -> np.ndarray:
        """An atom on a categorical or yes/no column (integer codes, −1 = unknown)."""
        match atom:
            case Present():
                return col >= 0
            case Absent():
                return col < 0
            case Eq(prop, value) | Neq(prop, value):  # one comparison instead of two gathers
                code = self.layout.vocab[prop].get(value)
                if code is None:
                    return np.zeros(n, bool) if isinstance(atom, Eq) else col >= 0
                return (col == code) if isinstance(atom, Eq) else (col != code) & (col >= 0)
            case OneOf():
                return self._lut(atom)[lookup()]
            case Cmp() | HasItem() | Match():
                raise AssertionError(f"{atom}: not a test of a coded property")
            case _:
                assert_never(atom)

    def _lut(self, atom: Eq | Neq | OneOf) -> np.ndarray:
        """Which codes satisfy an ``eq``/``neq``/``or`` atom; entry 0 is "unknown" (code −1)."""
        lut = self._luts.get(atom)
        if lut is None:
            vocab = self.layout.vocab[atom.prop]
            lut = np.zeros(len(vocab) + 1, bool)
            values = atom.values if isinstance(atom, OneOf) else (atom.value,)
            for v in values:
                if v in vocab:
                    lut[vocab[v] + 1] = True
            if isinstance(atom, Neq):
                lut = ~lut
                lut[0] = False
            self._luts[atom] = lut
        return lut

    def _tree(self, expr: Expr, t: FactTable) -> tuple[np.ndarray, np.ndarray]:
        """(true, false) masks of a condition, three-valued, without rewriting it."""
        if isinstance(expr, Cond):
            pos, neg = lower(expr), lower(Group("not", (expr,)))
            return self._any_term(pos, t), self._any_term(neg, t)
        parts = [self._tree(x, t) for x in expr.items]
        ts, fs = [p[0] for p in parts], [p[1] for p in parts]
        if expr.kind == "all":
            return np.logical_and.reduce(ts), np.logical_or.reduce(fs)
        if expr.kind == "any":
            return np.logical_or.reduce(ts), np.logical_and.reduce(fs)
        return np.logical_and.reduce(fs), np.logical_or.reduce(ts)  # not: none holds

    def _any_term(self, terms: list[frozenset[Atom]], t: FactTable) -> np.ndarray:
        out = np.zeros(t.n, bool)
        for term in terms:
            m = np.ones(t.n, bool)
            for a in term:
                m &= self.mask(a, t)
            out |= m
        return out

    def match(self, t: FactTable) -> tuple[np.ndarray, np.ndarray]:
        """(rows, rule indices) of every rule whose condition is true, each pair once, grouped by rule
        (32-bit integers when they fit)."""
        if t.n == 0 or not self.rules:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        orders = self._orders
        if orders is None:
            # anchor on the rarest test; then the others, rarest first, each on fewer rows (ties stay
            # in the term's fixed order: the sort is stable). Chunks of one population share their
            # statistics, so the order found on a large table is kept for the tables that follow.
            share = _Shares(self, t)
            orders = [tuple(sorted(term, key=share.__getitem__)) for _, term in self.terms]
            if t.n >= _SETTLED:
                self._orders = orders
                self._plan = self._planned(orders)
        plan = self._plan if self._plan is not None and orders is self._orders else self._planned(orders)
        tests = [test.bind(t) for test in self._tests]
        anchored: list[np.ndarray | None] = [None] * len(tests)
        by_rule: dict[int, list[np.ndarray]] = {}
        for rule_index, anchor, rest in plan:
            if anchor < 0:
                rows = np.arange(t.n)
            else:
                found = anchored[anchor]
                if found is None:
                    found = anchored[anchor] = np.flatnonzero(tests[anchor](None))
                rows = found
                for a in rest:
                    if not rows.size:
                        break
                    rows = rows.compress(tests[a](rows))  # (a mask index branches on each row: 2-3x slower)
            by_rule.setdefault(rule_index, []).append(rows)
        for rule_index in self.whole:
            by_rule[rule_index] = [np.flatnonzero(self._tree(self.rules[rule_index].expr, t)[0])]
        # 32-bit positions: half the memory for the pairs and all that is computed from them
        kind = np.int32 if max(t.n, len(self.rules)) < 2**31 else np.int64
        found_rows, found_rules = [np.zeros(0, kind)], [0]
        for rule_index, parts in sorted(by_rule.items()):
            found_rows.append(
                parts[0] if len(parts) == 1 else _union(parts)
            )  # a row two terms match fires once
            found_rules.append(rule_index)
        sizes = [len(rows) for rows in found_rows]
        return np.concatenate(found_rows).astype(kind, copy=False), np.repeat(
            np.array(found_rules, kind), sizes
        )


class _Test:
    """One test, with what it needs looked up once: :meth:`bind` gives a function of the rows (``None``:
    all) for one table. The common tests (a coded property's value or set of values, a pain point, a
    number's comparison) are computed directly; the others through :meth:`VectorMatcher.mask`."""

    def __init__(self, matcher: VectorMatcher, atom: Atom) -> None:
        self.matcher, self.atom = matcher, atom
        self.kind: str = "mask"
        self.arg: Any = None
        prop = atom.prop
        lay = matcher.layout
        if prop == KIND or prop in lay.texts:
            return
        if prop in lay.vocab:
            if isinstance(atom, OneOf):
                self.kind, self.arg = "lut", matcher._lut(atom)
            elif isinstance(atom, Eq) and lay.vocab[prop].get(atom.value) is not None:
                self.kind, self.arg = "code", lay.vocab[prop][atom.value]
        elif isinstance(atom, HasItem) and prop == PAINS:
            self.kind, self.arg = "pain", matcher._pain[atom.item]
        elif isinstance(atom, Cmp) and prop in lay.numeric:
            self.kind, self.arg = "cmp", OPERATORS[atom.op].holds

    def bind(self, t: FactTable) -> Callable[[np.ndarray | None], np.ndarray]:
        atom, arg, prop = self.atom, self.arg, self.atom.prop
        if self.kind == "lut":
            lookup = t.lookup(prop)
            return lambda rows: arg[lookup] if rows is None else arg[lookup[rows]]
        if self.kind == "code":
            col = t.codes[prop]
            return lambda rows: (col if rows is None else col[rows]) == arg
        if self.kind == "pain":
            col = t.pains[:, arg]
            return lambda rows: col if rows is None else col[rows]
        if self.kind == "cmp":
            num, value = t.numbers[prop], atom.value  # type: ignore[union-attr]
            return lambda rows: np.asarray(arg(num if rows is None else num[rows], value))
        mask = self.matcher.mask
        return lambda rows: mask(atom, t, rows)


class _Shares(dict[Atom, float]):
    """The share of a table's rows on which each test holds — exact from value counts for coded
    properties and pain points, estimated on a sample for numbers — computed when first asked."""

    _SAMPLE = 5_000

    def __init__(self, matcher: VectorMatcher, t: FactTable) -> None:
        super().__init__()
        self.matcher, self.t = matcher, t
        self.counts: dict[str, np.ndarray] = {}
        self.pain_share = t.pains.mean(axis=0) if t.pains.size else np.zeros(0)
        self.sample = np.arange(min(t.n, self._SAMPLE))

    def __missing__(self, atom: Atom) -> float:
        prop, t = atom.prop, self.t
        if isinstance(atom, HasItem):
            share = float(self.pain_share[self.matcher._pain[atom.item]])
            share = share if prop == PAINS else 1.0 - share
        elif prop in t.codes and isinstance(atom, Eq | Neq | OneOf):
            if prop not in self.counts:
                self.counts[prop] = np.bincount(
                    t.lookup(prop), minlength=len(self.matcher.layout.vocab[prop]) + 1
                )
            share = float(self.counts[prop][self.matcher._lut(atom)].sum()) / t.n
        else:
            share = float(self.matcher.mask(atom, t, self.sample).mean())
        self[atom] = share
        return share


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """The sorted distinct rows of several sorted row lists (by sorting: numpy's hashed ``unique``
    is slow on such keys)."""
    rows = np.sort(np.concatenate(parts), kind="stable")
    return rows[np.concatenate(([True], rows[1:] != rows[:-1]))] if len(rows) else rows


def _text(atom: Atom, col: np.ndarray) -> np.ndarray:
    """An atom on a text column (``None`` = unknown). A regular expression holds where it is *found*
    in the text: the meaning :mod:`prescriber.operators` gives ``regex``, applied to each text (the C
    regex engine behind pandas' ``str.contains`` is Python's too, one call per row either way)."""
    known = np.fromiter((v is not None for v in col), bool, len(col))
    match atom:
        case Present():
            return known
        case Absent():
            return ~known
        case Match(_, pattern, hit):
            found = OPERATORS["regex"].holds
            return np.fromiter(
                (v is not None and found(v, pattern) != (not hit) for v in col), bool, len(col)
            )
        case Eq() | Neq() | OneOf() | Cmp() | HasItem():
            raise AssertionError(f"{atom}: not a test of a text")
        case _:
            assert_never(atom)
