"""The examples of prescriber.codes, run: each example's input goes through the real loader, compiler,
linter, batch reader, register or web application, and :func:`run` returns the problems it produced.

Examples of kind ``call`` are the functions below, by name: what a file cannot show (the file system, a
workbook, the engine's limits, the register, the web service). Each runs in the current directory (a
temporary one), so that the problems it names are the same on every machine (docs/errors.md shows them).
"""

from __future__ import annotations

import inspect
import io
import os
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from case_support import record

import prescriber
from prescriber import loader, yamlsrc
from prescriber.api import shipped
from prescriber.codes import Code, Example
from prescriber.derive import derive
from prescriber.errors import InputError, Problem
from prescriber.lint import lint

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-06-01"
_RULE = "- id: demo.rule\n  title: 示例\n  service: job-fair\n  weight: 10\n  when: {when}\n  reason: 示例\n"


def run(example: Example) -> list[Problem]:
    """The problems ``example`` produces, run in the current directory."""
    try:
        return _KINDS[example.kind](example)
    except InputError as exc:
        return list(exc.problems)


def _yaml(ex: Example) -> list[Problem]:
    yamlsrc.loads(ex.text, "example.yaml")
    return []


def _rules(ex: Example) -> list[Problem]:
    Path("rules.yaml").write_text(ex.text, encoding="utf-8")
    book = prescriber.Prescriber.from_paths(rules="rules.yaml", engine="python").book
    return list(book.warnings)


def _lint(ex: Example) -> list[Problem]:
    from datetime import date

    Path("rules.yaml").write_text(ex.text, encoding="utf-8")
    book = prescriber.Prescriber.from_paths(rules="rules.yaml", engine="python").book
    return lint(book, date.fromisoformat(ex.args) if ex.args else None)


def _catalog(ex: Example) -> list[Problem]:
    catalog = _copy_catalog()
    (catalog / "example.yaml").write_text(ex.text, encoding="utf-8")
    prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    return []


def _profile(ex: Example) -> list[Problem]:
    Path("profile.yaml").write_text(ex.text, encoding="utf-8")
    book = _book()
    loaded = loader.load_profile(Path("profile.yaml"))
    day = date.fromisoformat(ex.args) if ex.args else None  # a profile example's args: its as_of
    derived = derive(loaded.profile, book.table, book.catalog, day)
    return [*loaded.problems, *(loaded.origin.place(loc, p) for loc, p in derived.findings)]


def _table(ex: Example) -> list[Problem]:
    from prescriber.batch.rows import read_table

    path = Path("profiles" + (ex.args or ".csv"))
    path.write_text(ex.text, encoding="utf-8")
    return [p for row in read_table(path) for p in row.problems]


def _call(ex: Example) -> list[Problem]:
    return CALLS[ex.text]()


_KINDS: dict[str, Callable[[Example], list[Problem]]] = {
    "yaml": _yaml,
    "rules": _rules,
    "lint": _lint,
    "catalog": _catalog,
    "profile": _profile,
    "table": _table,
    "call": _call,
}

_BOOK: list[Any] = []


def _book() -> Any:
    if not _BOOK:
        _BOOK.append(prescriber.load(engine="python").book)
    return _BOOK[0]


def _copy_catalog() -> Path:
    shutil.copytree(shipped("catalog"), "catalog")
    return Path("catalog")


def _compile(rules: str, catalog: Path | None = None, engine: str = "python") -> list[Problem]:
    Path("rules.yaml").write_text(rules, encoding="utf-8")
    prescriber.Prescriber.from_paths(rules="rules.yaml", catalog=catalog, engine=engine)
    return []


# -- files --------------------------------------------------------------------------------------------


def source_is_directory() -> list[Problem]:
    os.mkdir("profile.yaml")
    return _profile_file()


def source_not_found() -> list[Problem]:
    return _profile_file()


def source_unreadable() -> list[Problem]:
    os.symlink("profile.yaml", "profile.yaml.link")
    os.symlink("profile.yaml.link", "profile.yaml")  # a loop: the file cannot be opened
    return _profile_file()


def source_too_large() -> list[Problem]:
    Path("profile.yaml").write_text("name: 示例企业\n" + "#" * (11 * 2**20), encoding="utf-8")
    return _profile_file()


def source_binary() -> list[Problem]:
    Path("profile.yaml").write_bytes(b"name: \x00\x01\x02\n")
    return _profile_file()


