"""The shipped catalogue and rule base, checked as content: coverage of the 1+X menu, reachability,
sources, and facts equal to the reference tables."""

from __future__ import annotations

import collections
import re
from typing import Any

import pytest

import prescriber
from prescriber.lint import pains_read

RX = prescriber.load(engine="python")
BOOK = RX.book
CATALOG = BOOK.catalog


def test_size_of_the_menu() -> None:
    assert len(CATALOG.services) >= 45
    assert len({s.category for s in CATALOG.services}) >= 9
    assert len(BOOK.rules) >= 200
    assert len(CATALOG.pain_points) >= 20


@pytest.mark.parametrize(
    "name",
    [
        "劳动关系和谐企业",
        "调解委员会",
        "工资集体协商",
        "劳动用工体检",
        "三方四部门",
        "和谐同行",
        "技能等级认定",
        "新型学徒制",
        "职业技能竞赛",
        "技能提升补贴",
        "首席技师",
        "技能大师工作室",
        "职业培训补贴",
        "特殊工时",
        "裁员指导",
        "劳务派遣",
        "按项目参加工伤保险",
        "实名制",
        "工资保证金",
        "创业担保贷款",
        "零工市场",
        "专项职业能力考核",
        "劳动关系协调员",
        "新就业形态",
        "高技能人才培训基地",
        "订单班",
        "教材",
        "师资互聘",
        "实习实训基地",
        "产教融合型企业",
        "薪酬调查",
        "工资指导线",
        "技能人才薪酬分配指引",
        "专场招聘",
        "共享用工",
        "就业见习基地",
        "扩岗补助",
        "稳岗返还",
        "高校毕业生",
        "工伤预防",
        "企业年金",
        "社会保险参保",
        "高层次人才",
        "职称",
        "博士后",
        "人才服务专员",
        "线上企业服务平台",
        "政策宣讲",
        "一企一策服务专员",
        "典型培树",
        "产品展示",
        "守法诚信等级",
        "集体合同到期续订",
        "劳务派遣单位",
    ],
)
def test_every_item_of_the_1_plus_x_action_is_in_the_catalogue(name: str) -> None:
    assert any(name in s.name for s in CATALOG.services), name


def test_the_core_is_harmonious_labour_relations_and_levels_exist() -> None:
    core = [s for s in CATALOG.services if s.core]
    assert core and all(s.category == "harmony" for s in core)
    assert {"harmony-creation-municipal", "harmony-creation-provincial", "harmony-creation-national"} <= set(
        CATALOG.service_by_id
    )


def test_every_non_core_service_is_reachable_by_a_rule() -> None:
    reached = {r.service for r in BOOK.rules if r.effect == "recommend"}
    assert [s.id for s in CATALOG.services if not s.core and s.id not in reached] == []


def test_every_pain_point_leads_somewhere() -> None:
    used = set().union(*(pains_read(r.expr) for r in BOOK.rules if r.effect == "recommend"))
    assert [p.id for p in CATALOG.pain_points if p.id not in used] == []


def test_every_declared_flag_and_metric_is_read_by_a_rule() -> None:
    read = set().union(*(r.fields for r in BOOK.rules))
    declared = [f for f in BOOK.table.fields if f.startswith(("flags.", "metrics."))]
    assert [f for f in declared if f not in read] == []


def test_every_service_rests_on_a_policy_and_marks_unverified_numbers() -> None:
    for s in CATALOG.services:
        assert CATALOG.basis(s.id), s.id
        for p in CATALOG.basis(s.id):
            assert p.title and p.issuer
            if not p.verified:
                assert p.note, f"{s.id}: an unverified basis says what is unverified"


_NUMBER = re.compile(r"[\u4e00-\u9fa5]+〔\d{4}〕\d+号|[\u4e00-\u9fa5]*令第\d+号")


def test_every_document_number_a_rule_writes_is_in_the_register() -> None:
    registered = {p.number for p in CATALOG.policies if p.number}
    written = {(r.id, m) for r in BOOK.rules for m in _NUMBER.findall(f"{r.title} {r.reason}")}
    assert [c for c in written if not any(c[1] in n or n in c[1] for n in registered)] == []


