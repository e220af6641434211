"""Batch jobs kept in the register: polled and downloaded from another server process sharing the
register and after a restart; a job whose process died is reported failed with the reason, on SQLite
and on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from http_support import db_params, fresh_url, start_server
from sqlalchemy import update

from prescriber.http import Settings, create_app
from prescriber.register import JobStore, Register
from prescriber.register.job_schema import BatchJob
from prescriber.register.jobs import INTERRUPTED

ROOT = Path(__file__).resolve().parent.parent
TABLE = (ROOT / "examples/enterprises.csv").read_bytes()
TOKEN = "t0ken"
BEARER = {"authorization": f"Bearer {TOKEN}"}
CSV = {"content-type": "text/csv", **BEARER}


@pytest.fixture(params=db_params())
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_url(request.param, tmp_path)


def app(url: str) -> TestClient:
    return TestClient(create_app(Settings(db_url=url, watch=False, api_token=TOKEN)))


def wait(c: TestClient | httpx.Client, job: str, seconds: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while (status := c.get(f"/api/v1/batch/{job}", headers=BEARER).json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, status
        time.sleep(0.1)
    return status


def test_a_job_is_polled_and_downloaded_from_another_process_and_after_a_restart(url: str) -> None:
    first = app(url)
    job = first.post("/api/v1/batch?as_of=2026-06-01&top=5", content=TABLE, headers=CSV).json()["id"]
    status = wait(first, job)
    assert status["state"] == "done" and status["rows"] == 240 and status["rows_done"] == 240
    tables = {t: first.get(status["tables"][t], headers=BEARER) for t in ("long", "wide", "errors")}
    assert tables["long"].headers["content-disposition"] == f'attachment; filename="{job}-long.csv"'
    server = first.app.state.server  # type: ignore[attr-defined]
    server.jobs.close()
    server.service.close()
    # A second process on the same register (or this one restarted) answers for the same job.
    second = app(url)
    assert second.get(f"/api/v1/batch/{job}", headers=BEARER).json() == status
    for t, r in tables.items():
        again = second.get(f"/api/v1/batch/{job}/{t}", headers=BEARER)
        assert again.status_code == 200 and again.content == r.content and len(r.content) > 0
    assert second.get("/api/v1/batch/0123456789abcdef", headers=BEARER).status_code == 404


def _orphan(url: str, **row: Any) -> str:
    register = Register(url)
    register.upgrade()
    store = JobStore(register)
    job = store.create("feedfacecafebeef", date(2026, 6, 1), None, ".csv")
    store.update(job.id, state="running", **row)
    register.close()
    return job.id


def test_an_interrupted_job_is_failed_with_its_reason_at_start(url: str) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    job = _orphan(url, pid=dead.pid)  # run by a process on this host that no longer exists
    c = app(url)
    status = c.get(f"/api/v1/batch/{job}", headers=BEARER).json()
    assert status["state"] == "failed" and [p["code"] for p in status["problems"]] == [INTERRUPTED]
    assert "中断" in status["problems"][0]["message"] and status["problems"][0]["hint"]
    assert c.get(f"/api/v1/batch/{job}/long", headers=BEARER).status_code == 409


def test_a_job_of_another_live_process_is_left_running_until_its_heartbeat_stops(url: str) -> None:
    other = {"pid": os.getppid(), "process": "another-process"}  # alive, on this host: a sibling worker
    job = _orphan(url, **other)
    register = Register(url)
    assert JobStore(register).sweep() == 0
    assert JobStore(register).get(job).state == "running"  # type: ignore[union-attr]
    # Another host whose last heartbeat is older than the limit: gone.
    JobStore(register).update(job, host="elsewhere")
    long_ago = datetime.now(UTC) - timedelta(minutes=10)
    with register.engine.begin() as conn:
        conn.execute(update(BatchJob).values(beat_at=long_ago))
    assert JobStore(register).get(job).state == "failed"  # type: ignore[union-attr]
    register.close()


@pytest.mark.parametrize("kind", db_params())
def test_a_server_killed_during_a_job_reports_it_failed_after_restart(kind: str, tmp_path: Path) -> None:
    big = TABLE + b"".join(TABLE.split(b"\n", 1)[1] for _ in range(300))  # 72,240 rows
    for url in fresh_url(kind, tmp_path):
        env = {"PRESCRIBER_API_TOKEN": TOKEN}
        proc, base = start_server(url, "--no-watch", env=env)
        try:
            with httpx.Client(base_url=base, timeout=60) as c:
                r = c.post("/api/v1/batch?as_of=2026-06-01", content=big, headers=CSV)
                assert r.status_code == 202
                job = r.json()["id"]
                assert c.get(f"/api/v1/batch/{job}", headers=BEARER).json()["state"] in ("queued", "running")
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
        proc, base = start_server(url, "--no-watch", env=env)
        try:
            with httpx.Client(base_url=base, timeout=60) as c:
                status = c.get(f"/api/v1/batch/{job}", headers=BEARER).json()
                assert status["state"] == "failed" and status["problems"][0]["code"] == INTERRUPTED
                # … and the restarted server runs new jobs.
                again = c.post("/api/v1/batch?as_of=2026-06-01", content=TABLE, headers=CSV).json()["id"]
                assert wait(c, again)["state"] == "done"
        finally:
            proc.terminate()
            proc.wait(10)
