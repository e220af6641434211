"""The argument parser: one subcommand per job, each with an example in its help."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import NoReturn

from prescriber.api import shipped
from prescriber.render import FORMATS, LANGS
from prescriber.version import __version__

__all__ = ["SCHEMAS", "Usage", "build"]

SCHEMAS = ("profile", "rules", "catalog", "scenarios")

_EPILOG = """examples:
  prescriber prescribe examples/fuzhou-vehicle-maker.yaml
  prescriber prescribe examples/*.yaml --format json -o out.json
  prescriber prescribe examples/jinjiang-footwear-sme.yaml --format html -o 清单.html
  prescriber explain examples/fuzhou-vehicle-maker.yaml --service mediation-committee
  prescriber catalog --category skills
  prescriber validate --rules rules/ --catalog catalog/
  prescriber lint --strict
  prescriber test scenarios/ --coverage
  prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv
  prescriber batch examples/enterprises.csv -o out.parquet --top 5
  prescriber schema rules > rules.schema.json
  prescriber rules export --xlsx 规则表/

exit codes: 0 ok, 1 problems in the input, 2 usage, 3 internal error, 130 interrupted
"""


class Usage(Exception):
    """A usage error (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise Usage(f"{self.prog}: {message}")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _sub(sub: argparse._SubParsersAction, name: str, help: str, example: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser: argparse.ArgumentParser = sub.add_parser(name, help=help, description=help[:1].upper() + help[1:] + ".",
                                                     epilog=f"example:\n  {example}",
                                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def _rule_base(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", type=Path, metavar="DIR", help=f"rule base (default: {shipped('rules')})")
    p.add_argument("--catalog", type=Path, metavar="DIR", help="catalogue (default: the shipped one)")


def _prescribing(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="use the rules in force on this date (default: today)")
    p.add_argument("--top", type=_positive, metavar="N", help="at most N services besides the core ones")
    p.add_argument("--engine", choices=("durable", "python"), default="durable", help="matching engine")
    _rule_base(p)
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")


def build() -> argparse.ArgumentParser:
    """The ``prescriber`` parser."""
    p = _Parser(prog="prescriber", description="按需开方、依方取药 — rule-based service prescriptions for enterprises.",
                epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"prescriber {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    rx = _sub(sub, "prescribe", "write the prescription for one or more profiles (YAML or JSON; - reads stdin)",
              "prescriber prescribe examples/fuzhou-vehicle-maker.yaml --top 5 --format markdown")
    rx.add_argument("profiles", nargs="+", metavar="PROFILE")
    rx.add_argument("--format", choices=sorted(FORMATS), default="table")
    rx.add_argument("--lang", choices=LANGS, default="zh", help="language of the printed list (rule texts stay Chinese)")
    rx.add_argument("--explain", action="store_true", help="show every fired rule with the facts it matched")
    _prescribing(rx)
    ex = _sub(sub, "explain", "why one service is, or is not, recommended",
              "prescriber explain examples/jinjiang-footwear-sme.yaml --service job-fair")
    ex.add_argument("profile", metavar="PROFILE")
    ex.add_argument("--service", required=True, metavar="ID")
    ex.add_argument("--format", choices=("text", "json"), default="text")
    _prescribing(ex)
    ca = _sub(sub, "catalog", "list the services of the catalogue", "prescriber catalog --category skills")
    ca.add_argument("--category", metavar="ID", help="only this category")
    ca.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    ca.add_argument("--lang", choices=LANGS, default="zh")
    _rule_base(ca)
    va = _sub(sub, "validate", "check the rule base and catalogue; list every problem",
              "prescriber validate --rules rules/ --format json")
    va.add_argument("--format", choices=("text", "json"), default="text")
    _rule_base(va)
    li = _sub(sub, "lint", "find rules that never fire, duplicates, shadowed rules, unused vocabulary",
              "prescriber lint --strict")
    li.add_argument("--strict", action="store_true", help="warnings also make the exit code 1")
    li.add_argument("--format", choices=("text", "json"), default="text")
    _rule_base(li)
    te = _sub(sub, "test", "run scenario tests written in YAML", "prescriber test scenarios/")
    te.add_argument("paths", nargs="*", metavar="PATH", help="scenario files or directories (default: scenarios/)")
    te.add_argument("--coverage", action="store_true", help="report which rules and conditions the scenarios exercise")
    te.add_argument("--min-coverage", type=float, metavar="P", help="fail when fewer than P %% of the rules fire")
    _rule_base(te)
    co = _sub(sub, "coverage", "which rules fire, and which never do, across a batch of profiles",
              "prescriber coverage examples/enterprises.csv --as-of 2026-06-01")
    co.add_argument("inputs", nargs="+", metavar="INPUT", help="profile files, or CSV tables of profiles")
    co.add_argument("--as-of", metavar="YYYY-MM-DD")
    co.add_argument("--min-coverage", type=float, metavar="P", help="fail when fewer than P %% of the rules fire")
    _rule_base(co)
    di = _sub(sub, "diff", "which enterprises' prescriptions change between two rule bases, and how",
              "prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv")
    di.add_argument("old", type=Path, metavar="OLD_RULES")
    di.add_argument("new", type=Path, metavar="NEW_RULES")
    di.add_argument("--profiles", nargs="+", required=True, metavar="FILE", help="profile files or CSV tables")
    di.add_argument("--catalog", type=Path, metavar="DIR", help="catalogue for both (default: the shipped one)")
    di.add_argument("--as-of", metavar="YYYY-MM-DD")
    di.add_argument("--format", choices=("table", "json"), default="table")
    ba = _sub(sub, "batch", "prescribe for every row of a table (CSV, JSON Lines, Parquet, Excel)",
              "prescriber batch examples/enterprises.csv -o out.csv --top 5")
    ba.add_argument("input", type=Path, metavar="INPUT")
    ba.add_argument("-o", "--output", type=Path, required=True, metavar="FILE",
                    help="the long table (one line per enterprise and service); its suffix sets the format")
    ba.add_argument("--wide", type=Path, metavar="FILE", help="the wide table (default: OUTPUT.wide.<suffix>)")
    ba.add_argument("--errors", type=Path, metavar="FILE", help="the bad rows (default: OUTPUT.errors.csv)")
    ba.add_argument("--top", type=_positive, metavar="N", help="at most N services besides the core ones")
    ba.add_argument("--as-of", metavar="YYYY-MM-DD")
    ba.add_argument("--chunk", type=_positive, default=None, metavar="ROWS",
                    help="rows per chunk: memory grows with it (default 50,000)")
    ba.add_argument("--workers", type=_positive, default=max(1, min(4, (os.cpu_count() or 1) - 1)), metavar="N",
                    help="processes prescribing chunks side by side (default: one per CPU but one, which reads "
                         "and writes; at most 4)")
    ba.add_argument("--engine", choices=("vector", "dask"), default="vector")
    ba.add_argument("--scheduler", metavar="ADDRESS", help="dask scheduler address (default: a local cluster)")
    _rule_base(ba)
    rp = _sub(sub, "report", "a population report: services per city, industry and size; shortlists; unused rules",
              "prescriber report examples/enterprises.csv -o 报告.html")
    rp.add_argument("input", type=Path, metavar="INPUT")
    rp.add_argument("-o", "--output", type=Path, metavar="FILE", help=".md or .html (default: Markdown on stdout)")
    rp.add_argument("--as-of", metavar="YYYY-MM-DD")
    _rule_base(rp)
    ru = _sub(sub, "rules", "convert the rule base: export it as Excel workbooks, one row per rule",
              "prescriber rules export --xlsx 规则表/")
    ru_sub = ru.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    rex = _sub(ru_sub, "export", "write the rule base as workbooks (rules that do not fit a row stay YAML), "
               "or back as YAML", "prescriber rules export --xlsx 规则表/ && prescriber validate --rules 规则表/")
    to = rex.add_mutually_exclusive_group(required=True)
    to.add_argument("--xlsx", type=Path, metavar="DIR", help="workbooks, one row per rule, into an empty or new folder")
    to.add_argument("--yaml", type=Path, metavar="DIR", help="YAML files (a workbook's rows written as YAML rules)")
    _rule_base(rex)
    sc = _sub(sub, "schema", "print the JSON Schema of a file type, for editors", "prescriber schema rules")
    sc.add_argument("kind", choices=SCHEMAS)
    return p
