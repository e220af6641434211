"""City assessment (城市考核) per city and year, computed from the work items, and written as CSV or
Excel for the department's forms.

Definitions: ``cohort`` the enterprises the city chose for the year, ``cohort_with_case`` those with a
case, ``cohort_disputes`` their labour disputes last year as recorded when chosen and in their latest
record; every other figure counts work items of the city's cases of that year, one per confirmed service:
``prescribed`` every item; ``delivered`` 已办结; ``on_time`` 已办结 on or before its due date (Beijing
time); ``declined`` 企业放弃 and ``ineligible`` 不符合条件, with each reason counted; ``open`` still
待对接 or 办理中; ``review`` open but no longer offered by the latest prescription; satisfaction over
the items visited (回访), its mean and how many gave each score 1–5. ``groups`` (带动一批): the chain
leaders' groups of the city and year (the leader's city), the suppliers they list (wherever those are),
how many of them have a case and how many are 待采集 (no record of the year), and the suppliers' work
items and how many are delivered (those items also count in their own city's figures).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from prescriber.codes import Code, listed, phrases
from prescriber.dates import beijing
from prescriber.errors import CaseError, problem
from prescriber.register.cases import CaseBook, ItemView
from prescriber.register.cohort import Cohorts
from prescriber.register.flow import LABELS, OPEN
from prescriber.register.groups import Groups, GroupStanding
from prescriber.render.cases import STATUS_EN
from prescriber.render.messages import say

__all__ = ["Assessment", "assess", "figure_values", "figures", "monthly", "province", "to_csv", "to_xlsx"]

_NO_NAMES: Mapping[str, str] = MappingProxyType({})
_FORMULA = re.compile(r"(^|\n)([=+\-@\t])")


@dataclass(frozen=True)
class Assessment:
    """The figures of one city and year."""

    city: str
    year: int
    cohort: int
    cohort_with_case: int
    cohort_disputes: tuple[int, int, int]
    """(members whose disputes are known, their disputes when chosen, in their latest record)."""
    enterprises: int
    prescribed: int
    delivered: int
    on_time: int
    open: int
    review: int
    declined: int
    ineligible: int
    reasons: tuple[tuple[str, str, int], ...]
    """(status label, reason, how many), most frequent first."""
    visited: int
    satisfaction_mean: float | None
    satisfaction: tuple[int, int, int, int, int]
    items: tuple[ItemView, ...]
    groups: GroupStanding = field(default_factory=GroupStanding)


def assess(book: CaseBook, city: str, year: int) -> Assessment:
    """The assessment of ``city`` in ``year`` (zeros for a year without cases); :class:`CaseError` for a
    city that has neither a case nor a cohort in any year — most likely a misspelt id."""
    cohorts = Cohorts(book.register)
    known = sorted({c for c, _ in book.cities()} | cohorts.cities())
    if city not in known:
        raise CaseError(
            [problem(Code.CASE_CITY, path="city", city=city, known=listed(known) or phrases.NO_CASES_YET)]
        )
    items = tuple(book.items(city=city, year=year))
    cohort = cohorts.standing(city, year)
    by = Counter(i.status for i in items)
    reasons = Counter((LABELS[i.status], i.reason) for i in items if i.status in ("declined", "ineligible"))
    scores = [i.satisfaction for i in items if i.satisfaction is not None]
    return Assessment(
        city=city,
        year=year,
        cohort=cohort.members,
        cohort_with_case=cohort.with_case,
        cohort_disputes=(cohort.disputes_known, cohort.disputes_before, cohort.disputes_now),
        enterprises=len({i.case_id for i in items}),
        prescribed=len(items),
        delivered=by["done"],
        on_time=sum(1 for i in items if i.status == "done" and _on_time(i)),
        open=sum(by[s] for s in OPEN),
        review=sum(1 for i in items if i.review and i.status in OPEN),
        declined=by["declined"],
        ineligible=by["ineligible"],
        reasons=tuple((s, r, n) for (s, r), n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        visited=len(scores),
        satisfaction_mean=round(sum(scores) / len(scores), 2) if scores else None,
        satisfaction=(scores.count(1), scores.count(2), scores.count(3), scores.count(4), scores.count(5)),
        items=items,
        groups=Groups(book.register).standing(city, year),
    )


def province(book: CaseBook, year: int) -> list[Assessment]:
    """Every city with a case or a cohort in ``year``, most services delivered first (the province view)."""
    cities = {c for c, y in book.cities() if y == year} | Cohorts(book.register).cities(year)
    found = [assess(book, c, year) for c in sorted(cities)]
    return sorted(found, key=lambda a: (-a.delivered, -a.prescribed, a.city))


def monthly(a: Assessment) -> list[tuple[str, int, int]]:
    """Delivered items by the month they were closed (Beijing time, ``YYYY-MM``, every month from the
    first to the last), with how many of them were on time."""
    closed = Counter(f"{_local(i.closed_at):%Y-%m}" for i in a.items if i.status == "done" and i.closed_at)
    timely = Counter(
        f"{_local(i.closed_at):%Y-%m}" for i in a.items if i.status == "done" and i.closed_at and _on_time(i)
    )
    if not closed:
        return []
    first, last = min(closed), max(closed)
    months, (y, m) = [], map(int, first.split("-"))
    while (key := f"{y:04d}-{m:02d}") <= last:
        months.append((key, closed[key], timely[key]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _on_time(i: ItemView) -> bool:
    return i.closed_at is not None and _local(i.closed_at) <= i.due


def _local(at: datetime) -> date:
    return beijing(at).date()


def _disputes(a: Assessment, which: int, lang: str) -> str | int:
    known, before, now = a.cohort_disputes
    if not known:
        return "—"
    count = (before, now)[which - 1]
    return count if known == a.cohort else say("figure.disputes-known", lang, count=count, known=known)


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def figure_values(a: Assessment, lang: str = "zh") -> list[tuple[str, dict[str, object], str | int | float]]:
    """The summary as (figure id, the values its name needs, value), in the order of the form; the city
    by its id (:func:`figures` names everything)."""
    g = a.groups
    rows: list[tuple[str, dict[str, object], str | int | float]] = [
        ("city", {}, a.city),
        ("year", {}, a.year),
        ("cohort", {}, a.cohort),
        ("cohort_with_case", {}, a.cohort_with_case),
        ("disputes_before", {}, _disputes(a, 1, lang)),
        ("disputes_now", {}, _disputes(a, 2, lang)),
        ("enterprises", {}, a.enterprises),
        ("prescribed", {}, a.prescribed),
        ("delivered", {}, a.delivered),
        ("on_time", {}, a.on_time),
        ("delivered_rate", {}, _rate(a.delivered, a.prescribed)),
        ("on_time_rate", {}, _rate(a.on_time, a.delivered)),
        ("open", {}, a.open),
        ("review", {}, a.review),
        ("declined", {}, a.declined),
        ("ineligible", {}, a.ineligible),
        ("visited", {}, a.visited),
        ("satisfaction_mean", {}, a.satisfaction_mean if a.satisfaction_mean is not None else "—"),
    ]
    rows += [("satisfaction", {"n": n}, count) for n, count in enumerate(a.satisfaction, start=1)]
    rows += [
        ("groups", {}, g.groups),
        ("group_suppliers", {}, g.suppliers),
        ("group_with_case", {}, g.with_case),
        ("group_uncollected", {}, g.uncollected),
        ("group_items", {}, g.items),
        ("group_delivered", {}, g.delivered),
    ]
    rows += [
        ("reason", {"status": _status(label, lang), "reason": reason or say("figure.no-reason", lang)}, n)
        for label, reason, n in a.reasons
    ]
    return rows


def figures(
    a: Assessment, names: Mapping[str, str] = _NO_NAMES, lang: str = "zh"
) -> list[tuple[str, str | int | float]]:
    """The summary as (指标, 数值) rows in ``lang``, in the order of the form (the city by its name in
    ``names``, a region id → name table such as the catalogue's, when it has one)."""
    return [
        (say(f"figure.{key}", lang, **values), names.get(a.city, a.city) if key == "city" else value)
        for key, values, value in figure_values(a, lang)
    ]


def _status(label: str, lang: str) -> str:
    """A status shown in ``lang`` (the assessment keeps the register's Chinese label)."""
    return label if lang == "zh" else STATUS_EN.get(_BY_LABEL.get(label, ""), label)


_BY_LABEL = {label: status for status, label in LABELS.items()}


def _detail(i: ItemView, lang: str) -> tuple[str | int, ...]:
    closed = f"{_local(i.closed_at)}" if i.closed_at else ""
    yes, no = say("assess.yes", lang), say("assess.no", lang)
    on_time = (yes if _on_time(i) else no) if i.status == "done" else ""
    return (
        i.id,
        i.enterprise,
        i.name,
        i.delivered_by,
        i.officer or "",
        i.due.isoformat(),
        _status(LABELS[i.status], lang),
        closed,
        on_time,
        i.reason,
        i.satisfaction if i.satisfaction is not None else "",
        yes if i.review else "",
    )


def _columns(key: str, lang: str) -> tuple[str, ...]:
    return tuple(say(key, lang).split("|"))


def to_csv(a: Assessment, names: Mapping[str, str] = _NO_NAMES, lang: str = "zh") -> str:
    """The summary, then a blank line, then one row per work item (UTF-8 with BOM for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(_columns("assess.head", lang))
    w.writerows(map(_inert, r) for r in figures(a, names, lang))
    w.writerow(())
    w.writerow(_columns("assess.detail", lang))
    w.writerows(map(_inert, _detail(i, lang)) for i in a.items)
    return "\ufeff" + buf.getvalue()


def to_xlsx(
    a: Assessment, path: Path | BinaryIO, names: Mapping[str, str] = _NO_NAMES, lang: str = "zh"
) -> None:
    """Two sheets: 汇总 (the summary) and 明细 (one row per work item)."""
    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = say("assess.summary", lang)
    summary.append(_columns("assess.head", lang))
    for row in figures(a, names, lang):
        summary.append(row)
    summary.column_dimensions["A"].width = 28
    detail = wb.create_sheet(say("assess.items", lang))
    detail.append(_columns("assess.detail", lang))
    for i in a.items:
        detail.append(_detail(i, lang))
    for sheet in (summary, detail):  # names and reasons come from people: "=…" stays text, never a formula
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
    wb.save(path)


def _inert(value: str | int | float) -> str | int | float:
    """A CSV cell a spreadsheet shows as text: a line that starts like a formula gets a leading ``'``,
    and a bare carriage return (a phantom row) becomes a line feed."""
    if not isinstance(value, str):
        return value
    return _FORMULA.sub(r"\1'\2", value.replace("\r\n", "\n").replace("\r", "\n"))
