"""带动一批 and the charts in a real browser (Debian's chromium driven by Playwright): from the leader's
record page an officer opens its group, sees each supplier's state (待采集 listed, not dropped), and the
city page shows the group, the month-by-month chart and the province composition as inline SVG with their
numbers in tables. Desktop and 390 px; no request leaves the machine; screenshots go to
``$PRESCRIBER_SCREENSHOTS`` (or the test's temporary directory)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import ARGS, CHROMIUM, local_page, needs_chromium
from case_support import record
from http_support import ROOT, start_server

from prescriber.register import CaseBook, Change, Evidence, Register

pytestmark = needs_chromium
SEAT = (
    "name: 福州某汽车座椅有限公司\ncredit_code: 91350100MA0000011Q\nregion: 闽侯县\nindustry: C36\n"
    "ownership: private\nemployees: 420\nrevenue: 30000\npain_points: [招工难, skill-shortage]\n"
)
HARNESS = (
    "name: 福州某汽车线束有限公司\ncredit_code: 91350100MA0000012U\nregion: fuzhou\nindustry: C36\n"
    "employees: 260\nrevenue: 12000\npain_points: [员工流失率高]\n"
)


def _deliver(book: CaseBook, item: int, month: int, day: int, score: int) -> None:
    """Move a new item to 已办结 on ``month``/``day`` of 2026 (the book's clock set to that day), visited."""
    at = datetime(2026, month, day, 3, tzinfo=UTC)
    clocked = CaseBook(book.register, clock=lambda: at)
    clocked.update(item, Change(1, "in-progress"), by="李四")
    clocked.update(item, Change(2, "done", evidence=Evidence(link="https://example.org/x")), by="李四")
    clocked.update(item, Change(3, satisfaction=score), by="李四")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    from prescriber.http.service import Service

    url = f"sqlite:///{tmp_path_factory.mktemp('groups-browser') / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    svc = Service(None, None, reg, "python")
    maker = (ROOT / "examples/fuzhou-vehicle-maker.yaml").read_text(encoding="utf-8")
    leader, _, _ = svc.prescribe(maker, "fuzhou-vehicle-maker.yaml", "2026-06-01", None, "staff", "李四")
    reg.confirm(leader.id, ["industry-education-enterprise", "order-class"], by="enterprise")
    seat, rx, _ = svc.prescribe(SEAT, "seat.yaml", "2026-06-01", None, "staff", "李四")
    reg.confirm(seat.id, [i.service for i in rx.items[:3]], by="enterprise")
    svc.prescribe(HARNESS, "harness.yaml", "2026-06-01", None, "staff", "李四")  # not confirmed yet
    # Delivered work elsewhere in the city and in Xiamen, for the month-by-month and province charts.
    book = CaseBook(reg)
    for name, city, services, done in (
        ("福州某公司", "fuzhou", ["job-fair", "harmony-checkup", "policy-briefing"], [(3, 10, 5), (4, 2, 3)]),
        ("厦门某公司", "xiamen", ["job-fair", "harmony-checkup"], [(5, 20, 4)]),
    ):
        case = book.open(record(reg, name, services, city=city), by="李四", due=date(2026, 3, 31)).case
        for item, (month, day, score) in zip(case.items, done, strict=False):
            _deliver(book, item.id, month, day, score)
    svc.replayer.close()
    svc.rx.close()
    reg.close()
    proc, base = start_server(url, "--no-watch", env={"PRESCRIBER_STAFF_PASSWORD": "pw"})
    yield base, leader.id
    proc.terminate()
    proc.wait(10)


def test_an_officer_opens_a_group_from_the_record_page_and_the_city_page_charts_it(
    server: tuple[str, int], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    base, leader = server
    shots = Path(os.environ.get("PRESCRIBER_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1280, 390):
            page: Any = local_page(
                browser, width, seen, http_credentials={"username": "李四", "password": "pw"}
            )
            page.goto(f"{base}/staff/records/{leader}")
            assert "带动一批（5 家配套企业）" in page.inner_text("#follow")
            page.locator("#follow").screenshot(path=str(shots / f"record-follow-{width}.png"))
            page.click("#open-group")
            page.wait_for_url("**/staff/cases/groups/**")
            states = page.locator("#members .state").all_inner_texts()
            assert states == ["跟进中", "待确认", "待采集", "待采集", "待采集"]
            assert "已办结 0 / 3" in page.inner_text("#members .member >> nth=0")
            assert "待采集\n3 家" in page.inner_text("#group-figures")
            assert _fits(page)
            page.screenshot(path=str(shots / f"group-{width}.png"), full_page=True)
            page.locator("#members").screenshot(path=str(shots / f"group-members-{width}.png"))
            page.goto(f"{base}/staff/cases/city?city=fuzhou&year=2026")
            assert page.get_attribute("svg#trend", "role") == "img"
            assert page.text_content("svg#trend > title") == "按月办结（按期 / 逾期）"
            assert (
                "2026-03：办结 1 项，其中按期 1 项；2026-04：办结 1 项，其中按期 0 项"
                in page.text_content("svg#trend > desc")
            )
            assert page.inner_text("#trend-table tbody").split() == ["2026-03", "1", "1", "2026-04", "1", "0"]
            assert (
                page.text_content("svg#satisfaction > desc")
                == "1 分 0 项，2 分 0 项，3 分 1 项，4 分 0 项，5 分 1 项"
            )
            assert page.inner_text("#satisfaction-table tbody").split() == ["0", "0", "1", "0", "1"]
            assert "厦门市：已办结 1，在办 1" in page.text_content("svg#composition > desc")
            assert "福州市" in (page.text_content("svg#composition") or "") and "东南" in page.inner_text(
                "#groups-table"
            )
            assert _fits(page)
            page.screenshot(path=str(shots / f"city-charts-{width}.png"), full_page=True)
            for chart in ("trend", "satisfaction", "composition"):
                page.locator(f"svg#{chart}").screenshot(path=str(shots / f"chart-{chart}-{width}.png"))
            if width == 1280:  # printed: the charts stay, the forms go
                page.emulate_media(media="print")
                assert page.is_visible("svg#trend") and page.is_visible("svg#composition")
                assert not page.is_visible("form[action='/staff/cases/cohort'] button")
                page.screenshot(path=str(shots / "city-charts-print.png"), full_page=True)
                page.emulate_media(media="screen")
            page.context.close()
        browser.close()
    assert seen and all(urlsplit(u).hostname == "127.0.0.1" for u in seen)


def _fits(page: object) -> bool:
    return bool(
        page.evaluate(  # type: ignore[attr-defined]
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )
