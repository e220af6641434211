"""One function per command: ``(args, out, err, stdin) -> exit code``. They write only to the
streams they are given."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from prescriber import changes, render, scenarios, yamlsrc
from prescriber import coverage as covering
from prescriber import lint as linter
from prescriber.api import Prescriber
from prescriber.errors import InputError, RuleBaseError, SourceError
from prescriber.models import WhyNot
from prescriber.models.schema import json_schema
from prescriber.outputs import output_problems

__all__ = ["COMMANDS", "EXIT"]

EXIT = {"ok": 0, "input": 1, "usage": 2, "internal": 3, "interrupted": 130}


def _writable(path: Path | None, suffixes: tuple[str, ...] = ()) -> None:
    """Refuse an output path that cannot be written — before the work, not after it."""
    if path is not None and (problems := output_problems(path, suffixes)):
        raise SourceError(problems)


def _write(text: str, path: Path | None, out: TextIO) -> None:
    if path is None:
        out.write(text)
        return
    _writable(path)
    tmp = path.with_name(f".{path.name}.tmp")  # write, then rename: never a half-written file
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _source(arg: str, stdin: TextIO) -> Any:
    return yamlsrc.loads(stdin.read(), "<stdin>") if arg == "-" else Path(arg)


def prescribe(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    _writable(args.output)
    rx = Prescriber.from_paths(args.rules, args.catalog, engine=args.engine)
    texts, failed = [], 0
    for arg in args.profiles:
        try:
            p = rx.prescribe(_source(arg, stdin), as_of=args.as_of, top=args.top)
        except InputError as exc:  # a bad profile is reported; the others still run
            err.write(render.problems_text(exc.problems))
            failed += 1
            continue
        texts.append(p.model_dump_json(indent=2) if args.format == "json"
                     else render.render(p, args.format, args.lang, args.explain))
    if args.format == "json":
        single = len(args.profiles) == 1 and texts
        body = texts[0] + "\n" if single else ("[\n" + ",\n".join(texts) + "\n]\n" if texts else "")
    else:
        body = "\n".join(texts)
    _write(body, args.output, out)
    return EXIT["input"] if failed else EXIT["ok"]


def explain(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog, engine=args.engine)
    w = rx.why_not(_source(args.profile, stdin), args.service, as_of=args.as_of, top=args.top)
    _write(w.model_dump_json(indent=2) + "\n" if args.format == "json" else why_text(w), args.output, out)
    return EXIT["ok"]


def why_text(w: WhyNot) -> str:
    """A service's status, then every rule about it with each condition in words."""
    lines = [f"{w.name}（{w.service}）：{w.summary}", ""]
    effect = {"recommend": "推荐", "exclude": "排除"}
    outcome = {"true": "成立", "false": "不成立", "unknown": "无法判断（信息不全）"}
    for r in w.rules:
        force = "" if r.in_force else "（不在有效期内）"
        lines.append(f"- [{effect[r.effect]}] {r.title}（{r.rule}）：{outcome[r.outcome]}{force}")
        lines += [f"    · {e.text}" for e in r.evidence]
    if not w.rules:
        lines.append("（没有规则涉及这项服务）")
    return "\n".join(lines) + "\n"


