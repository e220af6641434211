"""The benchmarks' synthetic populations still build from the shipped vocabularies (the plain province had
stopped building when the ownership vocabulary grew from 6 to 10 entries), and hold only values they know."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bench() -> Iterator[tuple[ModuleType, ModuleType]]:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import population
        import synth

        yield population, synth
    finally:
        sys.path.remove(str(ROOT / "bench"))


def test_the_populations_build_from_the_vocabularies(bench: tuple[ModuleType, ModuleType]) -> None:
    population, synth = bench
    owners = {o.id for o in synth.CATALOG.ownerships}
    plain = population.population(500, seed=3)
    heavy = synth.heavy_frame(500, seed=3)
    for frame in (plain, heavy):
        assert len(frame) == 500
        assert set(frame["ownership"].dropna()) <= owners
    assert set(synth.OWNER_SHARE) == owners  # every ownership has its share, none is invented
