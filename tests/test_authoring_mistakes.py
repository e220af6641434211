"""One broken rule file per authoring mistake (tests/authoring/), each with the exact located message
it must produce, written in the file as ``# expect: LINE:COL: MESSAGE``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from budget import examples

import prescriber

CASES = sorted((Path(__file__).parent / "authoring").glob("*.yaml"))


def _expected(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return {line.removeprefix("# expect: ") for line in lines if line.startswith("# expect: ")}


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_mistake_gives_its_message_at_its_line(
    path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    rel = path.relative_to(root)
    with pytest.raises(prescriber.RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(rules=rel, engine="python")
    got = {f"{p.line}:{p.column}: {p.message}" for p in caught.value.problems}
    assert all(p.file == str(rel) for p in caught.value.problems)
    assert got == _expected(path)


def test_every_case_states_what_it_expects() -> None:
    assert len(CASES) >= 20
    assert all(_expected(p) for p in CASES)


def test_hints_accompany_the_common_mistakes(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root)
    hints = {}
    for name in (
        "typo-in-operator",
        "unknown-service",
        "unknown-region",
        "ratio-as-percent",
        "yes-is-not-true",
        "tab-indentation",
        "unknown-field",
    ):
        with pytest.raises(prescriber.RuleBaseError) as caught:
            prescriber.Prescriber.from_paths(rules=f"tests/authoring/{name}.yaml", engine="python")
        hints[name] = caught.value.problems[0].hint
    assert hints == {
        "typo-in-operator": "您是不是想写 'contains'？",
        "unknown-service": "您是不是想写 'job-fair'（专场招聘与精准对接）？",
        "unknown-region": "您是不是想写 'fuzhou'（福州市）？",
        "ratio-as-percent": "比例用小数表示，例如 15% 写 0.15",
        "yes-is-not-true": "写 true 或 false（不加引号）；yes/no、是/否 不算",
        "tab-indentation": "YAML 不允许用 Tab 缩进，请改用空格",
        "unknown-field": "您是不是想写 'pain_points'（诉求与痛点）？",
    }


def _book(tmp_path: Path, text: str) -> prescriber.RuleBook:
    (tmp_path / "r.yaml").write_text(text, encoding="utf-8")
    return prescriber.Prescriber.from_paths(rules=tmp_path, engine="python").book


def test_services_fields_and_industries_may_be_named_in_chinese(tmp_path: Path) -> None:
    book = _book(
        tmp_path,
        """
- id: a.chinese
  title: 中文名称
  service: 企业新型学徒制
  weight: 10
  when:
    all:
      - 职工人数: {gte: 50}
      - 行业: {in: [建筑业, 汽车制造业]}
      - 已建工会: true
  reason: 职工 {employees}
- id: a.veto
  title: 中文名称的排除规则
  exclude: 专场招聘与精准对接
  when: {营业收入: {gt: 100}}
  reason: r
