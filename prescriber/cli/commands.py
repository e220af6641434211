"""One function per command: ``(args, out, err, stdin) -> exit code``. They write only to the
streams they are given."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from prescriber import changes, render, scenarios, yamlsrc
from prescriber import coverage as covering
from prescriber import lint as linter
from prescriber.api import Prescriber, shipped
from prescriber.cli import cases, service
from prescriber.dates import parse_day
from prescriber.errors import InputError, RuleBaseError, SourceError
from prescriber.outputs import output_problems
from prescriber.render import console
from prescriber.render.messages import say

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
    # write, then rename: never a half-written file; a name of its own, so two runs writing one file
    # at once do not write into each other's temporary file (the last rename wins, whole)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, _mode(path))
        tmp.replace(path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _mode(path: Path) -> int:
    """The permissions a file written with ``open`` would get (``mkstemp`` makes it private)."""
    if path.exists():
        return path.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _source(arg: str, stdin: TextIO) -> Any:
    return yamlsrc.load_stream(stdin, "<stdin>") if arg == "-" else Path(arg)


def prescribe(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    fmt = _format(args.format, args.output)
    _writable(args.output)
    rx = Prescriber.from_paths(args.rules, args.catalog, engine=args.engine)
    done, failed = [], 0
    en = args.lang == "en"
    said: dict[str, str] = {}  # the warnings' English (a prescription keeps them in Chinese)
    for arg in args.profiles:
        try:
            source = _source(arg, stdin)
            done.append(rx.prescribe(source, as_of=args.as_of, top=args.top))
            if en and done[-1].warnings:
                said.update((p.shown("zh"), p.shown("en")) for p in rx.notes(source, as_of=args.as_of))
        except InputError as exc:  # a bad profile is reported; the others still run
            err.write(render.problems_text(exc.problems, args.lang))
            failed += 1
    columns = _columns(out) if args.output is None else render.COLUMNS
    # several asked for: a JSON array, even when only one of them could be prescribed
    names = render.english_names(rx.book.catalog) if en else {}
    several = len(args.profiles) > 1
    body = render.render_many(
        done, fmt, args.lang, args.explain, columns, several=several, warnings_en=said, **names
    )
    _write(body, args.output, out)
    return EXIT["input"] if failed else EXIT["ok"]


def _format(asked: str | None, output: Path | None) -> str:
    """The format given, or else the one the output file's suffix names (``x.html`` → HTML), or a table."""
    if asked is not None:
        return asked
    if output is not None:
        return render.SUFFIXES.get(output.suffix.lower(), "table")
    return "table"


def _columns(out: TextIO) -> int:
    """The terminal's width when writing to one, else the width a file or pipe gets."""
    if not out.isatty():
        return render.COLUMNS
    env = os.environ.get("COLUMNS", "")  # as shutil.get_terminal_size: the user's setting comes first
    if env.isdigit() and int(env) > 0:
        return max(int(env), 40)
    try:
        columns = os.get_terminal_size(out.fileno()).columns
    except (OSError, ValueError):
        columns = 0
    return max(columns, 40) if columns else render.COLUMNS  # a terminal that reports no size (0 × 0)


def explain(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog, engine=args.engine)
    w = rx.why_not(_source(args.profile, stdin), args.service, as_of=args.as_of, top=args.top)
    as_json = args.format == "json" or (
        args.format is None and args.output is not None and args.output.suffix.lower() == ".json"
    )
    name_en = rx.book.catalog.service_by_id[w.service].name_en
    _write(
        w.model_dump_json(indent=2) + "\n" if as_json else console.why_not(w, args.lang, name_en),
        args.output,
        out,
    )
    return EXIT["ok"]


