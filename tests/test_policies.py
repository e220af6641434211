"""The policy register: its shape, citations by id (located, with did-you-mean), and the rule that a
service resting only on lapsed instruments is never offered — on any date, for any profile."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from budget import examples
from hypothesis import given
from hypothesis import strategies as st
from profiles import profiles

import prescriber
from prescriber.errors import RuleBaseError

ROOT = Path(__file__).resolve().parent.parent


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    return tmp_path / "rules", tmp_path / "catalog"


def _edit(path: Path, old: str, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _problems(rules: Path, catalog: Path) -> list[Any]:
    with pytest.raises(RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(rules, catalog, engine="python")
    return list(caught.value.problems)


def test_a_service_citing_an_unregistered_id_is_a_located_error_with_did_you_mean(tmp_path: Path) -> None:
    rules, catalog = _copy(tmp_path)
    line = _edit(
        catalog / "services/skills.yaml",
        "policy_basis: [skills-eval-2019-90]",
        "policy_basis: [skills-eval-2019-09]",
    )
    [p] = _problems(rules, catalog)
    assert (Path(p.file).name, p.line, p.code) == ("skills.yaml", line, "policy.unknown")
    assert "skills-eval-2019-09" in p.message and "skills-eval-2019-90" in p.hint


def test_a_rule_citing_a_document_number_is_told_the_register_id(tmp_path: Path) -> None:
    rules, catalog = _copy(tmp_path)
    line = _edit(rules / "skills.yaml", "source: skills-eval-2019-90", "source: 人社部发〔2019〕90号")
    [p] = _problems(rules, catalog)
    assert (Path(p.file).name, p.line, p.code, p.path.split(".")[-1]) == (
        "skills.yaml",
        line,
        "policy.unknown",
        "source",
    )
    assert "skills-eval-2019-90" in p.hint


def test_a_rule_citing_a_list_locates_the_bad_item(tmp_path: Path) -> None:
    rules, catalog = _copy(tmp_path)
    _edit(rules / "insurance.yaml", "source: [ui-2024-40, ui-2025-18]", "source: [ui-2024-40, ui-2025-81]")
    [p] = _problems(rules, catalog)
    assert p.path.endswith("source[1]") and "ui-2025-18" in p.hint


def test_register_shape_errors_are_located(tmp_path: Path) -> None:
    rules, catalog = _copy(tmp_path)
    line = _edit(catalog / "policies.yaml", "    valid_until: 2019-12-31\n", "")
    problems = _problems(rules, catalog)
    assert [(Path(p.file).name, p.code) for p in problems] == [("policies.yaml", problems[0].code)]
    assert "valid_until" in problems[0].message and problems[0].line < line


def test_an_inline_basis_is_refused_once_there_is_a_register(tmp_path: Path) -> None:
    rules, catalog = _copy(tmp_path)
    _edit(
        catalog / "services/pay.yaml",
        "policy_basis: [skilled-pay-2021]",
        "policy_basis: [{title: 技能人才薪酬分配指引, issuer: 人力资源社会保障部办公厅, "
        "number: 人社厅发〔2021〕7号}]",
    )
    [p] = _problems(rules, catalog)
    assert p.code == "catalog.inline-basis" and "skilled-pay-2021" in p.hint


def test_replaced_by_must_name_a_registered_instrument(tmp_path: Path) -> None:
    rules, catalog = _copy(tmp_path)
    _edit(catalog / "policies.yaml", "replaced_by: ui-2025-18", "replaced_by: ui-2026-01")
    [p] = _problems(rules, catalog)
    assert p.code == "policy.unknown" and p.path.endswith("replaced_by")


def test_the_shipped_base_cites_only_the_register(rx_python: prescriber.Prescriber) -> None:
    book = rx_python.book
    register = book.catalog.policy_by_id
    for s in book.catalog.services:
        assert all(isinstance(b, str) and b in register for b in s.policy_basis), s.id
    assert all(r.source and r.cited for r in book.rules)
    cited = {b for s in book.catalog.services for b in s.policy_basis} | {
        c[0] for r in book.rules for c in r.cited
    }
    # every instrument is cited, or kept on purpose as superseded (replaced_by / status) for the record
    unused = [p.id for p in book.catalog.policies if p.id not in cited and p.status == "现行"]
    assert unused == []


JINJIANG = ROOT / "examples/jinjiang-footwear-sme.yaml"


@pytest.mark.parametrize(
    ("day", "offered"), [("2024-06-01", True), ("2025-06-01", True), ("2026-06-01", False)]
)
def test_the_refund_is_offered_while_its_notice_runs_and_listed_for_staff_after(
    rx_python: prescriber.Prescriber, day: str, offered: bool
) -> None:
    p = rx_python.prescribe(JINJIANG, as_of=day)
    items = [i.service for i in p.items]
    assert ("stable-jobs-refund" in items) is offered
    lapsed = {x.service: x for x in p.lapsed}
    assert ("stable-jobs-refund" in lapsed) is not offered
    if not offered:
        x = lapsed["stable-jobs-refund"]
        assert x.status == "政策已到期，待新政策" and x.rules
        assert any(s == "人社部发〔2025〕18号（截至 2025-12-31）" for s in x.policies)
        why = rx_python.why_not(JINJIANG, "stable-jobs-refund", as_of=day)
        assert why.status == "lapsed"


def test_a_basis_not_yet_in_force_is_withheld_but_not_called_lapsed(rx_python: prescriber.Prescriber) -> None:
    catalog = rx_python.book.catalog
    assert catalog.withheld("social-insurance-subsidy", date(2024, 6, 1))
    assert not catalog.lapsed("social-insurance-subsidy", date(2024, 6, 1))
    assert catalog.lapsed("social-insurance-subsidy", date(2026, 6, 1))


DAYS = st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31))


@pytest.mark.slow
@examples(150)
@given(profile=profiles(), day=DAYS)
def test_no_prescribed_item_rests_only_on_lapsed_instruments(
    profile: dict[str, Any], day: date, rx_python: prescriber.Prescriber
) -> None:
    catalog = rx_python.book.catalog
    p = rx_python.prescribe(profile, as_of=day)
    for item in p.items:
        cited = catalog.instruments(item.service)
        assert not cited or any(x.in_force(day) for x in cited), (item.service, day)
        for r in item.rules:
            assert rx_python.book.by_id[r.id].in_force(day), (r.id, day)
    for x in p.lapsed:
        assert x.service not in {i.service for i in p.items}


@examples(40)
@given(profile=profiles(), day=DAYS)
def test_the_prescription_json_is_deterministic_with_lapsed_services(
    profile: dict[str, Any], day: date, rx_python: prescriber.Prescriber
) -> None:
    one = rx_python.prescribe(profile, as_of=day).model_dump_json()
    assert one == rx_python.prescribe(profile, as_of=day + timedelta(0)).model_dump_json()


def test_lapsed_services_show_in_the_staff_view_only(rx_python: prescriber.Prescriber) -> None:
    from prescriber import render

    p = rx_python.prescribe(JINJIANG, as_of="2026-06-01")
    line = "政策已到期，待新政策：失业保险稳岗返还（人社部发〔2024〕40号（截至 2024-12-31）"
    assert line in render.render(p, "table", explain=True)
    assert "政策已到期" not in render.render(p, "table") and "稳岗返还" not in render.render(p, "markdown")
    assert '"status": "政策已到期，待新政策"' in render.render(p, "json")
