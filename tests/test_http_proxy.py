"""The rate limit behind a department's reverse proxy: X-Forwarded-For counts only when the request
comes from a proxy named in ``forwarded_allow_ips``, read from the right; a client writing the header
itself spends its own quota whatever it writes."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from prescriber.cli import main
from prescriber.http import Settings, create_app
from prescriber.http.guard import Proxies

YAML = {"content-type": "application/yaml"}
PROXY, CLIENT, OTHER = "10.0.0.5", "203.0.113.7", "198.51.100.9"


def client(tmp_path: Path, peer: str, allow: tuple[str, ...]) -> TestClient:
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'r.db'}", watch=False, burst=2, rate=0.001, forwarded_allow_ips=allow
    )
    return TestClient(create_app(settings), client=(peer, 40000))


def codes(c: TestClient, n: int, forwarded: str | None = None) -> list[int]:
    headers = YAML | ({"x-forwarded-for": forwarded} if forwarded is not None else {})
    return [
        c.post("/api/v1/prescriptions", content=b"name: x", headers=headers).status_code for _ in range(n)
    ]


def test_without_trusted_proxies_a_forged_header_does_not_evade_the_limit(tmp_path: Path) -> None:
    c = client(tmp_path, CLIENT, ())
    assert codes(c, 2, "1.1.1.1") == [200, 200]
    assert codes(c, 1, "2.2.2.2") == [429]  # a new "address" every time changes nothing
    assert codes(c, 1, f"{OTHER}, 3.3.3.3") == [429]


def test_a_client_of_a_trusted_proxy_is_limited_by_its_own_address(tmp_path: Path) -> None:
    c = client(tmp_path, PROXY, ("10.0.0.0/24",))
    assert codes(c, 3, CLIENT) == [200, 200, 429]
    assert codes(c, 2, OTHER) == [200, 200]  # another enterprise behind the same proxy has its own quota
    # The client forges a leftmost hop: the proxy appends the real peer, which is what counts.
    assert codes(c, 1, f"9.9.9.9, {CLIENT}") == [429]
    assert codes(c, 1, f"8.8.8.8, {CLIENT}, 10.0.0.9") == [429]  # a second trusted hop is skipped


def test_a_request_not_from_a_trusted_proxy_is_its_peer_even_with_proxies_configured(tmp_path: Path) -> None:
    c = client(tmp_path, CLIENT, ("10.0.0.0/24",))
    assert codes(c, 2, "1.1.1.1") == [200, 200]
    assert codes(c, 1, "2.2.2.2") == [429]


def test_the_log_names_the_forwarded_client(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    c = client(tmp_path, PROXY, ("10.0.0.5",))
    with caplog.at_level(logging.INFO, logger="prescriber.http"):
        codes(c, 1, f"evil, {CLIENT}")
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "prescriber.http"]
    assert lines[-1]["client"] == CLIENT


ips = st.ip_addresses(v=4).map(str)


@given(st.lists(st.one_of(ips, st.text(max_size=8)), max_size=6), ips)
def test_what_a_client_writes_never_decides_its_address(forged: list[str], real: str) -> None:
    # Whatever the client puts in the header, the trusted proxy appends the real peer: that is the answer
    # (unless the client claims to be a trusted proxy itself, which we do not generate).
    proxies = Proxies(("10.0.0.0/8",))
    if real.startswith("10."):
        return
    assert proxies.client("10.1.2.3", [", ".join(forged), real]) == real
    assert Proxies(()).client(real, [", ".join(forged)]) == real


def test_serve_refuses_a_proxy_that_is_not_an_address() -> None:
    err = io.StringIO()
    code = main(["serve", "--forwarded-allow-ips", "10.0.0.1,proxy.example"], out=io.StringIO(), err=err)
    assert code == 2 and "proxy.example" in err.getvalue()
