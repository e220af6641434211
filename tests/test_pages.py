"""The web pages through the ASGI test client: the self-assessment form → the draft list → 意愿确认,
the caseworker and policy-staff pages, escaping, and no script or outside address in any page."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from prescriber.api import shipped
from prescriber.http import Settings, create_app

PASSWORD = "staff-pw"
FORM = {
    "name": "福州某汽车配件有限公司",
    "region": "fuzhou",
    "industry": "36",
    "ownership": "private",
    "employees": "260",
    "revenue": "18000",
    "pain.skill-shortage": "5",
    "pain.recruitment-difficulty": "4",
    "flag.has_mediation_committee": "false",
    "flag.has_union": "true",
    "metric.turnover_rate": "0.3",
    "metric.contract_signing_rate": "0.95",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    tmp = tmp_path_factory.mktemp("pages")
    rules = tmp / "rules"
    shutil.copytree(shipped("rules"), rules)
    yield TestClient(
        create_app(
            Settings(
                db_url=f"sqlite:///{tmp / 'r.db'}",
                rules=rules,
                watch=False,
                staff_password=PASSWORD,
                burst=10_000,
            )
        )
    )


def _no_outside(html: str) -> None:
    assert "<script" not in html.lower()
    urls = re.findall(r'(?:src|href|action)=["\']([^"\']*)', html)
    assert all(u.startswith(("/", "#")) for u in urls), urls


def submit(client: TestClient, form: dict[str, str]) -> tuple[str, str]:
    r = client.post("/", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text[:2000]
    return r.headers["location"], client.get(r.headers["location"]).text


def test_the_form_offers_the_vocabularies(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and "script-src 'none'" in r.headers["content-security-policy"]
    html = r.text
    _no_outside(html)
    for needle in (
        'name="region"',
        'value="fuzhou"',
        'name="industry"',
        '<optgroup label="C 制造业">',
        'name="pain.skill-shortage"',
        'name="flag.harmonious_level"',
        'name="metric.turnover_rate"',
        "企业需求自评",
    ):
        assert needle in html, needle


def test_form_to_list_to_confirmation(client: TestClient) -> None:
    location, html = submit(client, FORM)
    _no_outside(html)
    assert "福州某汽车配件有限公司 · 个性化服务清单（草稿）" in html and "构建和谐劳动关系" in html
    assert "补充这些信息，清单可能会变化" in html and "意愿确认" in html
    rid, key = re.match(r"/list/(\d+)\?key=(.+)", location).groups()  # type: ignore[union-attr]
    services = re.findall(r'name="service" value="([^"]+)"', html)
    assert len(services) >= 3
    r = client.post(
        f"/list/{rid}/confirm",
        data={"key": key, "service": services[:2], "note": "请尽快联系"},
        follow_redirects=True,
    )
    assert "已收到您的意愿确认" in r.text
    record = client.app.state.server.service.register.get(int(rid))  # type: ignore[attr-defined]
    assert record.channel == "self-service" and record.confirmed.services == tuple(services[:2])
    assert '"skill-shortage"' in record.profile_text and record.confirmed.note == "请尽快联系"
    assert client.get(f"/list/{rid}?key=wrong").status_code == 404
    assert (
        client.post(f"/list/{rid}/confirm", data={"key": "wrong", "service": services[:1]}).status_code == 403
    )


def test_the_enterprise_s_list_shows_the_core_as_core_and_no_review_marks(client: TestClient) -> None:
    """Issue 12 item 5 on the page an enterprise is handed: the core item says 核心 (never a score that
    looks smaller than the rest), and 待核实 marks and rule points are for staff views only."""
    _, html = submit(client, FORM)
    core = html[html.index("“1”") : html.index("“X”")]
    assert "核心</span>" in core and "得分" not in core
    assert "待核实" not in html and "（+" not in html


def test_a_pain_point_not_felt_is_left_out(client: TestClient) -> None:
    _, html = submit(client, FORM | {"name": "不涉及测试公司", "pain.labour-cost": "0", "pain.overtime": ""})
    assert "个性化服务清单（草稿）" in html


def test_a_bad_form_comes_back_with_its_problems_and_values(client: TestClient) -> None:
    r = client.post("/", data=FORM | {"employees": "-5", "metric.turnover_rate": "7"})
    assert r.status_code == 422 and "填写内容有" in r.text
    assert 'value="福州某汽车配件有限公司"' in r.text
    assert "<b>职工人数</b>：" in r.text and "<b>年度员工流失率</b>：" in r.text


@pytest.mark.parametrize(
    ("change", "label"),
    [
        ({"name": "  \u3000 "}, "企业名称"),  # passes the browser's `required`
        ({"pain.labour-cost": "9"}, "遇到的困难"),
        ({"pain.labour-cost": "很严重"}, "遇到的困难"),
        ({"flag.has_union": "maybe"}, "已建工会"),
    ],
)
def test_what_the_controls_cannot_give_is_said_not_made_up_or_dropped(
    client: TestClient, change: dict[str, str], label: str
) -> None:
    """A hand-made request (or a form of another version) is answered with the problem, and nothing is
    stored: no record under a made-up name, no answer silently left out of the prescription."""
    svc = client.app.state.server.service  # type: ignore[attr-defined]
    before = svc.register.find("")
    r = client.post("/", data=FORM | change, follow_redirects=False)
    assert r.status_code == 422 and "填写内容有 1 处需要修改" in r.text, r.text[:500]
    assert f"<b>{label}" in r.text
    assert svc.register.find("") == before


def test_a_problem_is_worded_for_the_person_filling_in_the_form(client: TestClient) -> None:
    """The label they see, a pain point by its name, and no profile key (``credit_code:``) in the text."""
    r = client.post(
        "/",
        data=FORM | {"credit_code": "91350200MA2YXXXXXX", "pain.labour-cost": "9", "employees": "-5"},
    )
    assert r.status_code == 422 and "填写内容有 3 处需要修改" in r.text
    problems = r.text.split('role="alert"')[1].split("</div>")[0]
    assert "<b>统一社会信用代码</b>：统一社会信用代码无效" in problems
    assert "<b>遇到的困难：用工成本高</b>：" in problems and "<b>职工人数</b>：应 ≥ 0" in problems
    assert not re.search(r"[a-z_]+: ", problems), problems


def test_pages_escape_what_enterprises_type(client: TestClient) -> None:
    evil = '<script>alert("x")</script>'
    _, html = submit(client, FORM | {"name": evil})
    assert evil not in html and "&lt;script&gt;" in html
    staff = client.get("/staff?q=script", auth=("王", PASSWORD)).text
    assert evil not in staff and "&lt;script&gt;" in staff


def test_caseworker_pages(client: TestClient) -> None:
    location, _ = submit(client, FORM | {"name": "厦门个案查询测试公司"})
    rid = location.split("/")[2].split("?")[0]
    assert client.get("/staff").status_code == 401
    found = client.get("/staff?q=个案查询", auth=("王", PASSWORD)).text
    assert f'href="/staff/records/{rid}"' in found and "企业自评" in found
    page = client.get(f"/staff/records/{rid}", auth=("王", PASSWORD))
    assert page.status_code == 200
    _no_outside(page.text)
    for needle in ("每项服务的判断", "条件不满足", "已推荐", "企业填报的原始信息", "A4"):
        assert needle in page.text, needle
    assert client.get("/staff/records/99999", auth=("王", PASSWORD)).status_code == 404


def test_policy_staff_page_shows_lint_and_a_refused_reload(client: TestClient) -> None:
    svc = client.app.state.server.service  # type: ignore[attr-defined]
    page = client.get("/staff/rulebase", auth=("李", PASSWORD)).text
    assert svc.rx.fingerprint in page and "检查结果（lint）" in page and "服务启动以来没有重新加载" in page
    target = svc.paths[0] / "harmony.yaml"
    good = target.read_text(encoding="utf-8")
    try:
        target.write_text(good.replace("weight:", "wieght:", 1), encoding="utf-8")
        svc.reload()
        page = client.get("/staff/rulebase", auth=("李", PASSWORD)).text
        assert "未启用；仍在使用上面的规则库" in page and "harmony.yaml:" in page
    finally:
        target.write_text(good, encoding="utf-8")
        svc.reload()
    assert svc.last_reload.ok


def test_a_record_from_an_older_rule_base_is_explained_with_that_rule_base(client: TestClient) -> None:
    svc = client.app.state.server.service  # type: ignore[attr-defined]
    location, _ = submit(client, FORM | {"name": "旧规则库记录测试公司"})
    rid = int(location.split("/")[2].split("?")[0])
    old = svc.rx.fingerprint
    target = svc.paths[0] / "employment.yaml"
    good = target.read_text(encoding="utf-8")
    try:
        target.write_text(
            re.sub(r"weight: (\d+)", lambda m: f"weight: {int(m.group(1)) % 90 + 5}", good, count=1),
            encoding="utf-8",
        )
        assert svc.reload().ok and svc.rx.fingerprint != old
        page = client.get(f"/staff/records/{rid}", auth=("王", PASSWORD)).text
        assert f"按记录时的规则库 {old} 回放" in page and "条件不满足" in page
        replay = svc.replayer.replay(svc.register.get(rid), svc.rx)
        assert replay.identical and replay.today_fingerprint != old
    finally:
        target.write_text(good, encoding="utf-8")
        svc.reload()