def test_every_rule_has_a_title_a_reason_and_a_source() -> None:
    # The source names the policy that sets or grounds the condition; a condition that is the
    # department's service practice rather than a policy says so ("服务规范：…").
    assert [r.id for r in BOOK.rules if not (r.title and r.reason and r.source)] == []
    practice = [r for r in BOOK.rules if r.source and r.source.startswith("服务规范")]
    assert practice
    assert len(practice) < len(BOOK.rules) * 0.25


def test_vetoes_where_a_service_makes_no_sense() -> None:
    vetoes = collections.defaultdict(set)
    for r in BOOK.rules:
        if r.effect == "exclude":
            vetoes[r.service].add(r.id)
    assert "harmony.mediation.has-committee" in vetoes["mediation-committee"]
    assert "skills.appraisal.micro" in vetoes["skills-appraisal-body"]
    assert len(vetoes) >= 15


def test_no_duplicate_ids_anywhere() -> None:
    for items in (
        CATALOG.services,
        CATALOG.pain_points,
        CATALOG.regions,
        CATALOG.flags,
        CATALOG.metrics,
        CATALOG.categories,
        CATALOG.ownerships,
    ):
        ids = [x.id for x in items]
        assert len(ids) == len(set(ids))


def test_gbt4754_and_fujian_vocabularies() -> None:
    assert len(CATALOG.sections) == 20 and len(CATALOG.divisions) == 97
    assert [s.code for s in CATALOG.sections] == list("ABCDEFGHIJKLMNOPQRST")
    assert {d.section for d in CATALOG.divisions if d.code in ("13", "43")} == {"C"}
    cities = {r.name: r.code for r in CATALOG.regions}
    assert cities == {
        "福州市": "350100",
        "厦门市": "350200",
        "莆田市": "350300",
        "三明市": "350400",
        "泉州市": "350500",
        "漳州市": "350600",
        "南平市": "350700",
        "龙岩市": "350800",
        "宁德市": "350900",
        "平潭综合实验区": "350128",
    }
    counties = [c.code for r in CATALOG.regions for c in r.counties]
    assert len(counties) == len(set(counties)) and "350527" not in counties  # 金门县 omitted


def test_metrics_have_units_and_sane_ranges() -> None:
    for m in CATALOG.metrics:
        assert m.unit and m.min < m.max
        if m.unit == "比例":
            assert (m.min, m.max) == (0, 1)


def test_pain_points_have_labels_synonyms_and_definitions() -> None:
    for p in CATALOG.pain_points:
        assert p.name and p.definition and p.synonyms, p.id


def _resolves(spec: Any, words: list[str]) -> bool:
    return all(spec.resolve(w) for w in words)


def test_labels_and_synonyms_resolve() -> None:
    pains = BOOK.table.fields["pain_points"]
    assert _resolves(
        pains, [p.name for p in CATALOG.pain_points] + [s for p in CATALOG.pain_points for s in p.synonyms]
    )


# Every pain point on its own leads to a service of its theme, for neutral enterprises of four kinds.
NEUTRAL = {
    "manufacturer": {"industry": "C34", "employees": 300, "revenue": 30000},
    "retailer": {"industry": "F52", "employees": 80, "revenue": 6000},
    "software": {"industry": "I65", "employees": 60, "revenue": 3000},
    "hospital": {"industry": "Q84", "employees": 400, "revenue": 20000},
}
THEMES = {  # pain point → the categories whose services answer it
    "recruitment-difficulty": {"employment"},
    "labour-shortage": {"employment", "labour-management"},
    "skill-shortage": {"skills", "education", "employment"},
    "skills-mismatch": {"skills", "education", "employment"},
    "high-turnover": {"pay", "skills", "employment", "insurance"},
    "labour-cost": {"pay", "insurance", "employment", "public-service"},
    "social-insurance-burden": {"insurance"},
    "labour-disputes": {"harmony"},
    "no-mediation": {"harmony"},
    "contract-noncompliance": {"harmony"},
    "no-collective-bargaining": {"harmony", "pay"},
    "weak-pay-system": {"pay"},
    "wage-arrears-risk": {"harmony", "labour-management"},
    "overtime": {"labour-management", "harmony"},
    "dispatch-overuse": {"labour-management", "harmony"},
    "weak-training": {"skills"},
    "appraisal-body": {"skills"},
    "school-enterprise": {"education", "employment"},
    "weak-hr-capacity": {"harmony"},
    "democratic-management": {"harmony"},
    "occupational-safety": {"insurance"},
    "layoff-pressure": {"labour-management", "employment", "insurance"},
    "product-showcase": {"showcase"},
    "talent-attraction": {"talent", "employment"},
    "graduate-recruitment": {"employment"},
    "policy-awareness": {"public-service"},
    "digital-services": {"public-service"},
    "older-workers": {"harmony", "labour-management"},
    "platform-work": {"labour-management"},
    "mass-layoff": {"labour-management", "harmony", "employment"},
}


