"""Rules in a spreadsheet: a workbook row is the YAML rule it stands for (same rule book, same
fingerprint), headers and cells may use the Chinese labels staff see, and every mistake is located
at its cell (``book.xlsx!sheet!C12``) with the message YAML gives."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import prescriber
from prescriber import loader, workbook, yamlsrc
from prescriber.errors import Problem, place
from prescriber.fields import field_table
from prescriber.workbook.columns import FIELDS

ROOT = Path(__file__).resolve().parent.parent
CATALOG = loader.load_catalog(ROOT / "catalog").catalog
APPRENTICESHIP = next(s.name for s in CATALOG.services if s.id == "new-apprenticeship")
SHORTAGE = next(p.name for p in CATALOG.pain_points if p.id == "skill-shortage")
TURNOVER = next(m.name for m in CATALOG.metrics if m.id == "turnover_rate")
JOB_FAIR = next(s.name for s in CATALOG.services if s.id == "job-fair")
HEAD = ["编号", "标题", "推荐服务", "权重", "行业 属于", "诉求包含", "职工人数 ≥", "理由", "依据"]


def make(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook with these sheets (rows of cell values), as a member of staff would save it."""
    book = openpyxl.Workbook()
    for blank in list(book.worksheets):
        book.remove(blank)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def rulebook(rules: Path) -> prescriber.RuleBook:
    return prescriber.Prescriber.from_paths(rules=rules, catalog=ROOT / "catalog", engine="python").book


def problems(rules: Path) -> list[str]:
    with pytest.raises(prescriber.RuleBaseError) as caught:
        rulebook(rules)
    return [str(p) for p in caught.value.problems]


def data(path: Path) -> list[dict[str, Any]]:
    docs, found = workbook.read(path, CATALOG)
    assert found == []
    return [r for d in docs for r in d.data]


def same(a: prescriber.RuleBook, b: prescriber.RuleBook) -> None:
    """The same rule book: fingerprint, and every compiled rule but where it is written."""
    assert a.fingerprint == b.fingerprint
    strip = ("file", "line")
    assert [{k: v for k, v in vars(r).items() if k not in strip and k != "conjuncts"} for r in a.rules] == [
        {k: v for k, v in vars(r).items() if k not in strip and k != "conjuncts"} for r in b.rules
    ]


# --- a row is a rule -------------------------------------------------------------------------------

YAML = f"""
- id: skills.apprenticeship.row
  title: 制造业技能人才短缺 → 企业新型学徒制
  service: new-apprenticeship
  weight: 30
  when:
    all:
      - industry: {{in: [C, "36"]}}
      - pain_points: {{contains: {SHORTAGE}}}
      - employees: {{gte: 50}}
  reason: 制造业企业技能人才短缺（职工 {{employees}}）
  source: apprentice-2021-39
  valid_from: "2021-06-01"
- id: skills.apprenticeship.veto
  title: 已开展 → 不再建议
  exclude: new-apprenticeship
  when:
    flags.has_apprenticeship: true
  reason: 企业已开展企业新型学徒制。
  source: [apprentice-2021-39, norm-no-repeat]
"""


def test_a_row_compiles_to_the_yaml_rule_it_stands_for(tmp_path: Path) -> None:
    (tmp_path / "yaml").mkdir()
    (tmp_path / "yaml" / "r.yaml").write_text(YAML, encoding="utf-8")
    flag = next(f.name for f in CATALOG.flags if f.id == "has_apprenticeship")
    make(
        tmp_path / "xlsx" / "r.xlsx",
        {
            "学徒制": [
                [*HEAD, "生效日期", "排除服务", flag],
                [
                    "skills.apprenticeship.row",
                    "制造业技能人才短缺 → 企业新型学徒制",
                    APPRENTICESHIP,
                    30,
                    "C、36",
                    SHORTAGE,
                    50,
                    "制造业企业技能人才短缺（职工 {employees}）",
                    "apprentice-2021-39",
                    "2021-06-01",
                ],
                [
                    "skills.apprenticeship.veto",
                    "已开展 → 不再建议",
                    None,
                    None,
                    None,
                    None,
                    None,
                    "企业已开展企业新型学徒制。",
                    "apprentice-2021-39、norm-no-repeat",
                    None,
                    APPRENTICESHIP,
                    "是",
                ],  # several register ids in one cell
            ]
        },
    )
    same(rulebook(tmp_path / "yaml"), rulebook(tmp_path / "xlsx"))


