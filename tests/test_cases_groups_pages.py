"""The record page's 立案 and 带动一批 forms, the group page and the charts through the ASGI client:
same-origin posts only, names escaped (in the page and inside the SVG), 待采集 suppliers shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from prescriber.http import Settings, charts, create_app
from prescriber.register import Assessment

STAFF = ("李四", "pw")
EVIL = "<script>alert(1)</script>配套"
LEADER = (
    "name: 链主公司\ncredit_code: 91350100MA0000001P\nregion: 福州市\nindustry: C36\nemployees: 3200\n"
    "revenue: 1200000\npain_points: [招工难]\nsuppliers:\n"
    f"  - {{credit_code: 91350100MA0000011Q, name: '{EVIL}'}}\n"
    "  - {credit_code: 91350100MA0000012U, name: 线束公司}\n"
)
SEAT = "name: 座椅公司\ncredit_code: 91350100MA0000011Q\nregion: 闽侯县\nindustry: C36\nemployees: 420\n"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}", watch=False, staff_password="pw"))
    svc = app.state.server.service
    leader, _, _ = svc.prescribe(LEADER, "leader.yaml", "2026-06-01", None, "staff", "李四")
    svc.register.confirm(leader.id, ["job-fair"], by="enterprise")
    svc.prescribe(SEAT, "seat.yaml", "2026-06-01", None, "staff", "李四")  # record 2, not confirmed
    return TestClient(app)


def _post(client: TestClient, url: str, data: dict[str, str], **kw: Any) -> httpx.Response:
    return client.post(url, data=data, auth=STAFF, follow_redirects=False, **kw)


def test_the_record_page_opens_a_case_only_once_confirmed(client: TestClient) -> None:
    page = client.get("/staff/records/1", auth=STAFF).text
    assert (
        'action="/staff/cases/open"' in page
        and 'name="record" value="1"' in page
        and 'id="open-case"' in page
    )
    unconfirmed = client.get("/staff/records/2", auth=STAFF).text
    assert 'id="open-case"' not in unconfirmed and "意愿确认）后才能立案" in unconfirmed
    assert "带动一批" not in unconfirmed  # the supplier lists no suppliers of its own
    for headers in ({"origin": "https://evil.example"}, {"sec-fetch-site": "cross-site"}):
        assert _post(client, "/staff/cases/open", {"record": "1"}, headers=headers).status_code == 403
        assert _post(client, "/staff/cases/group", {"record": "1"}, headers=headers).status_code == 403
    opened = _post(client, "/staff/cases/open", {"record": "1", "officer": "李四"})
    assert opened.status_code == 303
    mine = client.get("/api/v1/cases/items", params={"officer": "李四"}, auth=STAFF).json()
    assert [(i["service"], i["enterprise"]) for i in mine] == [("job-fair", "链主公司")]


def test_the_group_page_shows_uncollected_suppliers_and_escapes_names(client: TestClient) -> None:
    page = client.get("/staff/records/1", auth=STAFF).text
    assert "带动一批（2 家配套企业）" in page
    r = _post(client, "/staff/cases/group", {"record": "1"})
    assert (r.status_code, r.headers["location"]) == (303, "/staff/cases/groups/1")
    group = client.get("/staff/cases/groups/1", auth=STAFF).text
    assert EVIL not in group and "&lt;script&gt;alert(1)&lt;/script&gt;配套" in group
    assert group.count('class="tag state"') == 2 and ">待确认<" in group and ">待采集<" in group
    assert "尚无 2026 年的记录：待采集档案" in group
    assert client.get("/staff/cases/groups/9", auth=STAFF).status_code == 404
    plain = _post(client, "/staff/cases/group", {"record": "2"})
    assert plain.status_code == 422 and "没有列出配套企业" in plain.text
    city = client.get("/staff/cases/city?city=fuzhou&year=2026", auth=STAFF).text
    assert '<svg class="chart" id="trend" role="img"' in city and 'id="composition"' in city
    assert 'href="/staff/cases/groups/1">链主公司</a>' in city


def test_chart_text_is_escaped_and_numbers_are_in_the_description() -> None:
    a = Assessment("<b>x", 2026, 0, 0, (0, 0, 0), 1, 4, 2, 1, 1, 0, 1, 0, (), 0, None, (0, 0, 0, 0, 0), ())
    svg = str(charts.composition([a], {"<b>x": "<i>城</i>"}))
    assert "<i>" not in svg and "&lt;i&gt;城&lt;/i&gt;：已办结 2，在办 1，企业放弃 1，不符合条件 0" in svg
    assert "<title" in svg and "<desc" in svg and "<script" not in svg and "style=" not in svg
    assert "还没有办结的事项" in str(charts.trend([]))