""",
    )
    rule, veto = book.by_id["a.chinese"], book.by_id["a.veto"]
    assert (rule.service, veto.service) == ("new-apprenticeship", "job-fair")
    assert rule.fields == {"employees", "industry", "flags.has_union"}
    assert {c.value for c in rule.conjuncts or () if c.field == "industry"} == {("E", "C36")}


def test_an_unknown_field_lists_the_fields_rather_than_a_command_that_does_not(tmp_path: Path) -> None:
    with pytest.raises(prescriber.RuleBaseError) as caught:
        _book(
            tmp_path,
            "- id: a.b\n  title: t\n  service: job-fair\n  weight: 5\n  when: {zzzzqqq: 1}\n  reason: r\n",
        )
    (p,) = caught.value.problems
    assert (p.line, p.column, p.message) == (5, 10, "未知的字段 'zzzzqqq'")
    assert "prescriber schema" not in p.hint
    assert (
        p.hint.startswith("可用字段：industry（行业）、region（所在地区）")
        and "metrics.turnover_rate（年度员工流失率）" in p.hint
    )


def test_a_count_followed_by_a_measure_word_is_a_located_warning(tmp_path: Path) -> None:
    book = _book(
        tmp_path,
        "- id: a.b\n  title: t\n  service: job-fair\n  weight: 5\n"
        "  when: {employees: {gte: 5}}\n  reason: 计划招用 {metrics.graduates_planned} 名毕业生\n",
    )
    (w,) = book.warnings
    assert (w.file, w.line, w.column, w.severity) == (str(tmp_path / "r.yaml"), 6, 11, "warning")
    assert w.message == "{metrics.graduates_planned} 显示时已带单位“人”，后面再写“名”会读作“12 人 名”"


def test_a_county_profile_matches_its_city_alike_in_the_single_and_the_batch_path(tmp_path: Path) -> None:
    import pandas as pd

    (tmp_path / "r.yaml").write_text(
        "- id: a.quanzhou\n  title: 泉州\n  service: job-fair\n  weight: 5\n"
        "  when: {region: {in: [泉州市]}}\n  reason: r\n",
        encoding="utf-8",
    )
    rx = prescriber.Prescriber.from_paths(rules=tmp_path, engine="python")
    rows = [
        {"name": n, "region": r, "employees": 10}
        for n, r in (("南安", "南安市"), ("晋江", "350582"), ("福州", "福州市"), ("泉州", "quanzhou"))
    ]
    single = [
        any(r.id == "a.quanzhou" for i in rx.prescribe(row, as_of="2026-06-01").items for r in i.rules)
        for row in rows
    ]
    long = rx.prescribe_frame(pd.DataFrame(rows), as_of="2026-06-01").long
    fired = {row for row, rules in zip(long["row"], long["rules"], strict=True) if "a.quanzhou" in rules}
    batch = [row in fired for row in sorted(set(long["row"]))]
    assert single == batch == [True, True, False, True]


def test_a_broken_file_does_not_hide_the_problems_of_the_others(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("fullwidth-colon", "unknown-service", "weight-as-text", "county-in-rule"):
        (tmp_path / f"{name}.yaml").write_bytes((root / "tests/authoring" / f"{name}.yaml").read_bytes())
    monkeypatch.chdir(tmp_path)
    with pytest.raises(prescriber.RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(rules=".", engine="python")
    got = {(p.file, f"{p.line}:{p.column}: {p.message}") for p in caught.value.problems}
    want = {
        (f"{name}.yaml", e)
        for name in ("fullwidth-colon", "unknown-service", "weight-as-text", "county-in-rule")
        for e in _expected(tmp_path / f"{name}.yaml")
    }
    assert got == want


def test_a_category_may_be_named_in_chinese_on_the_command_line(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from prescriber.cli import main

    monkeypatch.chdir(root)
    outs = []
    for category in ("skills", "技能人才培养"):
        out = io.StringIO()
        assert main(["catalog", "--category", category, "--format", "json"], out=out, err=io.StringIO()) == 0
        outs.append(out.getvalue())
    assert outs[0] == outs[1] and '"new-apprenticeship"' in outs[0]


def test_a_quoted_value_with_a_full_width_comma_is_named_in_the_hint(tmp_path: Path) -> None:
    with pytest.raises(prescriber.RuleBaseError) as caught:
        _book(
            tmp_path,
            "- id: a.b\n  title: t\n  service: job-fair\n  weight: 5\n"
            '  when: {pain_points: {contains_any: ["招工难，缺工"]}}\n  reason: r\n',
        )
    (p,) = caught.value.problems
    assert (p.line, p.column, p.message) == (5, 39, "诉求与痛点（pain_points）: '招工难，缺工' 不在词表中")
    assert p.hint.startswith("“招工难，缺工”里有全角逗号（中文输入法的标点）：列表的各项之间用半角逗号")


def test_every_reason_the_compiler_accepts_is_filled_completely_and_never_doubles_a_unit() -> None:
    """Property: a reason without placeholder errors renders with no brace left, and no number is
    followed by its own unit twice; a reason with a stray brace is refused."""
    from dataclasses import replace

    from hypothesis import given
    from hypothesis import strategies as st

    from prescriber.authoring import placeholder_findings
    from prescriber.explain import render_reason, show

    rx = prescriber.load(engine="python")
    book = rx.book
    _, facts, _ = rx.facts(str(Path(__file__).parent.parent / "examples/fuzhou-vehicle-maker.yaml"))
    rule = book.rules[0]
    names = sorted([*book.table.fields, "name"])
    pieces = st.one_of(
        st.sampled_from([f"{{{n}}}" for n in names]),
        st.sampled_from(["{", "}", "{ employees}", "{}"]),
        st.text(alphabet="职工人名万元%％ 企业，。：abc", max_size=6),
    )

    @examples(300, deadline=None)
    @given(st.lists(pieces, min_size=1, max_size=8))
    def check(parts: list[str]) -> None:
        text = "".join(parts)
        errors = [f for f in placeholder_findings(text, book.table) if f[1] == "error"]
        if errors:
            return
        shown = render_reason(replace(rule, reason=text), facts, book.table, "某企业")
        assert "{" not in shown and "}" not in shown, (text, shown)
        for m in re.finditer(r"\{([^{}]*)\}", text):  # what a filled value ends with does not follow it again
            spec = book.table.fields.get(m.group(1))
            value = show(spec, facts.values.get(spec.name)) if spec is not None else ""
            after = text[m.end() :].lstrip(" \u3000").replace("％", "%")
            tail = "%" if value.endswith("%") else (spec.unit if spec is not None and spec.unit else "")
            assert not (tail and value.endswith(tail) and after.startswith(tail)), (text, shown)

    check()


def test_a_service_may_name_its_category_as_staff_see_it(tmp_path: Path) -> None:
    """Issue 13 item 11: `category: 技能人才培养` means `category: skills` (same rule book); a name that is
    no category is still a located error."""
    import shutil

    root = Path(__file__).resolve().parent.parent
    catalog = tmp_path / "catalog"
    shutil.copytree(root / "catalog", catalog)
    skills = catalog / "services" / "skills.yaml"
    text = skills.read_text(encoding="utf-8")
    assert "    category: skills\n" in text
    skills.write_text(
        text.replace("    category: skills\n", "    category: 技能人才培养\n"), encoding="utf-8"
    )
    named = prescriber.Prescriber.from_paths(rules=root / "rules", catalog=catalog, engine="python")
    assert named.fingerprint == prescriber.load(engine="python").fingerprint
    skills.write_text(text.replace("    category: skills\n", "    category: 技能培养\n", 1), encoding="utf-8")
    with pytest.raises(prescriber.RuleBaseError) as caught:
        prescriber.Prescriber.from_paths(rules=root / "rules", catalog=catalog, engine="python")
    (problem,) = caught.value.problems
    assert problem.file.endswith("skills.yaml") and problem.path.endswith(".category") and problem.line > 1