@pytest.mark.parametrize(
    "head", ["职工人数 ≥", "职工人数≥", "employees >=", "employees gte", "职工 不少于", "人数不低于"]
)
def test_a_header_names_field_and_operator_in_the_words_staff_use(tmp_path: Path, head: str) -> None:
    path = make(
        tmp_path / "r.xlsx",
        {"s": [["编号", "标题", "推荐服务", "权重", head, "理由"], ["a", "t", "job-fair", 10, 50, "r"]]},
    )
    assert data(path)[0]["when"] == {"employees": {"gte": 50}}


@pytest.mark.parametrize(
    ("head", "cell", "when"),
    [
        ("行业 属于", "C、36", {"industry": {"in": ["C", "36"]}}),
        ("行业 属于", "C, 36；E", {"industry": {"in": ["C", "36", "E"]}}),
        ("行业", 6, {"industry": "06"}),  # Excel drops the leading zero of 06
        ("企业规模", "大型", {"size": "大型"}),
        ("企业规模 属于", "large、medium", {"size": {"in": ["large", "medium"]}}),
        ("诉求包含", "招工难", {"pain_points": {"contains": "招工难"}}),
        ("诉求 包含任一", "招工难、缺工", {"pain_points": {"contains_any": ["招工难", "缺工"]}}),
        (f"{TURNOVER} 介于", "0.2 ~ 0.6", {"metrics.turnover_rate": {"between": [0.2, 0.6]}}),
        ("职工人数 介于", "20至300", {"employees": {"between": [20, 300]}}),
        ("职工人数 <", "300", {"employees": {"lt": 300}}),
        ("规模以上", True, {"above_scale": True}),
        ("规模以上", "否", {"above_scale": False}),
        ("flags.has_union 已填", "是", {"flags.has_union": {"exists": True}}),
        ("所在地区 不属于", 350100, {"region": {"not_in": ["350100"]}}),
    ],
)
def test_a_cell_holds_what_yaml_would_say(tmp_path: Path, head: str, cell: Any, when: dict[str, Any]) -> None:
    path = make(
        tmp_path / "r.xlsx",
        {"s": [["编号", "标题", "推荐服务", "权重", head, "理由"], ["a", "t", "job-fair", 10, cell, "r"]]},
    )
    assert data(path)[0]["when"] == when


def test_dates_typed_as_dates_and_numbers_in_text_columns(tmp_path: Path) -> None:
    import datetime

    path = make(
        tmp_path / "r.xlsx",
        {
            "s": [
                ["编号", "标题", "推荐服务", "权重", "职工人数 ≥", "理由", "生效日期"],
                ["a", 2024, "job-fair", "30", 50, "r", datetime.date(2025, 1, 1)],
            ]
        },
    )
    rule = data(path)[0]
    assert (rule["title"], rule["weight"], rule["valid_from"]) == ("2024", 30, "2025-01-01")


def test_notes_sheets_and_empty_rows_are_skipped_and_lock_files_ignored(tmp_path: Path) -> None:
    make(
        tmp_path / "r.xlsx",
        {
            "_说明": [["随便写"]],
            "s": [
                ["编号", "标题", "推荐服务", "权重", "职工人数 ≥", "理由"],
                [],
                ["a", "t", "job-fair", 10, 50, "r"],
                [None, "  "],
            ],
        },
    )
    (tmp_path / "~$r.xlsx").write_bytes(b"Excel's lock file")
    assert [r.id for r in rulebook(tmp_path).rules] == ["a"]


def test_the_fixed_fields_are_the_field_tables() -> None:
    table = field_table(CATALOG)
    for name, (kind, words) in FIELDS.items():
        assert (table.fields[name].kind, table.fields[name].label) == (kind, words[0])
    extra = set(table.fields) - set(FIELDS)
    assert extra == {f"flags.{f.id}" for f in CATALOG.flags} | {f"metrics.{m.id}" for m in CATALOG.metrics}


# --- one broken workbook per authoring mistake -------------------------------------------------------


