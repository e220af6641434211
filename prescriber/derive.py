"""Profile → facts: resolve every value through the vocabularies and derive what is never typed by
hand (industry section, size class, 规模以上, the months left of a collective contract on the
prescription's day). Unknown values are problems with a did-you-mean, never a silent default.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Literal

from prescriber import sizes
from prescriber.codes import Code, Phrase, field_name, listed, meant, phrases
from prescriber.dates import parse_day
from prescriber.errors import InputError, Problem, problem
from prescriber.fields import FieldSpec, FieldTable, parse_industry
from prescriber.models import Catalog, Profile
from prescriber.natural import flag_phrase
from prescriber.semantics import Facts, IndustryCode
from prescriber.shape import suggest

__all__ = [
    "CONTRACT_MONTHS",
    "CONTRACT_UNTIL",
    "Derived",
    "contract_months",
    "derive",
    "months_left",
    "read_day",
    "vocabulary_hint",
]

CONTRACT_UNTIL = "collective_contract_until"
"""The profile field (and batch column) with the day the collective contract ends."""
CONTRACT_MONTHS = "metrics.collective_contract_months_left"
"""The fact the rules read, derived from :data:`CONTRACT_UNTIL` on the prescription's day."""

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


def derive(profile: Profile, table: FieldTable, catalog: Catalog, day: date | None = None) -> Derived:
    """Resolve and derive the facts of ``profile`` for a prescription written on ``day`` (default
    today: only the months left of a collective contract depend on it)."""
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
    values.update(_contract(profile, table, day, findings))
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


def _declared(
    part: Literal["flags", "metrics"],
    given: Mapping[str, Any],
    table: FieldTable,
    findings: list[Finding],
) -> Iterator[tuple[str, Any, FieldSpec]]:
    """The entries of a profile's ``flags`` or ``metrics`` with the catalogue's field of each; an id the
    catalogue does not have is a finding that names the closest it has."""
    unknown = Code.PROFILE_UNKNOWN_FLAG if part == "flags" else Code.PROFILE_UNKNOWN_METRIC
    prefix = f"{part}."
    for key, raw in given.items():
        spec = table.get(prefix + key)
        if spec is None:
            ids = (n.removeprefix(prefix) for n in table.fields if n.startswith(prefix))
            findings.append(_finding((part, key), unknown, id=key, how=_close(key, ids)))
        else:
            yield key, raw, spec


def _flags(profile: Profile, table: FieldTable, findings: list[Finding]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, raw, spec in _declared("flags", profile.flags, table, findings):
        if spec.kind == "bool":
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
    for key, value, spec in _declared("metrics", profile.metrics, table, findings):
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


def read_day(raw: object) -> date | None:
    """A day as a profile or a table cell states it (``YYYY-MM-DD`` text, read by
    :func:`prescriber.dates.parse_day`, or a date), or ``None`` when it is not one."""
    if isinstance(raw, datetime):  # a spreadsheet's date cell; a Timestamp is one too
        return raw.date() if raw.time() == datetime.min.time() else None
    if isinstance(raw, date):
        return raw
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return parse_day(raw)
    except InputError:
        return None


def _shift(d: date, months: int) -> date:
    """``d`` moved by whole months, the day of the month kept or cut to the month's last day."""
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    if not date.min.year <= year <= date.max.year:  # beyond the calendar: before or after every day
        return date.min if year < date.min.year else date.max
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def months_left(until: date, day: date) -> int:
    """The months left on ``day`` of a contract that ends on ``until`` (its last day), as
    ``metrics.collective_contract_months_left`` counts them.

    While it runs (``day <= until``): the fewest whole months ``n >= 0`` such that ``until`` minus ``n``
    months is not after ``day`` — so ``n <= 3`` exactly when ``day`` lies in the last three months
    before expiry (集体合同规定 art. 38), and 0 on the last day itself. Once it has expired: minus the
    whole months since it ended, at least 1 (expired 2 months and 10 days ago is -2, yesterday -1).
    """
    if day <= until:
        n = max((until.year - day.year) * 12 + until.month - day.month - 1, 0)
        while _shift(until, -n) > day:
            n += 1
        return n
    n = max((day.year - until.year) * 12 + day.month - until.month - 1, 0)
    while n < 1_200_000 and _shift(until, n + 1) <= day:
        n += 1
    return -max(n, 1)


def contract_months(raw: object, day: date, low: float, high: float) -> int | str:
    """The months left on ``day`` of a contract said to end on ``raw``: the number, or why ``raw``
    cannot give one (not a day; a count outside ``low``–``high``). The one derivation of the
    months from the date: :func:`derive` and the table path (:mod:`prescriber.batch.facts`) call it."""
    months = _contract_months(raw, day, low, high)
    return months.zh if isinstance(months, Phrase) else months


def _contract_months(raw: object, day: date, low: float, high: float) -> int | Phrase:
    """:func:`contract_months`, its reason in both languages."""
    until = read_day(raw)
    if until is None:
        return phrases.NOT_A_DAY
    months = months_left(until, day)
    if not low <= months <= high:
        return phrases.MONTHS_OUT.fill(day=day, months=months, low=f"{low:g}", high=f"{high:g}")
    return months


def _contract(
    profile: Profile, table: FieldTable, day: date | None, findings: list[Finding]
) -> dict[str, Any]:
    """``metrics.collective_contract_months_left`` from the contract's end day, on the prescription's
    day. The day wins over months stated by hand (they go stale); a note says so when they differ."""
    raw = profile.collective_contract_until
    if raw is None:
        return {}
    spec = table.get(CONTRACT_MONTHS)
    loc = (CONTRACT_UNTIL,)
    if spec is None:
        findings.append(
            _finding(loc, Code.PROFILE_UNKNOWN_METRIC, id=CONTRACT_MONTHS[8:], how=phrases.NO_SUCH_METRIC)
        )
        return {}
    assert spec.low is not None and spec.high is not None
    on = parse_day(day)
    months = _contract_months(raw, on, spec.low, spec.high)
    if isinstance(months, Phrase):
        findings.append(
            _finding(
                loc,
                Code.PROFILE_BAD_DATE,
                label=phrases.CONTRACT_UNTIL_LABEL,
                value=raw,
                why=months,
                how=phrases.CONTRACT_DAY_HOW,
            )
        )
        return {}
    stated = profile.metrics.get(CONTRACT_MONTHS[8:])
    if stated is not None and stated != months:
        findings.append(
            _finding(loc, Code.PROFILE_DATE_OVERRIDES, until=raw, day=on, months=months, stated=stated)
        )
    return {spec.name: months}


def _close(word: str, pool: Iterable[str]) -> Phrase:
    options = sorted(pool)
    hit = suggest(word, options)
    return meant(hit) if hit else phrases.AVAILABLE.fill(choices=", ".join(options))
