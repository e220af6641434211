"""The JSON Schemas editors use: built from the catalogue in use (services, fields and vocabulary
values as enums with Chinese names, Chinese descriptions), committed next to the files they
describe so that the ``yaml-language-server`` header works in any copy of the folder, current, and
agreeing with the compiler on the shipped files, the guide's examples and the authoring mistakes."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import prescriber
from prescriber import yamlsrc
from prescriber.cli import main
from prescriber.errors import SourceError
from prescriber.schemas import KINDS, editor_schema

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = {"rules": "rules", "scenarios": "scenarios", "catalog": "catalog", "profile": "examples"}
COMMITTED = {
    "rules": "rules/rules.schema.json",
    "scenarios": "scenarios/scenarios.schema.json",
    "catalog": "catalog/catalog.schema.json",
    "profile": "examples/schemas/profile.schema.json",
}
FILES = {kind: sorted((ROOT / folder).rglob("*.yaml")) for kind, folder in FOLDERS.items()}


def _catalog() -> Any:
    return prescriber.load(engine="python").book.catalog


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / COMMITTED[kind]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_committed_schema_is_current(kind: str) -> None:
    committed = (ROOT / COMMITTED[kind]).read_text(encoding="utf-8")
    assert committed == editor_schema(kind, _catalog()), f"run: prescriber schema {kind} -o {COMMITTED[kind]}"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("kind", "path"),
    [(k, p) for k, ps in FILES.items() for p in ps],
    ids=[str(p.relative_to(ROOT)) for ps in FILES.values() for p in ps],
)
def test_shipped_file_has_a_header_that_works_in_a_copy_and_validates(kind: str, path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == (ROOT / COMMITTED[kind]).resolve()
    # Inside the file's own top folder: a copy of the folder keeps its schema.
    assert target.is_relative_to((ROOT / FOLDERS[kind]).resolve())
    assert list(_validator(kind).iter_errors(yamlsrc.load(path).data)) == []


def test_rules_schema_lists_the_catalogue_in_chinese() -> None:
    schema = json.loads((ROOT / COMMITTED["rules"]).read_text(encoding="utf-8"))
    service = schema["$defs"]["Service"]
    assert "harmony-checkup" in service["enum"] and "企业新型学徒制" in service["enum"]
    assert service["enumDescriptions"][service["enum"].index("new-apprenticeship")] == "企业新型学徒制"
    fields = schema["$defs"]["Condition"]["properties"]
    assert {"employees", "职工人数", "pain_points", "flags.has_union", "metrics.turnover_rate"} <= set(fields)
    assert fields["employees"]["description"] == "职工人数（人）"
    pains = schema["$defs"]["v.pain_points"]
    assert "skill-shortage" in pains["enum"] and "技能人才短缺" in pains["enum"]
    assert schema["$defs"]["Rule"]["properties"]["reason"]["description"].startswith("写进企业服务清单的理由")


def _rule(when: Any, **more: Any) -> list[dict[str, Any]]:
    return [
        {"id": "a.b", "title": "t", "service": "job-fair", "weight": 3, "reason": "r", "when": when, **more}
    ]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("rule", "ok"),
    [
        (_rule({"pain_points": {"contains": "招工难"}}), True),
        (_rule({"职工人数": {"gte": 50}}, service="专场招聘与精准对接"), True),
        (_rule({"industry": {"in": ["C", "36", 36, "建筑业"]}}), True),
        (_rule({"region": {"in": ["quanzhou", "泉州市", 350500]}}), True),
        (_rule({"pain_points": {"contain": "招工难"}}), False),  # a typo in an operator
        (_rule({"employee": {"gte": 50}}), False),  # an unknown field
        (_rule({"pain_points": "招工很难"}), False),  # a value not in the vocabulary
        (_rule({"region": {"in": ["晋江市"]}}), False),  # a county in a rule
        (_rule({"metrics.turnover_rate": {"gte": 30}}), False),  # a ratio written as a percentage
        (_rule({"employees": {"contains": 3}}), False),  # an operator the field does not take
        (_rule({"employees": 5}, service="job-fiar"), False),  # an unknown service
    ],
)
def test_schema_agrees_with_the_compiler_on_small_rules(rule: Any, ok: bool, tmp_path: Path) -> None:
    assert (list(_validator("rules").iter_errors(rule)) == []) == ok
    (tmp_path / "r.yaml").write_text(json.dumps(rule, ensure_ascii=False), encoding="utf-8")
    try:
        prescriber.Prescriber.from_paths(rules=tmp_path, engine="python")
    except prescriber.RuleBaseError:
        compiled = False
    else:
        compiled = True
    assert compiled == ok


def test_schema_underlines_most_authoring_mistakes_and_accepts_the_guide() -> None:
    validator = _validator("rules")
    parsed = {}
    for path in sorted((ROOT / "tests/authoring").glob("*.yaml")):
        try:
            parsed[path.stem] = yamlsrc.load(path).data
        except SourceError:
            continue
    accepted = {name for name, data in parsed.items() if not list(validator.iter_errors(data))}
    # What only the compiler can see: dates, order of bounds, ids across rules, placeholders, core services.
    assert accepted == {
        "bad-date",
        "between-reversed",
        "doubled-unit",
        "duplicate-rule-id",
        "exclude-core-service",
        "service-and-exclude",
        "space-in-placeholder",
        "unknown-placeholder",
    }
    import re

    guide = (ROOT / "docs/authoring.md").read_text(encoding="utf-8")
    for block in re.findall(r"```yaml\n(.*?)```", guide, flags=re.S):
        if block.lstrip().startswith("- id:"):
            assert list(validator.iter_errors(yamlsrc.loads(block).data)) == []


def test_schema_command_writes_next_to_a_copy_of_the_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "my-rules"
    shutil.copytree(ROOT / "rules", copy)
    (copy / "rules.schema.json").unlink()
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    assert main(["schema", "rules", "-o", str(copy)], out=out, err=err) == 0
    assert out.getvalue() == ""
    assert err.getvalue().splitlines()[1] == "# yaml-language-server: $schema=rules.schema.json"
    assert (copy / "rules.schema.json").read_text(encoding="utf-8") == (ROOT / COMMITTED["rules"]).read_text(
        encoding="utf-8"
    )


def test_schema_is_built_from_the_catalogue_given(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    skills = catalog / "services" / "skills.yaml"
    skills.write_text(
        skills.read_text(encoding="utf-8").replace("name: 企业新型学徒制", "name: 新型学徒制（试点）"),
        encoding="utf-8",
    )
    out = io.StringIO()
    assert main(["schema", "rules", "--catalog", str(catalog)], out=out, err=io.StringIO()) == 0
    assert "新型学徒制（试点）" in json.loads(out.getvalue())["$defs"]["Service"]["enum"]