def _row(cells: dict[str, Any] | None = None, /, **more: Any) -> list[Any]:
    """A good row of ``HEAD``, with some cells changed (by column, as the header says)."""
    base = {
        "编号": "a.one",
        "标题": "t",
        "推荐服务": "job-fair",
        "权重": 10,
        "行业 属于": None,
        "诉求包含": None,
        "职工人数 ≥": 50,
        "理由": "r",
        "依据": None,
    }
    base.update({**(cells or {}), **more})
    return list(base.values())


MISTAKES: dict[str, tuple[list[Any], list[Any], list[str]]] = {
    "unknown-field-in-header": (
        [*HEAD[:6], "职工数 ≥", *HEAD[7:]],
        _row(),
        ["b.xlsx!s!G1: error: 未知的字段 '职工数'\n  hint: 您是不是想写 '职工人数'？"],
    ),
    "unknown-operator": (
        [*HEAD[:6], "职工人数 约等于", *HEAD[7:]],
        _row(),
        ["b.xlsx!s!G1: error: 未知的运算符 '约等于'\n  hint: 您是不是想写 '等于'？"],
    ),
    "unknown-service-name": (
        HEAD,
        _row(推荐服务=APPRENTICESHIP[:-1]),
        [
            f"b.xlsx!s!C2: error: 未知的服务 '{APPRENTICESHIP[:-1]}'\n"
            f"  hint: 您是不是想写 '{APPRENTICESHIP}'？"
        ],
    ),
    "unknown-service-id": (
        HEAD,
        _row(推荐服务="job-fiar"),
        [
            "b.xlsx!s!C2: error: 未知的服务 'job-fiar' [service]\n"
            f"  hint: 您是不是想写 'job-fair'（{JOB_FAIR}）？"
        ],
    ),
    "weight-as-text": (
        HEAD,
        _row(权重="三十"),
        ["b.xlsx!s!D2: error: weight: 应为整数 [weight]\n  hint: 去掉引号和小数点"],
    ),
    "weight-too-high": (HEAD, _row(权重=150), ["b.xlsx!s!D2: error: weight: 应 ≤ 100 [weight]"]),
    "bad-date": (
        [*HEAD, "生效日期"],
        [*_row(), "2021-13-01"],
        ["b.xlsx!s!J2: error: valid_from: 应为日期 [valid_from]\n  hint: 写成 YYYY-MM-DD，例如 2024-01-01"],
    ),
    "unknown-vocabulary-value": (
        HEAD,
        _row(诉求包含="技能人才短却"),
        [
            "b.xlsx!s!F2: error: 诉求与痛点（pain_points）: '技能人才短却' 不在词表中 "
            "[when.all[0].pain_points.contains]\n"
            f"  hint: 您是不是想写 'skill-shortage'（{SHORTAGE}）？"
        ],
    ),
    "industry-too-fine": (
        HEAD,
        _row({"行业 属于": "C361"}),
        [
            "b.xlsx!s!E2: error: 行业（industry）: 规则中的行业只能写到门类或大类，'C361' 是中类/小类 "
            "[when.all[0].industry.in[0]]\n"
            "  hint: 改写为大类 36"
        ],
    ),
    "ratio-as-percent": (
        [*HEAD[:6], f"{TURNOVER} ≥", *HEAD[7:]],
        _row({"职工人数 ≥": 30}),
        [
            f"b.xlsx!s!G2: error: {TURNOVER}（metrics.turnover_rate）: 30 超出取值范围 0–1，条件永远不会成立 "
            "[when.metrics.turnover_rate.gte]\n  hint: 比例用小数表示，例如 15% 写 0.15"
        ],
    ),
    "empty-required-cell": (
        HEAD,
        _row(标题=None),
        ["b.xlsx!s!B2: error: 缺少必填项 'title'\n  hint: 填写“标题”"],
    ),
    "no-condition": (
        HEAD,
        _row({"职工人数 ≥": None}),
        ["b.xlsx!s!E2: error: 缺少必填项 'when'\n  hint: 至少在一个条件列中填写"],
    ),
    "between-does-not-parse": (
        [*HEAD[:6], "职工人数 介于", *HEAD[7:]],
        _row({"职工人数 ≥": "20到"}),
        [
            "b.xlsx!s!G2: error: 职工人数（employees）: 介于：'20到' 应写成 下限 ~ 上限\n"
            "  hint: 例如 20 ~ 300（含两端）"
        ],
    ),
    "comparison-with-text": (
        HEAD,
        _row({"职工人数 ≥": "五十"}),
        ["b.xlsx!s!G2: error: gte: 应为数字，而不是文本 '五十' [when.employees.gte]"],
    ),
    "yes-is-not-a-flag-value": (
        [*HEAD, "规模以上"],
        [*_row(), "对"],
        [
            "b.xlsx!s!J2: error: 规模以上（限额以上）（above_scale）: 应为 是 或 否，而不是 '对'\n"
            "  hint: 写 是 或 否（也可以写 TRUE / FALSE）"
        ],
    ),
    "source-by-document-number": (
        HEAD,
        _row(依据="人社部发〔2021〕39号"),
        [
            "b.xlsx!s!I2: error: 政策登记册中没有 '人社部发〔2021〕39号' [source]\n"
            "  hint: 登记册中这份文件的编号是 'apprentice-2021-39'，写 apprentice-2021-39"
        ],
    ),
    "source-list-with-a-typo": (
        HEAD,
        _row(依据="apprentice-2021-39、norm-no-repeet"),
        [
            "b.xlsx!s!I2: error: 政策登记册中没有 'norm-no-repeet' [source[1]]\n"
            "  hint: 您是不是想写 'norm-no-repeat'？"
        ],
    ),
    "formula": (HEAD, _row(依据="=A1"), ["b.xlsx!s!I2: error: 单元格中不能写公式\n  hint: 直接写出取值"]),
    "cell-without-header": (
        HEAD,
        [*_row(), "多余"],
        ["b.xlsx!s!J2: error: 这一列没有表头\n  hint: 在第一行写上列名，或删除这一格"],
    ),
    "no-id-column": (
        ["规则", *HEAD[1:]],
        _row(),
        [
            "b.xlsx!s!A1: error: 未知的字段 '规则'\n  hint: 您是不是想写 '规则编号'？",
            "b.xlsx!s!A1: error: 工作表缺少“编号”列\n"
            "  hint: 第一行是表头，写 编号、标题、推荐服务、权重、条件列、理由、依据；"
            "说明性的工作表以 _ 开头命名",
        ],
    ),
    "duplicate-column": (
        [*HEAD, "标题"],
        [*_row(), "t2"],
        ["b.xlsx!s!J1: error: 重复的列 '标题'（另见第 2 列）\n  hint: 删除其中一列"],
    ),
    "weight-on-a-veto": (
        [*HEAD, "排除服务"],
        [*_row(推荐服务=None), "job-fair"],
        ["b.xlsx!s!A2: error: 排除规则不需要 weight"],
    ),
}


