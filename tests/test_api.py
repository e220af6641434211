"""The library API: inputs, errors, why-not, dates, needs-information, reload."""

from __future__ import annotations

import math
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

import prescriber
from prescriber import yamlsrc

VEHICLE = {
    "name": "某汽车公司",
    "industry": "C36",
    "region": "福州",
    "ownership": "国企",
    "employees": 3200,
    "revenue": 1200000,
    "pain_points": [{"id": "appraisal-body", "severity": 5}, "校企合作", "技能人才短缺"],
    "flags": {"has_mediation_committee": True},
}


def test_public_names() -> None:
    for name in (
        "load",
        "Prescriber",
        "Prescription",
        "Profile",
        "Item",
        "WhyNot",
        "RuleBaseError",
        "ProfileError",
    ):
        assert name in prescriber.__all__ and hasattr(prescriber, name)


def test_every_kind_of_input_gives_the_same_prescription(rx: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(yamlsrc_dump(VEHICLE), encoding="utf-8")
    expected = rx.prescribe(VEHICLE, as_of="2026-06-01")
    assert rx.prescribe(prescriber.Profile.model_validate(VEHICLE), as_of="2026-06-01") == expected
    assert rx.prescribe(path, as_of="2026-06-01") == expected
    assert rx.prescribe(str(path), as_of="2026-06-01") == expected
    assert rx.prescribe(yamlsrc.loads(path.read_text(encoding="utf-8"), "x"), as_of="2026-06-01") == expected


def yamlsrc_dump(data: dict[str, Any]) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def test_profile_errors_are_located_with_did_you_mean(rx: Any, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "name: 某企业\nregion: 福洲\nindustry: C99\npain_points: [招工难, 缺技术]\n"
        "flags: {has_union: 是}\nmetrics: {turnover_rate: 35}\n",
        encoding="utf-8",
    )
    with pytest.raises(prescriber.ProfileError) as caught:
        rx.prescribe(path)
    got = [(p.line, p.column, p.message, p.hint) for p in caught.value.problems]
    assert got == [
        (2, 9, "未知的所在地区 '福洲'", "您是不是想写 'fuzhou'（福州市）？"),
        (
            3,
            11,
            "行业代码 'C99' 无效：没有行业大类 99",
            "按 GB/T 4754-2017 填写，例如 C36（汽车制造业）、65（软件和信息技术服务业）",
        ),
        (4, 20, "未知的诉求或痛点 '缺技术'", "您是不是想写 'skill-shortage'（技能人才短缺）？"),
        (5, 20, "已建工会（has_union）应为 true 或 false", "理解为“是”：请写 true"),
        (6, 26, "年度员工流失率（turnover_rate）= 35，应在 0–1 之间", "若指 35%，比例请写小数 0.35"),
    ]


def test_revenue_in_yuan_is_a_warning_not_an_error(rx: Any) -> None:
    p = rx.prescribe({"name": "某企业", "industry": "C13", "employees": 50, "revenue": 30_000_000})
    assert any("单位可能填成了“元”" in w for w in p.warnings)


def test_why_not(rx: Any) -> None:
    assert rx.why_not(VEHICLE, "skills-appraisal-body").status == "recommended"
    excluded = rx.why_not(VEHICLE, "mediation-committee")
    assert excluded.status == "excluded" and "已设调解委员会" in excluded.summary
    missing = rx.why_not(VEHICLE, "stable-jobs-refund")
    assert missing.status == "not-matched"
    texts = [e.text for r in missing.rules for e in r.evidence]
    assert "参加失业保险满 12 个月未知，需为是" in texts
    assert rx.why_not(VEHICLE, "skills-appraisal-body", top=1).status == "recommended"
    assert rx.why_not(VEHICLE, "order-class", top=1).status == "beyond-top"
    with pytest.raises(prescriber.UnknownServiceError, match="did you mean 'job-fair'"):
        rx.why_not(VEHICLE, "job-fiar")


def test_why_not_explains_a_failed_threshold(rx: Any) -> None:
    few = dict(VEHICLE, metrics={"vacancies": 30})
    w = rx.why_not(few, "job-fair")
    rule = next(r for r in w.rules if r.rule == "employment.fair.vacancies")
    assert rule.outcome == "false"
    assert [e.text for e in rule.evidence] == ["当前缺工人数需 ≥ 50 人，当前：30 人"]


def test_needs_information_names_the_missing_fact_and_goes_away_once_known(rx: Any) -> None:
    # "already has an apprenticeship" is a veto: unknown, it leaves the service in and asks the question
    p = rx.prescribe(VEHICLE, as_of="2026-06-01")
    need = {n.rule: n.missing for n in p.needs_information}
    assert need["skills.apprenticeship.already"] == ("flags.has_apprenticeship",)
    assert "new-apprenticeship" in {i.service for i in p.items}
    known = dict(VEHICLE, flags={**VEHICLE["flags"], "has_apprenticeship": False})
    q = rx.prescribe(known, as_of="2026-06-01")
    assert "skills.apprenticeship.already" not in {n.rule for n in q.needs_information}
    assert "new-apprenticeship" in {i.service for i in q.items}
    has = dict(VEHICLE, flags={**VEHICLE["flags"], "has_apprenticeship": True})
    assert "new-apprenticeship" in {e.service for e in rx.prescribe(has, as_of="2026-06-01").excluded}


def test_rules_outside_their_validity_do_not_fire(rx: Any) -> None:
    profile = {"name": "x", "industry": "C13", "employees": 100, "revenue": 3000}
    before = rx.why_not(profile, "harmony-checkup", as_of="2023-01-01")
    rule = next(r for r in before.rules if r.rule == "harmony.mediation.above-scale")
    assert rule.outcome == "true" and not rule.in_force
    after = rx.prescribe(profile, as_of="2024-01-01")
    fired = {r.id for i in after.items for r in i.rules}
    assert "harmony.mediation.above-scale" in fired
    assert "harmony.mediation.above-scale" not in {
        r.id for i in rx.prescribe(profile, as_of="2023-01-01").items for r in i.rules
    }


def test_as_of_must_be_a_date(rx: Any) -> None:
    with pytest.raises(prescriber.InputError, match="YYYY-MM-DD"):
        rx.prescribe(VEHICLE, as_of="1st June")


def test_custom_paths_from_another_directory(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    (rules / "showcase.yaml").unlink()
    monkeypatch.chdir(tmp_path)
    with prescriber.Prescriber.from_paths(rules=rules, catalog=root / "catalog") as rx:
        p = rx.prescribe(VEHICLE, as_of="2026-06-01")
        assert all(i.service != "model-showcase" or not i.rules for i in p.items)


def test_reload_swaps_only_a_valid_rule_base(tmp_path: Path, root: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    with prescriber.Prescriber.from_paths(rules=rules) as rx:
        first = rx.fingerprint
        (rules / "broken.yaml").write_text(
            "- id: x\n  title: t\n  service: nope\n  weight: 1\n  when: {size: micro}\n  reason: r\n",
            encoding="utf-8",
        )
        with pytest.raises(prescriber.RuleBaseError, match="未知的服务 'nope'"):
            rx.reload()
        assert rx.fingerprint == first
        assert rx.prescribe(VEHICLE).items  # still serving the old rule base
        (rules / "broken.yaml").unlink()
        (rules / "showcase.yaml").unlink()
        assert rx.reload() != first


@pytest.mark.slow
def test_reload_while_other_threads_prescribe(tmp_path: Path, root: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(root / "rules", rules)
    errors: list[BaseException] = []
    with prescriber.Prescriber.from_paths(rules=rules) as rx:
        expected = rx.prescribe(VEHICLE, as_of="2026-06-01").model_dump(exclude={"rulebase"})

        def work() -> None:
            try:
                for _ in range(150):
                    got = rx.prescribe(VEHICLE, as_of="2026-06-01").model_dump(exclude={"rulebase"})
                    assert got == expected
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for _ in range(5):
            rx.reload()
        for t in threads:
            t.join()
    assert not errors


def test_shape_and_meaning_problems_are_reported_together(rx: Any) -> None:
    with pytest.raises(prescriber.ProfileError) as caught:
        rx.prescribe({"name": "某企业", "employees": -3, "region": "福洲", "colour": "red"})
    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("colour", "未知的键 'colour'"),
        ("employees", "employees: 应 ≥ 0"),
        ("region", "未知的所在地区 '福洲'"),
    ]


def test_negative_zero_is_zero(rx: Any) -> None:
    p = rx.prescribe({"name": "零收入企业", "revenue": -0.0, "employees": 12}, as_of="2026-06-01")
    assert math.copysign(1, p.facts["revenue"]) == 1
    assert "-" not in p.facts_text["营业收入"]
