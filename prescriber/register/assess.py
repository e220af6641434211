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
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from typing import BinaryIO

from prescriber.codes import Code, listed, phrases
from prescriber.errors import CaseError, problem
from prescriber.register.cases import CaseBook, ItemView
from prescriber.register.cohort import Cohorts
from prescriber.register.flow import LABELS, OPEN
from prescriber.register.groups import Groups, GroupStanding

__all__ = ["Assessment", "assess", "figures", "monthly", "province", "to_csv", "to_xlsx"]

_NO_NAMES: Mapping[str, str] = MappingProxyType({})
_FORMULA = re.compile(r"(^|\n)([=+\-@\t])")
_BEIJING = timezone(timedelta(hours=8))  # no daylight saving in China: a fixed offset is exact


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
    # SQLite hands back naive datetimes: they were written in UTC.
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(_BEIJING).date()


def _disputes(a: Assessment, which: int) -> str | int:
    known, before, now = a.cohort_disputes
    if not known:
        return "—"
    count = (before, now)[which - 1]
    return count if known == a.cohort else f"{count}（{known} 家有数据）"


def _rate(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else "—"


def figures(a: Assessment, names: Mapping[str, str] = _NO_NAMES) -> list[tuple[str, str | int | float]]:
    """The summary as (指标, 数值) rows, in the order of the form (the city by its name in ``names``, a
    region id → name table such as the catalogue's, when it has one)."""
    rows: list[tuple[str, str | int | float]] = [
        ("城市", names.get(a.city, a.city)),
        ("年度", a.year),
        ("年度重点企业数", a.cohort),
        ("其中已立案", a.cohort_with_case),
        ("重点企业劳动争议：入选时", _disputes(a, 1)),
        ("重点企业劳动争议：最新", _disputes(a, 2)),
        ("立案企业数", a.enterprises),
        ("开出服务项数", a.prescribed),
        ("已办结项数", a.delivered),
        ("按期办结项数", a.on_time),
        ("办结率", _rate(a.delivered, a.prescribed)),
        ("按期办结率", _rate(a.on_time, a.delivered)),
        ("在办项数", a.open),
        ("待复核项数", a.review),
        ("企业放弃项数", a.declined),
        ("不符合条件项数", a.ineligible),
        ("回访项数", a.visited),
        ("平均满意度", a.satisfaction_mean if a.satisfaction_mean is not None else "—"),
    ]
    rows += [(f"满意度 {n} 分项数", count) for n, count in enumerate(a.satisfaction, start=1)]
    g = a.groups
    rows += [
        ("带动一批：链主企业数", g.groups),
        ("带动一批：配套企业数", g.suppliers),
        ("带动一批：配套企业已立案", g.with_case),
        ("带动一批：配套企业待采集", g.uncollected),
        ("带动一批：配套企业服务项数", g.items),
        ("带动一批：配套企业已办结项数", g.delivered),
    ]
    rows += [(f"{status}原因：{reason or '（未写）'}", n) for status, reason, n in a.reasons]
    return rows


_DETAIL = (
    "事项",
    "企业",
    "服务",
    "承办单位",
    "负责人",
    "办理期限",
    "状态",
    "办结时间",
    "按期",
    "原因",
    "满意度",
    "待复核",
)


def _detail(i: ItemView) -> tuple[str | int, ...]:
    closed = f"{_local(i.closed_at)}" if i.closed_at else ""
    on_time = ("是" if _on_time(i) else "否") if i.status == "done" else ""
    return (
        i.id,
        i.enterprise,
        i.name,
        i.delivered_by,
        i.officer or "",
        i.due.isoformat(),
        LABELS[i.status],
        closed,
        on_time,
        i.reason,
        i.satisfaction if i.satisfaction is not None else "",
        "是" if i.review else "",
    )


def to_csv(a: Assessment, names: Mapping[str, str] = _NO_NAMES) -> str:
    """The summary, then a blank line, then one row per work item (UTF-8 with BOM for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("指标", "数值"))
    w.writerows(map(_inert, r) for r in figures(a, names))
    w.writerow(())
    w.writerow(_DETAIL)
    w.writerows(map(_inert, _detail(i)) for i in a.items)
    return "\ufeff" + buf.getvalue()


def to_xlsx(a: Assessment, path: Path | BinaryIO, names: Mapping[str, str] = _NO_NAMES) -> None:
    """Two sheets: 汇总 (the summary) and 明细 (one row per work item)."""
    from openpyxl import Workbook

    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "汇总"
    summary.append(("指标", "数值"))
    for row in figures(a, names):
        summary.append(row)
    summary.column_dimensions["A"].width = 28
    detail = wb.create_sheet("明细")
    detail.append(_DETAIL)
    for i in a.items:
        detail.append(_detail(i))
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
