"""Hot reload under load, in a real server: clients prescribe while a loop alternates a broken and a
fixed rule file. No answer is a 5xx, a broken edit never serves, and every answer is byte-identical to
the library's for the rule base (fingerprint) it reports."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest
from http_support import start_server

import prescriber
from prescriber.api import shipped

ROOT = Path(__file__).resolve().parent.parent
PROFILE = (ROOT / "examples/jinjiang-footwear-sme.yaml").read_text(encoding="utf-8")


def _wait(base: str, pred: object, timeout: float = 20) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        info = httpx.get(base + "/api/v1/rulebase", timeout=5).json()
        if pred(info):  # type: ignore[operator]
            return info  # type: ignore[no-any-return]
        time.sleep(0.1)
    raise AssertionError(f"no reload within {timeout} s")


@pytest.mark.slow
def test_hot_reload_under_load(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    target = rules / "employment.yaml"
    original = target.read_text(encoding="utf-8")
    variant = re.sub(
        r"weight: (\d+)", lambda m: f"weight: {int(m.group(1)) % 90 + 5}", original, count=1
    )  # valid, different
    broken = original.replace("service:", "servise:", 1)
    expected: dict[str, bytes] = {}
    for text in (original, variant):
        other = tmp_path / f"expect-{len(expected)}"
        shutil.copytree(rules, other)
        (other / "employment.yaml").write_text(text, encoding="utf-8")
        with prescriber.Prescriber.from_paths(other) as rx:
            p = rx.prescribe(prescriber.yamlsrc.loads(PROFILE, "<body>"), as_of="2026-06-01")
            expected[rx.fingerprint] = (p.model_dump_json(indent=2) + "\n").encode()
    assert len(expected) == 2

    proc, base = start_server(
        f"sqlite:///{tmp_path / 'r.db'}", "--rules", str(rules), env={"PRESCRIBER_API_TOKEN": "k"}
    )
    stop = threading.Event()
    answers: list[tuple[int, bytes]] = []
    lock = threading.Lock()

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while not stop.is_set():
                r = c.post(
                    "/api/v1/prescriptions?as_of=2026-06-01",
                    content=PROFILE.encode(),
                    headers={"content-type": "application/yaml", "authorization": "Bearer k"},
                )
                with lock:
                    answers.append((r.status_code, r.content))

    threads = [threading.Thread(target=client) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        served: list[str] = []
        for text in (broken, variant, broken, original):
            before = httpx.get(base + "/api/v1/rulebase").json()
            target.write_text(text, encoding="utf-8")
            info = _wait(
                base, lambda i, b=before: i["last_reload"]["at"] not in (None, b["last_reload"]["at"])
            )
            if text is broken:
                assert not info["last_reload"]["ok"] and info["fingerprint"] == before["fingerprint"]
                assert info["last_reload"]["problems"][0]["file"].endswith("employment.yaml")
            else:
                assert info["last_reload"]["ok"] and info["fingerprint"] in expected
            served.append(str(info["fingerprint"]))
            time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(30)
        proc.terminate()
        proc.wait(10)
    assert len(set(served)) == 2
    assert len(answers) > 20 and all(status == 200 for status, _ in answers), {s for s, _ in answers}
    seen = {json.loads(body)["rulebase"] for _, body in answers}
    assert seen <= set(expected) and len(seen) == 2
    assert all(body == expected[json.loads(body)["rulebase"]] for _, body in answers)
