"""``--lang en`` is complete: every command's own words are English, and the only Chinese left is data.

What counts as data (and may stay Chinese in English output):

1. what policy staff wrote: every file of the rule base (``rules/``), the catalogue (``catalog/``: services,
   categories, vocabularies, the policy register) and the scenarios (``scenarios/``);
2. what an enterprise or a caseworker typed: the profiles and tables (``examples/``), the register's
   records (enterprise names, officers, notes, and the notes the register writes into an item's history);
3. findings that are still written in Chinese: a prescription's warnings (kept in the prescription as
   Chinese text) and a rule that cannot be written as one workbook row. An explanation's evidence is not
   data: it is worded in English from its parts by the operator registry (``says_en``).

Problems are not data: every code says its message and hint in English (prescriber/codes), so a problem
under ``--lang en`` may quote Chinese only where it quotes the input (a value an author wrote, a vocabulary
name). The broken inputs below (rules, profiles, a batch table, a workbook) are data of category 1 and 2.

The test collects that data as one text and requires every run of Chinese characters in the output to occur
in it: a heading, label, summary, headline or problem in Chinese fails.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from case_support import FINGERPRINT, body, record

import prescriber
from prescriber.cli import main
from prescriber.register import NewRecord, Register
from prescriber.render.messages import MESSAGES
from prescriber.render.words import WORDS
from prescriber.workbook import write
from prescriber.workbook.columns import OPS

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
PROFILE = "examples/jinjiang-footwear-sme.yaml"
DAY = "2026-06-01"


def _files() -> Iterator[str]:
    for folder in ("rules", "catalog", "scenarios", "examples"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".yaml", ".yml", ".json", ".csv"):
                yield path.read_text(encoding="utf-8")


def _findings(rx: prescriber.Prescriber, scratch: Path) -> Iterator[str]:
    """Category 3 of the module docstring, as the library reports it for the inputs used below."""
    book = rx.book
    for profile in ROOT.glob("examples/*.yaml"):
        rxn = rx.prescribe(profile, as_of=DAY)
        yield from rxn.warnings
        yield from (p for x in rxn.lapsed for p in x.policies)
        yield from (r.reason for i in rxn.items for r in i.rules)  # written by staff, {name} filled in
    from prescriber import loader

    _, loaded = loader.load_rulebase(ROOT / "rules", ROOT / "catalog")
    kept = write.export([(r.origin.doc, int(r.origin.path[0])) for r in loaded], book.catalog, scratch)
    yield from (why for _, _, why in kept.kept)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> str:
    with prescriber.load(engine="python") as rx:
        findings = list(_findings(rx, tmp_path_factory.mktemp("export")))
        return "\n".join(
            [
                *_files(),
                *findings,
                *BROKEN.values(),
                *(w for ws in OPS.values() for w in ws),  # a workbook's operator words, as authors write them
                "福州某公司",
                "厦门某公司",
                "李四",
                "服务",
                "依记录 1 的意愿确认立项",
                "规则 职工人数 大约 专场招聘会 完成",  # typed into the workbook and case commands below
            ]
        )


def _chinese_left(text: str, data: str) -> list[str]:
    return sorted({run for run in HAN.findall(text) if run not in data})


COMMANDS = [
    ["prescribe", PROFILE, "--as-of", DAY],
    ["prescribe", PROFILE, "--as-of", DAY, "--explain"],
    ["prescribe", PROFILE, "--as-of", DAY, "--format", "markdown"],
    ["prescribe", PROFILE, "--as-of", DAY, "--format", "html", "--explain"],
    ["prescribe", "examples/fuzhou-micro-restaurant.yaml", "--as-of", "2026-06-01", "--explain"],
    ["explain", PROFILE, "--service", "job-fair", "--as-of", DAY],
    ["explain", PROFILE, "--service", "new-apprenticeship", "--as-of", DAY],
    ["explain", PROFILE, "--service", "job-fiar"],
    ["catalog"],
    ["catalog", "--format", "markdown"],
    ["catalog", "--category", "nope"],
    ["validate"],
    ["lint", "--as-of", DAY],
    ["test", "scenarios", "--coverage"],
    ["coverage", "examples/enterprises.csv", "--as-of", DAY],
    ["diff", "rules", "rules", "--profiles", "examples/enterprises.csv", "--as-of", DAY],
    ["report", "examples/enterprises.csv", "--as-of", DAY],
    ["prescribe", PROFILE, "--top", "0"],
    ["prescribe", PROFILE, "--as-of", "2026-06-01", "--frobnicate"],
]


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_every_command_speaks_english(argv: list[str], data: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    main([*argv, "--lang", "en"], out=out, err=err)
    assert _chinese_left(out.getvalue() + err.getvalue(), data) == []


def test_files_written_speak_english(tmp_path: Path, data: str) -> None:
    for argv in (
        ["batch", "examples/enterprises.csv", "-o", str(tmp_path / "o.csv"), "--as-of", DAY],
        ["rules", "export", "--xlsx", str(tmp_path / "book")],
        ["rules", "export", "--xlsx", str(tmp_path / "book")],  # not empty now: refused
        ["schema", "rules", "-o", str(tmp_path)],
        ["report", "examples/enterprises.csv", "--as-of", DAY, "-o", str(tmp_path / "r.html")],
    ):
        out, err = io.StringIO(), io.StringIO()
        main([*argv, "--lang", "en"], out=out, err=err)
        written = (tmp_path / "r.html").read_text("utf-8") if argv[0] == "report" else ""
        assert _chinese_left(out.getvalue() + err.getvalue() + written, data) == [], argv


def test_case_commands_speak_english(tmp_path: Path, data: str) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "福州某公司", ["job-fair", "harmony-checkup"])
    reg.close()
    texts = []
    for argv in (
        ["open", "1", "--officer", "李四", "--due", "2026-07-01"],
        ["items"],
        ["items", "--officer", "nobody"],
        ["update", "1", "--version", "1", "--status", "in-progress"],
        ["update", "1", "--version", "1", "--status", "done"],  # stale version: a conflict
        ["update", "1", "--version", "2", "--status", "done", "--evidence", "https://example.org/x.pdf"],
        ["show", "1"],
        ["show", "99"],
        ["assess", "--city", "fuzhou", "--year", "2026", "-o", str(tmp_path / "a.csv")],
        ["cohort", "--city", "xiamen", "--year", "2026"],
    ):
        out, err = io.StringIO(), io.StringIO()
        main(["case", *argv, "--db", url, "--by", "李四", "--lang", "en"], out=out, err=err)
        texts.append(out.getvalue() + err.getvalue())
    assert _chinese_left("\n".join(texts), data) == []
    assert "Status: done" in texts[6] and "in progress → done" in texts[6]


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    fields = re.compile(r"\{(\w+)")
    # the Chinese quotes the register's own sentence (``detail``), the English says it from its parts
    differ = {key: {"detail", "expected", "current"} for key in ("case.conflict", "case.no-version")}
    for table in (MESSAGES, WORDS):
        assert table["zh"].keys() == table["en"].keys()
        for key, zh in table["zh"].items():
            skip = differ.get(key, set())
            assert set(fields.findall(zh)) - skip == set(fields.findall(table["en"][key])) - skip, key
            assert not HAN.search(table["en"][key]), key


def test_serve_refusal_speaks_english(monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    for name in ("PRESCRIBER_STAFF_PASSWORD", "PRESCRIBER_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", "--host", "0.0.0.0", "--lang", "en"], out=out, err=err) == 2
    assert "refusing to serve on 0.0.0.0" in err.getvalue()
    assert _chinese_left(out.getvalue() + err.getvalue(), data) == []


def test_failing_scenarios_speak_english(tmp_path: Path, data: str) -> None:
    (tmp_path / "wrong.yaml").write_text(
        f"""- name: every expectation wrong
  profile: {ROOT / PROFILE}
  as_of: {DAY}
  expect:
    top: {{n: 1, include: [enterprise-annuity]}}
    order: [[enterprise-annuity, job-fair]]
    include: [skills-appraisal-body]
    exclude: [job-fair]
    vetoed: [job-fair]
    lapsed: [job-fair]
    score: {{job-fair: [0, 1]}}
