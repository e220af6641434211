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


def test_the_output_models_measured_are_those_a_prescription_builds(
    bench: tuple[ModuleType, ModuleType],
) -> None:
    """bench_explain's floor ("output models alone") counts every model a prescription makes for itself,
    innermost first, and none of those the rule book's memo shares (evidence, policy bases)."""
    import bench_explain

    from prescriber import load
    from prescriber.models import Evidence, Item, PolicyBasis, Prescription

    rx = load()
    out = rx.prescribe(ROOT / "examples" / "fuzhou-vehicle-maker.yaml", as_of="2026-06-01")
    models = bench_explain._output_models(out, [])
    kinds = [cls for cls, _ in models]
    assert kinds[-1] is Prescription and kinds.count(Prescription) == 1
    assert kinds.count(Item) == len(out.items) > 0
    fired = sum(len(i.rules) for i in out.items)
    assert len(models) == 1 + len(out.items) + fired + len(out.excluded) + len(out.needs_information) + len(
        out.questions
    ) + len(out.lapsed)
    assert not any(issubclass(cls, Evidence | PolicyBasis) for cls in kinds)
    seen: set[int] = set()
    for cls, fields in models:  # each model's inner models come before it
        for v in fields.values():
            for inner in v if isinstance(v, tuple) else (v,):
                if type(inner) in kinds and not isinstance(inner, Evidence | PolicyBasis):
                    assert id(inner) in seen
        seen.add(id(_find(out, cls, fields)))


def _find(root: object, cls: type, fields: dict[str, object]) -> object:
    from pydantic import BaseModel

    stack = [root]
    while stack:
        x = stack.pop()
        if isinstance(x, BaseModel):
            if type(x) is cls and x.__dict__ == fields:
                return x
            stack.extend(x.__dict__.values())
        elif isinstance(x, tuple):
            stack.extend(x)
    raise AssertionError(f"{cls.__name__} not in the prescription")