def source_encoding() -> list[Problem]:
    Path("profile.yaml").write_bytes("name: 示例企业\n".encode("gbk"))
    return _profile_file()


def _profile_file() -> list[Problem]:
    loader.load_profile(Path("profile.yaml"))
    return []


def source_excel() -> list[Problem]:
    Path("rules.xlsx").write_text("这不是工作簿", encoding="utf-8")
    prescriber.Prescriber.from_paths(rules="rules.xlsx", engine="python")
    return []


def source_table() -> list[Problem]:
    from prescriber.batch.rows import read_table

    Path("profiles.parquet").write_text("name\n甲\n", encoding="utf-8")
    return [p for row in read_table(Path("profiles.parquet")) for p in row.problems]


def yaml_too_many_nodes() -> list[Problem]:
    from prescriber.yamlsrc import Limits

    yamlsrc.loads("[" + ", ".join(["1"] * 200) + "]", "example.yaml", Limits(max_nodes=100))
    return []


def problems_more() -> list[Problem]:
    wrong = "".join(
        _RULE.format(when="{employees: {gte: 5}}").replace("demo.rule", f"r.{i}") for i in range(150)
    )
    return _compile(wrong.replace("weight:", "wieght:"))


# -- workbooks ----------------------------------------------------------------------------------------


def _workbook(rows: list[list[Any]], sheets: int = 1, formula: bool = False) -> list[Problem]:
    from openpyxl import Workbook

    book = Workbook()
    for k in range(sheets):
        sheet = book.active if k == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = f"规则{k + 1}"
        for row in rows:
            sheet.append(row)
    book.save("rules.xlsx")
    return _compile_workbook()


def _compile_workbook() -> list[Problem]:
    prescriber.Prescriber.from_paths(rules="rules.xlsx", engine="python")
    return []


_HEAD = ["编号", "标题", "推荐服务", "权重", "职工人数 不少于", "理由"]
_ROW = ["demo.rule", "示例", "job-fair", 10, 50, "示例"]


def sheet_too_many() -> list[Problem]:
    from prescriber.workbook.read import LIMITS

    return _workbook([_HEAD, _ROW], sheets=LIMITS.max_sheets + 1)


def sheet_too_large() -> list[Problem]:
    from prescriber.workbook.read import LIMITS

    return _workbook([_HEAD] + [[f"r.{i}", *_ROW[1:]] for i in range(LIMITS.max_rows + 1)])


def sheet_too_wide() -> list[Problem]:
    from prescriber.workbook.read import LIMITS

    return _workbook([[*_HEAD, *([None] * LIMITS.max_columns), "备注"], _ROW])


def sheet_formula() -> list[Problem]:
    return _workbook([_HEAD, [*_ROW[:3], "=1+1", *_ROW[4:]]])


def sheet_error_value() -> list[Problem]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(_HEAD)
    sheet.append(_ROW)
    sheet["D2"] = "#DIV/0!"
    sheet["D2"].data_type = "e"
    book.save("rules.xlsx")
    return _compile_workbook()


def sheet_duplicate_column() -> list[Problem]:
    return _workbook([[*_HEAD, "理由"], [*_ROW, "又一个理由"]])


def sheet_no_id_column() -> list[Problem]:
    return _workbook([_HEAD[1:], _ROW[1:]])


def sheet_no_header() -> list[Problem]:
    return _workbook([_HEAD, [*_ROW, "多出的一格"]])


def sheet_unknown_operator() -> list[Problem]:
    return _workbook([[*_HEAD[:4], "职工人数 大约", _HEAD[5]], _ROW])


# -- rule bases and catalogues --------------------------------------------------------------------------


def rules_not_found() -> list[Problem]:
    return _compile_path("no-such-rules")


def rules_empty() -> list[Problem]:
    os.mkdir("rules")
    return _compile_path("rules")


def _compile_path(rules: str) -> list[Problem]:
    prescriber.Prescriber.from_paths(rules=rules, engine="python")
    return []


def rules_too_large() -> list[Problem]:
    os.mkdir("rules")
    Path("rules/big.yaml").write_text("# " + "x" * (5 * 2**20) + "\n", encoding="utf-8")
    return _compile_path("rules")


def rules_too_many() -> list[Problem]:
    return _compile("- 1\n" * 10_001)


