"""One Prescriber shared by 8 threads gives exactly the single-threaded results; a process pool works;
reload frees the old engine once nobody uses it."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import prescriber
from prescriber import batch

ROOT = Path(__file__).resolve().parent.parent
PROFILES = [r.profile for r in batch.read_table(ROOT / "examples/enterprises.csv")][:100]


@pytest.mark.slow
def test_eight_threads_thousands_each(rx: Any) -> None:
    expected = [rx.prescribe(p, as_of="2026-06-01").model_dump_json() for p in PROFILES]
    failures: list[str] = []

    def work(offset: int) -> None:
        try:
            for k in range(1000):
                i = (k * 7 + offset) % len(PROFILES)
                if rx.prescribe(PROFILES[i], as_of="2026-06-01").model_dump_json() != expected[i]:
                    failures.append(f"thread {offset}, profile {i}")
        except BaseException as exc:
            failures.append(repr(exc))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []


_WORKER: prescriber.Prescriber | None = None


def _init() -> None:
    global _WORKER
    _WORKER = prescriber.load()


def _prescribe(profile: dict[str, Any]) -> str:
    assert _WORKER is not None
    return _WORKER.prescribe(profile, as_of="2026-06-01").model_dump_json()


def test_process_pool(rx: Any) -> None:
    expected = [rx.prescribe(p, as_of="2026-06-01").model_dump_json() for p in PROFILES[:40]]
    with ProcessPoolExecutor(2, initializer=_init) as pool:
        assert list(pool.map(_prescribe, PROFILES[:40], chunksize=5)) == expected


def test_reload_frees_the_old_engine(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    rx = prescriber.Prescriber.from_paths(rules=rules)
    old = rx._state
    assert old.matcher.rulesets > 0
    (rules / "showcase.yaml").unlink()
    rx.reload()
    assert old.matcher.rulesets == 0 and rx._state.matcher.rulesets > 0
    assert rx.prescribe(PROFILES[0]).items
    rx.close()


def test_loading_gives_the_cycle_collector_back_as_it_found_it() -> None:
    """Loading pauses the collector; concurrent loads leave it on, a host that switched it off keeps
    it off, and a failed load gives it back too."""
    import gc

    assert gc.isenabled()
    errors: list[BaseException] = []

    def load() -> None:
        try:
            prescriber.Prescriber.from_paths(engine="python").reload()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and gc.isenabled()
    with pytest.raises(prescriber.RuleBaseError):
        prescriber.Prescriber.from_paths(rules=Path(__file__).parent / "no-such-rules")
    assert gc.isenabled()
    gc.disable()
    try:
        prescriber.Prescriber.from_paths(engine="python")
        assert not gc.isenabled()
    finally:
        gc.enable()
