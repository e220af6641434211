"""A rule base → workbooks: one per rule file, one sheet per service, one row per rule, drop-down
lists of the allowed values, frozen headers. A rule that does not fit one row (``any``, ``not``,
several operators on one field …) stays YAML, copied as written, and is listed. Every row is read
back and compared with the rule as written before the export counts as done, so a round trip is
lossless by construction."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from prescriber import yamlsrc
from prescriber.errors import SourceError
from prescriber.models import Catalog
from prescriber.operators import Name, Shape, is_name
from prescriber.workbook.columns import (
    OPS,
    OWN,
    Column,
    Vocabulary,
    cell_value,
    header,
    shape,
    vocabulary,
    yes_no,
)
from prescriber.workbook.columns import own as own_column
from prescriber.workbook.emit import rule_yaml
from prescriber.workbook.lists import Lists, style
from prescriber.workbook.read import SheetDocument, read

__all__ = ["Export", "export", "export_yaml"]

_GROUPS = frozenset({"all", "any", "not"})
_FIRST = ("id", "title", "service", "exclude", "weight")
_LAST = ("reason", "source", "valid_from", "valid_until", "supersedes")


@dataclass(frozen=True)
class Export:
    """What was written: the workbooks, the YAML files of the rules that stay YAML, and for each of
    those ``(rule id, where it is written, why it does not fit a row)``."""

    workbooks: tuple[Path, ...]
    yaml: tuple[Path, ...]
    kept: tuple[tuple[str, str, str], ...]
    rows: int


Row = tuple[dict[str, Any], list[tuple[str, Name | None, Any]]]


def export(rules: Sequence[tuple[yamlsrc.Document, int]], catalog: Catalog, out: Path) -> Export:
    """Write the rules (each a document and its index in it) to ``out`` as workbooks."""
    vocab = vocabulary(catalog)
    out.mkdir(parents=True, exist_ok=True)
    books, yamls, kept, rows = [], [], [], 0
    for stem, items in _groups(rules):
        fits: list[tuple[dict[str, Any], Row]] = []
        stays: list[tuple[yamlsrc.Document, int]] = []
        for doc, i in items:
            written = doc.data[i]
            row = _encode(written, vocab)
            if isinstance(row, str):
                kept.append((str(written.get("id")), _where(doc, i), row))
                stays.append((doc, i))
            else:
                fits.append((written, row))
        fits, late = _write_checked(out / f"{stem}.xlsx", fits, vocab, catalog)
        for written in late:
            doc, i = next((d, j) for d, j in items if d.data[j] is written)
            kept.append((str(written.get("id")), _where(doc, i), "写成一行后读回的内容与原规则不同"))
            stays.append((doc, i))
        if fits:
            books.append(out / f"{stem}.xlsx")
            rows += len(fits)
        if stays:
            (out / f"{stem}.yaml").write_text(_yaml(stays, _KEPT), encoding="utf-8")
            yamls.append(out / f"{stem}.yaml")
    return Export(tuple(books), tuple(yamls), tuple(kept), rows)


def export_yaml(rules: Sequence[tuple[yamlsrc.Document, int]], out: Path) -> Export:
    """Write the rules to ``out`` as YAML: a YAML file's rules as written, a workbook's row by row."""
    out.mkdir(parents=True, exist_ok=True)
    yamls = []
    for stem, items in _groups(rules):
        (out / f"{stem}.yaml").write_text(
            _yaml(items, "# Written from workbooks (prescriber rules export --yaml).\n"), encoding="utf-8"
        )
        yamls.append(out / f"{stem}.yaml")
    return Export((), tuple(yamls), (), 0)


def _groups(
    rules: Sequence[tuple[yamlsrc.Document, int]],
) -> list[tuple[str, list[tuple[yamlsrc.Document, int]]]]:
    """The rules by the file they were written in, ``x.yaml`` and ``x.xlsx`` together as ``x``; files of
    one name in two folders get two names (``x``, ``x-2``)."""
    by_file: dict[str, list[tuple[yamlsrc.Document, int]]] = {}
    for doc, i in rules:
        file = doc.file.rsplit("!", 1)[0] if isinstance(doc, SheetDocument) else doc.file
        by_file.setdefault(str(Path(file).with_suffix("")), []).append((doc, i))
    out, names = [], set()
    for file, items in sorted(by_file.items()):
        stem, n = Path(file).name, 2
        while stem in names:
            stem, n = f"{Path(file).name}-{n}", n + 1
        names.add(stem)
        out.append((stem, items))
    return out


def _where(doc: yamlsrc.Document, i: int) -> str:
    return f"{doc.file}:{doc.mark((i,)).line}"


def _encode(rule: dict[str, Any], vocab: Vocabulary) -> Row | str:
    """The cells of one row, or why the rule does not fit one."""
    when = rule.get("when")
    if not isinstance(when, dict) or not when:
        return "条件不是映射"
    if set(when) & _GROUPS:
        if set(when) != {"all"}:
            return "条件中有 " + "、".join(sorted(set(when) - {"all"}))
        if not isinstance(when["all"], list) or len(when["all"]) < 2:
            return "all 只有一项（一行写成单个条件，与之不同）"
        leaves = when["all"]
    else:
        leaves = [when]
    conds: list[tuple[str, Name | None, Any]] = []
    for leaf in leaves:
        if not isinstance(leaf, dict) or len(leaf) != 1 or set(leaf) & _GROUPS:
            return "all 中有嵌套的组"
        ((name, test),) = leaf.items()
        if name not in vocab.labels:
            named = vocab.fields.get(str(name).lower())
            if named is not None:  # a label, which a header reads as the field's id
                return f"字段写的是名称 '{name}'，写成一行读回的是 {named[0]}"
            return f"字段 '{name}' 不在词表中"
        if isinstance(test, dict):
            if len(test) != 1:
                return f"字段 '{name}' 同时写了几个运算符"
            ((op, value),) = test.items()
            if not is_name(op):
                return f"未知的运算符 '{op}'"
            conds.append((name, op, _cell(value, op)))
        else:
            conds.append((name, None, _cell(test, None)))
    cells: dict[str, Any] = {}
    for key, value in rule.items():
        if key == "when":
            continue
        if key not in OWN:
            return f"没有“{key}”这一列"
        if key == "source" and isinstance(value, list):
            value = _sources(value, vocab)
            if value is None:
                return (
                    "依据写成了列表，一格写不下" if not vocab.policies else "依据的列表写成一格，读回的不是它"
                )
        if isinstance(value, list | dict) or value is None:
            return f"{key} 不是单个取值"
        if key in ("service", "exclude") and vocab.services.get(value, value) != value:
            return f"服务写的是名称 '{value}'，写成一行读回的是 {vocab.services[value]}"
        cells[key] = vocab.names.get(value, value) if key in ("service", "exclude") else value
    return cells, conds


def _sources(ids: list[Any], vocab: Vocabulary) -> str | None:
    """The ``依据`` cell of a list of register ids (``a、b``), or ``None`` when the cell would not read
    back as this list (no register, one item, an item that is not a plain id)."""
    if not vocab.policies or len(ids) < 2:
        return None
    text = "、".join(str(i) for i in ids)
    return text if cell_value(text, own_column("source", 0, vocab)) == ids else None


def _cell(value: Any, op: Name | None) -> Any:
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        text = [_plain(v) for v in value]
        return " ~ ".join(text) if shape(op) is Shape.PAIR else "、".join(text)
    if isinstance(value, float) and (value.is_integer() or float(f"{value:.16g}") != value):
        return repr(value)  # a number cell would come back as 1 (not 1.0), or rounded to 16 digits
    return value


def _plain(v: Any) -> str:
    return yes_no(v) if isinstance(v, bool) else repr(v) if isinstance(v, float) else str(v)


def _columns(fits: Sequence[tuple[dict[str, Any], Row]]) -> list[tuple[str, Name | None]]:
    """Condition columns in an order that keeps every row's conditions in their written order: a
    shortest-first merge of the rows' sequences, a column repeated where two rows need it so."""
    cols: list[tuple[str, Name | None]] = []
    for _, (_, conds) in fits:
        j = 0
        keys = [(name, op) for name, op, _ in conds]
        for n, key in enumerate(keys):
            at = next((k for k in range(j, len(cols)) if cols[k] == key), None)
            if at is None:  # a new column: at the end, unless a later condition of the row is already there
                at = j if any(k in cols[j:] for k in keys[n + 1 :]) else len(cols)
                cols.insert(at, key)
            j = at + 1
    return cols