def catalog_not_found() -> list[Problem]:
    prescriber.Prescriber.from_paths(catalog="no-such-catalog", engine="python")
    return []


def catalog_empty() -> list[Problem]:
    os.mkdir("catalog")
    prescriber.Prescriber.from_paths(catalog="catalog", engine="python")
    return []


def catalog_too_large() -> list[Problem]:
    catalog = _copy_catalog()
    (catalog / "big.yaml").write_text("# " + "x" * (5 * 2**20) + "\n", encoding="utf-8")
    prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    return []


def _edit_catalog(file: str, old: str, new: str) -> list[Problem]:
    catalog = _copy_catalog()
    path = next(p for p in sorted(catalog.rglob(file)) if old in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert old in text, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    return []


def catalog_unknown_category() -> list[Problem]:
    service = next(s for s in _book().catalog.services)
    return _edit_catalog("*.yaml", f"category: {service.category}", f"category: {service.category}x")


def catalog_no_core() -> list[Problem]:
    catalog = _copy_catalog()
    for path in catalog.rglob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("core: true", "core: false"), encoding="utf-8"
        )
    prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    return []


def catalog_inline_basis() -> list[Problem]:
    catalog = _copy_catalog()
    service = next(p for p in (catalog / "services").glob("*.yaml"))
    text = service.read_text(encoding="utf-8")
    start = text.index("policy_basis:")
    line_end = text.index("\n", start)
    inline = "policy_basis:\n      - {title: 示例文件, issuer: 示例机关, number: 示例〔2024〕1号, year: 2024}"
    rest = text[line_end:]
    if text[start:line_end].strip() == "policy_basis:":  # a block list: drop its items
        lines = rest.split("\n")
        k = 1
        while k < len(lines) and lines[k].lstrip().startswith("- "):
            k += 1
        rest = "\n" + "\n".join(lines[k:])
    service.write_text(text[:start] + inline + rest, encoding="utf-8")
    prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    return []


def rule_exclude_core() -> list[Problem]:
    core = next(s.id for s in _book().catalog.services if s.core)
    rule = _RULE.format(when="{employees: {gte: 5}}").replace("service: job-fair", f"exclude: {core}")
    return _compile(rule.replace("  weight: 10\n", ""))


def shape_literal_error() -> list[Problem]:
    catalog = _copy_catalog()
    policies = catalog / "policies.yaml"
    text = policies.read_text(encoding="utf-8")
    policies.write_text(text.replace("status: 现行", "status: 有效", 1), encoding="utf-8")
    assert policies.read_text(encoding="utf-8") != text
    prescriber.Prescriber.from_paths(catalog=catalog, engine="python")
    return []


def shape_invalid() -> list[Problem]:
    """A pydantic error type that no example of prescriber's models produces (``multiple_of``)."""
    from pydantic import BaseModel, Field

    from prescriber.shape import validate

    class Even(BaseModel):
        n: int = Field(multiple_of=2)

    doc = yamlsrc.loads("n: 3\n", "example.yaml")
    return validate(doc, (), Even, doc.data)[1]


# -- the engine's limits ---------------------------------------------------------------------------------


def _durable(rules: str, catalog: Path | None = None) -> list[Problem]:
    return _compile(rules, catalog, engine="durable")


def engine_limit() -> list[Problem]:
    values = ", ".join(map(str, range(600)))
    return _durable(_RULE.format(when=f"{{metrics.vacancies: {{in: [{values}]}}}}"))


def engine_too_complex() -> list[Problem]:
    anys = ", ".join(
        f"{{any: [{{employees: {{gte: {i}}}}}, {{revenue: {{gte: {i}}}}}, {{assets: {{gte: {i}}}}}]}}"
        for i in range(5)
    )
    return _durable(_RULE.format(when="{all: [" + anys + "]}"))


def engine_too_many_ors() -> list[Problem]:
    ins = ", ".join(f"{{employees: {{in: [{i}, {i + 1}]}}}}" for i in range(15))
    return _durable(_RULE.format(when="{all: [" + ins + "]}"))


