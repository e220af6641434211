"""The examples in docs/authoring.md are real: every rule block compiles against the shipped catalogue
and the operators it teaches are all there."""

from __future__ import annotations

import re
from pathlib import Path

import prescriber
from prescriber.models import OPERATORS

DOC = Path(__file__).resolve().parent.parent / "docs/authoring.md"


def _rule_blocks() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    return [b for b in blocks if b.lstrip().startswith("- id:")]


def test_every_rule_example_compiles(tmp_path: Path) -> None:
    blocks = _rule_blocks()
    assert len(blocks) >= 5
    for i, block in enumerate(blocks):
        (tmp_path / f"doc{i}.yaml").write_text(block, encoding="utf-8")
    book = prescriber.Prescriber.from_paths(rules=tmp_path, engine="python").book
    used = {leaf.op for r in book.rules for leaf in _leaves(r.expr)}
    assert used >= set(OPERATORS)
    assert {"guide.veto", "guide.version.new"} <= set(book.by_id)


def _leaves(e: object) -> list:  # type: ignore[type-arg]
    items = getattr(e, "items", None)
    return [e] if items is None else [x for i in items for x in _leaves(i)]


def test_the_guide_s_catalogue_service_example_is_a_valid_catalogue_entry() -> None:
    import re

    from prescriber import yamlsrc
    from prescriber.models import CatalogFile

    (block,) = [
        b
        for b in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
        if b.startswith("services:")
    ]
    (service,) = CatalogFile.model_validate(yamlsrc.loads(block).data).services
    shipped = prescriber.load(engine="python").book.catalog.service_by_id[service.id]
    assert service == shipped  # the guide shows the shipped entry, so it says nothing the catalogue does not
