"""A batch table uploaded as a browser or ``curl -F`` sends it — one file of a multipart form, its format
told by its name — gives the job the table itself as the body gives; a form with no file or several, or a
name that tells no format, is refused with the reason, not read as a CSV of multipart boundaries."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from prescriber.http import Settings, create_app

ROOT = Path(__file__).resolve().parent.parent
TABLE = (ROOT / "examples/enterprises.csv").read_bytes()
BEARER = {"authorization": "Bearer t0ken"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("upload") / "r.db"
    return TestClient(create_app(Settings(db_url=f"sqlite:///{db}", watch=False, api_token="t0ken")))


def done(c: TestClient, answer: Any) -> dict[str, Any]:
    assert answer.status_code == 202, answer.text
    job = answer.json()["id"]
    deadline = time.monotonic() + 120
    while (status := c.get(f"/api/v1/batch/{job}", headers=BEARER).json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, status
        time.sleep(0.1)
    assert status["state"] == "done", status
    status["long"] = c.get(f"/api/v1/batch/{job}/long", headers=BEARER).content
    return status


def test_a_form_upload_is_the_table_it_holds(client: TestClient) -> None:
    day = {"as_of": "2026-06-01", "top": 3}
    raw = done(client, client.post("/api/v1/batch", params=day, content=TABLE, headers=BEARER))
    sheet = io.BytesIO()
    pd.read_csv(io.BytesIO(TABLE), dtype=str, keep_default_na=False).to_excel(sheet, index=False)
    for name, data in (("企业.csv", TABLE), ("企业.XLSX", sheet.getvalue())):
        form = done(
            client, client.post("/api/v1/batch", params=day, files={"file": (name, data)}, headers=BEARER)
        )
        assert (form["rows"], form["bad"], form["items"]) == (raw["rows"], 0, raw["items"]) == (240, 0, 960)
        assert form["long"] == raw["long"], name


def test_the_body_is_read_in_the_format_its_content_type_names(client: TestClient) -> None:
    frame = pd.read_csv(io.BytesIO(TABLE), dtype=str, keep_default_na=False)
    data = io.BytesIO()
    frame.to_parquet(data)
    media = {"content-type": "application/vnd.apache.parquet", **BEARER}
    job = done(
        client, client.post("/api/v1/batch", params={"top": 3}, content=data.getvalue(), headers=media)
    )
    assert (job["rows"], job["bad"]) == (240, 0)


@pytest.mark.parametrize(
    ("files", "said"),
    [
        ({}, "现有 0 个"),
        ({"a": ("a.csv", TABLE), "b": ("b.csv", TABLE)}, "现有 2 个"),
        ({"file": ("企业.yaml", b"name: x\n")}, "无法从文件名 '企业.yaml' 判断表格格式"),
    ],
)
def test_a_form_that_is_not_one_table_is_refused(
    client: TestClient, files: dict[str, Any], said: str
) -> None:
    if files:
        answer = client.post("/api/v1/batch", files=files, headers=BEARER)
    else:  # a form of fields only
        answer = client.post(
            "/api/v1/batch",
            content=b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nx\r\n--b--\r\n',
            headers={"content-type": "multipart/form-data; boundary=b", **BEARER},
        )
    assert answer.status_code == 422 and said in answer.json()["message"], answer.text
