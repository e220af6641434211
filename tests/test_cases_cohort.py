"""The yearly cohort: proposed by influence first and need second (points computed by hand below),
confirmed by staff, counted in the city assessment."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from case_support import record
from http_support import db_params, fresh_url
from hypothesis import given
from hypothesis import strategies as st

from prescriber.errors import CaseError
from prescriber.register import CaseBook, Cohorts, Register, assess, figures
from prescriber.register.cohort import Candidate, influence, rank


@pytest.fixture(params=db_params())
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Register]:
    for url in fresh_url(request.param, tmp_path):
        reg = Register(url)
        reg.upgrade()
        yield reg
        reg.close()


def test_influence_points_by_hand() -> None:
    # large 40 + state 15 + 链主 25 + 规上 10 + provincial 10 = 100 (prescriber/influence.py, the report's)
    assert influence(
        {
            "size": "large",
            "flags.chain_leader": True,
            "ownership": "state",
            "above_scale": True,
            "flags.harmonious_level": "provincial",
        }
    ) == (100, ("规模+40", "国有+15", "链主+25", "规上/四上+10", "和谐企业+10"))
    # medium 25 + in the 四上 directory 10 + 3 suppliers × 2; twelve suppliers count as ten: 20
    assert influence({"size": "medium", "flags.in_sishang_directory": True}, 3) == (
        41,
        ("规模+25", "规上/四上+10", "配套企业 3 家+6"),
    )
    assert influence({}, 12) == (20, ("配套企业 12 家+20",))
    assert influence({"size": "micro", "ownership": "private", "flags.chain_leader": False}) == (0, ())
    assert influence({}) == (0, ())


def test_proposal_ranks_influence_then_need_and_staff_confirm(register: Register) -> None:
    big = record(
        register,
        "甲（国有大型链主）",
        ["job-fair"],
        credit_code="A",
        facts={
            "size": "large",
            "ownership": "state",
            "flags.chain_leader": True,
            "metrics.disputes_last_year": 5,
        },
    )  # 80
    mid = record(
        register,
        "乙（中型规上）",
        ["job-fair", "harmony-checkup"],
        credit_code="B",
        facts={"size": "medium", "above_scale": True},
    )  # 35
    needy = record(
        register,
        "丙（小型）",
        ["job-fair", "harmony-checkup", "policy-briefing"],
        credit_code="C",
        facts={"size": "small", "flags.harmonious_level": "municipal"},
    )  # 15, need 3
    quiet = record(
        register,
        "丁（小型）",
        ["job-fair"],
        credit_code="D",
        facts={"size": "small", "flags.harmonious_level": "municipal"},
    )  # 15, need 1
    record(register, "戊（厦门）", ["job-fair"], credit_code="E", city="xiamen", facts={"size": "large"})
    record(register, "己（去年）", ["job-fair"], credit_code="F", as_of="2025-03-01", facts={"size": "large"})
    newer = record(
        register,
        "乙（中型规上）",
        ["job-fair"],
        credit_code="B",
        facts={"size": "large", "above_scale": True},
    )  # 50
    cohorts = Cohorts(register)
    got = cohorts.propose("fuzhou", 2026, size=3)
    assert [(c.record_id, c.influence, c.need) for c in got] == [(big, 80, 1), (newer, 50, 1), (needy, 15, 3)]
    assert mid not in [c.record_id for c in cohorts.candidates("fuzhou", 2026)], (
        "only the latest record counts"
    )
    with pytest.raises(CaseError, match="不是 fuzhou 2026 年的候选企业的最新记录"):
        cohorts.confirm("fuzhou", 2026, [mid], by="王")
    members = cohorts.confirm("fuzhou", 2026, [big, quiet, big], by="王")
    assert [c.enterprise for c in members] == ["甲（国有大型链主）", "丁（小型）"]
    again = cohorts.propose("fuzhou", 2026, size=1)
    assert [(c.enterprise, c.confirmed) for c in again] == [
        ("甲（国有大型链主）", True),
        ("丁（小型）", True),
        ("乙（中型规上）", False),
    ]
    CaseBook(register).open(big, by="王")
    a = assess(CaseBook(register), "fuzhou", 2026)
    assert (a.cohort, a.cohort_with_case, a.enterprises) == (2, 1, 1)
    assert a.cohort_disputes == (1, 5, 5), (
        "甲: its one record is both the chosen and the latest; 丁 never said"
    )
    # 甲 profiled again later: 5 disputes when chosen, 2 now; 丁 still unknown (one of two members).
    record(
        register,
        "甲（国有大型链主）",
        ["job-fair"],
        credit_code="A",
        as_of="2026-11-01",
        facts={"size": "large", "metrics.disputes_last_year": 2},
    )
    a = assess(CaseBook(register), "fuzhou", 2026)
    assert a.cohort_disputes == (1, 5, 2)
    assert dict(figures(a))["重点企业劳动争议：入选时"] == "5（1 家有数据）"
    assert dict(figures(a))["重点企业劳动争议：最新"] == "2（1 家有数据）"


@given(st.lists(st.tuples(st.integers(0, 200), st.integers(0, 30), st.text(max_size=3)), max_size=20))
def test_rank_orders_by_influence_then_need(raw: list[tuple[int, int, str]]) -> None:
    cands = [Candidate(n, name, name, points, need, ()) for n, (points, need, name) in enumerate(raw)]
    ranked = rank(cands)
    assert sorted(map(id, ranked)) == sorted(map(id, cands))
    for a, b in itertools.pairwise(ranked):
        assert (a.influence, a.need) >= (b.influence, b.need)
