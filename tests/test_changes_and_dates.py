"""``prescriber diff`` between two rule bases, and effective dates: replaying an old profile on an old
date gives what the rules then in force gave."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

import prescriber
from prescriber import changes
from prescriber.cli import main

ROOT = Path(__file__).resolve().parent.parent
JINJIANG = ROOT / "examples/jinjiang-footwear-sme.yaml"
VEHICLE = ROOT / "examples/fuzhou-vehicle-maker.yaml"


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped rules with one weight lowered, one rule removed and one rule added."""
    rules = tmp_path_factory.mktemp("new") / "rules"
    shutil.copytree(ROOT / "rules", rules)
    emp = rules / "employment.yaml"
    emp.write_text(
        emp.read_text(encoding="utf-8").replace(
            "  service: job-fair\n  weight: 30", "  service: job-fair\n  weight: 5", 1
        ),
        encoding="utf-8",
    )
    show = rules / "showcase.yaml"
    text = show.read_text(encoding="utf-8")
    start = text.index("- id: showcase.product.need")
    show.write_text(
        text[:start] + text[text.index("- id: showcase.product.chain-leader") :], encoding="utf-8"
    )
    (rules / "extra.yaml").write_text(
        "- id: extra.tea\n  title: 茶叶企业 → 专场招聘\n  service: job-fair\n  weight: 50\n"
        "  when: {industry: {in: [A]}}\n  reason: r\n  source: norm-scale\n",
        encoding="utf-8",
    )
    return rules


def test_added_dropped_and_moved(edited: Path) -> None:
    old = prescriber.load(engine="python")
    new = prescriber.Prescriber.from_paths(rules=edited, engine="python")
    result = changes.compare(
        old, new, [JINJIANG, VEHICLE, ROOT / "examples/anxi-tea-cooperative.yaml"], "2026-06-01"
    )
    by = {c.enterprise: c for c in result}
    jinjiang = by["晋江市某鞋业有限公司"]
    assert jinjiang.dropped == () and jinjiang.added == ()
    assert jinjiang.moved[-1] == ("job-fair", "专场招聘与精准对接", 2, 7)
    (rescore,) = [r for r in jinjiang.rescored if r.service == "job-fair"]
    assert (rescore.old, rescore.new, rescore.rules) == (74, 39, (("employment.fair.recruitment", 30, 5),))
    vehicle = by["东南(福建)汽车工业有限公司"]
    (dropped,) = vehicle.dropped
    assert (dropped.service, dropped.name, dropped.rank, dropped.score) == (
        "product-showcase",
        "产品展示与雇主品牌推介",
        6,
        48,
    )
    assert dropped.causes == (
        changes.Cause("showcase.product.need", "有产品展示需求 → 产品展示与雇主品牌推介", "deleted"),
    )
    tea = by["安溪县某茶叶专业合作社"]
    assert ("job-fair", "专场招聘与精准对接", 5, 3) in tea.moved