def catalog(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    book = Prescriber.from_paths(args.rules, args.catalog, engine="python").book
    cats = {c.id: c for c in book.catalog.categories}
    if args.category:  # an id or the Chinese name (技能人才培养 → skills)
        args.category = next((c.id for c in cats.values() if c.name == args.category.strip()), args.category)
    if args.category and args.category not in cats:
        err.write(console.unknown_category(args.category, list(cats), args.lang))
        return EXIT["input"]
    services = [s for s in book.catalog.services if not args.category or s.category == args.category]
    if args.format == "json":
        out.write(
            json.dumps([s.model_dump(mode="json") for s in services], ensure_ascii=False, indent=2) + "\n"
        )
        return EXIT["ok"]
    out.write(console.catalog_listing(services, cats, args.format, args.lang))
    return EXIT["ok"]


def _edited(args: argparse.Namespace) -> tuple[Path, Path, str]:
    """The rule base an author is editing: ``--rules``/``--catalog`` when given, else ``rules/`` and
    ``catalog/`` of the working directory when it holds both, else the copy installed with prescriber;
    and a line saying which folders these are."""
    here = Path("rules").is_dir() and Path("catalog").is_dir()
    rules = args.rules or (Path("rules") if here else shipped("rules"))
    catalog = args.catalog or (Path("catalog") if here else shipped("catalog"))
    installed = {
        p
        for p in (rules, catalog)
        if p.resolve() in (shipped("rules").resolve(), shipped("catalog").resolve())
    }
    return rules, catalog, console.checked(rules, catalog, bool(installed) and not here, args.lang)


def validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rules, catalog, checked = _edited(args)
    if args.format == "json":
        err.write(checked)  # standard output stays JSON
    try:
        book = Prescriber.from_paths(rules, catalog).book  # the default engine: its limits count
    except RuleBaseError as exc:
        if args.format == "json":
            out.write(
                json.dumps([p.to_dict(args.lang) for p in exc.problems], ensure_ascii=False, indent=2) + "\n"
            )
        else:
            err.write(render.problems_text(exc.problems, args.lang) + checked)
        return EXIT["input"]
    if args.format == "json":
        out.write(
            json.dumps([p.to_dict(args.lang) for p in book.warnings], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        out.write(checked + render.problems_text(book.warnings, args.lang) if book.warnings else checked)
        out.write(console.validated(len(book.rules), len(book.catalog.services), book.fingerprint, args.lang))
    return EXIT["ok"]


def lint(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rules, catalog, checked = _edited(args)
    try:
        book = Prescriber.from_paths(rules, catalog).book
    except RuleBaseError as exc:
        findings = list(exc.problems)
    else:
        findings = [*book.warnings, *linter.lint(book, args.as_of)]
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    if args.format == "json":
        err.write(checked)
        out.write(json.dumps([f.to_dict(args.lang) for f in findings], ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(checked + render.problems_text(findings, args.lang))
        out.write(console.lint_summary(counts, args.lang))
    failing = counts["error"] + (counts["warning"] if args.strict else 0)
    return EXIT["input"] if failing else EXIT["ok"]


def test(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rules, catalog, checked = _edited(args)
    out.write(checked)
    rx = Prescriber.from_paths(rules, catalog)
    outcomes = scenarios.run(rx, args.paths or [Path("scenarios")], args.lang)
    out.write(console.scenario_results(outcomes, args.lang))
    failed = sum(1 for o in outcomes if not o.passed)
    short = False
    if args.coverage or args.min_coverage is not None:
        short = _coverage(
            rx, scenarios.cases(args.paths or [Path("scenarios")]), args.min_coverage, out, args.lang
        )
    return EXIT["input"] if failed or not outcomes or short else EXIT["ok"]


def _coverage(rx: Prescriber, cases: Any, minimum: float | None, out: TextIO, lang: str) -> bool:
    """Write the coverage report; True when it is below ``minimum``."""
    c = covering.collect(rx, cases)
    out.write("\n" + console.coverage_report(c, lang))
    if minimum is not None and c.rule_share < minimum:
        out.write(console.coverage_short(c.rule_share, minimum, lang))
        return True
    return False


def _profiles(inputs: list[str], stdin: TextIO, err: TextIO, lang: str = "zh") -> tuple[list[Any], int]:
    """Profiles from files and tables; bad rows are reported and counted, the rest kept."""
    from prescriber import batch

    profiles, bad = [], 0
    for arg in inputs:
        if Path(arg).suffix.lower() in batch.FORMATS:
            for row in batch.read_table(arg):
                if row.profile is None:
                    err.write(render.problems_text(row.problems, lang))
                    bad += 1
                else:
                    profiles.append(row.profile)
        else:
            profiles.append(_source(arg, stdin))
    return profiles, bad


def coverage(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")
    profiles, bad = _profiles(args.inputs, stdin, err, args.lang)
    short = _coverage(rx, [(p, args.as_of) for p in profiles], args.min_coverage, out, args.lang)
    return EXIT["input"] if short or bad else EXIT["ok"]


def diff(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    both = args.catalog or (Path("catalog") if Path("catalog").is_dir() else None)  # the one being edited
    old = Prescriber.from_paths(args.old, args.old_catalog or both, engine="python")
    new = Prescriber.from_paths(args.new, args.new_catalog or both, engine="python")
    profiles, bad = _profiles(args.profiles, stdin, err, args.lang)
    result = changes.compare(old, new, profiles, args.as_of)
    if args.format == "json":
        body = {
            "old": old.fingerprint,
            "new": new.fingerprint,
            "enterprises": len(result),
            "services_changed": sum(1 for c in result if c.services_changed),
            "changed": [c.to_dict() for c in result if c.changed],
        }
        out.write(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
    else:
        names = {s.id: s.name_en for rx in (old, new) for s in rx.book.catalog.services}
        text = changes.table(result, args.lang, names if args.lang == "en" else None)
        out.write(f"{old.fingerprint} → {new.fingerprint}\n" + text)
    return EXIT["input"] if bad else EXIT["ok"]


def batch_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from prescriber import batch, cluster

    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")
    outputs = batch.Outputs(args.output, args.wide, args.errors)
    day = parse_day(args.as_of)
    if args.engine == "dask":
        summary = cluster.run_dask(
            rx.book, args.input, outputs, day, args.top, args.scheduler, args.chunk or batch.CHUNK
        )
    else:
        bar = _progress(err, args.lang)
        try:
            # ``bar is not None``: tqdm without a total refuses ``bool(bar)`` (TypeError)
            summary = batch.run_job(
                rx.book,
                args.input,
                outputs,
                day,
                args.top,
                args.chunk or batch.CHUNK,
                bar.update if bar is not None else None,
                args.workers,
                lang=args.lang,
            )
        finally:
            if bar is not None:
                bar.close()
    err.write(console.batch_summary(summary, args.lang))
    return EXIT["input"] if summary.bad else EXIT["ok"]


def report_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from prescriber import report

    _writable(args.output, (".md", ".markdown", ".html", ".htm"))
    rx = Prescriber.from_paths(args.rules, args.catalog, engine="python")
    r = report.build(rx.book, args.input, parse_day(args.as_of), lang=args.lang)
    as_html = args.output is not None and args.output.suffix.lower() in (".html", ".htm")
    _write(report.html(r, args.lang) if as_html else report.markdown(r, args.lang), args.output, out)
    if r.bad_rows:
        err.write(console.line("report.bad-rows", args.lang, n=r.bad_rows))
    return EXIT["ok"]


def _progress(err: TextIO, lang: str) -> Any:
    if not err.isatty():
        return None
    from tqdm import tqdm

    return tqdm(unit=say("batch.progress-unit", lang), file=err, leave=False)


def rules_command(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """``rules export --xlsx DIR`` (or ``--yaml DIR``): the rule base rewritten, checked by loading DIR
    back."""
    from prescriber import loader
    from prescriber.workbook import write

    target: Path = args.xlsx or args.yaml
    if target.is_file() or (target.is_dir() and any(target.iterdir())):
        err.write(console.line("export.not-empty", args.lang, target=target))
        return EXIT["usage"]
    rx = Prescriber.from_paths(
        args.rules, args.catalog, engine="python"
    )  # only a valid rule base is exported
    source, loaded = loader.load_rulebase(args.rules or shipped("rules"), args.catalog or shipped("catalog"))
    rules = [(r.origin.doc, int(r.origin.path[0])) for r in loaded]
    if args.yaml:
        done = write.export_yaml(rules, target)
        files, count = len(done.yaml), len(rules)
    else:
        done = write.export(rules, source.catalog, target)
        files, count = len(done.workbooks), done.rows
    kind = "yaml" if args.yaml else "xlsx"
    out.write(console.export_done(kind, target, files, count, done.kept, done.yaml, args.lang))
    back = Prescriber.from_paths(target, args.catalog, engine="python").fingerprint
    if back != rx.fingerprint:  # pragma: no cover - export checks every row; this guards the whole
        err.write(
            console.line("export.mismatch", args.lang, target=target, got=back, expected=rx.fingerprint)
        )
        return EXIT["internal"]
    out.write(console.line("export.same", args.lang, fingerprint=back))
    return EXIT["ok"]


def schema(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    from prescriber import loader, schemas

    catalog = args.catalog or (Path("catalog") if Path("catalog").is_dir() else shipped("catalog"))
    text = schemas.editor_schema(args.kind, loader.load_catalog(catalog).catalog)
    target = args.output
    if target is not None and target.is_dir():
        target = target / schemas.FILE_NAMES[args.kind]
    _write(text, target, out)
    if target is not None:
        err.write(
            console.line(
                "schema.written", args.lang, target=target, catalog=catalog, kind=args.kind, name=target.name
            )
        )
    return EXIT["ok"]


COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]] = {
    "prescribe": prescribe,
    "explain": explain,
    "catalog": catalog,
    "validate": validate,
    "lint": lint,
    "test": test,
    "coverage": coverage,
    "diff": diff,
    "batch": batch_command,
    "report": report_command,
    "rules": rules_command,
    "schema": schema,
    "serve": service.serve,
    "db": service.db,
    "case": cases.case,
}
