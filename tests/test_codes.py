"""The error-code registry (prescriber.codes): every code declared once, every problem built from it,
every code produced by its example through the real loader, compiler, linter, batch reader, register or
web service, and docs/errors.md equal to what the registry says.

After an intended change to a code, regenerate the page with
``PRESCRIBER_UPDATE_GOLDEN=1 pytest tests/test_codes.py`` and review the diff."""

from __future__ import annotations

import ast
import functools
import os
import re
import string
from pathlib import Path

import pytest
from code_examples import CALLS, run

from prescriber.codes import CODES, Code, Phrase, Spec, field_name, phrases
from prescriber.errors import MAX_PER_FILE, InputError, Problem, UnknownServiceError, problem

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "prescriber"
DOCS = ROOT / "docs" / "errors.md"
PLACE = {"file", "line", "column", "path", "key"}  # keywords that place a problem, not fill its text


def test_every_code_is_declared_once_and_every_declaration_is_a_code() -> None:
    assert set(CODES) == set(Code)
    assert len({c.value for c in Code}) == len(Code)


@pytest.mark.parametrize("code", sorted(Code), ids=str)
def test_templates_name_plain_placeholders(code: Code) -> None:
    spec = CODES[code]
    for template in (spec.message, spec.hint):
        for _, name, _, _ in string.Formatter().parse(template):
            assert name is None or name.isidentifier(), (code, template)
    assert spec.message.strip(), code
    assert not spec.names & PLACE, f"{code}: a placeholder named like a place ({spec.names & PLACE})"


HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# English that quotes Chinese on purpose: the workbook's own header words, which the author types
_QUOTES_CHINESE = {Code.SHEET_NO_ID_COLUMN}


@pytest.mark.parametrize("code", sorted(Code), ids=str)
def test_every_code_says_it_in_english_with_the_same_placeholders(code: Code) -> None:
    spec = CODES[code]
    message, hint = spec.en
    assert message.strip(), f"{code}: no English message"
    assert bool(hint) == bool(spec.hint), f"{code}: a hint in one language only"
    assert spec.names_en == spec.names, f"{code}: placeholders differ ({spec.names ^ spec.names_en})"
    if code not in _QUOTES_CHINESE:
        assert not HAN.search(message + hint), (code, message, hint)


def test_a_problem_says_itself_in_either_language() -> None:
    p = problem(Code.RULE_EXCLUDE_CORE, file="r.yaml", line=3, column=5, path="exclude", service="harmony")
    assert p.text() == (
        "'harmony' 是核心服务（“1”），不能被排除",
        "核心服务对每家企业都开具；请删除这条排除规则",
    )
    assert p.text("en") == (
        "'harmony' is a core service (the \"1\") and cannot be excluded",
        "core services are prescribed to every enterprise: delete this exclude rule",
    )
    assert p.shown("en").startswith("r.yaml:3:5: error: 'harmony' is a core service")
    assert str(p) == p.shown("zh") and "\n  hint: 核心服务" in str(p)


def test_a_phrase_parameter_says_itself_in_each_language_and_data_stays_as_it_is() -> None:
    p = problem(Code.SOURCE_NOT_FOUND, file="x.yaml", what=phrases.FILE_MISSING, how=phrases.CHECK_PATH)
    assert (p.message, p.hint) == ("文件不存在", "检查路径")
    assert (p.message_en, p.hint_en) == ("the file does not exist", "check the path")
    field = field_name("employees", "职工人数")
    q = problem(Code.RULE_BAD_OPERATOR, field=field, op="contains", ops="eq, in")
    assert q.message == "职工人数（employees）不能用 contains"  # as before the label and the id were one
    assert q.message_en == "employees cannot use contains"
    filled = phrases.NO_RECORD.fill(record=7) + Phrase("；", "; ")
    assert (filled.zh, filled.en) == ("没有编号为 7 的记录；", "no record numbered 7; ")
    assert f"{filled}" == str(filled) == filled.zh  # where no language is asked: the Chinese


_OLD = {  # a problem as the register kept it before problems had English (issue 17)
    "file": "upload.csv",
    "line": 0,
    "column": 0,
    "path": "",
    "code": "batch.interrupted",
    "message": "任务在完成前中断：运行它的服务进程（web-1 上的 4242）已停止或失联",
    "hint": "重新上传这张表格再运行一次；已处理的行不会保留",
    "severity": "error",
}


