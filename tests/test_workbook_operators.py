"""The spreadsheet speaks the operator registry: a column header takes exactly the operators the registry
offers a field of its kind, in the registry's words, and every one of them goes to a workbook and back
to the same rule book. Nothing here names an operator: one added to the registry is tested here too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from test_workbook import CATALOG, make, problems, rulebook, same

from prescriber import loader
from prescriber.operators import BY_KIND, KINDS, REGISTRY, Kind, Shape
from prescriber.workbook import write
from prescriber.workbook.columns import Column, header, vocabulary

ROOT = Path(__file__).resolve().parent.parent
VOCAB = vocabulary(CATALOG)
FIELD: dict[Kind, str] = {
    "industry": "industry",
    "choice": "region",
    "number": "employees",
    "bool": "above_scale",
    "set": "pain_points",
    "text": "name",
}
"""One field of each kind, as a profile has it."""
ONE: dict[Kind, tuple[Any, Any]] = {
    "industry": ("C", "36"),
    "choice": ("fuzhou", "xiamen"),
    "number": (20, 300),
    "bool": (True, False),
    "set": ("skill-shortage", "recruitment-difficulty"),
    "text": ("^福州", "有限公司$"),
}
"""Two values a field of each kind may be compared with."""


def _value(kind: Kind, shape: Shape) -> Any:
    """What an author writes after an operator of ``shape`` on a field of ``kind``."""
    first, second = ONE[kind]
    match shape:
        case Shape.ONE | Shape.PATTERN:
            return first
        case Shape.LIST | Shape.PAIR:
            return [first, second]
        case Shape.FLAG:
            return True


def test_every_kind_has_a_field_here() -> None:
    assert set(FIELD) == set(KINDS)
    assert all(VOCAB.fields[name][1] == kind for kind, name in FIELD.items())
    pains = {p.id for p in CATALOG.pain_points}
    assert set(ONE["set"]) <= pains


@pytest.mark.parametrize("kind", KINDS)
def test_a_header_takes_exactly_the_operators_the_registry_offers_its_field(kind: Kind) -> None:
    label = VOCAB.labels[FIELD[kind]]
    read: set[str] = set()
    for op in REGISTRY:
        for word in (*op.words, op.name):
            for text in (f"{label} {word}", f"{label}{word}", f"{FIELD[kind]} {word}"):
                got = header(text, 1, VOCAB)
                if isinstance(got, Column):
                    assert (got.field, got.op) == (FIELD[kind], op.name), text
                    read.add(op.name)
                else:
                    assert got.code == "rule.bad-operator", text
                    assert op.name not in BY_KIND[kind], text
    assert read == set(BY_KIND[kind])


def test_every_operator_has_words_and_no_word_means_two_operators() -> None:
    words = [w.lower() for op in REGISTRY for w in (*op.words, op.name)]
    assert all(op.words for op in REGISTRY)
    assert len(words) == len(set(words))


def _rules() -> list[dict[str, Any]]:
    """One rule for every operator on a field of every kind that takes it."""
    out = []
    for kind in KINDS:
        for op in REGISTRY:
            if op.name in BY_KIND[kind]:
                out.append(
                    {
                        "id": f"op.{kind}.{op.name}",
                        "title": f"{kind} {op.name}",
                        "service": "job-fair",
                        "weight": 10,
                        "when": {FIELD[kind]: {op.name: _value(kind, op.shape)}},
                        "reason": "r",
                    }
                )
    return out


def test_every_operator_on_every_kind_goes_to_a_workbook_and_back(tmp_path: Path) -> None:
    base = _rules()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "ops.yaml").write_text(json.dumps(base, ensure_ascii=False), encoding="utf-8")
    before = rulebook(tmp_path / "rules")
    _, loaded = loader.load_rulebase(tmp_path / "rules", ROOT / "catalog")
    done = write.export([(r.origin.doc, int(r.origin.path[0])) for r in loaded], CATALOG, tmp_path / "out")
    assert done.kept == () and done.rows == len(base)
    same(before, rulebook(tmp_path / "out"))
    written = {op for r in before.rules for op in [r.expr.op]}  # type: ignore[union-attr]
    assert written == {o.name for o in REGISTRY}


def test_an_operator_the_field_does_not_take_is_refused_at_its_header(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(
        tmp_path / "b.xlsx",
        {
            "s": [
                ["编号", "标题", "推荐服务", "权重", "企业名称 ≥", "理由"],
                ["a", "t", "job-fair", 10, 5, "r"],
            ]
        },
    )
    monkeypatch.chdir(tmp_path)
    assert problems(Path(".")) == [
        "b.xlsx!s!E1: error: 企业名称（name）不能用 ≥\n  hint: 可用: 已填, 符合正则"
    ]


def test_the_guide_s_table_of_header_words_has_every_operator() -> None:
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    table = guide.split("### 条件列", 1)[1].split("\n###", 1)[0]
    for op in REGISTRY:  # the word an export writes, as the guide teaches it
        assert f"`{op.words[0]}`" in table, op.name
