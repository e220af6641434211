"""A workbook of rules → one located document per sheet, holding the rules as a YAML author would
have written them, each value's position its cell (``rules/x.xlsx!技能!C12`` in problems).

Bounded like every input: file size, unpacked size (a zip bomb is refused before it is opened), sheets,
rows, columns and cells; openpyxl parses through defusedxml, so entity definitions are refused.
"""

from __future__ import annotations

import zipfile
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from prescriber import yamlsrc
from prescriber.codes import Code, Phrase, field_name, meant, phrases
from prescriber.errors import Problem, problem
from prescriber.limits import FILE_BYTES
from prescriber.models import Catalog
from prescriber.shape import suggest
from prescriber.workbook.columns import (
    CELL,
    OWN,
    YES_NO,
    Column,
    Vocabulary,
    cell_value,
    header,
    shape,
    vocabulary,
)

__all__ = ["LIMITS", "Limits", "SheetDocument", "read"]


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or accidental workbook cheap to refuse."""

    max_bytes: int = FILE_BYTES
    max_unpacked: int = 100 * 1024 * 1024
    max_sheets: int = 200
    max_rows: int = 10_000
    max_columns: int = 200
    max_cells: int = 2_000_000


LIMITS = Limits()
_REQUIRED = ("id", "title", "reason")


def read(
    path: Path, catalog: Catalog | None, limits: Limits = LIMITS
) -> tuple[list[yamlsrc.Document], list[Problem]]:
    """Every sheet of the workbook at ``path`` (sheets whose name starts with ``_`` are notes and are
    skipped), and every problem found in them."""
    name = str(path)
    whole = _check_file(path, limits)
    if whole:
        return [], [replace(whole, file=name)]
    import openpyxl  # here, not at the top: see the package's docstring

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl has no error type of its own: a damaged part raises almost anything
        return [], [_unreadable(name, phrases.NOT_A_WORKBOOK.fill(why=_first_line(exc)))]
    vocab = vocabulary(catalog)
    docs: list[yamlsrc.Document] = []
    problems: list[Problem] = []
    try:
        sheets = [s for s in book.worksheets if not s.title.startswith("_")]
        if len(sheets) > limits.max_sheets:
            return [], [problem(Code.SHEET_TOO_MANY, file=name, limit=limits.max_sheets)]
        for sheet in sheets:
            sheet.reset_dimensions()  # the declared size is not trusted: only the cells present count
            reader = _Sheet(f"{name}!{sheet.title}", vocab, limits)
            try:
                doc = reader.read(sheet.iter_rows(max_row=limits.max_rows + 1))
            except Exception as exc:  # a damaged or hostile sheet (entity definitions are refused here)
                problems.append(
                    _unreadable(name, phrases.BAD_SHEET.fill(sheet=sheet.title, why=_first_line(exc)))
                )
                continue
            problems += reader.problems
            if doc is not None:
                docs.append(doc)
    finally:
        book.close()
    return docs, problems


def _check_file(path: Path, limits: Limits) -> Problem | None:
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            what = phrases.BOOK_OVER.fill(limit=limits.max_bytes // 1024 // 1024)
            return problem(Code.SOURCE_TOO_LARGE, what=what, how=phrases.SPLIT_BOOKS)
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        return _unreadable("", phrases.NOT_XLSX.fill(why=_first_line(exc)))
    if unpacked > limits.max_unpacked:
        return problem(Code.SOURCE_TOO_LARGE, what=phrases.ZIP_BOMB, how=phrases.SPLIT_BOOKS)
    return None


def _unreadable(file: str, what: Phrase) -> Problem:
    return problem(Code.SOURCE_EXCEL, file=file, what=what, how=phrases.RESAVE_XLSX)


def _first_line(exc: BaseException) -> Phrase | str:
    cause: BaseException | None = exc
    for _ in range(8):  # the chain of causes, not followed forever
        if cause is None:
            break
        if type(cause).__module__.startswith("defusedxml"):  # refused by the parser, never expanded
            return phrases.XML_ENTITIES
        cause = cause.__cause__ or cause.__context__
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class SheetDocument(yamlsrc.Document):
    """A sheet's rules: a document whose problems name the cell, and the path inside the rule (the
    rule's index in the sheet would only confuse: the row is in the cell)."""

    def locate(self, problem: Problem, loc: Sequence[Hashable], *, key: bool = False) -> Problem:
        placed = super().locate(problem, loc, key=key)
        inner = self.real_path(loc)[1:]
        return replace(placed, path=yamlsrc.format_path(inner))


