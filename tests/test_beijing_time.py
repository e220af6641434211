"""Every moment the register keeps (in UTC) is shown to caseworkers and enterprises in Beijing time — on
the command line and on the pages — and the day an item was closed on is Beijing's day, for 按期办结."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from case_support import record
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from prescriber.cli import main
from prescriber.dates import beijing, clock
from prescriber.http import Settings, create_app
from prescriber.register import CaseBook, Register

EVENING = datetime(2026, 6, 30, 20, 30, tzinfo=UTC)  # Beijing: 2026-07-01 04:30


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
def test_a_naive_moment_is_utc_and_beijing_is_eight_hours_on(at: datetime) -> None:
    shown = beijing(at)
    assert shown == at.replace(tzinfo=UTC) == beijing(at.replace(tzinfo=UTC))
    assert shown.utcoffset() == timedelta(hours=8)
    assert shown.replace(tzinfo=None) == at + timedelta(hours=8)
    assert beijing(at.replace(tzinfo=timezone(timedelta(hours=-5)))) == at.replace(
        tzinfo=timezone(timedelta(hours=-5))
    )
    assert clock(at) == f"{at + timedelta(hours=8):%Y-%m-%d %H:%M}"


def test_the_history_of_an_item_is_shown_in_beijing_time(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    rid = record(reg, "福州某公司", ["job-fair"])
    CaseBook(reg, clock=lambda: EVENING).open(rid, by="李四", officer="李四")
    reg.close()
    import io

    out = io.StringIO()
    assert main(["case", "show", "1", "--db", url], out=out) == 0
    assert "2026-07-01 04:30 v1 李四 立项" in out.getvalue(), out.getvalue()
    assert "2026-06-30 20:30" not in out.getvalue()

    client = TestClient(create_app(Settings(db_url=url, watch=False, staff_password="pw")))
    page = client.get("/staff/cases/items/1", auth=("王", "pw")).text
    assert "<td>2026-07-01 04:30</td>" in page and "2026-06-30 20:30" not in page
    form = {"name": "厦门某电子公司", "region": "xiamen", "employees": "85", "pain.labour-disputes": "3"}
    made = client.post("/", data=form, follow_redirects=False)
    assert made.status_code == 303
    new = int(made.headers["location"].split("/")[2].split("?")[0])
    stored = client.app.state.server.service.register.get(new).created_at  # type: ignore[attr-defined]
    record_page = client.get(f"/staff/records/{new}", auth=("王", "pw")).text
    assert f"记录 {new} · {clock(stored)}" in record_page
    assert f"{stored:%H:%M}" not in record_page  # the UTC time is not shown (8 hours apart)


def test_the_api_gives_every_moment_with_its_zone(tmp_path: Path) -> None:
    """SQLite hands moments back without their zone: the JSON must not pass that on as a bare time."""
    app = create_app(Settings(db_url=f"sqlite:///{tmp_path / 'r.db'}", watch=False, api_token="t"))
    client, staff = TestClient(app), {"Authorization": "Bearer t"}
    profile = (Path(__file__).parent.parent / "examples" / "fuzhou-vehicle-maker.yaml").read_bytes()
    made = client.post("/api/v1/prescriptions", content=profile, headers={"Content-Type": "application/yaml"})
    rid = made.headers["X-Record-Id"]
    confirm = client.post(f"/api/v1/records/{rid}/confirmation", json={"services": []}, headers=staff)
    assert confirm.status_code == 200, confirm.text
    body = client.get(f"/api/v1/records/{rid}", headers=staff).json()
    moments = [
        body["created_at"],
        confirm.json()["created_at"],
        client.get("/api/v1/rulebase").json()["loaded_at"],
        *[c["created_at"] for c in body["confirmations"]],
    ]
    for text in moments:
        at = datetime.fromisoformat(text)
        assert at.utcoffset() == timedelta(0), text
