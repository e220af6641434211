"""Errors on pages are pages: a readable Chinese HTML page with the located problems and a way back,
no script; the JSON API keeps its JSON errors whatever the request accepts."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from test_pages import FORM, PASSWORD, submit

from prescriber.http import Settings, create_app

HTML = {"accept": "text/html,application/xhtml+xml"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    tmp = tmp_path_factory.mktemp("errors")
    settings = Settings(
        db_url=f"sqlite:///{tmp / 'r.db'}", watch=False, staff_password=PASSWORD, burst=1000, max_body=8192
    )
    return TestClient(create_app(settings))


def page(r: httpx.Response, status: int, *needles: str) -> str:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html"), r.text[:500]
    html = r.text
    assert "<script" not in html.lower() and '<html lang="zh-CN">' in html
    assert 'href="/"' in html or 'href="/staff"' in html  # a way back without script
    for needle in needles:
        assert needle in html, (needle, html)
    return html


def test_a_missing_or_mistyped_list_is_a_page(client: TestClient) -> None:
    page(client.get("/list/999999?key=x"), 404, "没有找到这个页面", "回到企业自评")
    page(client.get("/list/abc"), 422, "填写的内容有误", "record_id")  # the located problem is shown
    page(client.get("/no/such/page"), 404, "没有找到这个页面")


def test_a_bad_confirmation_is_a_page_with_its_problem_and_a_way_back(client: TestClient) -> None:
    location, _ = submit(client, FORM)
    rid, key = re.findall(r"/list/(\d+)\?key=(.+)", location)[0]
    r = client.post(
        f"/list/{rid}/confirm", data={"key": key, "service": "no-such-service"}, headers={"referer": location}
    )
    html = page(r, 422, "这些服务不在该清单中", "no-such-service", "返回上一页")
    assert f'href="/list/{rid}?key={key}"' in html.replace("&amp;", "&")
    page(client.post(f"/list/{rid}/confirm", data={"key": "wrong"}), 403, "无权访问")
    page(client.get(f"/list/{rid}?key=wrong"), 404, "没有这份清单（链接不完整或已失效）")


def test_a_body_over_the_limit_is_a_page_for_pages_and_json_for_the_api(client: TestClient) -> None:
    big = {**FORM, "note": "长" * 9000}
    page(client.post("/", data=big), 413, "提交的内容太大", "KB 上限")
    api = client.post(
        "/api/v1/prescriptions", content=b"#" * 9000, headers={"content-type": "application/yaml"}
    )
    assert api.status_code == 413 and api.json()["error"] == "too-large"


def test_staff_pages_ask_for_a_login_with_a_page(client: TestClient) -> None:
    r = client.get("/staff", headers=HTML)
    page(r, 401, "需要登录", "回到记录查找")
    assert r.headers["www-authenticate"].startswith("Basic")
    page(client.get("/staff/records/99999", auth=("王", PASSWORD)), 404, "没有编号为 99999 的记录")


def test_the_api_answers_json_even_to_a_browser(client: TestClient) -> None:
    r = client.get("/api/v1/services/no-such-service", headers=HTML)
    assert (
        r.status_code == 404 and r.json()["error"] == "not-found" and "no-such-service" in r.json()["message"]
    )
    assert client.get("/api/v1/nope", headers=HTML).json()["error"] == "not-found"


def test_too_many_submissions_are_a_page_that_says_when_to_try_again(tmp_path: Path) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}", watch=False, burst=1, rate=0.01)
    c = TestClient(create_app(settings))
    assert c.post("/", data=FORM, follow_redirects=False).status_code == 303
    r = c.post("/", data=FORM, follow_redirects=False)
    page(r, 429, "操作太频繁", "秒后再试")
    assert int(r.headers["retry-after"]) > 0
