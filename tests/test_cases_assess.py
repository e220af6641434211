"""City assessment on a small population whose every figure is computed by hand below."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from case_support import record
from http_support import db_params, fresh_url
from openpyxl import load_workbook

from prescriber.errors import CaseError
from prescriber.register import (
    CaseBook,
    Change,
    Evidence,
    Register,
    assess,
    figures,
    province,
    to_csv,
    to_xlsx,
)

LINK = Evidence(link="https://example.gov.cn/done.pdf")
DUE = date(2026, 7, 1)
B_NAME = '=HYPERLINK("http://evil.example")某企业'


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=db_params())
def population(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CaseBook]:
    """福州 2026: A (3 items) and B (4 items); 厦门 2026: C; 福州 2025: D (C and D must not count)."""
    for url in fresh_url(request.param, tmp_path):
        reg = Register(url)
        reg.upgrade()
        clock = Clock()
        book = CaseBook(reg, clock)

        def items(rid: int, book: CaseBook = book) -> dict[str, int]:
            return {i.service: i.id for i in book.open(rid, by="王", officer="李", due=DUE).case.items}

        a = items(record(reg, "福州A公司", ["job-fair", "harmony-checkup", "policy-briefing"]))
        b = items(record(reg, B_NAME, ["job-fair", "harmony-checkup", "policy-briefing", "wage-guideline"]))
        c = items(record(reg, "厦门C公司", ["job-fair"], city="xiamen"))
        d = items(record(reg, "福州D公司", ["job-fair"], as_of="2025-05-01"))
        # A: job-fair done 2026-06-20 (on time), 满意度 5; harmony-checkup done 2026-07-01 17:00 UTC, which
        # is 07-02 01:00 in Beijing: one day late, 满意度 3; policy-briefing abandoned.
        for item, at, score in (
            (a["job-fair"], datetime(2026, 6, 20, 2, tzinfo=UTC), 5),
            (a["harmony-checkup"], datetime(2026, 7, 1, 17, tzinfo=UTC), 3),
        ):
            clock.now = at
            book.update(item, Change(1, "in-progress"), by="李")
            book.update(item, Change(2, "done", evidence=LINK), by="李")
            book.update(item, Change(3, satisfaction=score), by="回访员")
        book.update(a["policy-briefing"], Change(1, "declined", reason="企业已自行招满"), by="李")
        # B: job-fair refused as ineligible, harmony-checkup under way, policy-briefing abandoned for the
        # same reason as A's, wage-guideline still pending and no longer offered by B's newer list.
        book.update(b["job-fair"], Change(1, "ineligible", reason="规模不符"), by="李")
        book.update(b["harmony-checkup"], Change(1, "in-progress"), by="李")
        book.update(b["policy-briefing"], Change(1, "declined", reason="企业已自行招满"), by="李")
        book.open(record(reg, B_NAME, ["harmony-checkup"]), by="王")
        clock.now = datetime(2026, 6, 25, 3, tzinfo=UTC)
        for other in (c["job-fair"], d["job-fair"]):
            book.update(other, Change(1, "in-progress"), by="李")
            book.update(other, Change(2, "done", evidence=LINK), by="李")
        yield book
        reg.close()


def test_the_figures_of_a_city_and_year(population: CaseBook) -> None:
    a = assess(population, "fuzhou", 2026)
    # 2 enterprises, 3 + 4 = 7 items; done: A.job-fair (on time), A.harmony-checkup (late in Beijing time);
    # open: B.harmony-checkup, B.wage-guideline (the latter flagged for review); 2 abandoned, 1 ineligible;
    # visits 5 and 3: mean 4.0.
    assert (a.enterprises, a.prescribed, a.delivered, a.on_time, a.open, a.review) == (2, 7, 2, 1, 2, 1)
    assert (a.declined, a.ineligible) == (2, 1)
    assert a.reasons == (("企业放弃", "企业已自行招满", 2), ("不符合条件", "规模不符", 1))
    assert (a.visited, a.satisfaction_mean, a.satisfaction) == (2, 4.0, (0, 0, 1, 0, 1))
    assert dict(figures(a))["办结率"] == "28.6%" and dict(figures(a))["按期办结率"] == "50.0%"
    other = assess(population, "xiamen", 2026)
    assert (other.enterprises, other.prescribed, other.delivered, other.on_time) == (1, 1, 1, 1)
    empty = assess(population, "fuzhou", 2024)
    assert (empty.enterprises, empty.prescribed, empty.satisfaction_mean) == (0, 0, None)
    assert dict(figures(empty))["办结率"] == "—"


def test_csv_and_excel_carry_the_same_figures_as_text(population: CaseBook, tmp_path: Path) -> None:
    a = assess(population, "fuzhou", 2026)
    text = to_csv(a)
    assert text.startswith(
        "\ufeff指标,数值\n城市,fuzhou\n年度,2026\n年度重点企业数,0\n其中已立案,0\n重点企业劳动争议：入选时,—\n重点企业劳动争议：最新,—\n立案企业数,2\n开出服务项数,7\n已办结项数,2\n按期办结项数,1\n"
        "办结率,28.6%\n按期办结率,50.0%\n在办项数,2\n待复核项数,1\n企业放弃项数,2\n不符合条件项数,1\n"
        "回访项数,2\n平均满意度,4.0\n满意度 1 分项数,0\n"
    )
    assert "企业放弃原因：企业已自行招满,2\n" in text
    detail = text.split("\n\n", 1)[1].splitlines()
    assert detail[0].startswith("事项,企业,服务,承办单位") and len(detail) == 1 + 7
    assert all("'=HYPERLINK" in line for line in detail if "evil" in line), "a name never becomes a formula"
    path = tmp_path / "fuzhou-2026.xlsx"
    to_xlsx(a, path)
    wb = load_workbook(path)
    rows = [tuple(r) for r in wb["汇总"].iter_rows(min_row=2, values_only=True)]
    assert rows == [tuple(r) for r in figures(a)]
    cells = [c for row in wb["明细"].iter_rows(min_row=2) for c in row]
    assert len(list(wb["明细"].iter_rows(min_row=2))) == 7
    assert all(c.data_type != "f" for c in cells) and any(c.value == B_NAME for c in cells)


def test_the_province_view_compares_the_cities_of_a_year(population: CaseBook) -> None:
    # 2026: 福州 delivered 2 of 7, 厦门 1 of 1 → 福州 first (more delivered); 2025: only 福州 (D).
    assert [(a.city, a.delivered, a.prescribed) for a in province(population, 2026)] == [
        ("fuzhou", 2, 7),
        ("xiamen", 1, 1),
    ]
    assert [(a.city, a.enterprises) for a in province(population, 2025)] == [("fuzhou", 1)]
    assert province(population, 2024) == []
    with pytest.raises(CaseError, match="没有城市 'fuzou' 的案"):
        assess(population, "fuzou", 2026)