class _Sheet:
    """One sheet: the header row names the columns, each further row that is not empty is a rule."""

    def __init__(self, file: str, vocab: Vocabulary, limits: Limits) -> None:
        self.file, self.vocab, self.limits = file, vocab, limits
        self.problems: list[Problem] = []
        self.marks: dict[yamlsrc.PathT, yamlsrc.Mark] = {}
        self.row_marks: dict[
            yamlsrc.PathT, yamlsrc.Mark
        ] = {}  # the row being read: kept if it becomes a rule
        self.columns: dict[int, Column] = {}
        self.unnamed: set[int] = set()  # columns whose header has a problem of its own

    def problem(self, row: int, col: int, code: Code, /, **params: Any) -> None:
        self.problems.append(problem(code, file=self.file, line=row, column=col, **params))

    def read(self, rows: Any) -> yamlsrc.Document | None:
        rules: list[dict[str, Any]] = []
        cells = 0
        head: dict[int, Any] | None = None
        for number, row in enumerate(rows, start=1):
            cells += len(row)
            if number > self.limits.max_rows or cells > self.limits.max_cells:
                what = (
                    phrases.ROWS_OVER.fill(limit=self.limits.max_rows)
                    if number > self.limits.max_rows
                    else phrases.TOO_MANY_CELLS
                )
                self.problem(number, 1, Code.SHEET_TOO_LARGE, what=what)
                break
            before = len(self.problems)
            values = self._values(number, row)
            if not values:
                continue
            if head is None:
                head = values
                if not self._header(number, values):
                    return None  # without ids the rows are not rules: the header's problem says why
                continue
            rule = self._rule(number, values, len(rules), before)
            if rule is not None:
                rules.append(rule)
        if head is None:
            return None  # an empty sheet
        return SheetDocument(self.file, rules, self.marks, dict(self.marks))

    def _values(self, number: int, row: Sequence[Any]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for col, cell in enumerate(row, start=1):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if col > self.limits.max_columns:
                self.problem(number, col, Code.SHEET_TOO_WIDE, limit=self.limits.max_columns)
                break
            kind = cell.data_type
            if kind == "f":
                self.problem(number, col, Code.SHEET_FORMULA)
            elif kind == "e":
                self.problem(number, col, Code.SHEET_ERROR_VALUE, value=value)
            elif isinstance(value, datetime | date):
                out[col] = value.strftime("%Y-%m-%d")  # a date cell: the date written as YAML would have it
            else:
                out[col] = value.strip() if isinstance(value, str) else value
        return out

    def _header(self, number: int, values: dict[int, Any]) -> bool:
        seen: dict[str, int] = {}
        for col, text in values.items():
            got = header(str(text), col, self.vocab)
            if isinstance(got, Problem):
                self.problems.append(replace(got, file=self.file, line=number, column=col))
                self.unnamed.add(col)
                continue
            if got.key != "when" and got.key in seen:
                self.problem(number, col, Code.SHEET_DUPLICATE_COLUMN, text=text, first=seen[got.key])
                self.unnamed.add(col)
                continue
            seen.setdefault(got.key, col)
            self.columns[col] = got
        if "id" not in seen:
            self.problem(number, 1, Code.SHEET_NO_ID_COLUMN)
        return "id" in seen

    def _rule(self, number: int, values: dict[int, Any], i: int, before: int) -> dict[str, Any] | None:
        """The rule of one row, or ``None`` when it cannot be checked further. A required cell left
        empty is reported and stood in for, so that the row's other cells are still checked."""
        rule: dict[str, Any] = {}
        leaves: list[tuple[int, str, Any]] = []
        self.row_marks = {}
        for col, raw in values.items():
            column = self.columns.get(col)
            if column is None:
                if col not in self.unnamed:
                    self.problem(number, col, Code.SHEET_NO_HEADER)
                continue
            try:
                value = cell_value(raw, column)
            except ValueError as exc:
                label = self.vocab.labels.get(column.field, column.field)
                self.problem(
                    number,
                    col,
                    Code.RULE_BAD_VALUE,
                    field=field_name(column.field, label),
                    what=exc.args[0] if exc.args and isinstance(exc.args[0], Phrase) else exc,
                    how=_hint(column),
                )
                continue
            if column.key == "when":
                leaves.append((col, column.field, value))
            elif column.key in ("service", "exclude") and not self._service(number, col, value):
                return None
            else:
                rule[column.key] = (
                    self.vocab.services.get(value, value) if column.key in ("service", "exclude") else value
                )
                self.row_marks[(i, column.key)] = yamlsrc.Mark(number, col)
        said = len(self.problems) > before or any(col in self.unnamed for col in values)
        if not self._complete(number, rule, bool(leaves) or said):
            return None
        return self._finish(number, i, rule, leaves) if leaves else None

    def _service(self, number: int, col: int, value: Any) -> bool:
        """Whether a service cell names a service (an unknown id is left to the compiler, as in YAML)."""
        if (
            not self.vocab.known
            or not isinstance(value, str)
            or value in self.vocab.services
            or value.isascii()
        ):
            return True
        close = suggest(value, [*self.vocab.services])
        self.problem(
            number,
            col,
            Code.RULE_UNKNOWN_SERVICE,
            service=value,
            how=meant(close) if close else phrases.SERVICE_NAMES_IN_CATALOG,
        )
        return False

    def _complete(self, number: int, rule: dict[str, Any], has_when: bool) -> bool:
        where = {c.key: c.index for c in self.columns.values()}
        missing = [k for k in _REQUIRED if k not in rule]
        for key in missing:
            rule[key] = f"row-{number}" if key == "id" else "（缺）"  # stands in: the problem is reported
        if "service" not in rule and "exclude" not in rule:
            missing.append("service" if "service" in where or "exclude" not in where else "exclude")
        for key in missing:
            self.problem(
                number,
                where.get(key, 1),
                Code.SHAPE_MISSING,
                what=phrases.REQUIRED_MISSING.fill(key=key),
                how=phrases.FILL_IN.fill(column=OWN[key][0])
                + ("" if key in where else phrases.ADD_COLUMN.fill(column=OWN[key][0])),
            )
        if not has_when:
            first = min((c.index for c in self.columns.values() if c.key == "when"), default=1)
            self.problem(
                number,
                first,
                Code.SHAPE_MISSING,
                what=phrases.REQUIRED_MISSING.fill(key="when"),
                how=phrases.FILL_A_CONDITION,
            )
        return "service" in rule or "exclude" in rule

    def _finish(
        self, number: int, i: int, rule: dict[str, Any], leaves: list[tuple[int, str, Any]]
    ) -> dict[str, Any]:
        self.marks.update(self.row_marks)
        self.marks[(i,)] = yamlsrc.Mark(number, 1)
        if len(leaves) == 1:
            col, name, value = leaves[0]
            rule["when"] = {name: value}
            self._mark((i, "when"), number, col, value, name)
        else:
            rule["when"] = {"all": [{name: value} for _, name, value in leaves]}
            self.marks[(i, "when")] = yamlsrc.Mark(number, leaves[0][0])
            self.marks[(i, "when", "all")] = yamlsrc.Mark(number, leaves[0][0])
            for k, (col, name, value) in enumerate(leaves):
                self._mark((i, "when", "all", k), number, col, value, name)
        return rule

    def _mark(self, path: yamlsrc.PathT, number: int, col: int, value: Any, name: str) -> None:
        mark = yamlsrc.Mark(number, col)
        self.marks[path] = self.marks[(*path, name)] = mark
        inner = list(value.items()) if isinstance(value, dict) else [("", value)]
        for op, v in inner:
            sub = (*path, name, op) if op else (*path, name)
            self.marks[sub] = mark
            for j in range(len(v) if isinstance(v, list) else 0):
                self.marks[(*sub, j)] = mark


def _hint(column: Column) -> Phrase | str:
    """How a condition cell that could not be read is written: as its operator's value is, or for a
    bare value on a yes/no field, 是 or 否."""
    if column.op is None:
        return phrases.SHEET_BOOL.fill(yes=YES_NO[0], no=YES_NO[1]) if column.kind == "bool" else ""
    return CELL.get(shape(column.op), ("", ""))[1]
