"""The facts a rule may test: their names, kinds, labels, units, ranges and accepted spellings.

Built once from the catalogue's vocabularies. Both the profile (:mod:`prescriber.derive`) and the
rules (:mod:`prescriber.compiler`) resolve values through it, so an id, a Chinese label and a
declared synonym mean the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from prescriber.codes import Phrase, phrases
from prescriber.limits import ASSETS_MAX, EMPLOYEES_MAX, REVENUE_MAX
from prescriber.models import SIZE_LABELS, Catalog
from prescriber.semantics import IndustryCode, Kind

__all__ = [
    "LABELS",
    "SIZE_LABELS",
    "FieldSpec",
    "FieldTable",
    "field_table",
    "industry_by_name",
    "parse_industry",
]

LABELS = {
    "industry": "行业",
    "region": "所在地区",
    "ownership": "所有制",
    "size": "企业规模",
    "employees": "职工人数",
}
"""The Chinese labels of the fields every catalogue has (a prescription's ``facts_text`` is keyed by them)."""
LABELS_EN = {
    "industry": "Industry",
    "region": "Region",
    "ownership": "Ownership",
    "size": "Enterprise size",
    "above_scale": "Above designated size",
    "employees": "Employees",
    "revenue": "Revenue",
    "assets": "Total assets",
    "name": "Enterprise name",
    "pain_points": "Needs and pain points",
}
"""Their English labels, and those of the other fields every catalogue has."""


@dataclass(frozen=True, eq=False)
class FieldSpec:
    """One field: how it compares, how to show it, which values it takes. Compared and hashed by
    value, so explanations can cache per field across reloads of the same vocabularies."""

    name: str
    label: str
    kind: Kind
    unit: str = ""
    low: float | None = None
    high: float | None = None
    integer: bool = False
    choices: tuple[str, ...] = ()
    names: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)
    always_known: bool = False
    label_en: str = ""
    """The English label (vocabularies' ``name_en``); the field's name when the vocabulary has none."""
    names_en: Mapping[str, str] = field(default_factory=dict)
    """English names of choice values, where the vocabulary gives them."""

    def __post_init__(self) -> None:
        key = (
            self.name,
            self.label,
            self.kind,
            self.unit,
            self.low,
            self.high,
            self.integer,
            self.choices,
            tuple(sorted(self.names.items())),
            self.always_known,
            self.label_en,
            tuple(sorted(self.names_en.items())),
        )
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_hash", hash(key))

    def __hash__(self) -> int:
        return self._hash  # type: ignore[no-any-return,attr-defined]

    def __eq__(self, other: object) -> bool:
        return self is other or (isinstance(other, FieldSpec) and self._key == other._key)  # type: ignore[attr-defined]

    def resolve(self, raw: object) -> str | None:
        """The canonical id for an id, a label or a synonym (case-insensitive), or ``None``."""
        if not isinstance(raw, str | int) or isinstance(raw, bool):
            return None
        return self.aliases.get(str(raw).strip().lower())

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` (``zh`` or ``en``)."""
        return self.label if lang == "zh" else self.label_en or self.name

    def show(self, value: str) -> str:
        """The Chinese name of a choice value."""
        return self.names.get(value, value)


@dataclass(frozen=True)
class FieldTable:
    """All fields, by name, plus the catalogue's industry code tables. (Plain dicts, not to be changed:
    the rule book travels to other processes, and mapping proxies cannot be pickled.)"""

    fields: Mapping[str, FieldSpec]
    sections: Mapping[str, str]
    divisions: Mapping[str, str]
    labels: Mapping[str, str] = field(default_factory=dict)
    """Chinese label (职工人数) → field name (employees), so rules may name a field either way."""
    counties: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    """A county's code or name (lower case) → (its name, the id of the region it belongs to)."""
    industry_names: Mapping[str, str] = field(default_factory=dict)
    """The name of an industry section or division (建筑业) → its code (E, C36)."""

    def get(self, name: str) -> FieldSpec | None:
        return self.fields.get(name)

    def named(self, written: str) -> FieldSpec | None:
        """The field written as its name or its Chinese label."""
        return self.fields.get(written) or self.fields.get(self.labels.get(written.strip(), ""))


def _choice(name: str, label: str, items: Iterable[tuple[str, str, Iterable[str]]]) -> FieldSpec:
    items = list(items)
    aliases: dict[str, str] = {}
    for ident, title, synonyms in items:
        for word in (ident, title, *synonyms):
            aliases.setdefault(str(word).strip().lower(), ident)
    return FieldSpec(
        name,
        label,
        "choice",
        choices=tuple(i for i, _, _ in items),
        names={i: t for i, t, _ in items},
        aliases=aliases,
    )


def field_table(catalog: Catalog) -> FieldTable:
    """Every field rules and profiles may use, from the catalogue's vocabularies."""
    industry_names = {s.code: s.name for s in catalog.sections} | {
        d.section + d.code: d.name for d in catalog.divisions
    }
    specs = [
        FieldSpec("industry", LABELS["industry"], "industry", names=industry_names),
        _choice(
            "region",
            LABELS["region"],
            (
                (r.id, r.name, (*r.aliases, r.code, *(x for c in r.counties for x in (c.code, c.name))))
                for r in catalog.regions
            ),
        ),
        _choice("ownership", LABELS["ownership"], ((o.id, o.name, o.synonyms) for o in catalog.ownerships)),
        _choice("size", LABELS["size"], ((k, v, (v + "企业",)) for k, v in SIZE_LABELS.items())),
        FieldSpec("above_scale", "规模以上（限额以上）", "bool"),
        FieldSpec("employees", LABELS["employees"], "number", "人", 0, EMPLOYEES_MAX, integer=True),
        FieldSpec("revenue", "营业收入", "number", "万元", 0, REVENUE_MAX),
        FieldSpec("assets", "资产总额", "number", "万元", 0, ASSETS_MAX),
        FieldSpec("name", "企业名称", "text", always_known=True),  # a profile always has one
    ]
    pains = _choice("pain_points", "诉求与痛点", ((p.id, p.name, p.synonyms) for p in catalog.pain_points))
    specs.append(
        FieldSpec(
            "pain_points",
            pains.label,
            "set",
            choices=pains.choices,
            names=pains.names,
            aliases=pains.aliases,
            always_known=True,
        )
    )
    for f in catalog.flags:
        if f.type == "choice":
            spec = _choice(f"flags.{f.id}", f.name, ((c.id, c.name, ()) for c in f.choices))
        else:
            spec = FieldSpec(f"flags.{f.id}", f.name, "bool")
        specs.append(spec)
    for m in catalog.metrics:
        specs.append(FieldSpec(f"metrics.{m.id}", m.name, "number", m.unit, m.min, m.max, integer=m.integer))
    english = LABELS_EN | {f"flags.{f.id}": f.name_en or "" for f in catalog.flags}
    english |= {f"metrics.{m.id}": m.name_en or "" for m in catalog.metrics}
    choices_en = {f"flags.{f.id}": {c.id: c.name_en for c in f.choices if c.name_en} for f in catalog.flags}
    specs = [replace(s, label_en=english.get(s.name, ""), names_en=choices_en.get(s.name, {})) for s in specs]
    labels: dict[str, str] = {}
    for s in specs:
        labels.setdefault(s.label, s.name)
    counties = {
        str(word).strip().lower(): (c.name, r.id)
        for r in catalog.regions
        for c in r.counties
        for word in (c.code, c.name)
    }
    return FieldTable(
        {s.name: s for s in specs},
        {s.code: s.name for s in catalog.sections},
        {d.code: d.section for d in catalog.divisions},
        labels,
        counties,
        {name: code for code, name in reversed(industry_names.items())},
    )  # a section wins


def industry_by_name(written: str, table: FieldTable) -> str | None:
    """The code of the industry section or division named ``written`` (建筑业 → E), or ``None``."""
    return table.industry_names.get(written.strip())


_CODE = re.compile(r"^([A-Ta-t])?([0-9]{2,4})?$")


def parse_industry(raw: str, table: FieldTable) -> IndustryCode | Phrase:
    """A GB/T 4754-2017 code (``C``, ``C36``, ``36``, ``361``, ``C3610``) as an :class:`IndustryCode`,
    or the reason it is not one (in Chinese and English)."""
    text = raw.strip().replace(" ", "")
    m = _CODE.match(text)
    if not text or not m:
        return phrases.INDUSTRY_FORM
    letter, digits = (m.group(1) or "").upper(), m.group(2) or ""
    if not digits:
        if letter not in table.sections:
            return phrases.NO_SECTION.fill(letter=letter)
        return IndustryCode(letter)
    division = digits[:2]
    section = table.divisions.get(division)
    if section is None:
        return phrases.NO_DIVISION.fill(division=division)
    if letter and letter != section:
        return phrases.DIVISION_ELSEWHERE.fill(division=division, section=section, letter=letter)
    group = digits[:3] if len(digits) >= 3 else None
    klass = digits if len(digits) == 4 else None
    return IndustryCode(section, section + division, group, klass)