def engine_base_too_large() -> list[Problem]:
    metrics = ["turnover_rate", "skilled_worker_ratio", "high_skill_ratio", "contract_signing_rate"]
    metrics += ["social_insurance_coverage", "dispatch_ratio", "layoff_rate", "vacancy_rate", "migrant_ratio"]
    anys = ", ".join(
        f"{{any: [{{metrics.{metrics[j]}: {{gte: 0.1}}}}, {{metrics.{metrics[j + 1]}: {{lte: 0.{j + 1}}}}}]}}"
        for j in range(7)
    )
    rule = _RULE.format(when="{all: [" + anys + "]}")
    return _durable("".join(rule.replace("demo.rule", f"gen.r{i:03d}") for i in range(160)))


def engine_too_many_fields() -> list[Problem]:
    catalog = _copy_catalog()
    with (catalog / "vocab" / "flags.yaml").open("a", encoding="utf-8") as fh:
        fh.write("".join(f"  - {{id: extra_{i:03d}, name: 标志{i}, type: bool}}\n" for i in range(260)))
    when = "{all: [" + ", ".join(f"{{flags.extra_{i:03d}: true}}" for i in range(260)) + "]}"
    return _durable(_RULE.format(when=when), catalog)


def engine_hash_collision() -> list[Problem]:
    catalog = _copy_catalog()
    with (catalog / "vocab" / "flags.yaml").open("a", encoding="utf-8") as fh:
        fh.write(
            "  - {id: oujabrbq, name: 甲标志, type: bool}\n  - {id: knxmcezt, name: 乙标志, type: bool}\n"
        )
    rules = "".join(
        _RULE.format(when=f"{{flags.{f}: true}}").replace("demo.rule", f"c.{f}")
        for f in ("oujabrbq", "knxmcezt")
    )
    return _durable(rules, catalog)


# -- lint over the register ---------------------------------------------------------------------------


def lint_money_without_end() -> list[Problem]:
    catalog = _copy_catalog()
    policies = catalog / "policies.yaml"
    lines = [
        re.sub(r"status: \S+", "status: 现行", line)
        for line in policies.read_text(encoding="utf-8").splitlines(keepends=True)
        if "valid_until" not in line and "open_ended" not in line and "replaced_by" not in line
    ]
    policies.write_text("".join(lines), encoding="utf-8")
    Path("rules.yaml").write_text(_RULE.format(when="{employees: {gte: 5}}"), encoding="utf-8")
    return lint(prescriber.Prescriber.from_paths(rules="rules.yaml", catalog=catalog, engine="python").book)


# -- profiles, tables, outputs --------------------------------------------------------------------------


def input_as_of() -> list[Problem]:
    prescriber.api.as_of_date("2026-13-01")
    return []


def _outputs(path: str, suffixes: tuple[str, ...] = ()) -> list[Problem]:
    from prescriber.outputs import output_problems

    return output_problems(Path(path), suffixes)


def output_is_directory() -> list[Problem]:
    os.mkdir("out")
    return _outputs("out")


def output_no_directory() -> list[Problem]:
    return _outputs("no-such-dir/清单.csv")


def output_read_only() -> list[Problem]:
    Path("清单.csv").write_text("", encoding="utf-8")
    real = os.access
    os.access = lambda *a, **k: False  # type: ignore[assignment]  # as a non-root user without the right
    try:
        return _outputs("清单.csv")
    finally:
        os.access = real


def output_format() -> list[Problem]:
    return _outputs("清单.txt", (".csv", ".xlsx"))


def output_clash() -> list[Problem]:
    from prescriber.batch.job import Outputs

    Path("profiles.csv").write_text("name\n甲\n", encoding="utf-8")
    Outputs(Path("profiles.csv")).checked("profiles.csv")
    return []


def table_format() -> list[Problem]:
    from prescriber.batch.rows import read_table

    Path("profiles.txt").write_text("name\n甲\n", encoding="utf-8")
    return [p for row in read_table(Path("profiles.txt")) for p in row.problems]


def batch_internal() -> list[Problem]:
    """A web batch job whose run fails with a bug (here: a rule base that is not one)."""
    import time
    from datetime import date

    from prescriber.http.jobs import Jobs
    from prescriber.register import JobStore

    class Broken:
        class book:
            fingerprint = "sha256:broken"

    jobs = Jobs(Broken(), JobStore(_register()))  # type: ignore[arg-type]
    try:
        job = jobs.submit("name\n甲\n".encode(), ".csv", ".csv", date(2026, 6, 1), None)
        for _ in range(500):
            found = jobs.get(job.id)
            if found is not None and found.state in ("done", "failed"):
                return list(found.problems)
            time.sleep(0.01)
        return []
    finally:
        jobs.close()


