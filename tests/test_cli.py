"""The command line: exit codes, stdout and stderr, exactly."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from prescriber.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "cli"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(("fmt", "golden"), [("table", "jinjiang.table.txt"), ("markdown", "jinjiang.md")])
def test_prescribe_outputs(fmt: str, golden: str) -> None:
    code, out, err = run(
        "prescribe", "examples/jinjiang-footwear-sme.yaml", "--as-of", "2026-06-01", "--format", fmt
    )
    if os.environ.get("PRESCRIBER_UPDATE_GOLDEN"):
        (GOLDEN / golden).write_text(out, encoding="utf-8")
    assert (code, err) == (0, "")
    assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_prescribe_json_is_the_library_prescription() -> None:
    code, out, err = run(
        "prescribe", "examples/fuzhou-vehicle-maker.yaml", "--as-of", "2026-06-01", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert out == (ROOT / "tests/golden/fuzhou-vehicle-maker.json").read_text(encoding="utf-8")


def test_several_profiles_one_bad_keeps_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nregion: 福洲\n", encoding="utf-8")
    code, out, err = run(
        "prescribe",
        "examples/jinjiang-footwear-sme.yaml",
        str(bad),
        "examples/fuzhou-software-startup.json",
        "--format",
        "json",
        "--as-of",
        "2026-06-01",
    )
    assert code == 1
    assert [p["enterprise"] for p in json.loads(out)] == ["晋江市某鞋业有限公司", "福州某智能软件有限公司"]
    assert (
        err
        == f"{bad}:2:9: error: 未知的所在地区 '福洲' [region]\n  hint: 您是不是想写 'fuzhou'（福州市）？\n"
    )


def test_profile_from_stdin() -> None:
    code, out, err = run(
        "prescribe", "-", "--format", "json", stdin="name: 某餐馆\nindustry: H62\nemployees: 6\n"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["facts"]["size"] == "micro"


def test_top_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "rx.md"
    code, out, err = run(
        "prescribe",
        "examples/fuzhou-vehicle-maker.yaml",
        "--top",
        "2",
        "--format",
        "markdown",
        "-o",
        str(target),
    )
    assert (code, out, err) == (0, "", "")
    assert target.read_text(encoding="utf-8").count("\n### ") == 3  # core + 2


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["prescribe", "nope.yaml"], (1, "", "nope.yaml: error: 文件不存在 — 检查路径拼写，或用绝对路径\n")),
        (
            ["prescribe", "examples"],
            (1, "", "examples: error: 这是一个目录，不是文件 — 请给出一个 YAML 或 JSON 文件的路径\n"),
        ),
        (
            ["prescribe", "--bogus", "x"],
            (2, "", "prescriber: 无法识别的参数：--bogus\n用 'prescriber --help' 查看用法。\n"),
        ),
        (
            ["rules", "export"],
            (
                2,
                "",
                "prescriber rules export: 需要以下参数之一：--xlsx --yaml\n"
                "用 'prescriber --help' 查看用法。\n",
            ),
        ),
        (
            ["rules", "export", "--xlsx", "a", "--yaml", "b"],
            (
                2,
                "",
                "prescriber rules export: 参数 --yaml 不能与参数 --xlsx 同时使用\n"
                "用 'prescriber --help' 查看用法。\n",
            ),
        ),
        (
            ["case", "items", "--o", "x"],
            (
                2,
                "",
                "prescriber case items: 选项 --o 有歧义，可能是：--officer, --open\n"
                "用 'prescriber --help' 查看用法。\n",
            ),
        ),
        (
            ["prescribe", "x.yaml", "--top", "0"],
            (2, "", "prescriber prescribe: 参数 --top：至少为 1\n用 'prescriber --help' 查看用法。\n"),
        ),
        (
            ["prescribe", "x.yaml", "--as-of", "2026-13-01"],
            (
                2,
                "",
                "prescriber prescribe: 参数 --as-of：日期 '2026-13-01' 无法识别，"
                "写成 YYYY-MM-DD，例如 2026-06-01\n"
                "用 'prescriber --help' 查看用法。\n",
            ),
        ),
        (
            ["explain", "examples/jinjiang-footwear-sme.yaml", "--service", "job-fiar"],
            (1, "", "prescriber: 未知的服务 'job-fiar' — 您是不是想写 'job-fair'？\n"),
        ),
        (
            ["prescribe", "-", "--format", "json"],
            (
                1,
                "",
                "<stdin>:1:1: error: 企业档案是空的\n"
                "  hint: 至少写上 name（企业名称），例如 name: 某某有限公司\n",
            ),
        ),
    ],
)
def test_error_paths(argv: list[str], expected: tuple[int, str, str]) -> None:
    assert run(*argv) == expected


def test_explain_lists_each_rule_with_its_evidence() -> None:
    code, out, err = run(
        "explain",
        "examples/jinjiang-footwear-sme.yaml",
        "--service",
        "new-apprenticeship",
        "--as-of",
        "2026-06-01",
    )
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "企业新型学徒制（new-apprenticeship）：已开具，排第 14 位，得分 18"
    assert (
        "- [推荐] 制造业技能人才短缺 → 企业新型学徒制（skills.apprenticeship.manufacturing）：不成立" in out
    )
    assert "    · 诉求与痛点需包含“技能人才短缺”，当前：未报告" in out


def test_validate() -> None:
    code, out, err = run("validate")
    assert (code, err) == (0, "")
    assert (
        out.startswith("检查的规则：rules，服务目录：catalog\n") and "\n通过：" in out and " 条规则，" in out
    )
    code, out, err = run("validate", "--rules", "tests/authoring/unknown-service.yaml")
    assert (code, out) == (1, "")
    assert err == (
        "tests/authoring/unknown-service.yaml:4:12: error: 未知的服务 'job-fiar' [[0].service]\n"
        "  hint: 您是不是想写 'job-fair'（专场招聘与精准对接）？\n"
        "检查的规则：tests/authoring/unknown-service.yaml，服务目录：catalog\n"
    )


def test_module_and_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "prescriber", "--version"], capture_output=True, text=True, check=False
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("prescriber ")


def test_non_utf8_and_binary_profiles(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("name: 某企业\n".encode("gbk"))
    assert run("prescribe", str(gbk)) == (
        1,
        "",
        f"{gbk}:1:9: error: 文件不是 UTF-8 编码\n  hint: 用编辑器另存为 UTF-8（例如从 GBK 转换）\n",
    )


def test_html_is_a_printable_escaped_page(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "name: <script>alert(1)</script>有限公司\nindustry: C13\nemployees: 60\n", encoding="utf-8"
    )
    code, out, err = run("prescribe", str(profile), "--format", "html", "--as-of", "2026-06-01")
    assert (code, err) == (0, "")
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;有限公司" in out
    assert "“1”：构建和谐劳动关系" in out and "规则库 sha256:" in out


def test_english_list_and_full_explanation() -> None:
    code, out, err = run(
        "prescribe",
        "examples/fuzhou-vehicle-maker.yaml",
        "--lang",
        "en",
        "--explain",
        "--as-of",
        "2026-06-01",
        "--top",
        "1",
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "东南(福建)汽车工业有限公司 — Service prescription (2026-06-01)"
    assert (
        lines[1]
        == "Fuzhou · Manufacturing (C36) · large enterprise · state-owned enterprise · 3,200 employees"
    )
    assert lines[3].split() == ["#", "Service", "Score", "Main", "reason"]
    assert lines[4].startswith("1    Harmonious labour relations")
    assert "     +56  有自主评价需求的大中型企业 → 备案技能等级认定机构（skills.appraisal.need）" in lines
    assert "           · size is one of large, medium (now: large)" in lines  # evidence worded in English


def test_catalog_listing() -> None:
    code, out, err = run("catalog", "--category", "pay")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].split() == ["ID", "服务", "类别"]
    assert [line.split()[0] for line in out.splitlines()[1:]] == [
        "skilled-pay-guideline",
        "pay-survey",
        "wage-guideline",
    ]
    assert run("catalog", "--category", "nope") == (
        1,
        "",
        "prescriber: 未知的类别 'nope' — 可选：harmony、skills、education、labour-management、"
        "pay、employment、insurance、talent、public-service、showcase\n",
    )
    code, out, _ = run("catalog", "--format", "json")
    assert len(json.loads(out)) >= 45


def test_schema_for_editors() -> None:
    code, out, err = run("schema", "rules")
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["$schema"].endswith("2020-12/schema") and schema["type"] == "array"
    assert "Rule" in schema["$defs"]


def test_validate_json() -> None:
    code, out, err = run("validate", "--rules", "tests/authoring/unknown-service.yaml", "--format", "json")
    assert (code, err) == (1, "检查的规则：tests/authoring/unknown-service.yaml，服务目录：catalog\n")
    assert json.loads(out) == [
        {
            "file": "tests/authoring/unknown-service.yaml",
            "line": 4,
            "column": 12,
            "path": "[0].service",
            "code": "rule.unknown-service",
            "message": "未知的服务 'job-fiar'",
            "hint": "您是不是想写 'job-fair'（专场招聘与精准对接）？",
            "severity": "error",
        }
    ]
    code, out, _ = run("validate", "--format", "json")
    assert code == 0 and all(p["severity"] == "warning" for p in json.loads(out))


def test_readme_quick_start_as_written(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = next(
        line for line in readme.splitlines() if "prescriber prescribe examples/" in line and "pip" in line
    )
    command = first.split("&&")[-1].strip().replace(".venv/bin/prescriber", "prescriber")
    assert command == "prescriber prescribe examples/fuzhou-vehicle-maker.yaml"
    proc = subprocess.run(
        [sys.executable, "-m", "prescriber", *command.split()[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.splitlines()[0].startswith("东南(福建)汽车工业有限公司 — 个性化服务清单（")
    tests_line = next(line for line in readme.splitlines() if "pytest" in line and "pip" in line)
    assert tests_line.strip() in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_explain_and_catalog_exact_outputs() -> None:
    for argv, golden in (
        (
            [
                "explain",
                "examples/fuzhou-software-startup.json",
                "--service",
                "postdoc-station",
                "--as-of",
                "2026-06-01",
            ],
            "startup.explain.txt",
        ),
        (["catalog", "--category", "harmony", "--lang", "en"], "catalog.harmony.en.txt"),
    ):
        code, out, err = run(*argv)
        if os.environ.get("PRESCRIBER_UPDATE_GOLDEN"):
            (GOLDEN / golden).write_text(out, encoding="utf-8")
        assert (code, err) == (0, "")
        assert out == (GOLDEN / golden).read_text(encoding="utf-8")


def test_scenario_command(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(
        "- name: 通过\n  profile: {name: 某企业, industry: C13, employees: 400, revenue: 9000}\n"
        "  expect: {include: [service-specialist]}\n",
        encoding="utf-8",
    )
    assert run("test", str(tmp_path)) == (
        0,
        f"检查的规则：rules，服务目录：catalog\n✓ 通过  ({tmp_path / 's.yaml'}:1)\n\n"
        "1 个场景通过，0 个未通过\n",
        "",
    )
    (tmp_path / "s.yaml").write_text(
        "- name: 不通过\n  profile: {name: 某企业}\n  expect: {include: [job-fair]}\n", encoding="utf-8"
    )
    code, out, err = run("test", str(tmp_path))
    assert (code, err) == (1, "")
    assert out.splitlines()[1:3] == [
        f"✗ 不通过  ({tmp_path / 's.yaml'}:1)",
        "    应包含 job-fair，但清单中没有。清单：1.harmony-checkup",
    ]
    assert out.endswith("\n0 个场景通过，1 个未通过\n")


def test_internal_errors_and_interrupts(monkeypatch: pytest.MonkeyPatch) -> None:
    from prescriber.cli import commands

    def boom(*_: object) -> int:
        raise RuntimeError("kaput")

    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(commands.COMMANDS, "validate", boom)
    assert run("validate") == (
        3,
        "",
        "prescriber: 内部错误：RuntimeError: kaput（这是程序的问题，不是输入的问题；"
        "加 --debug 重新运行可看到详细信息，请连同它一起报告）\n",
    )
    with pytest.raises(RuntimeError, match="kaput"):
        run("--debug", "validate")
    monkeypatch.setitem(commands.COMMANDS, "validate", interrupted)
    assert run("validate") == (130, "", "prescriber: 已中断\n")


def test_no_command_prints_help() -> None:
    code, out, err = run()
    assert (code, err) == (2, "")
    assert out.startswith("用法：prescriber")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("prescribe", "examples/fuzhou-vehicle-maker.yaml", "-o", "{tmp}/nodir/x.md"),
            "{tmp}/nodir/x.md: error: 目录 {tmp}/nodir 不存在 — 先创建这个目录，或换一个输出路径\n",
        ),
        (
            ("report", "examples/enterprises.csv", "-o", "{tmp}/nodir/r.html"),
            "{tmp}/nodir/r.html: error: 目录 {tmp}/nodir 不存在 — 先创建这个目录，或换一个输出路径\n",
        ),
        (
            ("report", "examples/enterprises.csv", "-o", "{tmp}/r.pdf"),
            "{tmp}/r.pdf: error: 不支持的输出格式 '.pdf' — 使用 .md、.markdown、.html、.htm\n",
        ),
        (
            ("batch", "examples/enterprises.csv", "-o", "examples/enterprises.csv"),
            "examples/enterprises.csv: error: 输出文件与输入文件相同，会覆盖它 — "
            "用 -o、--wide、--errors 另选文件名\n",
        ),
    ],
)
def test_an_output_that_cannot_be_written_is_refused_before_the_work(
    tmp_path: Path, argv: tuple[str, ...], message: str
) -> None:
    before = (ROOT / "examples/enterprises.csv").read_bytes()
    code, out, err = run(*(a.format(tmp=tmp_path) for a in argv))
    assert (code, out, err) == (1, "", message.format(tmp=tmp_path))
    assert (ROOT / "examples/enterprises.csv").read_bytes() == before


def test_every_help_page_is_chinese() -> None:
    """Issue 13 item 7: no argparse English (usage:, options:, show this help) on any command's help,
    nested actions included, and every option described."""
    import argparse

    from prescriber.cli.parser import build

    def pages(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
        found = [parser]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in dict.fromkeys(action.choices.values()):
                    found += pages(sub)
        return found

    for page in pages(build()):
        text = page.format_help()
        assert "usage:" not in text and "options:" not in text and "show this help" not in text, page.prog
        assert text.startswith("用法："), page.prog
        undescribed = [
            a.dest for a in page._actions if a.help is None and not isinstance(a, argparse._SubParsersAction)
        ]
        assert not undescribed, (page.prog, undescribed)


# Every error argparse can report to a user of a command line like ours, as argparse words it (Python
# 3.11's templates, filled as argparse fills them).
ARGPARSE_ERRORS = [
    "unrecognized arguments: --bogus",
    "the following arguments are required: PROFILE",
    "argument --format: invalid choice: 'jsn' (choose from 'html', 'json')",
    "argument --top: expected one argument",
    "argument --rules: expected at least one argument",
    "argument --lang: expected at most one argument",
    "argument --pair: expected 2 arguments",
    "argument --top: invalid int value: 'x'",
    "argument --yaml: not allowed with argument --xlsx",
    "argument -h/--help: ignored explicit argument 'x'",
    "one of the arguments --xlsx --yaml is required",
    "ambiguous option: --o could match --officer, --open",
    "unexpected option string: --top",
]


@pytest.mark.parametrize("message", ARGPARSE_ERRORS)
def test_argparse_errors_are_said_in_chinese(message: str) -> None:
    from prescriber.render.help import usage_error

    said = usage_error(message, "zh")
    words = re.sub(r"(?:-{1,2}[\w-]+|'[^']*'|[A-Z]{2,}|\d+)", "", said)  # the options and values named
    assert not re.search(r"[a-z]{2,}", words), said
    assert usage_error(message, "en") == message
