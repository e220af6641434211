"""Invariants of whole prescriptions on the shipped rule base."""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st
from profiles import CATALOG, profiles

import prescriber
from prescriber.semantics import TRUE, evaluate

AS_OF = "2026-06-01"


@pytest.mark.slow
@examples(80)
@given(profile=profiles())
def test_same_input_same_bytes_and_both_engines_agree(
    rx: Any, rx_python: Any, profile: dict[str, Any]
) -> None:
    a = rx.prescribe(profile, as_of=AS_OF)
    assert rx.prescribe(profile, as_of=AS_OF).model_dump_json() == a.model_dump_json()
    b = rx_python.prescribe(profile, as_of=AS_OF)
    assert a.model_dump(exclude={"engine", "versions"}) == b.model_dump(exclude={"engine", "versions"})


@pytest.mark.slow
@examples(60)
@given(profile=profiles(), seed=st.integers(0, 10**6))
def test_order_of_pain_points_does_not_matter(rx: Any, profile: dict[str, Any], seed: int) -> None:
    shuffled = dict(
        profile, pain_points=random.Random(seed).sample(profile["pain_points"], len(profile["pain_points"]))
    )
    assert (
        rx.prescribe(shuffled, as_of=AS_OF).model_dump_json()
        == rx.prescribe(profile, as_of=AS_OF).model_dump_json()
    )


@pytest.mark.slow
@examples(80)
@given(profile=profiles(), top=st.one_of(st.none(), st.integers(1, 6)))
def test_structure_of_every_prescription(rx: Any, profile: dict[str, Any], top: int | None) -> None:
    p = rx.prescribe(profile, as_of=AS_OF, top=top)
    _, facts, _ = rx.facts(profile)
    core_ids = [s.id for s in CATALOG.services if s.core]
    # core items: always present, and first
    assert [i.service for i in p.items if i.core] == core_ids
    assert all(i.core for i in p.items[: len(core_ids)])
    # top N counts the non-core services only; ranks are 1..n
    assert top is None or len(p.items) - len(core_ids) <= top
    assert [i.rank for i in p.items] == list(range(1, len(p.items) + 1))
    # vetoed services never appear
    vetoed = {e.service for e in p.excluded}
    assert not vetoed & {i.service for i in p.items}
    # explanations cite only rules that fired, and every cited condition holds
    book = rx.book
    for item in p.items:
        assert item.score == round(sum(r.points for r in item.rules), 2)
        for fired in item.rules:
            rule = book.by_id[fired.id]
            assert rule.service == item.service and rule.effect == "recommend"
            assert evaluate(rule.expr, facts)[0] == TRUE
            assert fired.evidence and all(e.outcome == "true" for e in fired.evidence)
    for e in p.excluded:
        assert evaluate(book.by_id[e.rule].expr, facts)[0] == TRUE
    # scores never increase down the list (after the core)
    scores = [i.score for i in p.items if not i.core]
    assert scores == sorted(scores, reverse=True)


def test_order_of_rule_files_does_not_matter(tmp_path: Path, root: Path) -> None:
    files = sorted((root / "rules").glob("*.yaml"))
    shuffled = tmp_path / "rules"
    shuffled.mkdir()
    for i, f in enumerate(reversed(files)):  # reversed order, and new names that sort that way
        shutil.copy(f, shuffled / f"{i:02d}-{f.name}")
    with prescriber.Prescriber.from_paths(rules=shuffled) as other, prescriber.load() as rx:
        assert other.fingerprint == rx.fingerprint
        for example in sorted(p for p in (root / "examples").glob("*") if p.suffix in (".yaml", ".json")):
            assert other.prescribe(example, as_of=AS_OF) == rx.prescribe(example, as_of=AS_OF)


@pytest.mark.slow
@examples(40)
@given(profile=profiles())
def test_cited_evidence_is_what_walking_the_rule_gives(
    rx: Any, rx_python: Any, profile: dict[str, Any]
) -> None:
    # prescribe() cites a plain conjunction condition by condition from its rule book's memo;
    # why_not() walks every rule's tree with semantics.evaluate — here on another rule book, whose
    # memo is its own. The two must agree on every fired rule.
    p = rx.prescribe(profile, as_of=AS_OF)
    for item in p.items:
        walked = {c.rule: c for c in rx_python.why_not(profile, item.service, as_of=AS_OF).rules}
        for fired in item.rules:
            assert walked[fired.id].outcome == TRUE
            assert walked[fired.id].evidence == fired.evidence


def test_the_evidence_memo_is_bounded_and_changes_nothing(root: Path, monkeypatch: Any) -> None:
    from prescriber import compiler

    examples = sorted(p for p in (root / "examples").glob("*") if p.suffix in (".yaml", ".json"))
    with prescriber.load() as rx:
        before = [rx.prescribe(e, as_of=AS_OF).model_dump_json() for e in examples]
        assert len(rx.book.memo) > 7
    monkeypatch.setattr(compiler, "MEMO_MAX", 7)
    with prescriber.load() as rx:
        after = [rx.prescribe(e, as_of=AS_OF).model_dump_json() for e in examples]
        assert 0 < len(rx.book.memo) <= 7
    assert after == before


def test_the_memo_stays_behind_when_the_rule_book_travels(rx: Any, root: Path) -> None:
    import pickle

    rx.prescribe(root / "examples" / "fuzhou-vehicle-maker.yaml", as_of=AS_OF)
    assert rx.book.memo
    copy = pickle.loads(pickle.dumps(rx.book))
    assert "memo" not in copy.__dict__ and copy.memo == {} and copy.rules == rx.book.rules


@pytest.mark.parametrize("first", ["int", "float"])
def test_a_threshold_is_cited_as_written(tmp_path: Path, root: Path, first: str) -> None:
    # 50 == 50.0, but a rule written with 50.0 cites 50.0, whichever rule is explained first.
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    written = {"int": "50", "float": "50.0"}
    order = [first, "float" if first == "int" else "int"]
    (rules / "zz-thresholds.yaml").write_text(
        "".join(
            f"- id: zz.{i}-{kind}\n  title: 门槛 {written[kind]}\n  service: order-class\n  weight: 5\n"
            f"  when:\n    employees: {{gte: {written[kind]}}}\n  reason: 测试\n"
            for i, kind in enumerate(order)
        ),
        encoding="utf-8",
    )
    with prescriber.Prescriber.from_paths(rules=rules) as rx:
        p = rx.prescribe({"name": "测试企业", "employees": 80}, as_of=AS_OF)
    cited = {r.id: r.evidence[0].expected for i in p.items for r in i.rules if r.id.startswith("zz.")}
    assert {k: (v, type(v).__name__) for k, v in cited.items()} == {
        f"zz.{i}-{kind}": (50, kind) for i, kind in enumerate(order)
    }
    assert '"expected":50.0' in p.model_dump_json() and '"expected":50,' in p.model_dump_json()


def test_the_rules_of_a_rule_base_share_equal_conditions(rx: Any) -> None:
    def leaves(e: Any) -> list[Any]:
        return [e] if not hasattr(e, "items") else [c for i in e.items for c in leaves(i)]

    first: dict[tuple[Any, str], Any] = {}
    for rule in rx.book.rules:
        for c in leaves(rule.expr):
            assert first.setdefault((c, repr(c.value)), c) is c, (
                f"{rule.id}: an equal condition is a separate object"
            )
    assert len(first) < sum(len(leaves(r.expr)) for r in rx.book.rules)  # there is something to share
