"""How a rule names things, and what an author gets told when a name is wrong: services and fields
by id or Chinese name, placeholders in reasons (filled with the value and its unit), counties where
only cities are allowed, characters a Chinese keyboard typed. Used by :mod:`prescriber.compiler`."""

from __future__ import annotations

import re

from prescriber.codes import Code, did_you_mean
from prescriber.errors import Problem, problem
from prescriber.fields import FieldSpec, FieldTable
from prescriber.loader import Origin
from prescriber.models import Catalog
from prescriber.shape import suggest

__all__ = [
    "county_in_rule",
    "empty_group",
    "field_hint",
    "fullwidth_hint",
    "placeholder_findings",
    "placeholders",
    "reason_problems",
    "service_hint",
    "service_id",
]

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders(text: str) -> list[str]:
    """The ``{field}`` names in a reason text."""
    return [m.strip() for m in _PLACEHOLDER.findall(text)]


def county_in_rule(spec: FieldSpec, written: object, table: FieldTable) -> tuple[str, str] | None:
    """(message, hint) when a rule names a county: rules compare cities, so a county would stand for
    its whole city (晋江市 would match a firm in 南安)."""
    county = table.counties.get(str(written).strip().lower()) if spec.name == "region" else None
    if county is None:
        return None
    name, city = county[0], spec.show(county[1])
    named = name if str(written).strip() == name else f"{written}（{name}）"
    return (
        f"'{named}' 是{city}下辖的区县；规则中的地区只能写设区市或平潭，写区县会把整个{city}都算进去",
        f"写 {county[1]}（{city}）表示{city}全市；规则暂不能按区县区分",
    )


_CLASSIFIERS = {"人": "名位个"}  # words that, after a count already shown with its unit, read twice


def placeholder_findings(text: str, table: FieldTable) -> list[tuple[str, str, str, str]]:
    """What in a reason text would not be filled, or would print badly, as
    ``(code, severity, message, hint)``."""
    return [(p.code, p.severity, p.message, p.hint) for p in placeholder_problems(text, table)]


def placeholder_problems(text: str, table: FieldTable) -> list[Problem]:
    """What in a reason text would not be filled, or would print badly, as problems to be placed.
    A placeholder prints the enterprise's value with its unit
    (``{employees}`` → ``3,000 人``; a ratio → ``12%``), so the text must not repeat the unit."""
    found: list[Problem] = []
    stray = _PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        found.append(problem(Code.RULE_UNPAIRED_BRACE))
    for m in _PLACEHOLDER.finditer(text):
        inner, after = m.group(1), text[m.end() :].lstrip(" \u3000")
        name = inner.strip()
        spec = table.get(name)
        if inner != name or not name:
            found.append(
                problem(
                    Code.RULE_BAD_PLACEHOLDER,
                    inner=inner,
                    how=f"写成 {{{name}}}" if name else "删去这对花括号，或写上字段，例如 {employees}",
                )
            )
        elif spec is None and name != "name" and name in table.labels:
            found.append(
                problem(
                    Code.RULE_UNKNOWN_PLACEHOLDER,
                    name=name,
                    what="要写字段编号",
                    how=f"写成 {{{table.labels[name]}}}",
                )
            )
        elif spec is not None and spec.unit == "比例" and after[:1] in ("%", "％"):
            found.append(
                problem(
                    Code.RULE_DOUBLED_UNIT,
                    name=name,
                    what=f"显示为百分数（如 12%），后面的“{after[0]}”会重复",
                    after=after[0],
                )
            )
        elif spec is not None and spec.unit and spec.unit != "比例" and after.startswith(spec.unit):
            found.append(
                problem(
                    Code.RULE_DOUBLED_UNIT,
                    name=name,
                    what=f"显示时已带单位“{spec.unit}”（如 3,000 {spec.unit}），后面的“{spec.unit}”会重复",
                    after=spec.unit,
                )
            )
        elif spec is not None and after[:1] and after[0] in _CLASSIFIERS.get(spec.unit, ""):
            found.append(problem(Code.RULE_MEASURE_WORD, name=name, unit=spec.unit, after=after[0]))
    for name in placeholders(text):  # a name that is no field: with the closest field's name
        if name and name != "name" and table.get(name) is None and name not in table.labels:
            close = suggest(name, [*table.fields, "name"])
            found.append(
                problem(
                    Code.RULE_UNKNOWN_PLACEHOLDER,
                    name=name,
                    what="不是已知字段",
                    how=did_you_mean(close, braces=True) if close else field_hint(name, table),
                )
            )
    return found


_FULLWIDTH = {
    "，": ("全角逗号", "列表的各项之间用半角逗号加空格分隔，例如 [C, E]"),
    "、": ("顿号", "列表的各项之间用半角逗号加空格分隔，例如 [C, E]"),
    "：": ("全角冒号", "键和值之间用半角冒号加空格，例如 weight: 35"),
    "［": ("全角方括号", "列表用半角方括号，例如 [C, E]"),
    "］": ("全角方括号", "列表用半角方括号，例如 [C, E]"),
    "｛": ("全角花括号", "用半角花括号，例如 {gte: 50}"),
    "｝": ("全角花括号", "用半角花括号，例如 {gte: 50}"),
    "\u3000": ("全角空格", "用半角空格"),
}


def fullwidth_hint(written: object) -> str | None:
    """A hint naming the full-width character (typed on a Chinese keyboard) in a value that was not
    understood, e.g. ``C，E`` written for ``[C, E]``."""
    if not isinstance(written, str):
        return None
    for char, (name, fix) in _FULLWIDTH.items():
        if char in written:
            return f"“{written}”里有{name}（中文输入法的标点）：{fix}"
    return None


def service_id(written: str, catalog: Catalog) -> str:
    """A service id from its id or its Chinese name (专场招聘会 → job-fair)."""
    if written in catalog.service_by_id:
        return written
    return next((s.id for s in catalog.services if s.name == written.strip()), written)


def service_hint(written: str, catalog: Catalog) -> str:
    names = {s.name: s.id for s in catalog.services}
    text = written.strip()
    close = suggest(text, [*catalog.service_by_id, *names]) or next(
        (n for n in names if len(text) >= 2 and (text in n or n.startswith(text[:4]))), None
    )
    if close is None:
        return fullwidth_hint(written) or "服务编号和名称见 prescriber catalog"
    ident = names.get(close, close)
    return did_you_mean(ident, catalog.service_by_id[ident].name)


def field_hint(written: str, table: FieldTable) -> str:
    close = suggest(written, [*table.fields, *table.labels])
    if close is not None:
        name = table.labels.get(close, close)
        return did_you_mean(name, table.fields[name].label)
    return fullwidth_hint(written) or "可用字段：" + "、".join(
        f"{n}（{s.label}）" for n, s in table.fields.items()
    )


def empty_group(key: str, loc: tuple[str | int, ...], origin: Origin) -> Problem:
    return origin.problem(loc, Code.RULE_EMPTY_GROUP, key=True, group=key)


def reason_problems(reason: str, origin: Origin, table: FieldTable) -> list[Problem]:
    return [origin.place(("reason",), draft) for draft in placeholder_problems(reason, table)]
