"""Profile → facts: resolve every value through the vocabularies and derive what is never typed by
hand (industry section, size class, 规模以上). Unknown values are problems with a did-you-mean,
never a silent default.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from prescriber import sizes
from prescriber.codes import Code, Phrase, field_name, listed, meant, phrases
from prescriber.errors import Problem, problem
from prescriber.fields import FieldSpec, FieldTable, parse_industry
from prescriber.models import Catalog, Profile
from prescriber.natural import flag_phrase
from prescriber.semantics import Facts, IndustryCode
from prescriber.shape import suggest

__all__ = ["Derived", "derive", "vocabulary_hint"]

Finding = tuple[tuple[str | int, ...], Problem]


@dataclass(frozen=True)
class Derived:
    """The facts of one enterprise, and what was wrong or doubtful in its profile (path, problem)."""

    facts: Facts
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for _, p in self.findings)


def _finding(loc: tuple[str | int, ...], code: Code, /, **params: Any) -> Finding:
    return loc, problem(code, **params)


_UNKNOWN = {"region": Code.PROFILE_UNKNOWN_REGION, "ownership": Code.PROFILE_UNKNOWN_OWNERSHIP}


@functools.lru_cache(maxsize=4096)  # a table repeats its typos; the spec hashes by value
def vocabulary_hint(word: str, spec: FieldSpec) -> Phrase:
    """The hint for an unknown vocabulary value: the closest id and label, or the choices."""
    hit = suggest(word.lower(), spec.aliases)
    if hit:
        ident = spec.aliases[hit]
        return meant(ident, spec.show(ident))
    shown = listed(field_name(i, spec.show(i), id_first=True) for i in spec.choices[:12])
    return phrases.CHOOSE.fill(choices=shown + (" …" if len(spec.choices) > 12 else ""))


def derive(profile: Profile, table: FieldTable, catalog: Catalog) -> Derived:
    """Resolve and derive the facts of ``profile``."""
    values: dict[str, Any] = {"name": profile.name}
    findings: list[Finding] = []
    for name in ("region", "ownership"):
        raw = getattr(profile, name)
        if raw is not None:
            spec = table.fields[name]
            ident = spec.resolve(raw)
            if ident is None:
                findings.append(
                    _finding(
                        (name,),
                        _UNKNOWN[name],
                        label=Phrase(spec.label, name),
                        value=raw,
                        how=vocabulary_hint(str(raw), spec),
                    )
                )
            else:
                values[name] = ident
    code = _industry(profile, table, findings)
    if code is not None:
        values["industry"] = code
    for name in ("employees", "revenue", "assets"):
        if getattr(profile, name) is not None:
            values[name] = getattr(profile, name)
    findings += _units(profile)
    severity = _pains(profile, table, findings)
    values["pain_points"] = frozenset(severity)
    values.update(_flags(profile, table, findings))
    values.update(_metrics(profile, table, findings))
    size = sizes.classify(
        code,
        {"employees": profile.employees, "revenue": profile.revenue, "assets": profile.assets},
        catalog.size_classes,
    )
    if size is not None:
        values["size"] = size
    scale = sizes.above_scale(code, profile.revenue, catalog.above_scale)
    if scale is not None:
        values["above_scale"] = scale
    return Derived(Facts(MappingProxyType(values), MappingProxyType(severity)), tuple(findings))


def _industry(profile: Profile, table: FieldTable, findings: list[Finding]) -> IndustryCode | None:
    if profile.industry is None:
        return None
    parsed = parse_industry(profile.industry, table)
    if isinstance(parsed, Phrase):
        findings.append(
            _finding(("industry",), Code.PROFILE_BAD_INDUSTRY, industry=profile.industry, why=parsed)
        )
        return None
    return parsed


def _units(profile: Profile) -> list[Finding]:
    out = []
    # 营业收入 and 资产 are in 万元. More than 2 亿元 per employee almost always means yuan were typed.
    for name, label in (("revenue", "营业收入"), ("assets", "资产总额")):
        value = getattr(profile, name)
        if value is not None and profile.employees and value / profile.employees > 20_000:
            out.append(_finding((name,), Code.PROFILE_UNIT, label=Phrase(label, name), value=value))
    return out


def _pains(profile: Profile, table: FieldTable, findings: list[Finding]) -> dict[str, int]:
    spec = table.fields["pain_points"]
    severity: dict[str, int] = {}
    for i, entry in enumerate(profile.pain_points):
        ident = spec.resolve(entry.id)
        if ident is None:
            findings.append(
                _finding(
                    ("pain_points", i),
                    Code.PROFILE_UNKNOWN_PAIN_POINT,
                    value=entry.id,
                    how=vocabulary_hint(entry.id, spec),
                )
            )
            continue
        if ident in severity:
            findings.append(
                _finding(
                    ("pain_points", i),
                    Code.PROFILE_DUPLICATE_PAIN_POINT,
                    value=entry.id,
                    label=Phrase(spec.show(ident), ident),
                )
            )
        severity[ident] = max(severity.get(ident, 0), entry.severity)
    return severity


def _flags(profile: Profile, table: FieldTable, findings: list[Finding]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw in profile.flags.items():
        spec = table.get(f"flags.{key}")
        if spec is None:
            findings.append(
                _finding(
                    ("flags", key),
                    Code.PROFILE_UNKNOWN_FLAG,
                    id=key,
                    how=_close(key, (n[6:] for n in table.fields if n.startswith("flags."))),
                )
            )
        elif spec.kind == "bool":
            if isinstance(raw, bool):
                out[spec.name] = raw
            else:
                findings.append(
                    _finding(
                        ("flags", key),
                        Code.PROFILE_FLAG_TYPE,
                        field=field_name(key, spec.label),
                        how=flag_phrase(raw),
                    )
                )
        else:
            ident = spec.resolve(raw)
            if ident is None:
                findings.append(
                    _finding(
                        ("flags", key),
                        Code.PROFILE_FLAG_CHOICE,
                        field=field_name(key, spec.label),
                        value=raw,
                        how=vocabulary_hint(str(raw), spec),
                    )
                )
            else:
                out[spec.name] = ident
    return out


def _metrics(profile: Profile, table: FieldTable, findings: list[Finding]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in profile.metrics.items():
        spec = table.get(f"metrics.{key}")
        if spec is None:
            findings.append(
                _finding(
                    ("metrics", key),
                    Code.PROFILE_UNKNOWN_METRIC,
                    id=key,
                    how=_close(key, (n[8:] for n in table.fields if n.startswith("metrics."))),
                )
            )
            continue
        assert spec.low is not None and spec.high is not None
        if not spec.low <= value <= spec.high:
            hint = phrases.SHARE_12 if spec.unit == "比例" else phrases.UNIT.fill(unit=spec.unit)
            if spec.unit == "比例" and 1 < value <= 100:  # a percentage typed as a number
                hint = phrases.IF_PERCENT.fill(value=f"{value:g}", share=f"{value / 100:g}")
            findings.append(
                _finding(
                    ("metrics", key),
                    Code.PROFILE_METRIC_RANGE,
                    field=field_name(key, spec.label),
                    value=value,
                    low=spec.low,
                    high=spec.high,
                    how=hint,
                )
            )
        elif spec.integer and isinstance(value, float) and not value.is_integer():
            findings.append(
                _finding(("metrics", key), Code.PROFILE_METRIC_INTEGER, field=field_name(key, spec.label))
            )
        else:
            out[spec.name] = value
    return out


def _close(word: str, pool: Iterable[str]) -> Phrase:
    options = sorted(pool)
    hit = suggest(word, options)
    return meant(hit) if hit else phrases.AVAILABLE.fill(choices=", ".join(options))