- name: a bad profile
  profile: {{employees: many}}
  expect: {{include: [job-fair]}}
""",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["test", str(tmp_path), "--lang", "en"], out=out, err=err) == 1
    text = out.getvalue() + err.getvalue()
    assert "should include skills-appraisal-body, but the list does not" in text
    assert "0 scenario(s) passed, 2 failed" in text
    assert "employees: should be a whole number, not 'many'" in text
    assert _chinese_left(text, data) == []


LEADER, S1, S2, S3 = "91350100MA0000001P", "91350100MA0000002T", "91350100MA0000003X", "91350100MA00000041"


def _group_register(url: str) -> None:
    """A chain leader (large, state-owned, 链主) listing three suppliers: one confirmed, one prescribed but
    not confirmed, one without a record."""
    reg = Register(url)
    reg.upgrade()
    reg.keep_snapshot(FINGERPRINT, {})

    def stored(name: str, code: str, confirm: list[str], **profile: object) -> None:
        text = json.dumps({"name": name, "credit_code": code, **profile}, ensure_ascii=False)
        facts = {"size": "large", "ownership": "state", "flags.chain_leader": True} if profile else None
        rid = reg.add(
            NewRecord("<test>", text, body(name, ["job-fair"], credit_code=code, facts=facts), "x", "t")
        ).id
        if confirm:
            reg.confirm(rid, confirm, by="enterprise")

    listed = [
        {"credit_code": c, "name": n} for c, n in ((S1, "福州某公司"), (S2, "厦门某公司"), (S3, "李四"))
    ]
    stored("福州某公司", LEADER, ["job-fair"], suppliers=listed)
    stored("福州某公司", S1, ["job-fair"])
    stored("厦门某公司", S2, [])
    reg.close()


def test_case_groups_assessment_and_cohort_speak_english(tmp_path: Path, data: str) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    _group_register(url)
    texts = {}
    for argv in (
        ["group", "open", "1", "--officer", "李四", "--due", "2026-07-01"],
        ["group", "show", "1"],
        ["group", "list", "--city", "Fuzhou"],
        ["group", "list", "--year", "1999"],
        ["assess", "--city", "fuzhou", "--year", "2026"],
        ["cohort", "--city", "fuzhou", "--year", "2026"],
    ):
        out, err = io.StringIO(), io.StringIO()
        main(["case", *argv, "--db", url, "--by", "李四", "--lang", "en"], out=out, err=err)
        texts[" ".join(argv[:3])] = out.getvalue() + err.getvalue()
    main(["case", "assess", "--city", "fuzhou", "--year", "2026", "-o", str(tmp_path / "a.csv"), "--db", url])
    csv_zh = (tmp_path / "a.csv").read_text("utf-8")
    argv = [
        "case",
        "assess",
        "--city",
        "fuzhou",
        "--year",
        "2026",
        "-o",
        str(tmp_path / "a.csv"),
        "--db",
        url,
    ]
    main([*argv, "--lang", "en"], out=io.StringIO())
    texts["csv"] = (tmp_path / "a.csv").read_text("utf-8")
    assert _chinese_left("\n".join(texts.values()), data) == []
    assert texts["group open 1"].startswith("Group 1 · leader 福州某公司 · Fuzhou · 2026 · record 1 · case 1")
    assert (
        "to collect" in texts["group show 1"]
        and "To collect, 1: no record of 2026 yet." in texts["group show 1"]
    )
    assert texts["group list --city"].split("\n")[1].split() == [
        "1",
        "2026",
        "Fuzhou",
        "福州某公司",
        "3",
        "2",
        "1",
    ]
    assert texts["group list --year"] == "No groups match.\n"
    assert "City                                           Fuzhou" in texts["assess --city fuzhou"]
    assert "Groups: suppliers to collect                   1" in texts["assess --city fuzhou"]
    assert "size+40 state-owned+15 chain leader+25 3 supplier(s)+6" in texts["cohort --city fuzhou"]
    assert texts["csv"].startswith("\ufeffFigure,Value\nCity,Fuzhou\n") and csv_zh.startswith(
        "\ufeff指标,数值\n城市,福州市\n"
    )


def test_the_cohort_reasons_by_id_read_in_chinese_as_the_register_writes_them() -> None:
    from prescriber import influence
    from prescriber.render.messages import say

    facts = {"size": "medium", "ownership": "state", "flags.chain_leader": True, "above_scale": True}
    for suppliers in (0, 1, 30):
        for f in (facts, {**facts, "flags.harmonious_level": "national"}, {}):
            _, why = influence.points(f, suppliers)
            by_id = tuple(
                say(f"cohort.{t}", "zh", points=p, n=n) for t, p, n in influence.terms(f, suppliers)
            )
            assert by_id == why


def test_english_names_regions_and_the_headline_by_field(data: str) -> None:
    with prescriber.load(engine="python") as rx:
        catalog = rx.book.catalog
        named = (*catalog.regions, *catalog.ownerships, *catalog.sections)
        assert all(x.name_en and not HAN.search(x.name_en) for x in named)
    out = io.StringIO()
    main(["prescribe", PROFILE, "--as-of", DAY, "--lang", "en"], out=out)
    assert (
        out.getvalue().splitlines()[1]
        == "Quanzhou · Manufacturing (1952) · medium enterprise · private enterprise · 420 employees"
    )
    out = io.StringIO()
    main(["prescribe", "examples/anxi-tea-cooperative.yaml", "--as-of", DAY, "--lang", "en"], out=out)
    assert out.getvalue().splitlines()[1] == (
        "Quanzhou · Agriculture, Forestry, Animal Husbandry and Fishery (0164) · medium enterprise"
        " · farmers' specialized cooperative · 35 employees"
    )
    out = io.StringIO()
    main(["prescribe", "examples/fuzhou-vehicle-maker.yaml", "--as-of", DAY, "--lang", "en"], out=out)
    assert "\nNot advised: Skills certification through social evaluation bodies — " in out.getvalue()
    out = io.StringIO()
    main(["prescribe", PROFILE, "--as-of", DAY, "--lang", "en", "--format", "markdown"], out=out)
    assert "Quanzhou · Manufacturing (1952) · " in out.getvalue()


def test_a_diff_with_services_dropped_and_rescored_speaks_english(tmp_path: Path, data: str) -> None:
    import shutil

    changed = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", changed)
    (changed / "showcase.yaml").unlink()
    harmony = changed / "harmony.yaml"
    harmony.write_text(re.sub(r"weight: \d+", "weight: 5", harmony.read_text("utf-8"), count=1), "utf-8")
    out, err = io.StringIO(), io.StringIO()
    argv = ["diff", "rules", str(changed), "--profiles", "examples/enterprises.csv", "--as-of", DAY]
    assert main([*argv, "--lang", "en"], out=out, err=err) == 0
    text = out.getvalue() + err.getvalue()
    assert _chinese_left(text, data) == []
    assert "  - Product showcase and employer branding (product-showcase) was rank" in text
    assert "Score changed: Harmonious labour relations check-up (harmony-checkup) up for 0, down for" in text


def test_a_scenario_naming_an_unknown_service_speaks_english(tmp_path: Path, data: str) -> None:
    (tmp_path / "s.yaml").write_text(
        f"- name: a misspelt service\n  profile: {ROOT / PROFILE}\n  expect: {{include: [job-fiar]}}\n",
        "utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["test", str(tmp_path), "--lang", "en"], out=out, err=err) == 1
    assert "    unknown service 'job-fiar' (did you mean 'job-fair'?)\n" in out.getvalue()
    assert _chinese_left(out.getvalue() + err.getvalue(), data) == []


# Chinese a caseworker may type in English help: the status words ``--status`` accepts, an example city.
TYPED = "待对接 办理中 已办结 企业放弃 不符合条件 福州市"


def test_every_help_page_speaks_english(capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from prescriber.cli.parser import build

    def pages(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        found = [parser]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in dict.fromkeys(action.choices.values()):
                    found += pages(sub)
        return found

    found = pages(build("en"))
    assert len(found) == len(pages(build("zh"))) > 25
    for page in found:
        text = page.format_help()
        assert text.startswith("usage: prescriber"), page.prog
        assert _chinese_left(text, TYPED) == [], page.prog
    for argv, said in (
        (["--lang", "en", "--help"], "show this help and exit"),
        (["case", "update", "--help", "--lang", "en"], "the version read (so that no one else's change is"),
    ):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
        assert said in capsys.readouterr().out


def test_the_language_may_be_asked_before_the_command() -> None:
    out = io.StringIO()
    assert main(["--lang", "en", "catalog"], out=out) == 0
    assert out.getvalue().startswith("ID ")


def test_the_report_names_services_cities_and_sizes_in_english(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", "examples/enterprises.csv", "--as-of", DAY, "--lang", "en"], out=out, err=err) == 0
    text = out.getvalue()
    assert "| service | Fuzhou | Pingtan Comprehensive Experimental Zone | Xiamen |" in text
    assert "| service | large | medium | small | micro | unknown | total |" in text
    assert "\n| Labour-relations coordinators | " in text
    assert "\n| Fuzhou | 1 | " in text  # the shortlist
    tables = [line for line in text.splitlines() if line.startswith("| ")]
    assert not any(HAN.search(cell) for line in tables for cell in line.split(" | ")[:1]), (
        "a row label in Chinese"
    )


def test_a_bad_proxy_list_is_headed_in_english() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["serve", "--forwarded-allow-ips", "nonsense", "--lang", "en"], out=out, err=err) == 2
    assert err.getvalue().startswith("prescriber: --forwarded-allow-ips: ")


def test_the_headline_and_help_tables_have_both_languages() -> None:
    from prescriber.render.help import TITLES
    from prescriber.render.words import HEADLINE

    assert list(HEADLINE["zh"]) == list(HEADLINE["en"])
    assert TITLES["zh"].keys() == TITLES["en"].keys()
    assert not any(HAN.search(text) for text in [*HEADLINE["en"].values(), *TITLES["en"].values()])


def test_every_command_and_option_has_help_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The help of each language is one table in render, keyed alike: a Chinese (or English) entry left
    out is a missing key, and the parser of that language does not build rather than print another's."""
    from prescriber.cli.parser import build
    from prescriber.render import help

    assert help.HELP["zh"].keys() == help.HELP["en"].keys()
    assert help.COMMON["zh"].keys() == help.COMMON["en"].keys()
    assert _chinese_left(" ".join([*help.HELP["en"].values(), *help.COMMON["en"].values()]), TYPED) == []
    assert all(HAN.search(text) for text in [*help.HELP["zh"].values(), *help.COMMON["zh"].values()])
    for lang, key in (("zh", "case update --status"), ("en", "schema kind"), ("zh", "case group show")):
        with monkeypatch.context() as m:
            m.delitem(help.HELP[lang], key)
            with pytest.raises(KeyError):
                build(lang)
        build(lang)


