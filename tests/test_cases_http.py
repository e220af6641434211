"""Follow-through through the JSON API: the same register functions, staff only, refused changes as
located 422 problems, a stale version as 409, the assessment as JSON, CSV and Excel."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from case_support import record
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from prescriber.http import Settings, create_app

TOKEN = "t0ken-for-tests"
STAFF = ("李四", "pw")


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = create_app(
        Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}", watch=False, api_token=TOKEN, staff_password="pw")
    )
    reg = app.state.server.service.register
    record(reg, "福州某公司", ["job-fair", "harmony-checkup"])
    record(reg, "福州另一公司", ["job-fair"], confirm=())
    return TestClient(app)


def test_staff_only(client: TestClient) -> None:
    for method, url in (
        ("POST", "/api/v1/cases"),
        ("GET", "/api/v1/cases/items"),
        ("GET", "/api/v1/cases/items/1"),
        ("PATCH", "/api/v1/cases/items/1"),
        ("GET", "/api/v1/cases/assessment?city=fuzhou&year=2026"),
    ):
        assert client.request(method, url, json={}).status_code == 401, url


def test_open_move_to_done_with_evidence_and_assess(client: TestClient) -> None:
    opened = client.post(
        "/api/v1/cases", json={"record": 1, "officer": "李四", "due": "2026-07-01"}, auth=STAFF
    )
    assert opened.status_code == 200, opened.text
    case = opened.json()
    assert (case["opened"], case["city"], case["year"], case["added"]) == (
        True,
        "fuzhou",
        2026,
        ["job-fair", "harmony-checkup"],
    )
    unconfirmed = client.post("/api/v1/cases", json={"record": 2}, auth=STAFF)
    assert unconfirmed.status_code == 422 and unconfirmed.json()["problems"][0]["code"] == "case.unconfirmed"
    mine = client.get("/api/v1/cases/items", params={"officer": "李四", "open": "true"}, auth=STAFF).json()
    assert [(i["service"], i["label"], i["version"]) for i in mine] == [
        ("job-fair", "待对接", 1),
        ("harmony-checkup", "待对接", 1),
    ]
    item = mine[0]["id"]
    url = f"/api/v1/cases/items/{item}"
    refused = client.patch(url, json={"version": 1, "status": "已办结"}, auth=STAFF)
    assert refused.status_code == 422
    assert [(p["path"], p["code"]) for p in refused.json()["problems"]] == [("status", "case.transition")]
    assert (
        client.patch(url, json={"version": 1, "status": "完成"}, auth=STAFF).json()["problems"][0]["code"]
        == "case.status"
    )
    assert client.patch(url, json={"version": 1, "status": "办理中"}, auth=STAFF).json()["version"] == 2
    stale = client.patch(url, json={"version": 1, "note": "我以为还没联系"}, auth=("王五", "pw"))
    assert stale.status_code == 409 and stale.json()["error"] == "conflict"
    assert (
        stale.json()["problems"][0]["path"] == "version"
        and "当前版本 2" in stale.json()["problems"][0]["hint"]
    )
    no_proof = client.patch(url, json={"version": 2, "status": "done"}, auth=STAFF)
    assert no_proof.status_code == 422 and no_proof.json()["problems"][0]["path"] == "evidence"
    done = client.patch(
        url,
        json={"version": 2, "status": "已办结", "evidence": {"file_name": "签到表.pdf", "sha256": "b" * 64}},
        auth=STAFF,
    )
    assert (
        done.status_code == 200
        and done.json()["label"] == "已办结"
        and done.json()["evidence"][0]["file_name"] == "签到表.pdf"
    )
    visit = client.patch(url, json={"version": 3, "satisfaction": 4}, auth=STAFF).json()
    assert [(h["by"], h["action"]) for h in visit["history"]] == [
        ("李四", "create"),
        ("李四", "status"),
        ("李四", "evidence"),
        ("李四", "status"),
        ("李四", "visit"),
    ]
    assert client.get("/api/v1/cases/items/999", auth=STAFF).status_code == 404
    assert (
        client.patch("/api/v1/cases/items/999", json={"version": 1, "note": "x"}, auth=STAFF).status_code
        == 404
    )
    a = client.get("/api/v1/cases/assessment", params={"city": "fuzhou", "year": 2026}, auth=STAFF).json()
    assert (a["enterprises"], a["prescribed"], a["delivered"], a["open"], a["satisfaction"]) == (
        1,
        2,
        1,
        1,
        [0, 0, 0, 1, 0],
    )
    csv = client.get(
        "/api/v1/cases/assessment", params={"city": "fuzhou", "year": 2026, "format": "csv"}, auth=STAFF
    )
    assert csv.headers["content-type"].startswith("text/csv") and "已办结项数,1" in csv.text
    xlsx = client.get(
        "/api/v1/cases/assessment", params={"city": "fuzhou", "year": 2026, "format": "xlsx"}, auth=STAFF
    )
    assert load_workbook(io.BytesIO(xlsx.content))["汇总"]["B10"].value == 1
    unknown = client.get("/api/v1/cases/assessment", params={"city": "fuzou", "year": 2026}, auth=STAFF)
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["hint"] == "有案的城市：fuzhou"


def test_cohort_through_the_api(client: TestClient) -> None:
    proposed = client.get(
        "/api/v1/cases/cohort", params={"city": "fuzhou", "year": 2026, "size": 1}, auth=STAFF
    )
    assert proposed.status_code == 200 and len(proposed.json()) == 1 and not proposed.json()[0]["confirmed"]
    ok = client.post(
        "/api/v1/cases/cohort", json={"city": "fuzhou", "year": 2026, "records": [2]}, auth=STAFF
    )
    assert ok.status_code == 200 and [(c["record"], c["confirmed"]) for c in ok.json()] == [(2, True)]
    bad = client.post(
        "/api/v1/cases/cohort", json={"city": "fuzhou", "year": 2026, "records": [99]}, auth=STAFF
    )
    assert bad.status_code == 422 and bad.json()["problems"][0]["path"] == "records"
    a = client.get("/api/v1/cases/assessment", params={"city": "fuzhou", "year": 2026}, auth=STAFF).json()
    assert (a["cohort"], a["cohort_with_case"], a["enterprises"]) == (1, 0, 0)  # chosen, no case opened yet


def test_a_group_through_the_api_with_supplier_profiles(client: TestClient) -> None:
    import json

    from case_support import body

    from prescriber.register import NewRecord

    reg = client.app.state.server.service.register  # type: ignore[attr-defined]
    leader = {
        "name": "链主公司",
        "credit_code": "91350100MA0000001P",
        "suppliers": [
            {"credit_code": "91350100MA0000011Q", "name": "座椅公司"},
            {"credit_code": "91350100MA0000012U", "name": "线束公司"},
        ],
    }
    text = json.dumps(leader, ensure_ascii=False)
    rid = reg.add(NewRecord("<test>", text, body("链主公司", ["job-fair"]), "staff", "test")).id
    assert client.post("/api/v1/cases/groups", json={"record": rid}).status_code == 401
    seat = "name: 座椅公司\ncredit_code: 91350100MA0000011Q\nregion: 福州市\nindustry: C36\nemployees: 420\n"
    got = client.post("/api/v1/cases/groups", json={"record": rid, "profiles": [seat]}, auth=STAFF)
    assert got.status_code == 200, got.text
    g = got.json()
    assert (g["leader"], g["city"], g["year"], g["record"]) == ("链主公司", "fuzhou", 2026, rid)
    assert [(m["name"], m["label"], m["case"] is not None, m["items"]) for m in g["members"]] == [
        ("座椅公司", "待确认", True, []),
        ("线束公司", "待采集", False, []),
    ]
    assert client.get(f"/api/v1/cases/groups/{g['id']}", auth=STAFF).json() == g
    assert client.get("/api/v1/cases/groups?city=xiamen", auth=STAFF).json() == []
    assert client.get("/api/v1/cases/groups/99", auth=STAFF).status_code == 404
    stranger = "name: 别家\ncredit_code: 91350100MA0000013Y\n"
    refused = client.post("/api/v1/cases/groups", json={"record": rid, "profiles": [stranger]}, auth=STAFF)
    assert refused.status_code == 422
    (p,) = refused.json()["problems"]
    assert (p["file"], p["code"]) == ("profiles[0]", "group.not-listed")
    bad = client.post(
        "/api/v1/cases/groups", json={"record": rid, "profiles": ["name: x\nemployees: -1\n"]}, auth=STAFF
    )
    assert bad.status_code == 422 and bad.json()["problems"][0]["line"] == 2
    a = client.get("/api/v1/cases/assessment?city=fuzhou&year=2026", auth=STAFF).json()
    assert a["groups"] == {
        "groups": 1,
        "suppliers": 2,
        "with_case": 1,
        "uncollected": 1,
        "items": 0,
        "delivered": 0,
    }
    csv = client.get("/api/v1/cases/assessment?city=fuzhou&year=2026&format=csv", auth=STAFF).text
    assert csv.startswith("\ufeff指标,数值\n城市,福州市\n")


def test_the_api_fills_its_fields_from_the_register_s_values_of_the_same_names() -> None:
    from types import SimpleNamespace

    from prescriber.http.schemas import EventOut, ReasonOut, from_view

    assert from_view(ReasonOut, SimpleNamespace(status="已办结", reason="x", count=2, extra=1)) == ReasonOut(
        status="已办结", reason="x", count=2
    )
    assert from_view(ReasonOut, SimpleNamespace(status="s", reason="r"), count=3).count == 3
    with pytest.raises(AttributeError):  # a field the register does not have is an error, never a gap
        from_view(ReasonOut, SimpleNamespace(status="s", reason="r"))
    nested = SimpleNamespace(at=datetime(2026, 6, 1, 9, 0), by="李四", action="create", version=1)
    event = from_view(EventOut, nested, from_status=None, to_status="pending", note="")
    assert (event.by, event.to_status, event.version) == ("李四", "pending", 1)