# -- the register and the web service --------------------------------------------------------------------


def _register() -> Any:
    from prescriber.register import Register

    reg = Register(f"sqlite:///{Path('register.db').resolve()}")
    reg.upgrade()
    return reg


def _open_item(status: str | None = None) -> tuple[Any, int]:
    from prescriber.register import CaseBook, Change, Evidence

    reg = _register()
    book = CaseBook(reg)
    case = book.open(record(reg, "某企业", ["job-fair"]), by="王").case
    item = case.items[0].id
    if status == "done":
        book.update(item, Change(1, "in-progress"), by="王")
        book.update(item, Change(2, "done", evidence=Evidence(link="https://example.gov.cn/a.pdf")), by="王")
    return book, item


def case_status() -> list[Problem]:
    from prescriber.register.flow import parse_status

    parse_status("完成")
    return []


def case_transition() -> list[Problem]:
    from prescriber.register.flow import check_move

    check_move("pending", "done", reason="", has_evidence=True)
    return []


def case_reason() -> list[Problem]:
    from prescriber.register.flow import check_move

    check_move("pending", "declined", reason=" ", has_evidence=False)
    return []


def case_evidence() -> list[Problem]:
    from prescriber.register.flow import check_move

    check_move("in-progress", "done", reason="", has_evidence=False)
    return []


def case_record() -> list[Problem]:
    from prescriber.register import CaseBook

    CaseBook(_register()).open(999, by="王")
    return []


def case_unconfirmed() -> list[Problem]:
    from prescriber.register import CaseBook

    reg = _register()
    CaseBook(reg).open(record(reg, "某企业", ["job-fair"], confirm=()), by="王")
    return []


def case_nothing() -> list[Problem]:
    from prescriber.register import Change

    book, item = _open_item()
    book.update(item, Change(1), by="王")
    return []


def case_visit() -> list[Problem]:
    from prescriber.register import Change

    book, item = _open_item()
    book.update(item, Change(1, satisfaction=5), by="王")
    return []


def case_satisfaction() -> list[Problem]:
    from prescriber.register import Change

    book, item = _open_item("done")
    book.update(item, Change(3, satisfaction=7), by="王")
    return []


def case_city() -> list[Problem]:
    from prescriber.register import CaseBook, assess

    assess(CaseBook(_register()), "atlantis", 2026)
    return []


def case_output() -> list[Problem]:
    from prescriber.cli import main

    _open_item()
    err = io.StringIO()
    db = f"sqlite:///{Path('register.db').resolve()}"
    argv = ["case", "assess", "--city", "fuzhou", "--year", "2026", "-o", "评估.txt", "--db", db]
    main(argv, out=io.StringIO(), err=err)
    return _from_text(err.getvalue(), Code.CASE_OUTPUT, "output", suffix=".txt")


def cohort_record() -> list[Problem]:
    from prescriber.register.cohort import Cohorts

    Cohorts(_register()).confirm("fuzhou", 2026, [999], by="王")
    return []


def _client() -> Any:
    from fastapi.testclient import TestClient

    from prescriber.http.app import create_app
    from prescriber.http.settings import Settings

    db = f"sqlite:///{Path('register.db').resolve()}"
    app = create_app(Settings(db_url=db, watch=False, api_token="t0ken", staff_password="pw"))
    record(app.state.server.service.register, "某企业", ["job-fair"])
    return TestClient(app)


def _from_json(body: dict[str, Any], english: dict[str, Any]) -> list[Problem]:
    """The problems of an API answer, with their English from the same request asked in English."""
    names = set(Problem.__dataclass_fields__)
    return [
        Problem(
            **{k: v for k, v in p.items() if k in names}
            | {"code": Code(p["code"]), "message_en": en["message"], "hint_en": en["hint"]}
        )
        for p, en in zip(body.get("problems", []), english.get("problems", []), strict=True)
    ]


def case_conflict() -> list[Problem]:
    client = _client()
    client.post("/api/v1/cases", json={"record": 1}, auth=("李四", "pw"))
    client.patch("/api/v1/cases/items/1", json={"version": 1, "note": "先到的修改"}, auth=("李四", "pw"))
    got = client.patch("/api/v1/cases/items/1", json={"version": 1, "note": "x"}, auth=("李四", "pw"))
    again = client.patch(
        "/api/v1/cases/items/1?lang=en", json={"version": 1, "note": "x"}, auth=("李四", "pw")
    )
    return _from_json(got.json(), again.json())


