"""Error pages in a real browser (Debian's chromium driven by Playwright): a broken list link, an
over-long confirmation and a missing staff record each show a readable Chinese page with a way
back, at desktop width and on a 390-px phone, with no horizontal scroll and no request leaving the
machine. Screenshots go to ``$PRESCRIBER_SCREENSHOTS`` (or the test's temporary directory)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser_support import local_page as _page
from browser_support import needs_chromium
from browser_support import no_horizontal_scroll as _no_horizontal_scroll
from http_support import start_server
from test_pages_browser import browser, shots

__all__ = ["browser", "shots"]  # the fixtures, shared with the pages' browser test
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("browser-errors")
    proc, base = start_server(
        f"sqlite:///{tmp / 'r.db'}", "--no-watch", env={"PRESCRIBER_STAFF_PASSWORD": "pw"}
    )
    yield base
    proc.terminate()
    proc.wait(10)


@pytest.mark.parametrize("width", [1280, 390])
def test_error_pages_in_the_browser(browser: object, server: str, shots: Path, width: int) -> None:
    seen: list[str] = []
    page = _page(browser, width, seen)
    response = page.goto(server + "/list/999999?key=nothing")  # type: ignore[attr-defined]
    assert response.status == 404 and "没有找到这个页面" in page.content()  # type: ignore[attr-defined]
    _no_horizontal_scroll(page)
    page.screenshot(path=str(shots / f"error-404-{width}.png"))  # type: ignore[attr-defined]
    page.click("text=回到企业自评")  # type: ignore[attr-defined]
    page.wait_for_selector("#name")  # type: ignore[attr-defined]

    page.fill("#name", f"厦门某电子有限公司{width}")  # type: ignore[attr-defined]
    page.select_option("#region", "xiamen")  # type: ignore[attr-defined]
    page.fill("#employees", "120")  # type: ignore[attr-defined]
    page.click("button[type=submit]")  # type: ignore[attr-defined]
    page.wait_for_url("**/list/**")  # type: ignore[attr-defined]
    listing = page.url  # type: ignore[attr-defined]
    # A client that ignores the field's maxlength sends a body past the 256 KB limit.
    page.eval_on_selector("#note", "e => e.removeAttribute('maxlength')")  # type: ignore[attr-defined]
    page.fill("#note", "很长的说明" * 8_000)  # type: ignore[attr-defined]
    page.click("text=提交意愿确认")  # type: ignore[attr-defined]
    page.wait_for_selector("text=提交的内容太大")  # type: ignore[attr-defined]
    assert "KB 上限" in page.content()  # type: ignore[attr-defined]
    _no_horizontal_scroll(page)
    page.screenshot(path=str(shots / f"error-413-{width}.png"))  # type: ignore[attr-defined]
    page.click("text=返回上一页")  # type: ignore[attr-defined]
    page.wait_for_url(listing)  # type: ignore[attr-defined]
    assert "意愿确认" in page.content()  # type: ignore[attr-defined]

    # (A staff page without login is a Basic challenge, which headless chromium cannot show: the 401
    # page is checked through the ASGI client in test_pages_errors.py.)
    staff = _page(browser, width, seen, http_credentials={"username": "王", "password": "pw"})
    response = staff.goto(server + "/staff/records/99999")  # type: ignore[attr-defined]
    assert response.status == 404  # type: ignore[attr-defined]
    assert "没有编号为 99999 的记录" in staff.content()  # type: ignore[attr-defined]
    _no_horizontal_scroll(staff)
    staff.screenshot(path=str(shots / f"error-staff-404-{width}.png"))  # type: ignore[attr-defined]
    staff.click("text=回到记录查找")  # type: ignore[attr-defined]
    staff.wait_for_url("**/staff")  # type: ignore[attr-defined]
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in seen), [u for u in seen if "127.0.0.1" not in u]
