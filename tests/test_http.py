"""The JSON API through the ASGI test client: byte-identical prescriptions, located problems as 4xx,
authentication, limits, the register behind it, the OpenAPI document and the docs page."""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from budget import examples
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import prescriber
from prescriber import render, yamlsrc
from prescriber.api import shipped
from prescriber.cli import main
from prescriber.errors import InputError
from prescriber.http import Settings, create_app
from prescriber.http.guard import RateLimiter

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")])
TOKEN, PASSWORD = "t0ken-for-tests", "pässword"
YAML = {"content-type": "application/yaml"}
BEARER = {"authorization": f"Bearer {TOKEN}"}


def make(tmp_path: Path, **kw: object) -> TestClient:
    values: dict[str, object] = {
        "db_url": f"sqlite:///{tmp_path / 'r.db'}",
        "watch": False,
        "api_token": TOKEN,
        "staff_password": PASSWORD,
    } | kw
    return TestClient(create_app(Settings(**values)))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield make(tmp_path_factory.mktemp("api"), burst=10_000)


def cli_json(path: Path, *args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(["prescribe", str(path), "--format", "json", *args], out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_every_example_is_byte_identical_to_the_library_and_the_cli(client: TestClient, path: Path) -> None:
    raw = path.read_bytes()
    media = "application/json" if path.suffix == ".json" else "application/yaml"
    r = client.post(
        "/api/v1/prescriptions?as_of=2026-06-01&top=6", content=raw, headers={"content-type": media}
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert r.content.decode() == cli_json(path, "--as-of", "2026-06-01", "--top", "6")
    library = client.app.state.server.service.rx.prescribe(  # type: ignore[attr-defined]
        yamlsrc.loads(raw.decode(), "<body>"), as_of="2026-06-01", top=6
    )
    assert r.content == (library.model_dump_json(indent=2) + "\n").encode()
    stored = client.get(f"/api/v1/records/{r.headers['x-record-id']}", headers=BEARER).json()
    assert stored["prescription_json"].encode() == r.content and stored["profile_text"] == raw.decode()
    assert stored["channel"] == "self-service" and stored["top"] == 6


def test_bad_profiles_are_422_with_the_problems_the_cli_shows(
    client: TestClient, rx: prescriber.Prescriber
) -> None:
    text = "name: 某厂\nregion: fuzou\nemployees: -3\npain_points: [招工南]\n"
    r = client.post("/api/v1/prescriptions", content=text.encode(), headers=YAML)
    assert r.status_code == 422
    body = r.json()
    with pytest.raises(InputError) as exc:
        rx.prescribe(yamlsrc.loads(text, "<body>"))
    assert [p["text"] for p in body["problems"]] == [str(p) for p in exc.value.problems]
    assert "".join(p["text"] + "\n" for p in body["problems"]) == render.problems_text(exc.value.problems)
    first = body["problems"][0]
    assert (first["line"], first["column"]) > (0, 0) and first["code"] and body["error"] == "input"
    assert any("fuzhou" in p["hint"] for p in body["problems"])


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b"name: [unclosed", YAML, 422, "input"),
        (b'{"name": "x", "name": "y"}', {"content-type": "application/json"}, 422, "input"),
        (b"\xff\xfe\x00garbage", YAML, 422, "input"),
        (b"- a\n- b\n", YAML, 422, "input"),
        (b"", YAML, 422, "input"),
        (b"name: x", {"content-type": "image/png"}, 415, "unsupported-media-type"),
        (b"a: &a [*a]", YAML, 422, "input"),
    ],
)
def test_garbage_is_a_4xx_never_a_500(
    client: TestClient, body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    r = client.post("/api/v1/prescriptions", content=body, headers=headers)
    assert (r.status_code, r.json()["error"]) == (status, code), r.text


def test_query_parameters_are_checked(client: TestClient) -> None:
    text = (ROOT / "examples/fuzhou-micro-restaurant.yaml").read_bytes()
    assert client.post("/api/v1/prescriptions?top=0", content=text, headers=YAML).status_code == 422
    bad = client.post("/api/v1/prescriptions?as_of=2026-13-01", content=text, headers=YAML)
    # the library's own located problem (api.as_of_date), as the CLI shows it
    assert bad.status_code == 422 and bad.json()["problems"][0]["code"] == "input.as-of"


def test_why_not_and_the_catalogue(client: TestClient, rx: prescriber.Prescriber) -> None:
    path = ROOT / "examples/jinjiang-footwear-sme.yaml"
    r = client.post("/api/v1/why-not/job-fair?as_of=2026-06-01", content=path.read_bytes(), headers=YAML)
    assert r.status_code == 200
    assert (
        r.content.decode()
        == rx.why_not(yamlsrc.loads(path.read_text(), "<body>"), "job-fair", "2026-06-01").model_dump_json(
            indent=2
        )
        + "\n"
    )
    miss = client.post("/api/v1/why-not/job-fiar", content=path.read_bytes(), headers=YAML)
    assert miss.status_code == 404 and "job-fair" in miss.json()["problems"][0]["hint"]
    services = client.get("/api/v1/services").json()
    assert [s["id"] for s in services] == [s.id for s in rx.book.catalog.services]
    assert (
        client.get("/api/v1/services?category=skills").json()
        and client.get("/api/v1/services/job-fair").json()["id"] == "job-fair"
    )
    assert client.get("/api/v1/services/nope").status_code == 404


def test_rule_base_health_and_readiness(client: TestClient, rx: prescriber.Prescriber) -> None:
    info = client.get("/api/v1/rulebase").json()
    assert (
        info["fingerprint"] == rx.fingerprint
        and info["rules"] == len(rx.book.rules)
        and info["last_reload"]["ok"]
    )
    assert client.get("/api/v1/health").json() == {"status": "ok"}
    ready = client.get("/api/v1/ready").json()
    assert ready["ready"] and ready["database"] and ready["revision"] == "r0005_batch_jobs"


def test_staff_calls_need_a_credential(client: TestClient) -> None:
    assert client.get("/api/v1/records").status_code == 401
    assert client.get("/api/v1/records").headers["www-authenticate"].startswith("Basic")
    assert client.get("/api/v1/records", headers={"authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/v1/records", auth=("王", "wrong")).status_code == 401
    assert client.get("/api/v1/records", headers=BEARER).status_code == 200
    assert client.get("/api/v1/records", auth=("王", PASSWORD)).status_code == 200
    assert client.post("/api/v1/rulebase/reload").status_code == 401


def test_without_any_credential_staff_calls_are_refused(tmp_path: Path) -> None:
    c = make(tmp_path, api_token=None, staff_password=None)
    assert c.get("/api/v1/records").status_code == 403
    assert c.get("/staff").status_code == 403


def test_a_single_sign_on_proxy_header_is_trusted_only_when_configured(tmp_path: Path) -> None:
    c = make(tmp_path, user_header="X-Remote-User")
    assert c.get("/api/v1/records", headers={"X-Remote-User": "li.si"}).status_code == 200
    assert make(tmp_path).get("/api/v1/records", headers={"X-Remote-User": "li.si"}).status_code == 401


def test_confirmation_needs_the_record_key_and_prescribed_services(client: TestClient) -> None:
    r = client.post(
        "/api/v1/prescriptions", content=(ROOT / "examples/putian-logistics.yaml").read_bytes(), headers=YAML
    )
    rid, key = r.headers["x-record-id"], r.headers["x-record-key"]
    services = [i["service"] for i in r.json()["items"]][:2]
    assert client.post(f"/api/v1/records/{rid}/confirmation", json={"services": services}).status_code == 403
    assert (
        client.post(
            f"/api/v1/records/{rid}/confirmation", json={"services": services, "key": "x" + key}
        ).status_code
        == 403
    )
    assert (
        client.post(
            f"/api/v1/records/{rid}/confirmation", json={"services": ["no-such"], "key": key}
        ).status_code
        == 422
    )
    ok = client.post(f"/api/v1/records/{rid}/confirmation", json={"services": services, "key": key})
    assert ok.status_code == 200 and ok.json()["services"] == services and ok.json()["by"] == "enterprise"
    by_staff = client.post(f"/api/v1/records/{rid}/confirmation", json={"services": []}, headers=BEARER)
    assert by_staff.json()["by"] == "staff:api"
    assert (
        client.post("/api/v1/records/999999/confirmation", json={"services": [], "key": key}).status_code
        == 404
    )


def test_replay_through_the_api(client: TestClient) -> None:
    r = client.post(
        "/api/v1/prescriptions?as_of=2026-06-01",
        content=(ROOT / "examples/anxi-tea-cooperative.yaml").read_bytes(),
        headers=YAML,
    )
    replay = client.get(f"/api/v1/records/{r.headers['x-record-id']}/replay", headers=BEARER).json()
    assert replay["identical"] and not replay["today_changed"] and replay["diff"] == ""
    found = client.get("/api/v1/records?q=安溪", headers=BEARER).json()
    assert found and all("安溪" in f["enterprise"] for f in found)


def test_body_size_and_rate_limits(tmp_path: Path) -> None:
    c = make(tmp_path, max_body=4096, burst=3, rate=0.01)
    assert (
        c.post("/api/v1/prescriptions", content=b"name: x\n" + b"#" * 5000, headers=YAML).status_code == 413
    )
    chunks = iter([b"name: x\n", b"#" * 5000])
    assert (
        c.post("/api/v1/prescriptions", content=chunks, headers=YAML).status_code == 413
    )  # no Content-Length
    codes = [c.post("/api/v1/prescriptions", content=b"name: x", headers=YAML).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert c.post("/api/v1/prescriptions", content=b"name: x", headers=YAML).headers["retry-after"]
    assert c.post("/api/v1/prescriptions", content=b"name: x", headers={**YAML, **BEARER}).status_code == 200


def test_logs_are_structured_and_carry_no_profile_content(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "绝密测试企业甲乙丙"
    with caplog.at_level(logging.INFO, logger="prescriber.http"):
        client.post(
            "/api/v1/prescriptions", content=f"name: {secret}\nregion: fuzhou\n".encode(), headers=YAML
        )
        client.post(
            "/api/v1/prescriptions", content=f"name: {secret}\nregion: {secret}\n".encode(), headers=YAML
        )
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "prescriber.http"]
    assert [x["status"] for x in lines] == [200, 422] and lines[0]["record"]
    assert secret not in caplog.text


def test_openapi_31_from_the_models_and_docs_without_external_requests(client: TestClient) -> None:
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    assert {
        "/api/v1/prescriptions",
        "/api/v1/why-not/{service}",
        "/api/v1/services",
        "/api/v1/rulebase",
        "/api/v1/health",
        "/api/v1/ready",
    } <= set(doc["paths"])
    schemas = doc["components"]["schemas"]
    assert {"Prescription", "Profile", "ErrorBody", "WhyNot", "Service"} <= set(schemas)
    assert all(ref.split("/")[-1] in schemas for ref in re.findall(r'"\$ref": ?"([^"]+)"', json.dumps(doc)))
    for page in ("/api/v1/docs", "/api/v1/redoc"):
        html = client.get(page).text
        urls = re.findall(r'(?:src|href)=["\']([^"\']+)', html) + re.findall(r'url: ?["\']([^"\']+)', html)
        assert urls and all(u.startswith("/") for u in urls), urls
        assert "http://" not in html and "https://" not in html.replace("https://github.com", "")
        for u in urls:
            assert client.get(u).status_code == 200, u


def test_a_refused_reload_keeps_the_old_rule_base_and_shows_its_problems(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    c = make(tmp_path, rules=rules)
    before = c.get("/api/v1/rulebase").json()["fingerprint"]
    target = rules / "skills.yaml"
    good = target.read_text(encoding="utf-8")
    target.write_text(good.replace("service:", "servise:", 1), encoding="utf-8")
    info = c.post("/api/v1/rulebase/reload", headers=BEARER).json()
    assert info["fingerprint"] == before and not info["last_reload"]["ok"]
    problem = info["last_reload"]["problems"][0]
    assert problem["file"].endswith("skills.yaml") and problem["line"] > 0 and problem["hint"]
    assert (
        c.post(
            "/api/v1/prescriptions",
            content=(ROOT / "examples/fuzhou-vehicle-maker.yaml").read_bytes(),
            headers=YAML,
        ).status_code
        == 200
    )
    target.write_text(good.replace("weight: 30", "weight: 31", 1), encoding="utf-8")
    fixed = c.post("/api/v1/rulebase/reload", headers=BEARER).json()
    assert fixed["last_reload"]["ok"] and fixed["fingerprint"] != before
    assert c.app.state.server.service.register.snapshot(fixed["fingerprint"]) is not None  # type: ignore[attr-defined]


def test_serve_refuses_a_public_address_without_a_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("PRESCRIBER_API_TOKEN", "PRESCRIBER_STAFF_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", "--host", "0.0.0.0"], out=out, err=err) == 2
    assert "PRESCRIBER_STAFF_PASSWORD" in err.getvalue() and out.getvalue() == ""


def test_db_upgrade_command(tmp_path: Path) -> None:
    out = io.StringIO()
    assert main(["db", "upgrade", "--db", f"sqlite:///{tmp_path / 'x.db'}"], out=out, err=io.StringIO()) == 0
    assert out.getvalue() == "r0005_batch_jobs\n"


@examples(200)
@given(st.floats(0.1, 20), st.integers(1, 20), st.lists(st.floats(0, 5), min_size=1, max_size=200))
def test_the_token_bucket_never_lets_more_through_than_burst_plus_rate(
    rate: float, burst: int, gaps: list[float]
) -> None:
    limiter, now, allowed = RateLimiter(rate, burst), 0.0, 0
    for gap in gaps:
        now += gap
        allowed += limiter.allow("1.2.3.4", now) == 0
        assert allowed <= burst + rate * now + 1e-9
    assert limiter.allow("5.6.7.8", now) == 0  # another address has its own bucket


def test_a_batch_job_is_uploaded_polled_and_downloaded(client: TestClient, rx: prescriber.Prescriber) -> None:
    import time

    import pandas as pd

    table = (ROOT / "examples/enterprises.csv").read_bytes()
    assert (
        client.post("/api/v1/batch", content=table, headers={"content-type": "text/csv"}).status_code == 401
    )
    r = client.post(
        "/api/v1/batch?as_of=2026-06-01&top=5", content=table, headers={"content-type": "text/csv", **BEARER}
    )
    assert r.status_code == 202 and r.json()["state"] in ("queued", "running", "done")
    job = r.json()["id"]
    deadline = time.monotonic() + 60
    while (status := client.get(f"/api/v1/batch/{job}", headers=BEARER).json())["state"] not in (
        "done",
        "failed",
    ):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert status["state"] == "done" and status["rows"] == 240 and status["fingerprint"] == rx.fingerprint
    long = client.get(status["tables"]["long"], headers=BEARER)
    assert long.status_code == 200 and long.headers["content-type"].startswith("text/csv")
    frame = pd.read_csv(io.BytesIO(long.content), dtype=str)
    assert len(frame) == status["items"] and frame["id"].nunique() == 240 - status["bad"]
    # The same as the library's own batch engine on the same table.
    expected = rx.prescribe_frame(
        pd.read_csv(ROOT / "examples/enterprises.csv", dtype=str, keep_default_na=False),
        as_of="2026-06-01",
        top=5,
    )
    assert len(expected.long) == len(frame)
    for table_name in ("wide", "errors"):
        assert client.get(status["tables"][table_name], headers=BEARER).status_code == 200
    assert client.get("/api/v1/batch/nope", headers=BEARER).status_code == 404


def test_a_batch_table_that_cannot_be_read_fails_with_located_problems(client: TestClient) -> None:
    import time

    r = client.post(
        "/api/v1/batch?format=parquet",
        content=b"not parquet at all",
        headers={**BEARER, "content-type": "application/octet-stream"},
    )
    job = r.json()["id"]
    deadline = time.monotonic() + 30
    while (status := client.get(f"/api/v1/batch/{job}", headers=BEARER).json())["state"] not in (
        "done",
        "failed",
    ):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert (
        status["state"] == "failed"
        and status["problems"]
        and status["problems"][0]["code"] != "batch.internal"
    )
    assert client.get(f"/api/v1/batch/{job}/long", headers=BEARER).status_code == 409


def test_every_server_log_line_is_json() -> None:
    from prescriber.cli.service import JsonLines

    fmt = JsonLines()
    plain = logging.LogRecord("uvicorn.error", logging.INFO, "", 0, "Started server process [%d]", (7,), None)
    assert json.loads(fmt.format(plain)) == {
        "event": "log",
        "logger": "uvicorn.error",
        "level": "info",
        "message": "Started server process [7]",
    }
    request = logging.LogRecord("prescriber.http", logging.INFO, "", 0, '{"event": "request"}', (), None)
    assert fmt.format(request) == '{"event": "request"}'
