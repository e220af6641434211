"""Helpers for the service tests: database URLs (SQLite always, PostgreSQL when .ci/run started one)
and a real server process on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

PG_ENV = "PRESCRIBER_TEST_POSTGRES_URL"
ROOT = Path(__file__).resolve().parent.parent


def db_params() -> list[object]:
    """``sqlite`` always; ``postgresql`` when the URL variable is set, else a clean skip."""
    pg = pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not os.environ.get(PG_ENV), reason=f"{PG_ENV} not set: no PostgreSQL server"
        ),
    )
    return ["sqlite", pg]


def fresh_url(kind: str, tmp_path: Path) -> Iterator[str]:
    """A URL of an empty database of ``kind``; a PostgreSQL database is created and dropped."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'register.db'}"
        return
    from sqlalchemy import create_engine, text

    base = os.environ[PG_ENV]
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    db_url: str, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``prescriber serve`` in a child process on a free loopback port; returns it once it answers."""
    port = free_port()
    # The log goes to a file: a pipe nobody reads would fill up and stall the server.
    log = tempfile.NamedTemporaryFile(prefix="prescriber-serve-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "prescriber", "serve", "--port", str(port), "--db", db_url, *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {Path(log.name).read_text(errors='replace')}")
        try:
            if httpx.get(base + "/api/v1/health", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("server did not start within 60 s")