@pytest.mark.parametrize("name", sorted(MISTAKES))
def test_each_mistake_is_located_at_its_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    head, row, expected = MISTAKES[name]
    make(tmp_path / "b.xlsx", {"s": [head, row]})
    monkeypatch.chdir(tmp_path)
    assert problems(Path(".")) == expected


def test_duplicate_ids_across_a_workbook_and_a_yaml_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(tmp_path / "b.xlsx", {"s": [HEAD, _row(), _row()]})
    monkeypatch.chdir(tmp_path)
    assert problems(Path(".")) == [
        "b.xlsx!s!A3: error: 规则编号 'a.one' 重复（另见 b.xlsx!s!A2） [id]\n  hint: 每条规则的 id 必须唯一"
    ]


def test_every_problem_of_every_file_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path / "a.xlsx", {"s": [HEAD, _row(权重=150)], "t": [HEAD, _row(编号="a.two", 标题=None)]})
    make(tmp_path / "b.xlsx", {"s": [[*HEAD[:6], "职工数 ≥", *HEAD[7:]], _row(编号="b.one")]})
    (tmp_path / "c.yaml").write_text(
        "- id: c.one\n  title: t\n  service: job-fair\n  weight: 10\n"
        "  when: {employees: {gte: 5}}\n  reason: r\n  colour: red\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert [p.splitlines()[0].split(": error")[0] for p in problems(Path("."))] == [
        "a.xlsx!s!D2",
        "a.xlsx!t!B2",
        "b.xlsx!s!G1",
        "c.yaml:7:3",
    ]


