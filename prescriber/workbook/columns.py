"""What the columns of a rule sheet mean, and what its cells hold.

A header names one of a rule's own cells (``编号``, ``标题``, ``推荐服务`` …) or a condition: the field
(its Chinese label or its id) and the operator (``职工人数 ≥``, ``行业 属于``, ``诉求包含``,
``employees >=``); a field alone (``企业规模``) takes the value as YAML does after ``size:``. The
operators' words and which of them a field takes are the registry's (:mod:`prescriber.operators`).
A cell becomes the value a YAML author would have written, so a row and the equivalent YAML rule are
the same data (and the rule base keeps its fingerprint).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, assert_never

from prescriber.codes import Code, Phrase, field_name, meant, phrases
from prescriber.errors import Problem, problem
from prescriber.models import Catalog
from prescriber.operators import BARE, BY_KIND, OPERATORS, REGISTRY, YES_NO, Kind, Name, Shape
from prescriber.shape import suggest

__all__ = [
    "CELL",
    "FIELDS",
    "OPS",
    "OWN",
    "YES_NO",
    "Column",
    "Vocabulary",
    "cell_value",
    "header",
    "own",
    "shape",
    "vocabulary",
    "yes_no",
]

OWN: dict[str, tuple[str, ...]] = {
    "id": ("编号", "规则编号"),
    "title": ("标题", "规则标题"),
    "service": ("推荐服务", "服务"),
    "weight": ("权重", "分值"),
    "exclude": ("排除服务", "排除"),
    "reason": ("理由", "推荐理由"),
    "source": ("依据", "政策依据"),
    "valid_from": ("生效日期",),
    "valid_until": ("失效日期",),
    "supersedes": ("替代规则", "替代"),
}
"""A rule's own cells: key → header words (the first is the one export writes)."""

FIELDS: dict[str, tuple[Kind, tuple[str, ...]]] = {
    "industry": ("industry", ("行业",)),
    "region": ("choice", ("所在地区", "地区")),
    "ownership": ("choice", ("所有制",)),
    "size": ("choice", ("企业规模", "规模")),
    "above_scale": ("bool", ("规模以上（限额以上）", "规模以上", "限额以上")),
    "employees": ("number", ("职工人数", "职工", "人数")),
    "revenue": ("number", ("营业收入",)),
    "assets": ("number", ("资产总额",)),
    "pain_points": ("set", ("诉求与痛点", "诉求", "痛点")),
    "name": ("text", ("企业名称",)),
}
"""The fields every profile has: name → (kind, header words). Flags and metrics come from the
catalogue (kinds and labels as in :func:`prescriber.fields.field_table`; a test keeps them equal)."""

OPS: dict[Name, tuple[str, ...]] = {o.name: (*o.words, o.name) for o in REGISTRY}
"""Operators: op → header words, as the registry words them (:mod:`prescriber.operators`), then the
YAML name; the first is the one export writes."""

_OP_WORDS: dict[str, Name] = {w.lower(): op for op, words in OPS.items() for w in words}
_BY_LENGTH = sorted(_OP_WORDS, key=len, reverse=True)
_SEP = re.compile(r"[、,，;；\n]")
# How a cell says true and false (YES_NO, as an explanation says them; TRUE / FALSE, Excel's own, are
# read too).
_BOOL = {"true": True, "false": False, YES_NO[0]: True, YES_NO[1]: False}
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_RANGE = re.compile(r"^\s*(\S+?)\s*(?:~|～|至|到|、|,|，|—|–)\s*(\S+)\s*$")


@dataclass(frozen=True)
class Vocabulary:
    """Header words and service names of one catalogue. Without a catalogue (``known`` false), only
    the built-in words are known and other names are passed on as written."""

    fields: Mapping[str, tuple[str, Kind]]
    """Header word or field id (lower case) → (field name, kind)."""
    labels: Mapping[str, str]
    """Field name → the header word export writes."""
    services: Mapping[str, str]
    """Service id or name → id."""
    names: Mapping[str, str]
    """Service id → the name export writes (the id when two services share a name)."""
    known: bool
    policies: frozenset[str] = frozenset()
    """The ids of the catalogue's policy register: with one, ``依据`` holds ids (``a、b`` is a list)."""


