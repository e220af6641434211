"""A chunk of profile rows → a :class:`FactTable`, column by column.

The meaning of a row is defined once, by :func:`row_facts` (cells → profile → shape check →
:func:`prescriber.derive.derive`), the same path a single profile takes. :func:`fact_table` computes
the same facts for a whole chunk without a Python loop over rows:

* a categorical cell (region, ownership, industry, a flag, or any other column) is resolved once per
  distinct value, by running ``row_facts`` on a row holding only that cell ("probing");
* numbers are parsed with ``pandas.to_numeric`` and range-checked against the field table;
* pain points are split into items, each distinct item probed once, and scattered into the matrix;
* size class and 规模以上 follow from the industry's size row and line, with numpy.

A row for which any of this is in doubt — a value that failed, a cell of an unusual type, a number
out of range, too long a name — is marked *suspect* and goes through ``row_facts`` itself, which gives
its facts or its exact problems. The fast path therefore never decides about a bad row, and the
differential test (``tests/test_batch_facts.py``) checks it against ``row_facts`` on generated tables.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from prescriber import shape, sizes, yamlsrc
from prescriber.batch.cells import STARTS_BLANK, column, factorize, filled, missing, read_numbers
from prescriber.batch.known import Failed, known_problems, remember, why
from prescriber.batch.rows import row_profile
from prescriber.compiler import RuleBook
from prescriber.derive import CONTRACT_MONTHS, CONTRACT_UNTIL, contract_months, derive
from prescriber.errors import Problem
from prescriber.limits import CODE_LENGTH, PAIN_POINTS, TEXT_LENGTH
from prescriber.models import Profile
from prescriber.normal import DIVISION, SECTION, prop_of, unknown_division
from prescriber.semantics import Facts, IndustryCode
from prescriber.vector.table import FactTable, Layout

__all__ = ["Probes", "fact_table", "row_facts", "to_facts"]

_DERIVED = ("size", "above_scale", "pain_points")
_PROBE_NAME = "·"
_TEXT_MAX = {"name": TEXT_LENGTH, "id": CODE_LENGTH}  # models.base Text and Code
_MAX_PAINS = PAIN_POINTS  # models.profile.Profile.pain_points
_MAX_PROBES = 100_000


def row_facts(
    book: RuleBook,
    cells: dict[str, Any],
    columns: list[str],
    file: str,
    number: int,
    day: date | None = None,
) -> tuple[Facts | None, list[Problem]]:
    """One row's facts on ``day`` (default today), resolved and derived exactly as for a single
    profile, or its errors — every one of them, as a profile file gets: a bad cell is left out and the
    rest of the row still checked."""
    profile, found = row_profile(cells, file, number, columns)
    errors = [p for p in found if p.severity == "error"]
    model, shaped = shape.validate(yamlsrc.Document(file, profile), (), Profile, profile)
    errors += [replace(p, line=number, column=0) for p in shaped]
    if model is None:  # check what is left without the fields that failed their shape
        bad = {p.path.split(".")[0].split("[")[0] for p in shaped}
        rest = {k: v for k, v in profile.items() if k not in bad} | {
            "name": profile.get("name") or _PROBE_NAME
        }
        model, _ = shape.validate(yamlsrc.Document(file, rest), (), Profile, rest)
        if model is None:
            return None, errors
    derived = derive(model, book.table, book.catalog, day)
    errors += [
        replace(p, file=file, line=number, column=0, path=".".join(map(str, loc)))
        for loc, p in derived.findings
        if p.severity == "error"
    ]
    return (None, errors) if errors else (derived.facts, [])


def to_facts(
    book: RuleBook, frame: pd.DataFrame, first_row: int, file: str = "", day: date | None = None
) -> tuple[list[Facts], list[int], list[Problem]]:
    """Each row's facts through :func:`row_facts`, one row at a time (the reference for
    :func:`fact_table`); bad rows become problems."""
    columns = [str(c) for c in frame.columns]
    facts, numbers, problems = [], [], []
    for offset, cells in enumerate(frame.itertuples(index=False, name=None)):
        got, found = row_facts(
            book, dict(zip(columns, cells, strict=True)), columns, file, first_row + offset, day
        )
        if got is None:
            problems += found
        else:
            facts.append(got)
            numbers.append(first_row + offset)
    return facts, numbers, problems


Probes = dict[tuple[str, Hashable], dict[str, Any] | None]


def fact_table(
    book: RuleBook,
    lay: Layout,
    frame: pd.DataFrame,
    first_row: int,
    file: str = "",
    probes: Probes | None = None,
    day: date | None = None,
) -> tuple[FactTable, np.ndarray, list[Problem]]:
    """The facts on ``day`` (default today) of every good row of ``frame`` (rows numbered from
    ``first_row``), the numbers of those rows, and the problems of the bad ones — equal to
    :func:`to_facts`, column by column. ``probes`` keeps what single cells mean from one chunk to the
    next (for this ``book`` only; never a cell whose meaning depends on the day)."""
    on = day or date.today()
    builder = _Builder(book, lay, frame, {} if probes is None else probes)
    for name in builder.columns:
        if name != CONTRACT_UNTIL:
            builder.column(name)
    if CONTRACT_UNTIL in builder.columns:  # after the metrics: the end day wins over stated months
        builder.contract_until(on)
    builder.sizes()
    table, suspect = builder.table, builder.suspect
    columns = builder.columns
    good = np.ones(table.n, bool)
    problems: list[Problem] = []
    slow: list[Facts] = []
    slow_at: list[int] = []
    known = known_problems(builder.failed, np.flatnonzero(builder.failed_rows & ~suspect), file, first_row)
    for at, found in known.items():
        good[at] = False
        problems += found
    suspect[list(known)] = False
    doubtful = np.flatnonzero(suspect)
    cells = zip(
        *(frame.iloc[doubtful, j].tolist() for j in range(len(columns)) if len(doubtful)), strict=True
    )
    for i, row in zip(doubtful, cells, strict=True):
        got, found = row_facts(
            book, dict(zip(columns, row, strict=True)), columns, file, first_row + int(i), on
        )
        if got is None:
            good[i] = False
            problems += found
        else:
            slow.append(got)
            slow_at.append(int(i))
    if slow:
        table.put(np.asarray(slow_at), FactTable.from_facts(slow, lay))
    keep = np.flatnonzero(good)
    if known:
        problems.sort(key=lambda p: p.line)  # stable: a row's own problems keep their order
    # every row good (the common case): the table as built, not a copy of it
    return (table if len(keep) == table.n else table.take(keep)), keep + first_row, problems


class _Builder:
    def __init__(self, book: RuleBook, lay: Layout, frame: pd.DataFrame, probes: Probes) -> None:
        self.book, self.lay, self.frame = book, lay, frame
        self.columns = [str(c) for c in frame.columns]
        self.n = len(frame)
        self.table = FactTable.empty(self.n, lay)
        self.suspect = np.zeros(self.n, bool)
        self.industry: tuple[np.ndarray, list[IndustryCode | None]] | None = None
        self.failed: list[Failed] = []  # rows in doubt only for these cells are not checked again
        self.failed_rows = np.zeros(self.n, bool)
        if len(probes) > _MAX_PROBES:  # a column of free text would otherwise grow it without end
            probes.clear()
        self._probes = probes
        if "name" not in self.columns:  # every row lacks its name: let the reference path say so
            self.suspect[:] = True

    # -- columns ---------------------------------------------------------------------------------

    def column(self, name: str) -> None:
        if self.columns.count(name) != 1:  # duplicate column names: leave every row to the reference path
            self.suspect[:] = True
            return
        kind, values = column(self.frame.iloc[:, self.columns.index(name)])
        if name == "suppliers":  # no fact of its own: a row that lists some is checked by the reference path
            self.suspect |= ~missing(values)
            return
        numeric = name in ("employees", "revenue", "assets") or (
            name.startswith("metrics.") and name in self.book.table.fields
        )
        if kind == "other" or (kind == "bool" and (numeric or name in _TEXT_MAX)):
            self.suspect |= ~missing(values)
        elif name in _TEXT_MAX:
            self._text(name, values)
            if prop_of(name) in self.table.texts:
                self._texts(name, values)
        elif numeric:
            self._number(name, values)
        elif name == "pain_points" and isinstance(values, pa.Array):
            self._pains(values)
        else:
            self._categorical(name, values, kind)

    def contract_until(self, day: date) -> None:
        """The months left on ``day`` of each row's collective contract, from its end day, by the
        derivation a single profile takes (:func:`prescriber.derive.contract_months`), once per
        distinct cell; a cell it refuses is left to the reference path."""
        if self.columns.count(CONTRACT_UNTIL) != 1:
            self.suspect[:] = True
            return
        kind, values = column(self.frame.iloc[:, self.columns.index(CONTRACT_UNTIL)])
        spec = self.book.table.get(CONTRACT_MONTHS)
        prop = prop_of(CONTRACT_MONTHS)
        if kind not in ("text", "other") or spec is None or prop not in self.table.numbers:
            cells = values.to_pylist() if isinstance(values, pa.Array) else values
            self.suspect |= ~missing(np.asarray(cells, dtype=object))
            return
        assert spec.low is not None and spec.high is not None
        codes, uniques = factorize(values, kind)
        months = [contract_months(u, day, spec.low, spec.high) for u in uniques]
        blank = np.append(missing(np.asarray(uniques, dtype=object)), True)
        bad = np.array([not blank[k] and isinstance(m, str) for k, m in enumerate(months)] + [False])
        got = np.array([np.nan if isinstance(m, str) else m for m in months] + [np.nan], float)
        self.suspect |= bad[codes]
        given = ~blank[codes] & ~bad[codes]
        self.table.numbers[prop] = np.where(given, got[codes], self.table.numbers[prop])

    def _text(self, name: str, values: pa.Array | np.ndarray) -> None:
        """Only checked: a name must be there, and neither may be too long. A cell that may be blank
        (empty, or starting with white space) or too long (before stripping) is left to the
        reference path."""
        if isinstance(values, pa.Array):
            doubt = filled(pc.greater(pc.utf8_length(values), _TEXT_MAX[name]), False)
            if name == "name":
                doubt |= filled(
                    pc.or_(pc.equal(values, ""), pc.match_substring_regex(values, STARTS_BLANK)), True
                )
        else:
            empty = missing(values)
            doubt = ~empty if values.dtype.kind not in "iu" else np.zeros(self.n, bool)
            if name == "name":
                doubt |= empty
        self.suspect |= doubt

    def _texts(self, name: str, values: pa.Array | np.ndarray) -> None:
        """A text some rule reads, as a profile gets it: stripped; a number typed into the cell as its
        digits (any other cell is in doubt, and read by the reference path)."""
        cells = values.to_pylist() if isinstance(values, pa.Array) else values.tolist()
        self.table.texts[prop_of(name)] = np.array(
            [v.strip() if isinstance(v, str) else None if v is None else str(v) for v in cells], object
        )

    def _number(self, name: str, values: pa.Array | np.ndarray) -> None:
        numbers, empty, unread = read_numbers(values)
        self.suspect |= unread
        spec = self.book.table.fields.get(name)
        assert spec is not None and spec.low is not None and spec.high is not None
        with np.errstate(invalid="ignore"):
            wrong = ~np.isfinite(numbers) | (numbers < spec.low) | (numbers > spec.high)
            if spec.integer:
                wrong |= numbers != np.floor(numbers)
        self.suspect |= ~empty & wrong
        self.table.numbers[prop_of(name)] = np.where(wrong, np.nan, numbers)

    def _categorical(self, name: str, values: pa.Array | np.ndarray, kind: str) -> None:
        codes, uniques = factorize(values, kind)
        blank = np.append(missing(np.asarray(uniques, dtype=object)), True)
        found = [None if blank[k] else self._probe(name, u) for k, u in enumerate(uniques)]
        bad = np.array([not blank[k] and f is None for k, f in enumerate(found)] + [False])
        told = {k: why(self._probes, name, u) for k, u in enumerate(uniques) if bad[k]}
        if all(w is not None for w in told.values()) and bad.any():
            self.failed.append((self.columns.index(name), name, codes, {k: w for k, w in told.items() if w}))
            self.failed_rows |= bad[codes]
        else:
            self.suspect |= bad[codes]
        if name == "industry":
            self.industry = (codes, [f.get("industry") if f else None for f in found])
        props: dict[str, dict[int, Any]] = {}
        for k, f in enumerate(found):
            for prop, value in (f or {}).items():
                props.setdefault(prop, {})[k] = value
        for prop, by_unique in props.items():
            self._set(prop, codes, by_unique, len(uniques))

    def _set(self, prop: str, codes: np.ndarray, by_unique: Mapping[int, Any], n_unique: int) -> None:
        """Fill ``prop`` from the values of the distinct cells; a blank or bad cell stays unknown."""
        if prop == "industry":
            section = np.full(n_unique + 1, -1, np.int16)
            division = np.full(n_unique + 1, -1, np.int16)
            for k, code in by_unique.items():
                section[k] = self.lay.vocab[SECTION][code.section]
                division[k] = self.lay.vocab[DIVISION][code.division or unknown_division(code.section)]
            self.table.codes[SECTION] = section[codes]
            self.table.codes[DIVISION] = division[codes]
            return
        p = prop_of(prop)
        if p in self.table.codes:
            lut = np.full(n_unique + 1, -1, np.int16)
            for k, value in by_unique.items():
                lut[k] = self.lay.vocab[p][value]
            self.table.codes[p] = lut[codes]
        elif p in self.table.numbers:
            nums = np.full(n_unique + 1, np.nan)
            for k, value in by_unique.items():
                nums[k] = value
            self.table.numbers[p] = nums[codes]

    def _pains(self, values: pa.Array) -> None:
        cells = pc.split_pattern(values, ";")
        item_codes, items = factorize(pc.list_flatten(cells))
        if any("；" in item for item in items):  # full-width separators: split again on both
            cells = pc.split_pattern(pc.replace_substring(values, "；", ";"), ";")
            item_codes, items = factorize(pc.list_flatten(cells))
        owner = filled(pc.list_parent_indices(cells), 0).astype(np.int64)
        empty = missing(np.asarray(items, dtype=object))  # a blank cell has only empty items
        probed = [None if e else self._probe("pain_points", u) for u, e in zip(items, empty, strict=True)]
        item_bad = np.array([not e and p is None for e, p in zip(empty, probed, strict=True)], bool)
        index = self.lay.pain_index
        item_pain = np.array([index[next(iter(p["pain_points"]))] if p else 0 for p in probed], np.int64)
        item_sev = np.array([next(iter(p["severity"].values())) if p else 0 for p in probed], np.int8)
        self.suspect |= np.bincount(owner, weights=item_bad[item_codes], minlength=self.n) > 0
        self.suspect |= np.bincount(owner, weights=~empty[item_codes], minlength=self.n) > _MAX_PAINS
        ok = ~(empty | item_bad)[item_codes]
        severity = np.zeros(self.n * len(index), np.int8)  # 0 = not reported; duplicates keep the highest
        np.maximum.at(severity, owner[ok] * len(index) + item_pain[item_codes[ok]], item_sev[item_codes[ok]])
        self.table.severity = severity.reshape(self.n, len(index))
        self.table.pains = self.table.severity > 0

    def _probe(self, column: str, raw: Hashable) -> dict[str, Any] | None:
        """What one cell alone says: its property values (pain points: ids and severities), or
        ``None`` when the cell is an error."""
        key = (column, raw)
        if key not in self._probes:
            facts, found = row_facts(self.book, {"name": _PROBE_NAME, column: raw}, ["name", column], "", 0)
            if facts is None:
                self._probes[key] = None
                remember(self._probes, column, raw, found)
            elif column == "pain_points":
                self._probes[key] = {
                    "pain_points": facts.values["pain_points"],
                    "severity": dict(facts.severity),
                }
            else:
                self._probes[key] = {
                    k: v for k, v in facts.values.items() if k not in _DERIVED and k != "name"
                }  # the probe's name is not the row's
        return self._probes[key]

    # -- derived ---------------------------------------------------------------------------------

    def _industry(self, what: str, code: IndustryCode | None) -> int:
        """The position of an industry's size row or 规模以上 line in the catalogue (−1: none),
        remembered with the probes: the same for every chunk."""
        if code is None:
            return -1
        key = (what, code)
        if key not in self._probes:
            catalog = self.book.catalog
            if what == "size row":
                rows = list(catalog.size_classes)
                row = _size_row(code, rows)
                self._probes[key] = {"at": next((i for i, r in enumerate(rows) if r is row), -1)}
            else:
                lines = list(catalog.above_scale)
                line = sizes.line_for(code, lines)
                self._probes[key] = {"at": next((i for i, x in enumerate(lines) if x is line), -1)}
        found = self._probes[key]
        assert found is not None
        return int(found["at"])

    def sizes(self) -> None:
        """Size class and 规模以上 from the industry and the numbers, as :mod:`prescriber.sizes`."""
        if self.industry is None:
            return
        codes, found = self.industry
        catalog = self.book.catalog
        rows = list(catalog.size_classes)
        row_of = np.array([self._industry("size row", c) for c in found] + [-1])
        row_at = row_of[codes]
        size = np.full(self.n, -1, np.int16)
        vocab = self.lay.vocab.get("size")
        for k, row in enumerate(rows):
            at = np.flatnonzero(row_at == k)
            if not len(at) or vocab is None:
                continue
            tiers = []
            for indicator, bounds in row.thresholds.items():
                v = self.table.numbers[prop_of(indicator)][at]
                tier = np.select([v >= bounds.large, v >= bounds.medium, v >= bounds.small], [3, 2, 1], 0)
                tiers.append(np.where(np.isnan(v), -1, tier))
            stack = np.vstack(tiers)
            unknown = (stack < 0).any(axis=0)
            low = np.where(stack < 0, 99, stack).min(axis=0)
            tier = np.where(unknown, np.where(low == 0, 0, -1), low)
            names = np.array([vocab[t] for t in sizes.TIERS] + [-1], np.int16)
            size[at] = names[tier]  # −1 indexes the trailing "unknown"
        if vocab is not None:
            self.table.codes["size"] = size
        if "above_scale" in self.table.codes:
            self.table.codes["above_scale"] = self._above_scale(codes, found)

    def _above_scale(self, codes: np.ndarray, found: list[IndustryCode | None]) -> np.ndarray:
        lines = list(self.book.catalog.above_scale)
        # per distinct industry: −1 unknown, 1 always, 2 compare revenue against its line's minimum
        mode = np.full(len(found) + 1, -1, np.int8)
        minimum = np.full(len(found) + 1, np.nan)
        for k, code in enumerate(found):
            at = self._industry("above-scale line", code)
            if at < 0:
                continue
            line = lines[at]
            mode[k], minimum[k] = (1, np.nan) if line.min_revenue is None else (2, line.min_revenue)
        m, low = mode[codes], minimum[codes]
        revenue = self.table.numbers[prop_of("revenue")]
        with np.errstate(invalid="ignore"):
            compared = np.where(np.isnan(revenue), -1, (revenue >= low).astype(np.int16))
        return np.where(m == 1, 1, np.where(m == 2, compared, -1)).astype(np.int16)


def _size_row(code: IndustryCode | None, rows: list[Any]) -> Any:
    return sizes.row_for(code, rows) if code is not None else None