def _head(name: str, op: Name | None, vocab: Vocabulary) -> str:
    for label in (vocab.labels[name], name):
        text = label if op is None else f"{label} {OPS[op][0]}"
        got = header(text, 1, vocab)
        if isinstance(got, Column) and (got.field, got.op) == (name, op):
            return text
    return name if op is None else f"{name} {op}"


def _decodes(written: dict[str, Any], row: Row, vocab: Vocabulary) -> bool:
    """Whether the row, read back cell by cell, gives the rule as written."""
    own, conds = row
    back: dict[str, Any] = {}
    for key, value in own.items():
        v = cell_value(value, own_column(key, 0, vocab))
        back[key] = vocab.services.get(v, v) if key in ("service", "exclude") else v
    try:
        leaves = [
            {n: cell_value(v, Column(0, "when", n, vocab.fields[n.lower()][1], op))} for n, op, v in conds
        ]
    except (ValueError, KeyError):
        return False
    back["when"] = leaves[0] if len(leaves) == 1 else {"all": leaves}
    return back == written


def _write_checked(
    path: Path, fits: list[tuple[dict[str, Any], Row]], vocab: Vocabulary, catalog: Catalog
) -> tuple[list[tuple[dict[str, Any], Row]], list[dict[str, Any]]]:
    """Write the rows that decode to their rule, read the file back, and drop (and rewrite without)
    any row that still differs. Returns the rows written and the rules dropped."""
    late = [w for w, row in fits if not _decodes(w, row, vocab)]
    fits = [(w, row) for w, row in fits if not any(w is x for x in late)]
    for _ in range(2):
        if not fits:
            path.unlink(missing_ok=True)
            return fits, late
        _write(path, fits, vocab, catalog)
        docs, _problems = read(path, catalog)
        back = {json.dumps(r, sort_keys=True, ensure_ascii=False) for d in docs for r in d.data}
        wrong = [w for w, _ in fits if json.dumps(w, sort_keys=True, ensure_ascii=False) not in back]
        if not wrong:
            return fits, late
        late += wrong
        fits = [(w, row) for w, row in fits if not any(w is x for x in wrong)]
    raise AssertionError(f"{path}: rows still differ after rewriting")  # pragma: no cover