def test_problems_kept_by_an_earlier_version_are_read_back() -> None:
    old = Problem.from_dict(_OLD)
    assert old == problem(Code.BATCH_INTERRUPTED, file="upload.csv", host="web-1", pid=4242)
    assert old.to_dict() == _OLD  # the same eight keys, in Chinese, as before
    assert old.text("en") == (old.message, old.hint)  # its parameters were not kept: its Chinese
    static = Problem.from_dict({**_OLD, "code": "case.nothing", "message": "没有要修改的内容", "hint": ""})
    assert static.text("en")[0] == "nothing to change"  # no parameters: the registry's English


def test_a_problem_kept_with_both_languages_comes_back_with_both() -> None:
    p = problem(Code.BATCH_INTERRUPTED, file="upload.csv", host="web-1", pid=4242)
    kept = p.to_dict(None)
    assert set(kept) == {*_OLD, "message_en", "hint_en"}
    back = Problem.from_dict(kept)
    assert back == p and back.text("en") == p.text("en") and "(4242 on web-1)" in back.message_en
    assert p.to_dict("en")["message"] == p.message_en and set(p.to_dict("en")) == set(_OLD)


@pytest.mark.parametrize("code", sorted(Code), ids=str)
def test_each_example_in_english_quotes_chinese_only_from_its_input(code: Code, scratch: Path) -> None:
    """What an example's problem says in English has Chinese only where it quotes data: the example's
    input, the shipped catalogue (vocabulary names, service names) or the inputs written in
    tests/code_examples.py."""
    data = _data() + (CODES[code].example.text if CODES[code].example else "")
    for p in _produced(code):
        message, hint = p.text("en")
        left = [run for run in HAN.findall(message + "\n" + hint) if run not in data]
        assert not left, (code, message, hint)


@functools.cache
def _data() -> str:
    from prescriber.workbook.columns import OPS  # a workbook's operator words, as its authors write them

    files = [*(ROOT / "catalog").rglob("*.yaml"), ROOT / "tests" / "code_examples.py"]
    words = [w for ws in OPS.values() for w in ws]
    return "\n".join([*(f.read_text(encoding="utf-8") for f in files), *words])


def test_problem_refuses_a_missing_or_an_unknown_placeholder() -> None:
    with pytest.raises(TypeError, match=r"missing \['how'\]"):
        problem(Code.RULE_UNKNOWN_SERVICE, service="job-fare")
    with pytest.raises(TypeError, match=r"unknown \['colour'\]"):
        problem(Code.RULE_UNKNOWN_SERVICE, service="job-fare", how="", colour="red")
    p = problem(Code.RULE_EXCLUDE_CORE, file="r.yaml", line=3, column=5, path="exclude", service="harmony")
    assert (p.file, p.line, p.column, p.path, p.severity) == ("r.yaml", 3, 5, "exclude", "error")
    assert p.message == "'harmony' 是核心服务（“1”），不能被排除"


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _code_of(node: ast.expr) -> Code | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Code":
        return Code[node.attr]
    return None


def test_no_problem_is_built_but_by_the_registry() -> None:
    """``Problem(...)`` only in errors.py (its one constructor); everywhere else ``problem(Code.X, …)``."""
    found = []
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Problem":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == ["prescriber/errors.py:" + str(_line_of_the_constructor())]


def _line_of_the_constructor() -> int:
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "problem")
    return next(
        n.lineno for n in ast.walk(fn) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Problem"
    )


def test_every_call_site_fills_exactly_its_codes_placeholders() -> None:
    """A statically checked promise: wherever a ``Code.X`` is passed (to ``problem`` or to a helper that
    places it), the keywords given are the placeholders of X's templates, no more and no fewer."""
    wrong, seen = [], set()
    for path in _modules():
        if path.parent.name == "codes":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            codes = [c for c in map(_code_of, node.args) if c is not None]
            if len(codes) != 1 or any(k.arg is None for k in node.keywords):
                continue
            given = {k.arg for k in node.keywords if k.arg is not None} - PLACE
            seen.add(codes[0])
            if given != set(CODES[codes[0]].names):
                wrong.append((f"{path.relative_to(ROOT)}:{node.lineno}", codes[0], sorted(given)))
    assert not wrong, wrong
    assert len(seen) > 100  # the scan does see the call sites


