"""Shape validation: a pydantic model applied to located YAML data, every error mapped back to
``file:line:col`` with the path in the document, a plain-language (Chinese) message and a hint
(a did-you-mean for unknown keys)."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from rapidfuzz import fuzz, process

from prescriber import yamlsrc
from prescriber.codes import Code, did_you_mean
from prescriber.errors import MAX_PER_FILE, Problem, problem
from prescriber.models import Profile, Rule
from prescriber.natural import number_hint

__all__ = ["suggest", "validate"]

_RULE = TypeAdapter(Rule)


def suggest(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to ``word``, if any is close enough (did-you-mean)."""
    pool = tuple(candidates)
    # rapidfuzz's ratio is difflib's (2·matches / total length), computed in C
    hit = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=50 if len(word) <= 4 else 60)
    if hit:
        return str(hit[0])
    return _folded(pool).get(word.lower())


@functools.lru_cache(maxsize=64)  # a few vocabularies, asked about again and again
def _folded(pool: tuple[str, ...]) -> dict[str, str]:
    return {c.lower(): c for c in pool}


def validate(
    doc: yamlsrc.Document, prefix: yamlsrc.PathT, model: type[BaseModel], data: Any
) -> tuple[Any, list[Problem]]:
    """``model`` applied to ``data`` found at ``prefix`` in ``doc``: the model, or the problems."""
    try:
        return (_RULE.validate_python(data) if model is Rule else model.model_validate(data)), []
    except ValidationError as exc:
        errors = _prune(exc.errors(include_url=False, include_input=True))
        problems = [_problem(doc, prefix, model, e) for e in errors[:MAX_PER_FILE]]
        if len(errors) > MAX_PER_FILE:  # hints (did-you-mean) only for the problems that are shown
            rest = len(errors) - MAX_PER_FILE
            more = problem(Code.PROBLEMS_MORE, count=rest)
            at = doc.locate(more, (*prefix, *errors[MAX_PER_FILE]["loc"]), key=True)
            problems.append(replace(at, path=""))
        return None, problems


def _prune(errors: list[Any]) -> list[Any]:
    """Drop follow-on errors: a container reported 'too short' because its bad items were removed."""
    locs = [tuple(e["loc"]) for e in errors]
    return [
        e
        for e, loc in zip(errors, locs, strict=True)
        if not (e["type"] == "too_short" and any(o != loc and o[: len(loc)] == loc for o in locs))
    ]


_UNITS = {
    "employees": "人",
    "revenue": "万元",
    "assets": "万元",
}  # metrics: their units are in the vocabulary

_MESSAGES = {
    "string_type": ("应为文本", '加上引号，例如 "05"'),
    "int_type": ("应为整数", "去掉引号和小数点"),
    "int_from_float": ("应为整数", "去掉小数部分"),
    "bool_type": ("应为 true 或 false", "yes/no、是/否 不算布尔值，请写 true 或 false"),
    "tuple_type": ("应为列表", "写成 [a, b] 或每项一行 '- a'"),
    "list_type": ("应为列表", "写成 [a, b] 或每项一行 '- a'"),
    "dict_type": ("应为“键: 值”的映射", ""),
    "model_type": ("应为“键: 值”的映射", ""),
    "model_attributes_type": ("应为“键: 值”的映射", ""),
    "date_from_datetime_parsing": ("应为日期", "写成 YYYY-MM-DD，例如 2024-01-01"),
    "date_parsing": ("应为日期", "写成 YYYY-MM-DD，例如 2024-01-01"),
    "date_type": ("应为日期", "写成 YYYY-MM-DD，例如 2024-01-01"),
    "string_pattern_mismatch": ("格式不对", "只用小写英文字母、数字和 . _ -，例如 skills.apprenticeship"),
    "literal_error": ("取值不在允许范围内", ""),
    "finite_number": ("应为有限的数字", ""),
}


def _problem(doc: yamlsrc.Document, prefix: yamlsrc.PathT, root: type[BaseModel], err: Any) -> Problem:
    loc = (*prefix, *err["loc"])
    kind, ctx = err["type"], err.get("ctx") or {}
    field = next(
        (
            str(x)
            for x in reversed(err["loc"])
            if isinstance(x, str) and x not in ("group", "condition", "operators", "value")
        ),
        "",
    )
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root, err["loc"][:-1])
        close = suggest(field, allowed)
        hint = (
            did_you_mean(close) if close else ("可用的键: " + ", ".join(allowed) if allowed else "删除这个键")
        )
        return doc.locate(problem(Code.SHAPE_UNKNOWN_KEY, written=field, how=hint), loc, key=True)
    if kind == "missing" and isinstance(err["loc"][-1], int):
        hint = "写成 [从, 到]，例如 [20, 300]" if field == "between" else ""
        draft = problem(Code.SHAPE_MISSING, what=f"{field}: 缺少第 {err['loc'][-1] + 1} 项", how=hint)
        return doc.locate(draft, loc[:-1])
    if kind == "missing":
        draft = problem(Code.SHAPE_MISSING, what=f"缺少必填项 '{field}'", how=f"加上 {field}: …")
        return doc.locate(draft, loc[:-1])
    typed = err.get("input")
    if (
        kind in ("int_type", "number") and isinstance(typed, str) and root is Profile
    ):  # as people write numbers
        what = "整数" if kind == "int_type" else "数字"
        said = f"{field}: 应为{what}，而不是 '{typed}'" if field else f"应为{what}，而不是 '{typed}'"
        return doc.locate(problem(_code(kind), what=said, how=number_hint(typed, _UNITS.get(field, ""))), loc)
    message, hint = _MESSAGES.get(kind, (None, ""))
    if message is None:
        message, hint = _bounds(kind, ctx) or (str(err["msg"]).removeprefix("Value error, "), "")
    elif kind == "literal_error":
        hint = f"可选: {ctx.get('expected', '')}"
    return doc.locate(problem(_code(kind), what=f"{field}: {message}" if field else message, how=hint), loc)


def _code(kind: str) -> Code:
    """``shape.<pydantic error type>`` for the types declared in :mod:`prescriber.codes`, else
    ``shape.invalid`` (a type no example produces: its message still says what is wrong)."""
    try:
        return Code(f"shape.{kind}")
    except ValueError:
        return Code.SHAPE_INVALID


def _bounds(kind: str, ctx: dict[str, Any]) -> tuple[str, str] | None:
    table = {
        "greater_than_equal": ("应 ≥ {ge}", "ge"),
        "greater_than": ("应 > {gt}", "gt"),
        "less_than_equal": ("应 ≤ {le}", "le"),
        "less_than": ("应 < {lt}", "lt"),
        "too_short": ("至少要有 {min_length} 项", "min_length"),
        "too_long": ("最多 {max_length} 项", "max_length"),
        "string_too_short": ("不能为空", "min_length"),
        "string_too_long": ("太长（最多 {max_length} 字）", "max_length"),
    }
    if kind not in table:
        return None
    text, key = table[kind]
    return text.format(**{key: ctx.get(key, "?")}), ""


def _allowed_keys(root: Any, loc: Sequence[Any]) -> list[str]:
    """The keys the model at ``loc`` accepts (aliases), for did-you-mean on unknown keys."""
    node: Any = root
    for part in loc:
        node = _step(node, part)
        if node is None:
            return []
    node = _unwrap(node, None)
    if isinstance(node, type) and issubclass(node, BaseModel):
        return [f.alias or name for name, f in node.model_fields.items()]
    return []


def _unwrap(tp: Any, tag: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            tagged = [m for m in members if _tag_of(m) == tag]
            tp = tagged[0] if tagged else (members[0] if len(members) == 1 else None)
            if tp is None:
                return None
        else:
            return tp


def _tag_of(tp: Any) -> Any:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in typing.get_args(tp)[1:]:
            if type(meta).__name__ == "Tag":
                return meta.tag
    return None


def _step(tp: Any, part: Any) -> Any:
    base = _unwrap(tp, part)
    if base is None:
        return None
    if _tag_of_any(tp, part):
        return base
    origin = typing.get_origin(base)
    if origin in (tuple, list) and isinstance(part, int):
        args = typing.get_args(base)
        return (
            args[0]
            if (len(args) == 2 and args[1] is Ellipsis) or origin is list
            else args[min(part, len(args) - 1)]
        )
    if origin is dict:
        return typing.get_args(base)[1]
    if isinstance(base, type) and issubclass(base, BaseModel):
        for name, f in base.model_fields.items():
            if part in (name, f.alias):
                return f.annotation
    return None


def _tag_of_any(tp: Any, part: Any) -> bool:
    """``part`` is a union tag (e.g. 'group') rather than a key: the step selects a member."""
    inner = tp
    while typing.get_origin(inner) is typing.Annotated:
        inner = typing.get_args(inner)[0]
    if typing.get_origin(inner) in (typing.Union, types.UnionType):
        return any(_tag_of(m) == part for m in typing.get_args(inner))
    return False