def catalog(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    book = Prescriber.from_paths(args.rules, args.catalog, engine="python").book
    cats = {c.id: c for c in book.catalog.categories}
    if args.category and args.category not in cats:
        err.write(f"prescriber: unknown category '{args.category}'; choose one of {', '.join(cats)}\n")
        return EXIT["input"]
    services = [s for s in book.catalog.services if not args.category or s.category == args.category]
    if args.format == "json":
        out.write(json.dumps([s.model_dump(mode="json") for s in services], ensure_ascii=False, indent=2) + "\n")
        return EXIT["ok"]
    zh = args.lang == "zh"
    rows = [(s.id, s.name if zh else s.name_en, cats[s.category].name if zh else cats[s.category].name_en,
             ("核心" if zh else "core") if s.core else "") for s in services]
    if args.format == "markdown":
        head = "| id | 服务 | 类别 | |\n|---|---|---|---|\n" if zh else "| id | service | category | |\n|---|---|---|---|\n"
        out.write(head + "".join(f"| {' | '.join(r)} |\n" for r in rows))
    else:
        out.write(render.rows([("ID", "服务" if zh else "SERVICE", "类别" if zh else "CATEGORY", ""), *rows],
                              (30, 46, 28)))
    return EXIT["ok"]


def validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    try:
        book = Prescriber.from_paths(args.rules, args.catalog).book  # the default engine: its limits count
    except RuleBaseError as exc:
        if args.format == "json":
            out.write(json.dumps([p.to_dict() for p in exc.problems], ensure_ascii=False, indent=2) + "\n")
        else:
            err.write(render.problems_text(exc.problems))
        return EXIT["input"]
    if args.format == "json":
        out.write("[]\n")
    else:
        out.write(f"ok: {len(book.rules)} rules, {len(book.catalog.services)} services, rule base {book.fingerprint}\n")
    return EXIT["ok"]


def lint(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    try:
        book = Prescriber.from_paths(args.rules, args.catalog).book
    except RuleBaseError as exc:
        findings = list(exc.problems)
    else:
        findings = linter.lint(book)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    if args.format == "json":
        out.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(render.problems_text(findings))
        out.write(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes\n")
    failing = counts["error"] + (counts["warning"] if args.strict else 0)
    return EXIT["input"] if failing else EXIT["ok"]


def test(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog)
    outcomes = scenarios.run(rx, args.paths or [Path("scenarios")])
    for o in outcomes:
        out.write(f"{'✓' if o.passed else '✗'} {o.name}  ({o.file}:{o.line})\n")
        for failure in o.failures:
            out.write("    " + failure.replace("\n", "\n    ") + "\n")
    failed = sum(1 for o in outcomes if not o.passed)
    out.write(f"\n{len(outcomes) - failed} passed, {failed} failed\n")
    short = False
    if args.coverage or args.min_coverage is not None:
        short = _coverage(rx, scenarios.cases(args.paths or [Path("scenarios")]), args.min_coverage, out)
    return EXIT["input"] if failed or not outcomes or short else EXIT["ok"]


def _coverage(rx: Prescriber, cases: Any, minimum: float | None, out: TextIO) -> bool:
    """Write the coverage report; True when it is below ``minimum``."""
    c = covering.collect(rx, cases)
    out.write("\n" + covering.report(c))
    if minimum is not None and c.rule_share < minimum:
        out.write(f"规则覆盖 {c.rule_share:.1f}% 低于要求的 {minimum:g}%\n")
        return True
    return False


def _profiles(inputs: list[str], stdin: TextIO, err: TextIO) -> tuple[list[Any], int]:
    """Profiles from files and tables; bad rows are reported and counted, the rest kept."""
    from prescriber import batch

    profiles, bad = [], 0
    for arg in inputs:
        if Path(arg).suffix.lower() in batch.FORMATS:
            for row in batch.read_table(arg):
                if row.profile is None:
                    err.write(render.problems_text(row.problems))
                    bad += 1
                else:
                    profiles.append(row.profile)
        else:
            profiles.append(_source(arg, stdin))
    return profiles, bad


def coverage(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")
    profiles, bad = _profiles(args.inputs, stdin, err)
    short = _coverage(rx, [(p, args.as_of) for p in profiles], args.min_coverage, out)
    return EXIT["input"] if short or bad else EXIT["ok"]


def diff(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    old = Prescriber.from_paths(args.old, args.catalog, engine="python")
    new = Prescriber.from_paths(args.new, args.catalog, engine="python")
    profiles, bad = _profiles(args.profiles, stdin, err)
    result = changes.compare(old, new, profiles, args.as_of)
    if args.format == "json":
        body = {"old": old.fingerprint, "new": new.fingerprint, "enterprises": len(result),
                "changed": [c.to_dict() for c in result if c.changed]}
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(f"{old.fingerprint} → {new.fingerprint}\n" + changes.table(result))
    return EXIT["input"] if bad else EXIT["ok"]


def batch_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from prescriber import batch, cluster

    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")
    outputs = batch.Outputs(args.output, args.wide, args.errors)
    day = date.fromisoformat(args.as_of) if args.as_of else date.today()
    if args.engine == "dask":
        summary = cluster.run_dask(rx.book, args.input, outputs, day, args.top, args.scheduler)
    else:
        bar = _progress(err)
        try:
            summary = batch.run_job(rx.book, args.input, outputs, day, args.top, args.chunk or batch.CHUNK,
                                    bar.update if bar else None, args.workers)
        finally:
            if bar is not None:
                bar.close()
    err.write(summary.text() + "\n")
    return EXIT["input"] if summary.bad else EXIT["ok"]


def report_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from prescriber import report

    _writable(args.output, (".md", ".markdown", ".html", ".htm"))
    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")
    r = report.build(rx.book, args.input, date.fromisoformat(args.as_of) if args.as_of else date.today())
    as_html = args.output is not None and args.output.suffix.lower() in (".html", ".htm")
    _write(report.html(r) if as_html else report.markdown(r), args.output, out)
    if r.bad_rows:
        err.write(f"{r.bad_rows} 行数据有误，未计入报告；用 prescriber batch 可得到错误表\n")
    return EXIT["ok"]


def _progress(err: TextIO) -> Any:
    if not err.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=" 行", file=err, leave=False)


def rules_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """``rules export --xlsx DIR`` (or ``--yaml DIR``): the rule base rewritten, checked by loading DIR back."""
    from prescriber import loader
    from prescriber.api import shipped
    from prescriber.workbook import write

    target: Path = args.xlsx or args.yaml
    if target.is_file() or (target.is_dir() and any(target.iterdir())):
        err.write(f"prescriber: {target} is not an empty folder: export into a new or empty one\n")
        return EXIT["usage"]
    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")  # only a valid rule base is exported
    source, loaded = loader.load_rulebase(args.rules or shipped("rules"), args.catalog or shipped("catalog"))
    rules = [(r.origin.doc, int(r.origin.path[0])) for r in loaded]
    if args.yaml:
        done = write.export_yaml(rules, target)
        out.write(f"{len(done.yaml)} 个 YAML 文件，{len(rules)} 条规则写入 {target}\n")
    else:
        done = write.export(rules, source.catalog, target)
        out.write(f"{len(done.workbooks)} 个工作簿，{done.rows} 条规则（每条一行）写入 {target}\n")
    if done.kept:
        out.write(f"{len(done.kept)} 条规则写不成一行，仍为 YAML（{', '.join(p.name for p in done.yaml)}）：\n")
        out.write("".join(f"  {where}  {rule}：{why}\n" for rule, where, why in done.kept))
    back = Prescriber.from_paths(target, args.catalog, engine="python").fingerprint
    if back != rx.fingerprint:  # pragma: no cover - export checks every row; this guards the whole
        err.write(f"prescriber: internal error: {target} has fingerprint {back}, not {rx.fingerprint}\n")
        return EXIT["internal"]
    out.write(f"规则库指纹相同：{back}\n")
    return EXIT["ok"]


def schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    out.write(json_schema(args.kind))
    return EXIT["ok"]


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]] = {
    "prescribe": prescribe, "explain": explain, "catalog": catalog, "validate": validate, "lint": lint, "test": test, "coverage": coverage, "diff": diff, "batch": batch_command, "report": report_command,
    "rules": rules_command, "schema": schema}
