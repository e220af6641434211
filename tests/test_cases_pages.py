"""The follow-through pages through the ASGI client: an officer's items, an item moved to 已办结 with
a file as evidence (only its name and SHA-256 kept), refused changes and a stale form shown on the page,
the city page, escaping, and no cross-site form posts."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import httpx
import pytest
from case_support import record
from fastapi.testclient import TestClient

from prescriber.http import Settings, create_app

STAFF = ("李四", "pw")
EVIL = "<script>alert(1)</script>某公司"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}", watch=False, staff_password="pw"))
    reg = app.state.server.service.register
    record(reg, EVIL, ["job-fair", "harmony-checkup"])
    return TestClient(app)


def _post(client: TestClient, url: str, data: dict[str, str], **kw: Any) -> httpx.Response:
    return client.post(url, data=data, auth=STAFF, follow_redirects=False, **kw)


def test_the_item_page_words_the_history_from_the_one_table_the_command_line_reads(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prescriber.render.cases import action
    from prescriber.render.messages import MESSAGES

    assert _post(client, "/staff/cases/open", {"record": "1", "officer": "李四"}).status_code == 303
    _post(client, "/staff/cases/update", {"item": "1", "version": "1", "note": "电话联系"})
    page = client.get("/staff/cases/items/1", auth=STAFF).text
    assert "立项：依记录 1 的意愿确认立项" in page and "备注：电话联系" in page
    monkeypatch.setitem(MESSAGES["zh"], "case.action.create", "开案")
    assert (
        action("create") == "开案" and "开案：依记录 1" in client.get("/staff/cases/items/1", auth=STAFF).text
    )


def test_an_officer_moves_an_item_to_done_with_a_file_and_the_city_page_shows_it(client: TestClient) -> None:
    assert client.get("/staff/cases").status_code == 401
    assert "没有事项" in client.get("/staff/cases", auth=STAFF).text
    bad = _post(client, "/staff/cases/open", {"record": "abc"})
    assert bad.status_code == 422 and "记录编号应为正整数" in bad.text
    opened = _post(client, "/staff/cases/open", {"record": "1", "officer": "李四"})
    assert opened.status_code == 303
    mine = client.get("/staff/cases", auth=STAFF).text
    assert "&lt;script&gt;" in mine and EVIL not in mine and 'href="/staff/cases/items/1"' in mine
    page = client.get("/staff/cases/items/1", auth=STAFF).text
    assert '<option value="in-progress">办理中</option>' in page and '<option value="done">' not in page
    refused = _post(client, "/staff/cases/update", {"item": "1", "version": "1", "status": "declined"})
    assert refused.status_code == 422 and "须写明原因" in refused.text
    assert (
        _post(
            client, "/staff/cases/update", {"item": "1", "version": "1", "status": "in-progress"}
        ).status_code
        == 303
    )
    stale = _post(client, "/staff/cases/update", {"item": "1", "version": "1", "note": "旧页面上的修改"})
    assert (
        stale.status_code == 409 and "已被他人修改" in stale.text and 'name="version" value="2"' in stale.text
    )
    content = b"%PDF-1.4 sign-in sheet"
    done = _post(
        client,
        "/staff/cases/update",
        {"item": "1", "version": "2", "status": "done", "note": "已组织专场招聘会"},
        files={"file": ("签到表.pdf", content, "application/pdf")},
    )
    assert done.status_code == 303 and done.headers["location"] == "/staff/cases/items/1?saved=1"
    page = client.get("/staff/cases/items/1?saved=1", auth=STAFF).text
    assert (
        "已保存（版本 3）" in page
        and hashlib.sha256(content).hexdigest() in page
        and "办理中 → 已办结" in page
    )
    city = client.get("/staff/cases/city?city=fuzhou&year=2026", auth=STAFF).text
    assert (
        "<td>已办结项数</td><td>1</td>" in city
        and "城市考核 · 福州市 · 2026 年" in city
        and '<progress id="bar1" value="1" max="2">' in city
    )
    assert "<script>" not in city and '<table id="province">' in city
    assert client.get("/staff/cases/city?city=nowhere&year=2026", auth=STAFF).status_code == 422
    assert '<input type="checkbox" name="record" value="1"> 确认' in city
    chosen = _post(client, "/staff/cases/cohort", {"city": "fuzhou", "year": "2026", "record": "1"})
    assert chosen.status_code == 303
    city = client.get("/staff/cases/city?city=fuzhou&year=2026", auth=STAFF).text
    assert (
        "<td>已确认</td>" in city
        and "<td>年度重点企业数</td><td>1</td>" in city
        and "<td>其中已立案</td><td>1</td>" in city
    )
    assert _post(client, "/staff/cases/cohort", {"city": "fuzhou", "year": "2026"}).status_code == 422


def test_a_form_posted_from_another_site_is_refused(client: TestClient) -> None:
    for headers in ({"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}):
        r = _post(client, "/staff/cases/open", {"record": "1"}, headers=headers)
        assert r.status_code == 403
    assert "没有事项" in client.get("/staff/cases", auth=STAFF).text