def test_no_call_site_writes_prose_in_one_language() -> None:
    """What a call site says in words comes from prescriber/codes (a Phrase, both languages), never a
    Chinese literal at the call: the parameters of ``problem(Code.X, …)`` hold no Chinese text."""
    wrong = []
    for path in _modules():
        if path.parent.name == "codes":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not any(_code_of(a) for a in node.args):
                continue
            for k in node.keywords:
                texts = [n.value for n in ast.walk(k.value) if isinstance(n, ast.Constant)]
                if any(isinstance(t, str) and HAN.search(t) for t in texts):
                    wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} {k.arg}")
    assert not wrong, wrong


@functools.cache
def _produced(code: Code) -> tuple[Problem, ...]:
    example = CODES[code].example
    assert example is not None, f"{code} has no example: declare one in prescriber/codes"
    return tuple(run(example))


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path_factory.mktemp("example")
    monkeypatch.chdir(where)
    return where


@pytest.mark.parametrize("code", sorted(Code), ids=str)
def test_the_example_of_each_code_produces_it(code: Code, scratch: Path) -> None:
    got = _produced(code)
    assert code in {p.code for p in got}, (code, [(p.code, p.message) for p in got])
    mine = next(p for p in got if p.code == code)
    assert mine.severity == CODES[code].severity or code == Code.PROBLEMS_MORE


def test_every_call_example_names_a_function_and_every_function_is_an_example() -> None:
    named = {s.example.text for s in CODES.values() if s.example is not None and s.example.kind == "call"}
    assert named == set(CALLS)


# -- docs/errors.md ---------------------------------------------------------------------------------------

_KIND = {
    "yaml": "YAML 文件",
    "rules": "规则文件（与随附的服务目录一起加载）",
    "lint": "规则文件，再运行 prescriber lint",
    "catalog": "服务目录中新增的文件",
    "profile": "企业档案",
    "table": "批量处理的表格",
    "call": "",
}
_GROUPS = {
    "source": "读取文件",
    "yaml": "YAML",
    "sheet": "规则工作簿",
    "problems": "问题太多时",
    "rules": "规则库",
    "rule": "规则",
    "catalog": "服务目录",
    "policy": "政策登记册",
    "shape": "字段的类型与取值",
    "engine": "规则引擎的能力",
    "profile": "企业档案",
    "input": "输入",
    "table": "批量处理的表格",
    "output": "输出文件",
    "batch": "批量处理",
    "lint": "规则库检查（prescriber lint）",
    "case": "跟进台账",
    "cohort": "年度企业名单",
    "group": "带动一批",
    "service": "网页服务",
    "request": "网页服务的请求",
    "scenario": "场景测试",
}


def _fence(text: str, lang: str = "") -> str:
    return f"```{lang}\n{text.rstrip()}\n```"


def _entry(code: Code, spec: Spec, example: Problem | None) -> str:
    ex = spec.example
    assert ex is not None
    lines = [f"### `{code}`", "", f"- 严重程度：{spec.severity}", f"- 消息：`{spec.message}`"]
    if spec.hint:
        lines.append(f"- 提示：`{spec.hint}`")
    lines.append(f"- message (en): `{spec.en[0]}`")
    if spec.en[1]:
        lines.append(f"- hint (en): `{spec.en[1]}`")
    lines.append("")
    if ex.kind == "call":
        lines.append(f"例：{ex.note or ex.text}（`tests/code_examples.py:{ex.text}`）")
    else:
        text = ex.text if len(ex.text) <= 600 else ex.text[:600] + "\n…"
        extra = f"（{'--as-of ' if ex.kind in ('lint', 'profile') else '后缀 '}{ex.args}）" if ex.args else ""
        lines += [f"例：{_KIND[ex.kind]}{extra}", "", _fence(text, "yaml" if ex.kind != "table" else "")]
    if example is not None:  # paths of the shipped files relative to the repository, as on any machine
        lines += ["", "得到：", "", _fence(str(example).replace(f"{ROOT}/", ""))]
        lines += ["", "In English (`--lang en`):", "", _fence(example.shown("en").replace(f"{ROOT}/", ""))]
    return "\n".join(lines)


