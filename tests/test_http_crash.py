"""Nothing acknowledged is lost when the server dies mid-request: a real ``prescriber serve`` process
is killed (SIGKILL) while clients write, then the register is checked on SQLite and PostgreSQL."""

from __future__ import annotations

import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from http_support import db_params, fresh_url, start_server

import prescriber
from prescriber.register import Register, Replayer

ROOT = Path(__file__).resolve().parent.parent
PROFILES = [p.read_bytes() for p in sorted(ROOT.glob("examples/*.yaml"))]


@pytest.fixture(params=db_params())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from fresh_url(request.param, tmp_path)


@pytest.mark.slow
def test_a_killed_server_loses_no_acknowledged_record(db_url: str, rx: prescriber.Prescriber) -> None:
    proc, base = start_server(db_url, "--no-watch", env={"PRESCRIBER_API_TOKEN": "k"})
    acked: dict[int, bytes] = {}
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        with httpx.Client(base_url=base, timeout=10) as c:
            for i in range(10_000):
                if stop.is_set():
                    return
                try:
                    r = c.post(
                        "/api/v1/prescriptions?as_of=2026-06-01",
                        content=PROFILES[(n + i) % len(PROFILES)],
                        headers={"content-type": "application/yaml", "authorization": "Bearer k"},
                    )
                except httpx.HTTPError:
                    return  # the server is gone
                assert r.status_code == 200, r.text
                with lock:
                    acked[int(r.headers["x-record-id"])] = r.content

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    while len(acked) < 40 and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # in the middle of requests: no shutdown, no flush
    proc.wait(10)
    stop.set()
    for t in threads:
        t.join(30)
    assert len(acked) >= 40

    if db_url.startswith("sqlite:///"):
        with sqlite3.connect(db_url.removeprefix("sqlite:///")) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    register = Register(db_url)
    try:
        ids = register.all_ids()
        assert set(acked) <= set(ids), "an acknowledged record is missing"
        for rid, body in acked.items():
            record = register.get(rid)
            assert record is not None and record.prescription_json.encode() == body
        # Every record written, acknowledged or not, is whole and replays to the same bytes.
        replayer = Replayer(register)
        for rid in ids[:: max(1, len(ids) // 8)]:
            record = register.get(rid)
            assert record is not None and replayer.replay(record, rx).identical
        replayer.close()
    finally:
        register.close()
