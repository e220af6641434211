"""A golden prescription for every example profile: the whole JSON, byte for byte.

After an intended change to rules, catalogue or output, regenerate with
``PRESCRIBER_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import prescriber

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").glob("*") if p.suffix in (".yaml", ".yml", ".json"))
GOLDEN = Path(__file__).parent / "golden"
AS_OF = "2026-06-01"


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_matches_its_golden_prescription(
    example: Path, rx: prescriber.Prescriber, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    text = rx.prescribe(example.relative_to(ROOT), as_of=AS_OF).model_dump_json(indent=2) + "\n"
    golden = GOLDEN / f"{example.stem}.json"
    if os.environ.get("PRESCRIBER_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"no golden file for {example.name}: run with PRESCRIBER_UPDATE_GOLDEN=1"
    assert text == golden.read_text(encoding="utf-8")


def test_every_golden_file_has_its_example() -> None:
    assert {g.stem for g in GOLDEN.glob("*.json")} == {e.stem for e in EXAMPLES}
