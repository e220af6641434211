"""The policy officers' scenario files (scenarios/*.yaml) run inside pytest, one test per scenario,
and the scenario runner's own behaviour on passing and failing cases."""

from __future__ import annotations

from pathlib import Path

import pytest

import prescriber
from prescriber import scenarios

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    (path, s, line)
    for path in scenarios.scenario_files([ROOT / "scenarios"])
    for s, line in scenarios.load_scenarios(path)
]


@pytest.fixture(scope="module")
def rx() -> prescriber.Prescriber:
    return prescriber.load(engine="python")


@pytest.mark.parametrize(
    ("path", "scenario", "line"), CASES, ids=[f"{p.stem}:{line}" for p, _, line in CASES]
)
def test_shipped_scenario(rx: prescriber.Prescriber, path: Path, scenario: object, line: int) -> None:
    outcome = scenarios._check(rx, scenario, path)  # type: ignore[arg-type]
    assert outcome == [], "\n".join(outcome)


def test_a_failure_says_what_failed_what_came_out_and_why(rx: prescriber.Prescriber, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "- name: 故意失败\n"
        "  profile: {name: 某企业, industry: C13, employees: 30, revenue: 900, pain_points: [技能人才短缺],\n"
        "            metrics: {vacancies: 30}}\n"
        "  as_of: 2026-06-01\n"
        "  expect: {include: [job-fair], exclude: [social-evaluation]}\n",
        encoding="utf-8",
    )
    (outcome,) = scenarios.run(rx, [tmp_path])
    assert not outcome.passed and outcome.line == 1
    first, second = outcome.failures
    assert first.splitlines()[0].startswith("应包含 job-fair，但清单中没有。清单：1.harmony-checkup")
    assert "    ✗ 缺工 50 人以上 → 专场招聘（employment.fair.vacancies）" in first
    assert "        · 当前缺工人数需 ≥ 50 人，当前：30 人" in first
    assert second.splitlines()[0] == "不应包含 social-evaluation，但它排第 4 位"


def test_unknown_service_in_an_expectation(rx: prescriber.Prescriber, tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "- name: x\n  profile: {name: y}\n  expect: {include: [job-fiar]}\n", encoding="utf-8"
    )
    (outcome,) = scenarios.run(rx, [tmp_path])
    assert outcome.failures == ("未知的服务 'job-fiar'（您是不是想写 'job-fair'？）",)


def test_a_malformed_scenario_file_is_located(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "- name: x\n  profile: {name: y}\n  expect: {includes: [a]}\n", encoding="utf-8"
    )
    with pytest.raises(prescriber.InputError) as caught:
        scenarios.load_scenarios(tmp_path / "s.yaml")
    (p,) = caught.value.problems
    assert (p.line, p.column, p.message, p.hint) == (3, 12, "未知的键 'includes'", "您是不是想写 'include'？")