def vocabulary(catalog: Catalog | None) -> Vocabulary:
    """The header words and service names of ``catalog``."""
    specs: dict[str, tuple[Kind, tuple[str, ...]]] = dict(FIELDS)
    services: dict[str, str] = {}
    policies: frozenset[str] = frozenset()
    if catalog is not None:
        policies = frozenset(catalog.policy_by_id)
        for f in catalog.flags:
            specs[f"flags.{f.id}"] = (f.type, (f.name,))
        for m in catalog.metrics:
            specs[f"metrics.{m.id}"] = ("number", (m.name,))
        for s in catalog.services:
            services.setdefault(s.name, s.id)
            services[s.id] = s.id
    fields: dict[str, tuple[str, Kind]] = {}
    for name, (kind, _) in specs.items():
        fields[name.lower()] = (name, kind)
    for name, (kind, words) in specs.items():
        for word in words:
            fields.setdefault(word.lower(), (name, kind))
    labels = {
        name: next((w for w in words if fields[w.lower()][0] == name), name)
        for name, (_, words) in specs.items()
    }
    names = {ident: name for name, ident in services.items() if name != ident and services.get(name) == ident}
    return Vocabulary(fields, labels, services, names, catalog is not None, policies)


@dataclass(frozen=True)
class Column:
    """What one column holds: a rule's own cell (``key``), or a condition (``key`` is ``when``) on
    ``field`` with ``op`` (``None``: a bare value)."""

    index: int
    key: str
    field: str = ""
    kind: str = ""
    op: Name | None = None


def yes_no(value: bool) -> str:
    """The cell that says ``value``."""
    return YES_NO[0] if value else YES_NO[1]


def shape(op: Name | None) -> Shape:
    """What a condition cell holds: what the operator's value is (a bare value is one value)."""
    return Shape.ONE if op is None else OPERATORS[op].shape


CELL: dict[Shape, tuple[str, Phrase | str]] = {
    Shape.LIST: ("几个取值用、分隔", ""),
    Shape.PAIR: ("写成 下限 ~ 上限", phrases.SHEET_BETWEEN),
    Shape.FLAG: ("", phrases.SHEET_EXISTS.fill(yes=YES_NO[0], no=YES_NO[1])),
}
"""How a cell holds an operator's value of each shape: (the prompt an exported column shows, the hint
when a cell cannot be read). A flag is ``exists``'s: known (是) or missing (否)."""


_OWN_WORDS = {w.lower(): key for key, words in OWN.items() for w in (key, *words)}


def own(key: str, index: int, vocab: Vocabulary) -> Column:
    """The column of a rule's own cell ``key``: with a policy register, ``依据`` holds register ids."""
    return Column(index, key, kind="ids" if key == "source" and vocab.policies else "")


def header(text: str, index: int, vocab: Vocabulary) -> Column | Problem:
    """The column a header names, or the problem with it (not yet placed)."""
    t = " ".join(text.split())
    low = t.lower()
    if low in _OWN_WORDS:
        return own(_OWN_WORDS[low], index, vocab)
    if low in vocab.fields:
        return Column(index, "when", *vocab.fields[low])
    if " " in t:
        name, op_word = t.rsplit(" ", 1)
        op = _OP_WORDS.get(op_word.lower())
        if op is None:
            close = suggest(op_word, [w for words in OPS.values() for w in words])
            hint = (
                meant(close)
                if close
                else phrases.AVAILABLE.fill(choices=" ".join(w[0] for w in OPS.values()))
            )
            return problem(Code.SHEET_UNKNOWN_OPERATOR, word=op_word, how=hint)
    else:
        word = next(
            (w for w in _BY_LENGTH if low.endswith(w) and low[: -len(w)].strip() in vocab.fields), None
        )
        word = word or next((w for w in _BY_LENGTH if low.endswith(w) and len(w) < len(low)), None)
        name, op = (t[: -len(word)].strip(), _OP_WORDS[word]) if word else (t, None)
    spec = vocab.fields.get(name.lower())
    if spec is None:
        if not vocab.known and re.fullmatch(r"(flags|metrics)\.[a-z0-9_]+", name):
            return Column(index, "when", name, "any", op)
        close = suggest(
            name, [*(w for words in OWN.values() for w in words), *vocab.labels.values(), *vocab.fields]
        )
        hint = meant(close) if close else phrases.FIELDS_IN_SCHEMA
        return problem(Code.RULE_UNKNOWN_FIELD, field=name, how=hint)
    field, kind = spec
    if (op or BARE[kind]) not in BY_KIND[kind]:  # the compiler's refusal, once at the header, in its words
        label = vocab.labels.get(field, field)
        ops = ", ".join(OPS[o][0] for o in BY_KIND[kind])
        return problem(
            Code.RULE_BAD_OPERATOR, field=field_name(field, label), op=OPS[op or BARE[kind]][0], ops=ops
        )
    return Column(index, "when", field, kind, op)


