"""The follow-through pages in a real browser (Debian's chromium driven by Playwright): an officer
opens a case, moves an item to 已办结 with a file as evidence, and the city page shows it. No request
leaves the machine; screenshots go to ``$PRESCRIBER_SCREENSHOTS`` (or the test's temporary directory)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from browser_support import ARGS, CHROMIUM, local_page, needs_chromium
from case_support import record
from http_support import start_server

from prescriber.register import Register

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('cases-browser') / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "福州某汽车零部件有限公司", ["job-fair", "harmony-checkup", "policy-briefing"])
    reg.close()
    proc, base = start_server(url, "--no-watch", env={"PRESCRIBER_STAFF_PASSWORD": "pw"})
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.mark.slow
def test_an_officer_moves_an_item_to_done_with_evidence_and_the_city_page_shows_it(
    server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("PRESCRIBER_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    proof = tmp_path / "招聘会签到表.pdf"
    proof.write_bytes(b"%PDF-1.4 sign-in sheet of the job fair")
    seen: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1280, 390):
            page: Any = local_page(
                browser, width, seen, http_credentials={"username": "李四", "password": "pw"}
            )
            page.goto(server + "/staff/cases")
            if width == 1280:
                page.fill("#record", "1")
                page.click("form[action='/staff/cases/open'] button")
                page.wait_for_selector("#items a")
            assert page.evaluate(
                "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
            )
            page.screenshot(path=str(shots / f"cases-{width}.png"))
            if width == 390:
                break
            page.click("#items a >> nth=0")
            page.wait_for_url("**/staff/cases/items/**")
            page.select_option("#status-new", "in-progress")
            page.fill("#note", "已电话联系企业人事部")
            page.click("form[action='/staff/cases/update'] button")
            page.wait_for_selector("#saved")
            page.select_option("#status-new", "done")
            page.set_input_files("#file", str(proof))
            page.click("form[action='/staff/cases/update'] button")
            page.wait_for_selector("#saved")
            assert page.inner_text("#status").startswith("已办结")
            assert hashlib.sha256(proof.read_bytes()).hexdigest() in page.inner_text("#evidence")
            assert "办理中 → 已办结" in page.inner_text("#history")
            page.screenshot(path=str(shots / "case-item-done.png"), full_page=True)
            page.goto(server + "/staff/cases/city?city=fuzhou&year=2026")
            figures = page.inner_text("#figures")
            assert "已办结项数\t1" in figures and "开出服务项数\t3" in figures and "立案企业数\t1" in figures
            assert page.get_attribute("#bar1", "value") == "1"
            page.screenshot(path=str(shots / "case-city.png"), full_page=True)
        browser.close()
    assert seen and all(urlsplit(u).hostname == "127.0.0.1" for u in seen), [
        u for u in seen if "127.0.0.1" not in u
    ]
