"""Shape validation: a pydantic model applied to located YAML data, every error mapped back to
``file:line:col`` with the path in the document, a plain-language message and a hint (a did-you-mean for
unknown keys), each in Chinese and in English."""

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
from prescriber.codes import Code, Phrase, meant, phrases
from prescriber.errors import MAX_PER_FILE, Problem, problem
from prescriber.models import Profile, Rule
from prescriber.natural import number_phrase

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
        errors = _merged(_prune(exc.errors(include_url=False, include_input=True)))
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


_EITHER = {frozenset({"bool_type", "string_type"}): "bool_or_string"}
"""Type errors of the members of one union at one value (a flag is yes/no or a choice), said as one."""


def _merged(errors: list[Any]) -> list[Any]:
    """One problem for a value that fits no member of a union: pydantic reports each member's error at
    the same place, its location ending in the member's tag (``bool``, ``str``)."""
    out: list[Any] = []
    for e in errors:
        prev = out[-1] if out else None
        if (
            prev is not None
            and len(e["loc"]) == len(prev["loc"])
            and e["loc"][:-1] == prev["loc"][:-1]
            and frozenset({prev["type"], e["type"]}) in _EITHER
        ):
            out[-1] = {**prev, "either": _EITHER[frozenset({prev["type"], e["type"]})]}
            continue
        out.append(e)
    return out


_UNITS = {
    "employees": "人",
    "revenue": "万元",
    "assets": "万元",
}  # metrics: their units are in the vocabulary

_DATE = (
    ("应为日期", "should be a date"),
    ("写成 YYYY-MM-DD，例如 2024-01-01", "write YYYY-MM-DD, e.g. 2024-01-01"),
)
_LIST = (
    ("应为列表", "should be a list"),
    ("写成 [a, b] 或每项一行 '- a'", "write [a, b], or one item a line '- a'"),
)
_MAPPING = ("应为“键: 值”的映射", "should be a mapping of 'key: value'"), ("", "")
_MESSAGES: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "string_type": (("应为文本", "should be text"), ('加上引号，例如 "05"', 'put it in quotes, e.g. "05"')),
    "int_type": (
        ("应为整数", "should be a whole number"),
        ("去掉引号和小数点", "drop the quotes and the decimal point"),
    ),
    "int_from_float": (("应为整数", "should be a whole number"), ("去掉小数部分", "drop the decimals")),
    "bool_type": (
        ("应为 true 或 false", "should be true or false"),
        (
            "yes/no、是/否 不算布尔值，请写 true 或 false",
            "yes/no and 是/否 are not booleans: write true or false",
        ),
    ),
    "tuple_type": _LIST,
    "list_type": _LIST,
    "dict_type": _MAPPING,
    "model_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "date_from_datetime_parsing": _DATE,
    "date_parsing": _DATE,
    "date_type": _DATE,
    "string_pattern_mismatch": (
        ("格式不对", "is not in the right form"),
        (
            "只用小写英文字母、数字和 . _ -，例如 skills.apprenticeship",
            "use only lower-case letters, digits and . _ -, e.g. skills.apprenticeship",
        ),
    ),
    "bool_or_string": (
        ("应为 true、false 或文本", "should be true, false or text"),
        (
            "是否类写 true 或 false，选项类写一个选项，例如 harmonious_level: provincial",
            "a yes/no flag takes true or false, a choice flag one choice, e.g. harmonious_level: provincial",
        ),
    ),
    "literal_error": (("取值不在允许范围内", "is not one of the allowed values"), ("", "")),
    "finite_number": (("应为有限的数字", "should be a finite number"), ("", "")),
}
"""What a pydantic error type means, as (Chinese, English) message and hint."""


