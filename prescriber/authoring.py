"""How a rule names things, and what an author gets told when a name is wrong: services and fields
by id or Chinese name, placeholders in reasons (filled with the value and its unit), counties where
only cities are allowed, characters a Chinese keyboard typed. Used by :mod:`prescriber.compiler`."""

from __future__ import annotations

import re

from prescriber.codes import Code, Phrase, field_name, listed, meant, phrases
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


def county_in_rule(spec: FieldSpec, written: object, table: FieldTable) -> tuple[Phrase, Phrase] | None:
    """(message, hint) when a rule names a county: rules compare cities, so a county would stand for
    its whole city (晋江市 would match a firm in 南安)."""
    county = table.counties.get(str(written).strip().lower()) if spec.name == "region" else None
    if county is None:
        return None
    name, city = county[0], spec.show(county[1])
    named = name if str(written).strip() == name else f"{written}（{name}）"
    return (
        phrases.COUNTY.fill(named=named, city=Phrase(city, county[1])),
        phrases.WRITE_CITY.fill(id=county[1], city=city, the_city=Phrase(city, county[1])),
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
                    how=phrases.WRITE_AS.fill(text=f"{{{name}}}") if name else phrases.DROP_BRACES,
                )
            )
        elif spec is None and name != "name" and name in table.labels:
            found.append(
                problem(
                    Code.RULE_UNKNOWN_PLACEHOLDER,
                    name=name,
                    what=phrases.WRITE_FIELD_ID,
                    how=phrases.WRITE_AS.fill(text=f"{{{table.labels[name]}}}"),
                )
            )
        elif spec is not None and spec.unit == "比例" and after[:1] in ("%", "％"):
            found.append(
                problem(
                    Code.RULE_DOUBLED_UNIT,
                    name=name,
                    what=phrases.SHOWN_AS_PERCENT.fill(after=after[0]),
                    after=after[0],
                )
            )
        elif spec is not None and spec.unit and spec.unit != "比例" and after.startswith(spec.unit):
            found.append(
                problem(
                    Code.RULE_DOUBLED_UNIT,
                    name=name,
                    what=phrases.SHOWN_WITH_UNIT.fill(unit=spec.unit),
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
                    what=phrases.NOT_A_FIELD,
                    how=meant(close, braces=True) if close else field_hint(name, table),
                )
            )
    return found


_FULLWIDTH = {
    "，": (phrases.FULL_COMMA, phrases.FIX_LIST_SPACED),
    "、": (phrases.IDEOGRAPHIC_COMMA, phrases.FIX_LIST_SPACED),
    "：": (phrases.FULL_COLON, phrases.FIX_KEY_COLON),
    "［": (phrases.FULL_BRACKET, phrases.FIX_LIST_BRACKETS),
    "］": (phrases.FULL_BRACKET, phrases.FIX_LIST_BRACKETS),
    "｛": (phrases.FULL_BRACE, phrases.FIX_BRACES),
    "｝": (phrases.FULL_BRACE, phrases.FIX_BRACES),
    "\u3000": (phrases.FULL_SPACE, phrases.FIX_SPACE),
}


def fullwidth_hint(written: object) -> Phrase | None:
    """A hint naming the full-width character (typed on a Chinese keyboard) in a value that was not
    understood, e.g. ``C，E`` written for ``[C, E]``."""
    if not isinstance(written, str):
        return None
    for char, (name, fix) in _FULLWIDTH.items():
        if char in written:
            return phrases.FULLWIDTH_IN.fill(written=written, name=name, fix=fix)
    return None


def service_id(written: str, catalog: Catalog) -> str:
    """A service id from its id or its Chinese name (专场招聘会 → job-fair)."""
    if written in catalog.service_by_id:
        return written
    return next((s.id for s in catalog.services if s.name == written.strip()), written)


def service_hint(written: str, catalog: Catalog) -> Phrase:
    names = {s.name: s.id for s in catalog.services}
    text = written.strip()
    close = suggest(text, [*catalog.service_by_id, *names]) or next(
        (n for n in names if len(text) >= 2 and (text in n or n.startswith(text[:4]))), None
    )
    if close is None:
        return fullwidth_hint(written) or phrases.SERVICES_IN_CATALOG
    ident = names.get(close, close)
    return meant(ident, catalog.service_by_id[ident].name)


def field_hint(written: str, table: FieldTable) -> Phrase:
    close = suggest(written, [*table.fields, *table.labels])
    if close is not None:
        name = table.labels.get(close, close)
        return meant(name, table.fields[name].label)
    return fullwidth_hint(written) or phrases.FIELDS_ARE.fill(
        fields=listed(field_name(n, s.label, id_first=True) for n, s in table.fields.items())
    )


def empty_group(key: str, loc: tuple[str | int, ...], origin: Origin) -> Problem:
    return origin.problem(loc, Code.RULE_EMPTY_GROUP, key=True, group=key)


def reason_problems(reason: str, origin: Origin, table: FieldTable) -> list[Problem]:
    return [origin.place(("reason",), draft) for draft in placeholder_problems(reason, table)]