# -- problems, as an English-speaking integrator meets them -----------------------------------------------

BROKEN = {
    "rules/a.yaml": """- id: demo.fields
  title: 字段写错
  service: job-fare
  weight: 10
  when:
    all:
      - employes: {gte: 50}
      - region: {gte: 3}
      - metrics.turnover_rate: {gte: 15}
      - industry: {in: [C99]}
      - region: {in: [晋江市]}
      - flags.has_mediation_committee: 是
  reason: "职工 {employees} 人以上，{ employees }，{employes}"
- id: demo.fields
  title: 重复
  exclude: harmony-checkup
  weight: 5
  when: {all: []}
  reason: 示例
- id: demo.shape
  title: 形状
  service: job-fair
  weight: 1000
  valid_from: 2024-13-01
  wieght: 3
  when: {name: {regex: "(福州.*)+集团"}}
  reason: 示例
""",
    "rules/b.yaml": "- id: demo.colon\n  title: 全角\n  weight：35\n",
    "rules/c.yaml": "- id: demo.dup\n  title: 甲\n  title: 乙\n",
    "profile.yaml": """name: 示例企业
credit_code: 91350000000000000X
region: fuzou
ownership: 国有企
industry: C99
employees: 很多
revenue: 2.6亿
pain_points: [skill-shortge, 招工难, 招工难]
flags: {has_mediation_committee: 是, harmonious_level: 国家, has_mediation: true}
metrics: {turnover_rate: 12, disputes_last_year: 2.5, turnover: 1}
""",
    "table.csv": "name,employees,revenue,region,employes,flags.has_union\n"
    "甲,很多,1.2亿,fuzhou,3,是\n乙,30,120,厦门,,\n丙,40,50,fuzhou,1,true,多余\n",
}


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    for name, text in BROKEN.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _run(argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    main([*argv, "--lang", "en"], out=out, err=err)
    return out.getvalue() + err.getvalue()


def test_problems_with_rules_and_profiles_speak_english(broken: Path, data: str) -> None:
    rules = [str(broken / "rules" / n) for n in ("a.yaml", "b.yaml", "c.yaml")]
    texts = [_run(["validate", "--rules", r]) for r in rules]
    texts += [
        _run(["validate", "--rules", rules[0], "--format", "json"]),
        _run(["lint", "--rules", rules[0]]),
    ]
    texts.append(_run(["prescribe", str(broken / "profile.yaml")]))
    texts.append(_run(["prescribe", PROFILE, "--as-of", "2026-13-01"]))
    text = "\n".join(texts)
    assert _chinese_left(text, data) == []
    for said in (
        "unknown field 'employes'",
        "region cannot use gte",
        "metrics.turnover_rate: 15 is outside the range 0–1",
        "is a county or district of quanzhou",  # 晋江市 is the author's (data), the city is its id
        "YAML syntax error: a full-width colon '：' is used here",
        "duplicate key 'title' (first on line 2)",
        "unknown region 'fuzou'",
        "invalid unified social credit code: wrong check character",
        "harmonious_level cannot be '国家'",
        "turnover_rate = 12, should be between 0 and 1",
        "date '2026-13-01' not understood",
    ):
        assert said in text, said


def test_problems_with_a_table_and_a_workbook_speak_english(broken: Path, data: str) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "规则"
    sheet.append(["编号", "标题", "推荐服务", "权重", "职工人数 大约", "理由", "理由"])
    sheet.append(["demo.a", "示例", "专场招聘会", "=1+1", 50, "示例"])
    book.save(broken / "rules" / "book.xlsx")
    errors = broken / "errors.csv"
    texts = [
        _run(["batch", str(broken / "table.csv"), "-o", str(broken / "out.csv"), "--errors", str(errors)]),
        errors.read_text(encoding="utf-8"),
        _run(["report", str(broken / "table.csv"), "--as-of", DAY]),
        _run(["validate", "--rules", str(broken / "rules" / "book.xlsx")]),
        _run(["diff", "rules", str(broken / "rules" / "a.yaml"), "--profiles", str(broken / "table.csv")]),
    ]
    text = "\n".join(texts)
    assert _chinese_left(text, data) == []
    assert "employees should be a number, not '很多'" in text and "unknown column 'employes'" in text
    assert "unknown operator '大约'" in text and "a cell may not hold a formula" in text


def test_case_problems_speak_english(tmp_path: Path, data: str) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    reg = Register(url)
    reg.upgrade()
    record(reg, "福州某公司", ["job-fair", "harmony-checkup"])
    reg.close()
    texts = []
    for argv in (
        ["open", "1", "--officer", "李四"],
        ["open", "99"],
        ["update", "1", "--version", "1", "--status", "完成"],
        ["update", "1", "--version", "1", "--status", "done"],
        ["update", "1", "--version", "1", "--status", "declined"],
        ["update", "1", "--version", "1", "--satisfaction", "7"],
        ["update", "1", "--version", "1", "--status", "in-progress", "--evidence", "no-such-file.pdf"],
        ["update", "1", "--version", "1"],
        ["assess", "--city", "atlantis", "--year", "2026"],
        ["assess", "--city", "fuzhou", "--year", "2026", "-o", str(tmp_path / "a.txt")],
    ):
        texts.append(_run(["case", *argv, "--db", url, "--by", "李四"]))
    text = "\n".join(texts)
    assert _chinese_left(text, data) == []
    assert "there is no status '完成'" in text and "cannot change from 'pending' to 'done'" in text
    assert "no record numbered 99" in text


def test_the_api_says_problems_in_the_language_asked() -> None:
    from prescriber.http.schemas import lang_of

    assert [
        lang_of(q, a) for q, a in [(None, None), ("en", None), ("zh", "en"), (None, "en-GB,en;q=0.8")]
    ] == [
        "zh",
        "en",
        "zh",
        "en",
    ]
    assert lang_of(None, "zh-CN,zh;q=0.9,en;q=0.8") == "zh" and lang_of(None, "fr;q=0.9,en;q=0.95") == "en"


def test_evidence_is_worded_in_english_for_every_service_of_every_example() -> None:
    """Every condition of every rule about every service, as ``explain`` prints it in English: no Chinese
    (fields by id, values by id, the operator's ``says_en``), and each outcome worded its own way."""
    from prescriber.render.words import evidence

    seen: set[str] = set()
    with prescriber.load(engine="python") as rx:
        for profile in ROOT.glob("examples/*.yaml"):
            for service in rx.book.catalog.service_by_id:
                for r in rx.why_not(profile, service, as_of=DAY).rules:
                    for e in r.evidence:
                        text = evidence(e, "en")
                        assert not HAN.search(text), text
                        assert evidence(e, "zh") == e.text
                        assert e.field in text
                        seen.add(e.outcome)
                        if e.outcome == "unknown":
                            assert text.startswith(f"{e.field} is missing; needed: "), text
                        elif e.outcome == "false":
                            assert text.startswith("needed: ") and "; now: " in text, text
                        else:
                            assert text.endswith(")") and " (now: " in text, text
    assert seen == {"true", "false", "unknown"}


def test_every_question_reads_in_english() -> None:
    """Every fact a question may ask for has an English label and question (the vocabularies' ``name_en``;
    ids only where a vocabulary has no English name — none in the shipped ones), and the CLI asks them."""
    from prescriber.questions import _words

    with prescriber.load(engine="python") as rx:
        catalog = rx.book.catalog
        named = [*catalog.flags, *catalog.metrics, *catalog.pain_points]
        named += [c for f in catalog.flags for c in f.choices]
        assert [x.id for x in named if not x.name_en] == []
        for field in [*rx.book.table.fields, "collective_contract_until"]:
            label, text, label_en, text_en = _words(field, rx.book)
            assert HAN.search(label) and HAN.search(text), field
            assert label_en and text_en and not HAN.search(label_en + text_en), (field, label_en, text_en)
    out = _run(["prescribe", str(ROOT / "examples/fuzhou-micro-restaurant.yaml"), "--as-of", DAY])
    asked = out.split("Please ask")[1].split("Rule base")[0]
    assert "[flags.labour_credit_level]" in asked and not HAN.search(asked), asked


def test_a_question_stored_before_english_reads_back_with_its_field() -> None:
    """Prescriptions in the register from before ``label_en``/``text_en`` validate and show the field."""
    from prescriber.models import Question
    from prescriber.render.words import asked, words

    q = Question.model_validate(
        {
            "field": "metrics.vacancies",
            "label": "当前缺工人数",
            "text": "缺多少人？",
            "services": [],
            "weight": 1,
        }
    )
    assert asked(q, words("en")) == "metrics.vacancies? (当前缺工人数)"
    assert asked(q, words("zh")) == "缺多少人？"