def cell_value(raw: Any, col: Column) -> Any:
    """What a YAML author would have written for ``raw`` (a cell's text, number or boolean) in ``col``;
    raises :class:`ValueError` with a message for a condition cell that cannot be read."""
    if col.key in ("weight",):
        return _number(raw) if isinstance(raw, str) else raw
    if col.kind == "ids":
        return _ids(raw)
    if col.key != "when":
        return _text(raw)
    value = _condition(raw, col)
    return value if col.op is None else {col.op: value}


def _condition(raw: Any, col: Column) -> Any:
    if col.op is None:
        return _scalar(raw, col.kind)
    op = OPERATORS[col.op]
    # an operator only numbers take (a comparison, a range) reads its cell as a number whatever the field
    kind = "number" if op.kinds == ("number",) else col.kind
    match op.shape:
        case Shape.LIST:
            items = [x.strip() for x in _SEP.split(raw)] if isinstance(raw, str) else [raw]
            return [_scalar(x, kind) for x in items if x != ""]
        case Shape.PAIR:
            m = _RANGE.match(raw) if isinstance(raw, str) else None
            if m is None:
                raise ValueError(
                    phrases.SHEET_BAD_RANGE.fill(op=OPS[op.name][0], raw=raw, how=CELL[Shape.PAIR][0])
                )
            return [_scalar(m.group(1), kind), _scalar(m.group(2), kind)]
        case Shape.FLAG:
            return _scalar(raw, "bool")
        case Shape.ONE | Shape.PATTERN:
            return _scalar(raw, kind)
        case _:
            assert_never(op.shape)


def _ids(raw: Any) -> Any:
    """A ``依据`` cell of register ids: one id as written, several (``a、b``) as a list of them."""
    text = _text(raw)
    if not isinstance(text, str):
        return text
    items = [x.strip() for x in _SEP.split(text) if x.strip()]
    return items if len(items) > 1 else items[0] if items else text


def _text(raw: Any) -> Any:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return raw
    return str(int(raw)) if isinstance(raw, int) or raw.is_integer() else repr(raw)


def _number(text: str) -> Any:
    t = text.strip()
    if _INT.match(t):
        return int(t)
    if _FLOAT.match(t):
        return float(t)
    return text


def _scalar(raw: Any, kind: str) -> Any:
    if kind == "number":
        return _number(raw) if isinstance(raw, str) else raw
    if kind == "bool":
        if isinstance(raw, str):
            if raw.strip().lower() not in _BOOL:
                raise ValueError(phrases.SHEET_NOT_YES_NO.fill(yes=YES_NO[0], no=YES_NO[1], raw=raw))
            return _BOOL[raw.strip().lower()]
        return raw
    if (
        kind == "industry"
        and isinstance(raw, int | float)
        and not isinstance(raw, bool)
        and float(raw).is_integer()
    ):
        return f"{int(raw):02d}"  # Excel drops the leading zero of 06
    if kind in ("industry", "choice", "set", "text"):
        return _text(raw)
    if isinstance(raw, str):
        low = raw.strip().lower()
        return _BOOL[low] if low in _BOOL else _number(raw)
    return raw
