"""The JSON API's own error answers (an ``HTTPException``'s detail: no such item, a missing credential, a
body too large, …) in the language the request asks for, as its problems already are: English with
``?lang=en`` or ``Accept-Language: en``, Chinese otherwise (the same words as before)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from prescriber.http import Settings, create_app, views

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TOKEN, PASSWORD = "t0ken-for-tests", "pässword"
YAML = {"content-type": "application/yaml"}
BEARER = {"authorization": f"Bearer {TOKEN}"}
ASKS = {"zh": ({}, {}), "en-query": ({"lang": "en"}, {}), "en-header": ({}, {"accept-language": "en-GB,en"})}


def _client(tmp_path: Path, **kw: object) -> TestClient:
    values: dict[str, object] = {
        "db_url": f"sqlite:///{tmp_path / 'r.db'}",
        "watch": False,
        "api_token": TOKEN,
        "staff_password": PASSWORD,
    } | kw
    return TestClient(create_app(Settings(**values)), raise_server_exceptions=False)  # type: ignore[arg-type]


Call = Callable[[dict[str, str], dict[str, str]], object]


def _walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Call]:
    """Every error answer the routes write themselves, each a call taking the query and the headers."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    c = _client(tmp_path / "a", max_body=4096, burst=10_000)
    bare = _client(tmp_path / "b", api_token=None, staff_password=None)
    r = c.post(
        "/api/v1/prescriptions", content=(ROOT / "examples/putian-logistics.yaml").read_bytes(), headers=YAML
    )
    rid, key = r.headers["x-record-id"], r.headers["x-record-key"]
    failed = c.post("/api/v1/batch?format=parquet", content=b"not a table", headers=BEARER).json()["id"]
    deadline = time.monotonic() + 60
    while c.get(f"/api/v1/batch/{failed}", headers=BEARER).json()["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline
        time.sleep(0.05)

    def broken(*_: object) -> object:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "rulebase", broken)
    confirm = f"/api/v1/records/{rid}/confirmation"
    change = {"version": 1, "status": "done"}
    return {
        "401": lambda q, h: c.get("/api/v1/records", params=q, headers=h),
        "403 no credentials": lambda q, h: bare.get("/api/v1/records", params=q, headers=h),
        "403 no key": lambda q, h: c.post(confirm, params=q, headers=h, json={"services": []}),
        "422 not in list": lambda q, h: c.post(
            confirm, params=q, headers=h, json={"services": ["no-such", "nor-this"], "key": key}
        ),
        "404 record": lambda q, h: c.get("/api/v1/records/999999", params=q, headers={**h, **BEARER}),
        "404 service": lambda q, h: c.get("/api/v1/services/nope", params=q, headers=h),
        "404 item": lambda q, h: c.get("/api/v1/cases/items/999", params=q, headers={**h, **BEARER}),
        "404 item patched": lambda q, h: c.patch(
            "/api/v1/cases/items/999", params=q, headers={**h, **BEARER}, json=change
        ),
        "404 group": lambda q, h: c.get("/api/v1/cases/groups/999", params=q, headers={**h, **BEARER}),
        "404 job": lambda q, h: c.get("/api/v1/batch/nope", params=q, headers={**h, **BEARER}),
        "409 job": lambda q, h: c.get(f"/api/v1/batch/{failed}/long", params=q, headers={**h, **BEARER}),
        "422 empty": lambda q, h: c.post("/api/v1/batch", params=q, headers={**h, **BEARER}, content=b""),
        "413": lambda q, h: c.post(
            "/api/v1/prescriptions", params=q, headers={**h, **YAML}, content=b"name: x\n" + b"#" * 5000
        ),
        "415": lambda q, h: c.post(
            "/api/v1/prescriptions", params=q, headers={**h, "content-type": "image/png"}, content=b"x"
        ),
        "500": lambda q, h: c.get("/api/v1/rulebase", params=q, headers=h),
    }


def test_every_error_answer_of_the_api_speaks_the_language_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    walk = _walk(tmp_path, monkeypatch)
    said: dict[str, dict[str, str]] = {}
    for ask, (query, headers) in ASKS.items():
        for name, call in walk.items():
            r = call(query, headers)
            assert r.status_code == int(name[:3]), (name, r.text)  # type: ignore[attr-defined]
            said.setdefault(name, {})[ask] = r.json()["message"]  # type: ignore[attr-defined]
    for name, by_ask in said.items():
        assert not HAN.search(by_ask["en-query"]), (name, by_ask)
        assert by_ask["en-query"] == by_ask["en-header"], name
        assert HAN.search(by_ask["zh"]), (name, by_ask)  # Chinese is what it always was
    assert said["404 item"] == {
        "zh": "没有编号为 999 的事项",
        "en-query": "no item numbered 999",
        "en-header": "no item numbered 999",
    }
    assert said["422 not in list"]["en-query"] == "these services are not in the list: no-such, nor-this"
    assert said["422 not in list"]["zh"] == "这些服务不在该清单中：no-such、nor-this"
    assert said["413"]["en-query"] == "the request body is over the 4 KB limit"
    assert said["409 job"]["en-query"] == "the job is not finished yet (failed)"


def test_the_rate_limit_and_the_staff_pages_answer_in_the_language_asked(tmp_path: Path) -> None:
    c = _client(tmp_path, burst=1, rate=0.001)
    assert c.post("/api/v1/prescriptions", content=b"name: x", headers=YAML).status_code == 200
    en = c.post("/api/v1/prescriptions?lang=en", content=b"name: x", headers=YAML)
    zh = c.post("/api/v1/prescriptions", content=b"name: x", headers=YAML)
    assert en.status_code == zh.status_code == 429
    assert re.fullmatch(r"too many requests: try again in \d+ seconds", en.json()["message"])
    assert re.fullmatch(r"请求过于频繁，请 \d+ 秒后再试", zh.json()["message"])
    # a staff page's error is a page, in Chinese as every page is
    page = c.get("/staff/cases/items/999?lang=en", auth=("王", PASSWORD))
    assert page.status_code == 404 and "没有编号为 999 的事项" in page.text