def test_every_pain_point_has_a_theme() -> None:
    assert set(THEMES) == {p.id for p in CATALOG.pain_points}


@pytest.mark.parametrize("kind", sorted(NEUTRAL))
@pytest.mark.parametrize("pain", sorted(THEMES))
def test_each_pain_point_alone_leads_to_a_service_of_its_theme(pain: str, kind: str) -> None:
    profile = {
        "name": f"中性{kind}",
        "region": "fuzhou",
        "ownership": "private",
        **NEUTRAL[kind],
        "pain_points": [pain],
    }
    p = RX.prescribe(profile, as_of="2026-06-01")
    got = {i.category for i in p.items if not i.core and any(pain in BOOK.by_id[r.id].pains for r in i.rules)}
    assert got & THEMES[pain], f"{pain} at a neutral {kind}: {[(i.service, i.category) for i in p.items]}"


# Facts a caseworker states (not pain points) that on their own lead to a service at a neutral
# enterprise of every kind; left out, the fact is unknown and the service is not offered.
FACTS = {
    "credit-c": ({"flags": {"labour_credit_level": "c"}}, "labour-credit-rating"),
    "credit-b": ({"flags": {"labour_credit_level": "b"}}, "labour-credit-rating"),
    "contract-expiring": (
        {"metrics": {"collective_contract_months_left": 2}},
        "collective-contract-renewal",
    ),
    "contract-expired": (
        {"metrics": {"collective_contract_months_left": -1}},
        "collective-contract-renewal",
    ),
    "dispatch-agency": ({"flags": {"is_dispatch_agency": True}}, "dispatch-agency-licence"),
}


@pytest.mark.parametrize("kind", sorted(NEUTRAL))
@pytest.mark.parametrize("fact", sorted(FACTS))
def test_each_stated_fact_alone_leads_to_its_service_and_unknown_does_not(fact: str, kind: str) -> None:
    stated, service = FACTS[fact]
    base = {"name": f"中性{kind}", "region": "fuzhou", "ownership": "private", **NEUTRAL[kind]}
    with_fact = RX.prescribe({**base, **stated}, as_of="2026-06-01")
    assert service in {i.service for i in with_fact.items}, fact
    without = RX.prescribe(base, as_of="2026-06-01")
    assert service not in {i.service for i in without.items}


@pytest.mark.parametrize(("months", "offered"), [(-6, True), (0, True), (3, True), (3.5, False), (12, False)])
def test_renewal_is_offered_from_three_months_before_expiry(months: float, offered: bool) -> None:
    # 集体合同规定: 期满前 3 个月内任何一方均可提出续订要求; an expired contract has ended.
    profile = {
        "name": "某企业",
        "industry": "C17",
        "employees": 260,
        "revenue": 15000,
        "metrics": {"collective_contract_months_left": months},
    }
    p = RX.prescribe(profile, as_of="2026-06-01")
    assert ("collective-contract-renewal" in {i.service for i in p.items}) is offered


@pytest.mark.parametrize(("agency", "told"), [(None, True), (False, True), (True, False)])
def test_the_ten_percent_cap_is_a_duty_of_users_of_dispatch_not_of_agencies(
    agency: bool | None, told: bool
) -> None:
    # 劳务派遣暂行规定: the 10 % cap binds the firm that uses dispatched workers. An agency that fills in
    # its own dispatch ratio must not be told in its check-up that it breaks the cap; a firm that does
    # not say whether it is an agency is taken as a user (most are).
    profile: dict[str, Any] = {"name": "某企业", "industry": "C39", "employees": 500, "revenue": 20000}
    profile["metrics"] = {"dispatch_ratio": 0.3}
    if agency is not None:
        profile["flags"] = {"is_dispatch_agency": agency}
    p = RX.prescribe(profile, as_of="2026-06-01")
    checkup = next(i for i in p.items if i.service == "harmony-checkup")
    assert ("harmony.checkup.dispatch" in {r.id for r in checkup.rules}) is told