def _problem(doc: yamlsrc.Document, prefix: yamlsrc.PathT, root: type[BaseModel], err: Any) -> Problem:
    loc = (*prefix, *err["loc"])
    kind, ctx = err["type"], err.get("ctx") or {}
    field = _named(err["loc"])
    if kind == "extra_forbidden":
        allowed = _allowed_keys(root, err["loc"][:-1])
        close = suggest(field, allowed)
        keys = phrases.KEYS_ALLOWED.fill(keys=", ".join(allowed)) if allowed else phrases.DELETE_KEY
        hint = meant(close) if close else keys
        return doc.locate(problem(Code.SHAPE_UNKNOWN_KEY, written=field, how=hint), loc, key=True)
    if kind == "missing" and isinstance(err["loc"][-1], int):
        n = err["loc"][-1] + 1
        what = phrases.ITEM_MISSING.fill(field=field, n=n)
        draft = problem(Code.SHAPE_MISSING, what=what, how=phrases.FROM_TO if field == "between" else "")
        return doc.locate(draft, loc[:-1])
    if kind == "missing":
        what = phrases.REQUIRED_MISSING.fill(key=field)
        draft = problem(Code.SHAPE_MISSING, what=what, how=phrases.ADD_KEY.fill(key=field))
        return doc.locate(draft, loc[:-1])
    # From here on the value is in the input: name the key that leads to it, never a union member's tag
    # that pydantic puts in the location (``bool`` for a flag given a list).
    field = _named(doc.real_path(loc)[len(doc.real_path(prefix)) :]) or field
    typed = err.get("input")
    if (
        kind in ("int_type", "number") and isinstance(typed, str) and root is Profile
    ):  # as people write numbers
        said = (phrases.NOT_WHOLE if kind == "int_type" else phrases.NOT_NUMBER).fill(value=typed)
        what = said if not field else f"{field}: " + said
        how = number_phrase(typed, _UNITS.get(field, ""))
        return doc.locate(problem(_code(kind), what=what, how=how), loc)
    known = _MESSAGES.get(err.get("either", kind))
    message: Phrase | str
    if known is None:
        message, hint = _bounds(kind, ctx) or (_validator(err, ctx), Phrase("", ""))
    else:
        message, hint = Phrase(*known[0]), Phrase(*known[1])
        if kind == "literal_error":
            expected = ctx.get("expected", "")
            hint = phrases.CHOOSE.fill(choices=expected)
    shown: Phrase | str = f"{field}: " + message if field else message
    return doc.locate(problem(_code(kind), what=shown, how=hint), loc)


def _named(loc: Sequence[Any]) -> str:
    """The last key of ``loc`` that names a field (not a model's part: its group, condition, operators)."""
    return next(
        (
            str(x)
            for x in reversed(loc)
            if isinstance(x, str) and x not in ("group", "condition", "operators", "value")
        ),
        "",
    )


def _validator(err: Any, ctx: dict[str, Any]) -> Phrase | str:
    """What a model's validator said: a phrase it raised (``ValueError(Phrase)``), its Chinese with the
    English in its context (``en``), or else its message as it is."""
    error = ctx.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Phrase):
        return error.args[0]
    said = str(err["msg"]).removeprefix("Value error, ")
    return Phrase(said, str(ctx["en"])) if isinstance(ctx.get("en"), str) else said


def _code(kind: str) -> Code:
    """``shape.<pydantic error type>`` for the types declared in :mod:`prescriber.codes`, else
    ``shape.invalid`` (a type no example produces: its message still says what is wrong)."""
    try:
        return Code(f"shape.{kind}")
    except ValueError:
        return Code.SHAPE_INVALID


_BOUNDS = {
    "greater_than_equal": ("应 ≥ {ge}", "should be ≥ {ge}", "ge"),
    "greater_than": ("应 > {gt}", "should be > {gt}", "gt"),
    "less_than_equal": ("应 ≤ {le}", "should be ≤ {le}", "le"),
    "less_than": ("应 < {lt}", "should be < {lt}", "lt"),
    "too_short": ("至少要有 {min_length} 项", "needs at least {min_length} item(s)", "min_length"),
    "too_long": ("最多 {max_length} 项", "takes at most {max_length} item(s)", "max_length"),
    "string_too_short": ("不能为空", "cannot be empty", "min_length"),
    "string_too_long": (
        "太长（最多 {max_length} 字）",
        "is too long (at most {max_length} characters)",
        "max_length",
    ),
}


def _bounds(kind: str, ctx: dict[str, Any]) -> tuple[Phrase, Phrase] | None:
    if kind not in _BOUNDS:
        return None
    zh, en, key = _BOUNDS[kind]
    return Phrase(zh, en).fill(**{key: ctx.get(key, "?")}), Phrase("", "")


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
