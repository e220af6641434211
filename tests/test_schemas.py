"""The JSON Schemas editors use (schemas/*.json) match the models, every shipped file names its schema
in a ``yaml-language-server`` header, and every shipped file validates against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from prescriber import yamlsrc
from prescriber.models.schema import KINDS, json_schema

ROOT = Path(__file__).resolve().parent.parent
FILES = {"rules": sorted((ROOT / "rules").glob("*.yaml")), "scenarios": sorted((ROOT / "scenarios").glob("*.yaml")),
         "catalog": sorted((ROOT / "catalog").rglob("*.yaml")), "profile": sorted((ROOT / "examples").glob("*.yaml"))}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema(kind), f"run: prescriber schema {kind} > schemas/{kind}.schema.json"


@pytest.mark.parametrize(("kind", "path"), [(k, p) for k, ps in FILES.items() for p in ps],
                         ids=[str(p.relative_to(ROOT)) for ps in FILES.values() for p in ps])
def test_shipped_file_has_its_schema_header_and_validates(kind: str, path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (ROOT / "schemas" / f"{kind}.schema.json").resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    data = yamlsrc.load(path).data
    jsonschema.validate(data, schema)


def test_schema_catches_a_typo() -> None:
    schema = json.loads((ROOT / "schemas/rules.schema.json").read_text(encoding="utf-8"))
    rule = {"id": "a.b", "title": "t", "service": "x", "weight": 3, "reason": "r",
            "when": {"pain_points": {"contain": "x"}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate([rule], schema)