def test_diff_command_json(edited: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out, err = io.StringIO(), io.StringIO()
    code = main(
        [
            "diff",
            "rules",
            str(edited),
            "--profiles",
            "examples/fuzhou-vehicle-maker.yaml",
            "examples/fuzhou-software-startup.json",
            "--as-of",
            "2026-06-01",
            "--format",
            "json",
        ],
        out=out,
        err=err,
    )
    assert (code, err.getvalue()) == (0, "")
    body = json.loads(out.getvalue())
    assert body["enterprises"] == 2
    (change,) = body["changed"]
    assert change["enterprise"] == "东南(福建)汽车工业有限公司"
    assert [(d["service"], d["rank"], d["causes"][0]["rule"]) for d in change["dropped"]] == [
        ("product-showcase", 6, "showcase.product.need")
    ]


def test_diff_command_table(edited: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    assert (
        main(
            [
                "diff",
                "rules",
                str(edited),
                "--profiles",
                "examples/fuzhou-vehicle-maker.yaml",
                "--as-of",
                "2026-06-01",
            ],
            out=out,
            err=io.StringIO(),
        )
        == 0
    )
    lines = out.getvalue().splitlines()
    assert lines[1:7] == [
        "一、新增和去掉的服务",
        "",
        "东南(福建)汽车工业有限公司",
        "  - 产品展示与雇主品牌推介（product-showcase）原第 6 位，得分 48",
        "      因为：规则 showcase.product.need「有产品展示需求 → 产品展示与雇主品牌推介」已删除",
        "",
    ]
    assert lines[7] == "二、得分和名次变化（汇总）"
    assert lines[-1] == "1 / 1 家企业的服务清单有增删，1 家有名次变动"


NEW_SERVICE = """services:
  - id: test-new-service
    name: 测试新服务
    name_en: A service added for the test
    category: showcase
    summary: 测试。
    delivered_by: 测试
    channel: 测试
    eligibility: 测试。
    benefit: 测试。
    policy_basis: [norm-scale]
"""


def test_diff_across_two_catalogues(edited: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A service added to the new catalogue with a rule for it, and one whose validity the new
    catalogue ends: each change names its cause."""
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    (catalog / "services" / "zz-test.yaml").write_text(NEW_SERVICE, encoding="utf-8")
    show = catalog / "services" / "showcase.yaml"
    show.write_text(
        show.read_text(encoding="utf-8").replace(
            "    name: 产品展示与雇主品牌推介\n",
            "    name: 产品展示与雇主品牌推介\n    valid_until: 2025-12-31\n",
            1,
        ),
        encoding="utf-8",
    )
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "zz.yaml").write_text(
        "- id: zz.new\n  title: 制造业 → 测试新服务\n  service: 测试新服务\n  weight: 5\n"
        "  when: {industry: {in: [C]}}\n  reason: r\n  source: norm-scale\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    code = main(
        [
            "diff",
            "rules",
            str(rules),
            "--new-catalog",
            str(catalog),
            "--profiles",
            str(VEHICLE),
            "--as-of",
            "2026-06-01",
            "--format",
            "json",
        ],
        out=out,
        err=io.StringIO(),
    )
    assert code == 0
    (change,) = json.loads(out.getvalue())["changed"]
    assert [(a["service"], [c["what"] for c in a["causes"]]) for a in change["added"]] == [
        ("test-new-service", ["catalog-added", "fires"])
    ]
    assert [(d["service"], [c["what"] for c in d["causes"]]) for d in change["dropped"]] == [
        ("product-showcase", ["catalog-lapsed"])
    ]


VERSIONED = """
- id: subsidy.v2023
  title: 2024 年底前的老版本
  service: job-fair
  weight: 10
  when: {employees: {gte: 100}}
  reason: 旧规则
  source: norm-scale
  valid_until: 2024-12-31
- id: subsidy.v2025
  title: 2025 年起的新版本：门槛降到 50 人
  service: job-fair
  weight: 20
  when: {employees: {gte: 50}}
  reason: 新规则
  source: norm-scale
  supersedes: subsidy.v2023
  valid_from: 2025-01-01
"""


def test_replaying_an_old_date_uses_the_rules_then_in_force(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text(VERSIONED, encoding="utf-8")
    rx = prescriber.Prescriber.from_paths(rules=tmp_path, engine="python")
    small = {"name": "某企业", "employees": 70}
    big = {"name": "某企业", "employees": 150}
    assert "job-fair" not in {i.service for i in rx.prescribe(small, as_of="2024-06-01").items}
    assert [r.id for i in rx.prescribe(small, as_of="2025-06-01").items for r in i.rules] == ["subsidy.v2025"]
    old = rx.prescribe(big, as_of="2024-12-31")
    assert [(r.id, r.points) for i in old.items for r in i.rules] == [("subsidy.v2023", 10)]
    assert old.as_of.isoformat() == "2024-12-31"


def test_services_outside_their_validity_are_not_prescribed(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    shutil.copytree(ROOT / "catalog", catalog)
    path = catalog / "services/employment.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    name: 专场招聘与精准对接\n", "    name: 专场招聘与精准对接\n    valid_until: 2025-12-31\n"
        ),
        encoding="utf-8",
    )
    rx = prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    assert "job-fair" in {i.service for i in rx.prescribe(JINJIANG, as_of="2025-06-01").items}
    assert "job-fair" not in {i.service for i in rx.prescribe(JINJIANG, as_of="2026-06-01").items}
    assert rx.why_not(JINJIANG, "job-fair", as_of="2026-06-01").status == "not-in-force"
