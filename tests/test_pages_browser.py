"""The pages in a real browser (Debian's chromium driven by Playwright): fill the form, get the list,
confirm; a 390-px phone with no horizontal scroll; no request leaves the machine. Screenshots go to
``$PRESCRIBER_SCREENSHOTS`` (or the test's temporary directory) to be looked at."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import ARGS, CHROMIUM, local_page, needs_chromium, no_horizontal_scroll
from http_support import start_server

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser")
    proc, base = start_server(
        f"sqlite:///{tmp / 'r.db'}", "--no-watch", env={"PRESCRIBER_STAFF_PASSWORD": "pw"}
    )
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("PRESCRIBER_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    return out


_page = local_page
_no_horizontal_scroll = no_horizontal_scroll


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_fill_the_form_get_the_list_and_confirm(
    browser: object, server: str, shots: Path, width: int
) -> None:
    seen: list[str] = []
    page = _page(browser, width, seen)
    page.goto(server + "/")  # type: ignore[attr-defined]
    _no_horizontal_scroll(page)
    page.screenshot(path=str(shots / f"form-{width}.png"))  # type: ignore[attr-defined]
    page.fill("#name", f"泉州某纺织服装有限公司{width}")  # type: ignore[attr-defined]
    page.select_option("#region", "quanzhou")  # type: ignore[attr-defined]
    page.select_option("#industry", "18")  # type: ignore[attr-defined]
    page.select_option("#ownership", "private")  # type: ignore[attr-defined]
    page.fill("#employees", "380")  # type: ignore[attr-defined]
    page.fill("#revenue", "21000")  # type: ignore[attr-defined]
    page.select_option("[name='pain.recruitment-difficulty']", "5")  # type: ignore[attr-defined]
    page.select_option("[name='pain.skill-shortage']", "3")  # type: ignore[attr-defined]
    page.select_option("[name='flag.has_union']", "true")  # type: ignore[attr-defined]
    page.fill("[name='metric.turnover_rate']", "0.35")  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/list/**")  # type: ignore[attr-defined]
    assert "个性化服务清单（草稿）" in page.content()  # type: ignore[attr-defined]
    _no_horizontal_scroll(page)
    page.screenshot(path=str(shots / f"list-{width}.png"))  # type: ignore[attr-defined]
    page.locator("text=补充这些信息").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / f"list-{width}-questions.png"))  # type: ignore[attr-defined]
    boxes = page.locator("input[name=service]")  # type: ignore[attr-defined]
    assert boxes.count() >= 3
    boxes.nth(boxes.count() - 1).uncheck()
    page.click("text=提交意愿确认")  # type: ignore[attr-defined]
    page.wait_for_selector("#confirmed")  # type: ignore[attr-defined]
    assert "已收到您的意愿确认" in page.content()  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / f"confirmed-{width}.png"))  # type: ignore[attr-defined]
    page.pdf(path=str(shots / f"list-{width}.pdf"), format="A4") if width == 1280 else None  # type: ignore[attr-defined]
    assert seen and all(urlsplit(u).hostname == "127.0.0.1" for u in seen), [
        u for u in seen if "127.0.0.1" not in u
    ]


@pytest.mark.slow
def test_staff_pages_in_the_browser(browser: object, server: str, shots: Path) -> None:
    seen: list[str] = []
    for width in (1280, 390):
        page = _page(browser, width, seen, http_credentials={"username": "王", "password": "pw"})
        page.goto(server + "/staff?q=泉州")  # type: ignore[attr-defined]
        _no_horizontal_scroll(page)
        page.click("table a >> nth=0")  # type: ignore[attr-defined]
        page.wait_for_url("**/staff/records/**")  # type: ignore[attr-defined]
        assert "每项服务的判断" in page.content()  # type: ignore[attr-defined]
        _no_horizontal_scroll(page)
        page.screenshot(path=str(shots / f"record-{width}.png"), full_page=False)  # type: ignore[attr-defined]
        page.goto(server + "/staff/rulebase")  # type: ignore[attr-defined]
        _no_horizontal_scroll(page)
        page.screenshot(path=str(shots / f"rulebase-{width}.png"))  # type: ignore[attr-defined]
    page.goto(server + "/api/v1/docs")  # type: ignore[attr-defined]
    page.wait_for_selector(".opblock")  # type: ignore[attr-defined]
    page.screenshot(path=str(shots / "docs.png"))  # type: ignore[attr-defined]
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in seen), [u for u in seen if "127.0.0.1" not in u]
    shutil.rmtree(shots / "unused", ignore_errors=True)
