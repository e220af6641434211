"""The register without HTTP: records, confirmations, snapshots and replay, on SQLite and (when
.ci/run started one) a real PostgreSQL server."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from http_support import db_params, fresh_url

import prescriber
from prescriber import yamlsrc
from prescriber.api import shipped
from prescriber.register import NewRecord, Register, Replayer, read_files
from prescriber.register.schema import Base

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")])


@pytest.fixture(params=db_params())
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Register]:
    for url in fresh_url(request.param, tmp_path):
        reg = Register(url)
        reg.upgrade()
        yield reg
        reg.close()


def _record(
    reg: Register, rx: prescriber.Prescriber, path: Path, channel: str = "api", top: int | None = None
) -> tuple[str, str, int]:
    text = path.read_text(encoding="utf-8")
    body = (
        rx.prescribe(yamlsrc.loads(text, "<body>"), as_of="2026-06-01", top=top).model_dump_json(indent=2)
        + "\n"
    )
    reg.keep_snapshot(rx.fingerprint, read_files(shipped("rules"), shipped("catalog")))
    return text, body, reg.add(NewRecord("<body>", text, body, channel, None, top)).id


def test_migrations_create_exactly_the_models(register: Register) -> None:
    with register.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    register.upgrade()  # idempotent
    assert register.revision() == "r0005_batch_jobs"


def test_every_example_is_kept_as_received_and_replays_byte_identical(
    register: Register, rx: prescriber.Prescriber
) -> None:
    replayer = Replayer(register)
    for path in EXAMPLES:
        text, body, rid = _record(register, rx, path, top=5 if path.suffix == ".json" else None)
        got = register.get(rid)
        assert got is not None
        assert (got.profile_text, got.prescription_json, got.fingerprint) == (text, body, rx.fingerprint)
        assert (
            got.as_of.isoformat() == "2026-06-01" and got.engine == "durable" and got.versions["prescriber"]
        )
        r = replayer.replay(got, rx)
        assert r.identical and not r.today_changed and r.diff == "", path.name
    replayer.close()
    assert register.count() == len(EXAMPLES)


def test_replay_with_todays_changed_rule_base_is_a_diff(
    register: Register, rx: prescriber.Prescriber, tmp_path: Path
) -> None:
    _, _, rid = _record(register, rx, ROOT / "examples/jinjiang-footwear-sme.yaml")
    rules = tmp_path / "rules"
    shutil.copytree(shipped("rules"), rules)
    # Today a job fair is no longer prescribed to anyone: the services go, the replay says so.
    for f in rules.glob("*.yaml"):
        f.write_text(
            f.read_text(encoding="utf-8").replace(
                "service: job-fair", "service: job-fair\n  valid_until: 2020-01-01"
            ),
            encoding="utf-8",
        )
    today = prescriber.Prescriber.from_paths(rules, shipped("catalog"))
    assert today.fingerprint != rx.fingerprint
    record = register.get(rid)
    assert record is not None and "job-fair" in record.prescription_json
    r = Replayer(register).replay(record, today)
    assert r.identical, "the record's own rule base must give the same bytes"
    assert r.today_changed and "job-fair" in r.dropped and r.diff.startswith("--- record")
    today.close()


def test_a_snapshot_compiles_to_its_own_fingerprint(register: Register, rx: prescriber.Prescriber) -> None:
    register.keep_snapshot(rx.fingerprint, read_files(shipped("rules"), shipped("catalog")))
    register.keep_snapshot(rx.fingerprint, {"rules/x.yaml": "ignored: kept once"})
    replayer = Replayer(register)
    assert replayer.prescriber(rx.fingerprint, "python").fingerprint == rx.fingerprint
    with pytest.raises(LookupError):
        replayer.prescriber("sha256:0000000000000000", "python")
    replayer.close()


def test_confirmations_are_kept_in_order_and_need_a_record(
    register: Register, rx: prescriber.Prescriber
) -> None:
    _, _, rid = _record(register, rx, ROOT / "examples/fuzhou-micro-restaurant.yaml")
    register.confirm(rid, ["harmony-checkup"], by="enterprise")
    register.confirm(rid, ["harmony-checkup", "job-fair"], by="staff:王", note="电话确认")
    got = register.get(rid)
    assert got is not None and got.confirmed is not None
    assert [c.services for c in got.confirmations] == [("harmony-checkup",), ("harmony-checkup", "job-fair")]
    assert got.confirmed.by == "staff:王" and got.confirmed.note == "电话确认"
    with pytest.raises(KeyError):
        register.confirm(rid + 1000, [], by="enterprise")


def test_find_by_name_or_credit_code_treats_wildcards_as_text(
    register: Register, rx: prescriber.Prescriber
) -> None:
    for path in EXAMPLES[:4]:
        _record(register, rx, path)
    names = [r.enterprise for r in register.find("")]
    assert len(names) == 4
    some = names[0]
    assert [r.enterprise for r in register.find(some[2:5])] == [some]
    assert register.find("%") == [] and register.find("_") == []


def test_concurrent_writers_lose_nothing(register: Register, rx: prescriber.Prescriber) -> None:
    path = ROOT / "examples/putian-logistics.yaml"
    _record(register, rx, path)
    text = path.read_text(encoding="utf-8")
    body = register.get(register.all_ids()[0])
    assert body is not None
    ids: list[int] = []
    lock = threading.Lock()

    def write() -> None:
        for _ in range(10):
            rid = register.add(NewRecord("<body>", text, body.prescription_json, "self-service")).id
            with lock:
                ids.append(rid)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(ids)) == 60 and register.count() == 61


def test_a_bad_record_among_concurrent_ones_fails_alone(
    register: Register, rx: prescriber.Prescriber
) -> None:
    text, body, _ = _record(register, rx, ROOT / "examples/putian-logistics.yaml")
    orphan = body.replace(rx.fingerprint, "sha256:ffffffffffffffff")  # no snapshot: the database refuses it
    results: list[object] = []
    lock = threading.Lock()

    def write(payload: str) -> None:
        try:
            out: object = register.add(NewRecord("<body>", text, payload, "api")).id
        except Exception as exc:
            out = exc
        with lock:
            results.append(out)

    threads = [threading.Thread(target=write, args=(orphan if i % 5 == 0 else body,)) for i in range(25)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (
        sum(isinstance(r, int) for r in results) == 20 and sum(isinstance(r, Exception) for r in results) == 5
    )
    assert register.count() == 21