def test_problem_and_origin_show_the_cell() -> None:
    assert Problem("r/x.xlsx!技能", 12, 3, "", "c", "m").location() == "r/x.xlsx!技能!C12"
    assert place("r/x.xlsx!s", 7, 28) == "r/x.xlsx!s!AB7"
    assert place("r/x.yaml", 7, 3) == "r/x.yaml:7:3"
    assert place("r/x.yaml", 7) == "r/x.yaml:7"
    p = Problem("x.xlsx!s", 2, 1, "", "c", "m", "h")
    assert str(p) == "x.xlsx!s!A2: error: m\n  hint: h"
    assert p.to_dict()["file"] == "x.xlsx!s"


# --- export ----------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_shipped_base_exported_and_read_back_has_its_fingerprint(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    out = tmp_path / "out"
    code, text, err = _cli(["rules", "export", "--xlsx", str(out)])
    shipped = rulebook(root / "rules")
    assert (code, err) == (0, "")
    exported = rulebook(out)
    same(shipped, exported)
    lines = text.splitlines()
    assert lines[-1] == f"规则库指纹相同：{shipped.fingerprint}"
    in_rows = sum(1 for r in exported.rules if ".xlsx!" in r.file)
    assert lines[0] == f"{len(list(out.glob('*.xlsx')))} 个工作簿，{in_rows} 条规则（每条一行）写入 {out}"
    assert in_rows >= 0.9 * len(shipped.rules)  # most rules fit one row
    kept = [r.id for r in exported.rules if ".xlsx!" not in r.file]
    assert sorted(line.split("  ")[2].split("：")[0] for line in lines[2:-1]) == sorted(kept)


