"""Facts and conditions in words, as a caseworker reads them: a value shown (``7 人``, ``C36（汽车制造业）``),
its JSON form, what a condition asks for and one line of evidence. Nothing here decides anything;
:mod:`prescriber.explain` builds the explanations from these words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, assert_never

from prescriber.fields import FieldSpec
from prescriber.operators import OPERATORS, SIGNS, YES_NO, Family, Shape
from prescriber.semantics import TRUE, UNKNOWN, Check, Cond, IndustryCode

__all__ = ["actual_text", "describe", "json_value", "requirement", "show"]


def json_value(value: Any) -> Any:
    """A fact's value, or a condition's, as its JSON holds it."""
    if isinstance(value, IndustryCode):
        return str(value.division or value.section) if value.group is None else str(value)
    if isinstance(value, frozenset):
        return tuple(sorted(value))
    return value


def show(spec: FieldSpec, value: Any) -> str:
    """A value as a caseworker reads it."""
    return _show(spec, value, type(value).__name__)


@lru_cache(maxsize=8192)
def _show(spec: FieldSpec, value: Any, _: str) -> str:
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return YES_NO[0] if value else YES_NO[1]
    if isinstance(value, IndustryCode):
        code = value.division or value.section
        finer = value.klass or value.group
        name = "，".join(x for x in (_industry_name(code, spec), finer) if x)
        return f"{code}（{name}）" if name else code
    if isinstance(value, frozenset | tuple | list):
        return "、".join(show(spec, v) for v in value) or "无"
    if isinstance(value, int | float):
        return _number(value, spec)
    if spec.kind == "industry":
        return f"{value}（{_industry_name(value, spec)}）"
    return spec.show(str(value))


def _industry_name(code: str, spec: FieldSpec) -> str:
    return spec.names.get(code, "")


def _number(value: float, spec: FieldSpec) -> str:
    if spec.unit == "比例":
        return f"{value * 100:.4g}%"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    return f"{text} {spec.unit}" if spec.unit else text


@lru_cache(maxsize=4096)
def requirement(cond: Cond, neg: bool, spec: FieldSpec) -> str:
    """What the condition asks for, already negated when it is cited inside ``not`` (the operator's
    wording is declared in :mod:`prescriber.operators`)."""
    op, v = OPERATORS[cond.op], cond.value
    match op.family:
        case Family.KNOWN:
            return op.says[v == neg]
        case Family.COMPARE:
            return op.phrase(spec.kind, neg).format(v=show(spec, v))
        case Family.MEMBER if op.shape is Shape.ONE:  # {other}: the other value of a yes/no
            other = show(spec, not v) if isinstance(v, bool) else ""
            return op.phrase(spec.kind, neg).format(v=show(spec, v), other=other)
        case Family.MEMBER:
            return op.says[neg].format(v="、".join(show(spec, x) for x in v))
        case Family.RANGE:
            return op.says[neg].format(lo=show(spec, v[0]), hi=show(spec, v[1]))
        case Family.ITEMS:
            return op.says[neg].format(v="、".join(spec.show(x) for x in op.listed(v)))
        case Family.PATTERN:
            return op.says[neg].format(v=v)
        case _:
            assert_never(op.family)


def actual_text(c: Check, spec: FieldSpec) -> str:
    op = OPERATORS[c.cond.op]
    if op.family is Family.ITEMS and c.actual is not None:  # the items named, in the order written
        wanted = op.listed(c.cond.value)
        hit = [x for x in wanted if x in c.actual]
        return "已报告" + "、".join(spec.show(x) for x in hit) if hit else "未报告"
    return show(spec, c.actual)


def describe(c: Check, spec: FieldSpec) -> str:
    """One line for one piece of evidence, e.g. ``职工人数需 ≥ 50 人，当前 30 人``."""
    need = requirement(c.cond, c.negated, spec)
    need = f" {need}" if need[0] in SIGNS else need
    if c.outcome == TRUE:
        return f"{spec.label}{need}（当前：{actual_text(c, spec)}）"
    if c.outcome == UNKNOWN:
        return f"{spec.label}未知，需{need}"
    return f"{spec.label}需{need}，当前：{actual_text(c, spec)}"