def render_markdown(produced: dict[Code, Problem | None]) -> str:
    """docs/errors.md: every code, grouped by what is being read, with its example and what it gives."""
    out = [
        "# 错误代码一览（error codes）",
        "",
        "<!-- Generated from prescriber/codes by tests/test_codes.py: do not edit by hand. -->",
        "",
        "prescriber 报告的每个问题都有一个稳定的代码、严重程度（error / warning / info）、消息和提示。",
        "消息和提示中的 `{名称}` 在报告时换成具体内容。每个代码都附有一个会产生它的例子，",
        "以及这个例子实际得到的问题（测试逐一运行这些例子）。",
        "",
        "Every problem has an English message and hint too, over the same `{placeholders}`: the command line",
        "shows them with `--lang en`, the HTTP API with `?lang=en` or `Accept-Language: en`. A placeholder",
        "that is prose (a `{what}`, a `{how}`, a field's label) is said in each language; one that is data",
        "(what the author wrote, a vocabulary name) is quoted as written. In English a field is named by its",
        "id, not by its Chinese label.",
        "",
    ]
    groups: dict[str, list[Code]] = {group: [] for group in _GROUPS}
    for code in sorted(Code):
        groups[code.split(".")[0]].append(code)
    for group, codes in groups.items():
        out += [f"## {_GROUPS[group]}（`{group}.*`）", ""]
        for code in codes:
            out += [_entry(code, CODES[code], produced[code]), ""]
    return "\n".join(out).rstrip() + "\n"


def test_docs_errors_md_is_generated_from_the_registry(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    produced: dict[Code, Problem | None] = {}
    for code in sorted(Code):
        monkeypatch.chdir(tmp_path_factory.mktemp("doc"))
        produced[code] = next((p for p in _produced(code) if p.code == code), None)
    text = render_markdown(produced)
    if os.environ.get("PRESCRIBER_UPDATE_GOLDEN"):
        DOCS.write_text(text, encoding="utf-8")
    assert DOCS.read_text(encoding="utf-8") == text, "regenerate with PRESCRIBER_UPDATE_GOLDEN=1"


# -- the one line an InputError says (issue 14) ----------------------------------------------------------


def test_the_summary_counts_problems_not_the_line_that_counts_the_rest() -> None:
    many = [
        problem(Code.SHAPE_UNKNOWN_KEY, file="r.yaml", line=n, column=1, written=f"k{n}", how="")
        for n in range(1, 151)
    ]
    err = InputError(many)
    assert len(err.problems) == MAX_PER_FILE + 1 and err.problems[-1].code == Code.PROBLEMS_MORE
    assert str(err).startswith(f"{MAX_PER_FILE} error(s): r.yaml:1:1: error: 未知的键 'k1'")
    assert str(err).endswith("(and 149 more)")
    assert str(InputError(many[:1])) == "1 error(s): r.yaml:1:1: error: 未知的键 'k1'"


# -- the did-you-mean phrase, once ---------------------------------------------------------------------------


def test_the_did_you_mean_phrase_is_written_once() -> None:
    written = [
        f"{p.relative_to(ROOT)}:{n}"
        for p in _modules()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if "您是不是想写" in line
    ]
    assert {w.rsplit(":", 1)[0] for w in written} == {"prescriber/codes/spec.py"}, written
    english = [p for p in _modules() if "did you mean" in p.read_text(encoding="utf-8").lower()]
    assert english == [PACKAGE / "codes" / "spec.py"]
    assert (
        str(UnknownServiceError("job-fare", "job-fair"))
        == "unknown service 'job-fare'; did you mean 'job-fair'?"
    )


# -- one code, one wording ---------------------------------------------------------------------------------


def test_a_yaml_error_without_a_position_reads_like_the_others() -> None:
    """yaml.syntax had two prefixes, "YAML 语法错误：" and (for an error without a position, such as a
    control character) "YAML 语法错误: " with a half-width colon; the template gives both the first."""
    from prescriber import yamlsrc
    from prescriber.errors import SourceError

    for text in ("name: a\x07b\n", "title: A: B\n"):
        with pytest.raises(SourceError) as caught:
            yamlsrc.loads(text, "x.yaml")
        assert caught.value.problems[0].message.startswith("YAML 语法错误："), caught.value.problems[0]