@pytest.mark.slow
def test_validate_lint_test_diff_and_coverage_take_an_exported_folder(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    out = tmp_path / "out"
    assert _cli(["rules", "export", "--xlsx", str(out)])[0] == 0
    fingerprint = rulebook(root / "rules").fingerprint
    assert _cli(["validate", "--rules", str(out)])[1].endswith(f"规则库 {fingerprint}\n")
    lint_yaml, lint_xlsx = (
        _cli(["lint", "--format", "json"]),
        _cli(["lint", "--rules", str(out), "--format", "json"]),
    )
    codes = [[(f["code"], f["message"]) for f in json.loads(r[1])] for r in (lint_yaml, lint_xlsx)]
    assert lint_xlsx[0] == lint_yaml[0] and sorted(codes[1]) == sorted(codes[0])
    assert _cli(["test", "scenarios/", "--rules", str(out)])[0] == _cli(["test", "scenarios/"])[0]
    diff = _cli(["diff", "rules/", str(out), "--profiles", "examples/enterprises.csv", "--format", "json"])
    assert (diff[0], json.loads(diff[1])["changed"]) == (0, [])
    cov = _cli(["coverage", "examples/enterprises.csv", "--rules", str(out), "--as-of", "2026-06-01"])
    assert (
        cov[1].splitlines()[0]
        == _cli(["coverage", "examples/enterprises.csv", "--as-of", "2026-06-01"])[1].splitlines()[0]
    )


@pytest.mark.slow
def test_an_exported_folder_exports_again_to_the_same_rule_base(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    (tmp_path / "rules" / "more").mkdir(parents=True)
    for f in (root / "rules").glob("*.yaml"):  # two files of one name in two folders, too
        (tmp_path / "rules" / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "rules" / "more" / "skills.yaml").write_text(YAML, encoding="utf-8")
    first, second = tmp_path / "first", tmp_path / "second"
    assert _cli(["rules", "export", "--xlsx", str(first), "--rules", str(tmp_path / "rules")])[0] == 0
    assert _cli(["rules", "export", "--xlsx", str(second), "--rules", str(first)])[0] == 0
    same(rulebook(tmp_path / "rules"), rulebook(second))
    assert {p.name for p in second.iterdir()} >= {"skills.xlsx", "skills-2.xlsx"}


@pytest.mark.slow
def test_yaml_to_workbooks_to_yaml_keeps_the_rule_base(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    xlsx, back = tmp_path / "xlsx", tmp_path / "yaml"
    assert _cli(["rules", "export", "--xlsx", str(xlsx)])[0] == 0
    code, text, err = _cli(["rules", "export", "--yaml", str(back), "--rules", str(xlsx)])
    shipped = rulebook(root / "rules")
    assert (code, err, text.splitlines()[-1]) == (0, "", f"规则库指纹相同：{shipped.fingerprint}")
    assert sorted(p.suffix for p in back.iterdir()) == [".yaml"] * len(list(back.iterdir()))
    same(shipped, rulebook(back))
    written = "".join(p.read_text(encoding="utf-8") for p in back.iterdir())
    assert "\n    all:\n      - " in written and '{"' not in written  # block style, as by hand; no JSON


def test_export_says_what_it_wrote_and_what_stays_yaml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("rules").mkdir()
    Path("rules/r.yaml").write_text(
        "- {id: a, title: t, service: job-fair, weight: 10, when: {employees: {gte: 5}}, reason: r}\n"
        "# the next one has an any\n"
        "- id: b\n  title: t\n  exclude: job-fair\n"
        "  when:\n    any: [{size: micro}, {employees: {lt: 5}}]\n  reason: r\n",
        encoding="utf-8",
    )
    code, out, err = _cli(
        ["rules", "export", "--xlsx", "out", "--rules", "rules", "--catalog", str(ROOT / "catalog")]
    )
    fingerprint = rulebook(Path("rules")).fingerprint
    assert (code, err) == (0, "")
    assert out == (
        "1 个工作簿，1 条规则（每条一行）写入 out\n"
        "1 条规则写不成一行，仍为 YAML（r.yaml）：\n"
        "  rules/r.yaml:3  b：条件中有 any\n"
        f"规则库指纹相同：{fingerprint}\n"
    )
    assert (
        Path("out/r.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "\n# the next one has an any\n- id: b\n  title: t\n  exclude: job-fair\n"
            "  when:\n    any: [{size: micro}, {employees: {lt: 5}}]\n  reason: r\n"
        )
    )


def test_rules_a_row_cannot_hold_stay_yaml_and_are_listed(tmp_path: Path) -> None:
    """Shapes a row would read back differently: one register id in a list, a service or a field named in
    Chinese (a row reads them as ids). Exported as YAML, listed with the reason, the fingerprint kept."""
    (tmp_path / "rules").mkdir()
    base = "title: t\n  weight: 10\n  reason: r\n"
    (tmp_path / "rules" / "r.yaml").write_text(
        f"- id: a\n  {base}  service: job-fair\n  when: {{employees: {{gte: 5}}}}\n"
        "  source: [apprentice-2021-39]\n"
        f"- id: b\n  {base}  service: {APPRENTICESHIP}\n  when: {{employees: {{gte: 5}}}}\n"
        f"- id: c\n  {base}  service: job-fair\n  when: {{职工人数: {{gte: 5}}}}\n"
        f"- id: d\n  {base}  service: job-fair\n  when: {{employees: {{gte: 5}}}}\n"
        "  source: [apprentice-2021-39, norm-no-repeat]\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, text, err = _cli(["rules", "export", "--xlsx", str(out), "--rules", str(tmp_path / "rules")])
    assert (code, err) == (0, "")
    assert [line.split("  ", 2)[2] for line in text.splitlines()[2:-1]] == [
        "a：依据的列表写成一格，读回的不是它",
        f"b：服务写的是名称 '{APPRENTICESHIP}'，写成一行读回的是 new-apprenticeship",
        "c：字段写的是名称 '职工人数'，写成一行读回的是 employees",
    ]
    same(rulebook(tmp_path / "rules"), rulebook(out))
    assert [r.id for r in rulebook(out).rules if ".xlsx!" in r.file] == ["d"]


def test_without_a_register_a_source_is_text_and_a_list_of_sources_stays_yaml(tmp_path: Path) -> None:
    from prescriber.workbook import write

    bare = type(CATALOG).model_validate(
        {**CATALOG.model_dump(), "policies": []}
    )  # a catalogue without a register
    assert not bare.policy_by_id
    yaml = (
        "- {id: a, title: t, service: job-fair, weight: 10, when: {employees: {gte: 5}}, "
        "source: 甲、乙, reason: r}\n"
        "- {id: b, title: t, service: job-fair, weight: 10, when: {employees: {gte: 5}}, "
        "source: [甲, 乙], reason: r}\n"
    )
    doc = yamlsrc.loads(yaml, "r.yaml")
    done = write.export([(doc, 0), (doc, 1)], bare, tmp_path / "out")
    assert [(rule, why) for rule, _, why in done.kept] == [("b", "依据写成了列表，一格写不下")]
    docs, found = workbook.read(tmp_path / "out" / "r.xlsx", bare)
    assert found == [] and [r["source"] for d in docs for r in d.data] == ["甲、乙"]  # free text, as written


def test_rules_that_stay_yaml_from_a_file_in_json_style(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    rules = [
        {
            "id": "a",
            "title": "t",
            "service": "job-fair",
            "weight": 10,
            "when": {"employees": {"gte": 5}},
            "reason": "r",
        },
        {
            "id": "b",
            "title": "t",
            "exclude": "job-fair",
            "reason": "r",
            "when": {"any": [{"size": "micro"}, {"employees": {"lt": 5}}]},
        },
    ]
    (tmp_path / "rules" / "r.yaml").write_text(json.dumps(rules, indent=1), encoding="utf-8")
    out = tmp_path / "out"
    assert _cli(["rules", "export", "--xlsx", str(out), "--rules", str(tmp_path / "rules")])[0] == 0
    same(rulebook(tmp_path / "rules"), rulebook(out))
    assert "- id: b\n" in (out / "r.yaml").read_text(encoding="utf-8")


def test_export_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "old.yaml").write_text("[]", encoding="utf-8")
    assert _cli(["rules", "export", "--xlsx", str(tmp_path)]) == (
        2,
        "",
        f"prescriber: {tmp_path} 不是空文件夹：请导出到一个新的或空的文件夹\n",
    )


@pytest.mark.slow
def test_an_exported_sheet_has_frozen_headers_and_drop_down_lists(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root)
    _cli(["rules", "export", "--xlsx", str(tmp_path / "out")])
    book = openpyxl.load_workbook(tmp_path / "out" / "skills.xlsx")
    assert book["_取值"].sheet_state == "hidden"
    ws = book.worksheets[0]
    assert ws.freeze_panes == "C2"
    heads = [c.value for c in ws[1]]
    assert heads[:5] == ["编号", "标题", "推荐服务", "排除服务", "权重"]
    rules: dict[str, Any] = {}
    for dv in ws.data_validations.dataValidation:
        for ref in str(dv.sqref).split():
            rules[
                heads[openpyxl.utils.column_index_from_string(ref.split(":")[0].rstrip("0123456789")) - 1]
            ] = dv
    assert (rules["权重"].type, rules["权重"].formula1, rules["权重"].formula2) == ("whole", "1", "100")
    assert rules["推荐服务"].type == "list" and rules["推荐服务"].formula1.startswith("'_取值'!$")
    vocab = [dv for h, dv in rules.items() if dv.type == "list" and h not in ("推荐服务", "排除服务")]
    assert vocab and all(dv.errorStyle == "warning" for dv in vocab)  # a synonym typed in is allowed
    assert (
        "依据" in rules and rules["依据"].errorStyle == "warning"
    )  # register ids; several as a、b are allowed
    services = [c.value for c in book["_取值"]["A"][1:]]
    assert APPRENTICESHIP in services
    columns = {
        col[0].value: [c.value for c in col[1:] if c.value is not None] for col in book["_取值"].columns
    }
    assert columns["source"] == [p.id for p in CATALOG.policies]


@pytest.mark.slow
def test_a_text_that_starts_with_equals_stays_text(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "r.yaml").write_text(
        '- {id: a, title: "=1+2", service: job-fair, weight: 10, when: {employees: {gte: 5}}, '
        'reason: "=HYPERLINK(1)"}\n',
        encoding="utf-8",
    )
    assert (
        _cli(["rules", "export", "--xlsx", str(tmp_path / "out"), "--rules", str(tmp_path / "rules")])[0] == 0
    )
    ws = openpyxl.load_workbook(tmp_path / "out" / "r.xlsx").worksheets[0]
    assert [(c.value, c.data_type) for c in ws[2] if c.value in ("=1+2", "=HYPERLINK(1)")] == [
        ("=1+2", "s"),
        ("=HYPERLINK(1)", "s"),
    ]


def test_the_example_workbook_in_the_guide_compiles(root: Path) -> None:
    book = rulebook(root / "docs" / "img" / "rules-example.xlsx")
    assert len(book.rules) >= 3 and all(".xlsx!" in r.file for r in book.rules)
    assert {r.effect for r in book.rules} == {"recommend", "exclude"}
    assert "；" in next(
        r.source for r in book.rules if r.id == "education.teachers.shortage"
    )  # 依据 a、b: two ids


def _cli(argv: list[str]) -> tuple[int, str, str]:
    import io

    from prescriber.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()