def service_unknown() -> list[Problem]:
    client = _client()
    got = client.post("/api/v1/why-not/job-fare", content="name: 示例企业\n".encode())
    english = {"Accept-Language": "en-GB,en;q=0.9,zh-CN;q=0.5"}
    again = client.post("/api/v1/why-not/job-fare", content="name: 示例企业\n".encode(), headers=english)
    return _from_json(got.json(), again.json())


def request_invalid() -> list[Problem]:
    client = _client()
    got = client.post("/api/v1/prescriptions?top=abc", content="name: 示例企业\n".encode())
    again = client.post("/api/v1/prescriptions?top=abc&lang=en", content="name: 示例企业\n".encode())
    return _from_json(got.json(), again.json())


def scenario_not_list() -> list[Problem]:
    from prescriber.scenarios import load_scenarios

    Path("scenarios.yaml").write_text("name: 示例\n", encoding="utf-8")
    load_scenarios(Path("scenarios.yaml"))
    return []


def batch_interrupted() -> list[Problem]:
    from datetime import date

    from prescriber.register import JobStore

    reg = _register()
    job = JobStore(reg).create("feedfacecafebeef", date(2026, 6, 1), None, ".csv")
    # run by a process on another host that has not been heard from (any silence counts: stale=0)
    JobStore(reg).update(job.id, state="running", host="worker-1", pid=4242, process="another")
    found = JobStore(reg, stale=0.0).get(job.id)
    return list(found.problems) if found is not None else []


def _leader(suppliers: list[dict[str, str]]) -> tuple[Any, int]:
    """A register with a chain leader's record whose stored profile lists ``suppliers``."""
    import json

    from case_support import FINGERPRINT, body

    from prescriber.register import NewRecord

    reg = _register()
    reg.keep_snapshot(FINGERPRINT, {})
    text = json.dumps({"name": "链主企业", "credit_code": "91350100MA0000001P", "suppliers": suppliers})
    return reg, reg.add(NewRecord("<example>", text, body("链主企业", ["job-fair"]), "staff", "test")).id


def group_no_suppliers() -> list[Problem]:
    from prescriber.register.groups import Groups

    reg, rid = _leader([])
    Groups(reg).open(rid, by="王")
    return []


def group_not_listed() -> list[Problem]:
    from prescriber.http.suppliers import prescribe_suppliers
    from prescriber.register.groups import Groups

    reg, rid = _leader([{"credit_code": "91350100MA0000002T", "name": "一号配套"}])
    other = "name: 另一家企业\ncredit_code: 91350100MA0000003X\n"
    prescribe_suppliers(None, Groups(reg), rid, [("另一家.yaml", other)], "王")  # type: ignore[arg-type]
    return []


def group_profiles() -> list[Problem]:
    from prescriber.cli import main

    _, rid = _leader([{"credit_code": "91350100MA0000002T", "name": "一号配套"}])
    err = io.StringIO()
    db = f"sqlite:///{Path('register.db').resolve()}"
    argv = ["case", "group", "open", str(rid), "--profiles", "不存在的文件夹", "--db", db]
    main(argv, out=io.StringIO(), err=err)
    return _from_text(err.getvalue(), Code.GROUP_PROFILES, "profiles", where="不存在的文件夹")


def group_unknown() -> list[Problem]:
    from prescriber.cli import main

    _register()
    err = io.StringIO()
    db = f"sqlite:///{Path('register.db').resolve()}"
    main(["case", "group", "show", "99", "--db", db], out=io.StringIO(), err=err)
    return _from_text(err.getvalue(), Code.GROUP_UNKNOWN, "group", group=99)


def _from_text(text: str, code: Code, path: str, **params: Any) -> list[Problem]:
    """The CLI prints problems for people (without their codes): the problem of ``code`` with ``params``
    when its message is what the CLI printed on its first line."""
    from prescriber.errors import problem

    line = text.splitlines()[0] if text else ""
    made = problem(code, path=path, **params)
    return [made] if made.message in line else []


CALLS: dict[str, Callable[[], list[Problem]]] = {
    name: fn
    for name, fn in list(globals().items())
    if inspect.isfunction(fn) and fn.__module__ == __name__ and not name.startswith("_") and name != "run"
}