def _write(
    path: Path, fits: Sequence[tuple[dict[str, Any], Row]], vocab: Vocabulary, catalog: Catalog
) -> None:
    book = openpyxl.Workbook()
    for blank in list(book.worksheets):
        book.remove(blank)
    lists = Lists(book.create_sheet("_取值"), vocab, catalog)
    by_service: dict[str, list[tuple[dict[str, Any], Row]]] = {}
    for written, row in fits:
        by_service.setdefault(str(written.get("service") or written.get("exclude")), []).append(
            (written, row)
        )
    used: set[str] = set()
    for service, items in by_service.items():
        title = _sheet_name(vocab.names.get(service, service), used)
        _sheet(book.create_sheet(title), items, vocab, lists)
    book.move_sheet("_取值", offset=len(book.sheetnames) - 1)
    book["_取值"].sheet_state = "hidden"
    tmp = path.with_name(f".{path.name}.tmp")
    book.save(tmp)
    tmp.replace(path)


def _sheet_name(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\!]", "_", name).strip("'")[:28] or "规则"
    title, n = base, 2
    while title.lower() in used:
        title, n = f"{base}_{n}", n + 1
    used.add(title.lower())
    return title


def _sheet(ws: Any, items: Sequence[tuple[dict[str, Any], Row]], vocab: Vocabulary, lists: Lists) -> None:
    conds = _columns(items)
    keys: list[str | tuple[str, tuple[str, Name | None]]] = [*_FIRST, *[("when", c) for c in conds], *_LAST]
    heads = [OWN[k][0] if isinstance(k, str) else _head(k[1][0], k[1][1], vocab) for k in keys]
    ws.append(heads)
    body = []
    for r, (_, (own, row_conds)) in enumerate(items, start=2):
        cells: list[Any] = [None] * len(keys)
        for i, k in enumerate(keys):
            if isinstance(k, str) and k in own:
                cells[i] = own[k]
        j = len(_FIRST)
        for name, op, value in row_conds:
            while keys[j] != ("when", (name, op)):
                j += 1
            cells[j] = value
            j += 1
        for c, value in enumerate(cells, start=1):
            if value is not None:  # no empty cells: fewer for Excel and for the reader to go through
                cell = ws.cell(r, c, value)
                if cell.data_type == "f":  # a text that starts with '=' stays text
                    cell.data_type = "s"
                body.append(cell)
    style(ws, keys, heads, body)
    for i, k in enumerate(keys, start=1):
        lists.validate(ws, i, k)


_KEPT = "# Rules that do not fit one row of a workbook (prescriber rules export).\n"


def _yaml(stays: Sequence[tuple[yamlsrc.Document, int]], note: str) -> str:
    """Rules as YAML: copied as written (comments included) from a block-style YAML file; otherwise
    (a workbook, a file in JSON style) one rule at a time by :func:`prescriber.workbook.emit.rule_yaml`.
    The copy is read back, and written afresh if it would not give the same rules."""
    head = "# yaml-language-server: $schema=../schemas/rules.schema.json\n" + note
    texts: dict[str, list[str]] = {}
    parts = [_copy(doc, i, texts) for doc, i in stays]
    text = head + "".join(parts)
    try:
        if yamlsrc.loads(text).data == [doc.data[i] for doc, i in stays]:
            return text
    except SourceError:
        pass
    return head + "".join("\n" + rule_yaml(doc.data[i]) for doc, i in stays)


def _copy(doc: yamlsrc.Document, i: int, texts: dict[str, list[str]]) -> str:
    """The lines where rule ``i`` of a YAML file is written, with the comment just above it."""
    if isinstance(doc, SheetDocument) or not Path(doc.file).is_file():
        return "\n" + rule_yaml(doc.data[i])
    lines = texts.setdefault(doc.file, Path(doc.file).read_text(encoding="utf-8").splitlines(keepends=True))
    start = doc.mark((i,)).line - 1
    while start > 0 and lines[start - 1].lstrip().startswith("#") and "$schema" not in lines[start - 1]:
        start -= 1
    end = doc.mark((i + 1,)).line - 1 if i + 1 < len(doc.data) else len(lines)
    while end > start + 1 and lines[end - 1].lstrip().startswith("#"):
        end -= 1  # a comment just above the next rule belongs to it
    return "\n" + "".join(lines[start:end]).rstrip() + "\n"
