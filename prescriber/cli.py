"""The command line: ``prescriber prescribe|explain|validate``. The only module that prints or exits.

Exit codes (one table, also in the README):

====  ==========================================================
0     success
1     problems in the input (profile, rules, catalogue)
2     usage error (unknown option, missing argument)
3     internal error (a bug: please report it with ``--debug``)
130   interrupted (Ctrl-C)
====  ==========================================================
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from prescriber import render, scenarios, yamlsrc
from prescriber.api import Prescriber, shipped
from prescriber.errors import InputError, PrescriberError, UnknownServiceError
from prescriber.models import WhyNot
from prescriber.version import __version__

__all__ = ["EXIT", "main"]

EXIT = {"ok": 0, "input": 1, "usage": 2, "internal": 3, "interrupted": 130}

_EPILOG = """examples:
  prescriber prescribe examples/fuzhou-vehicle-maker.yaml
  prescriber prescribe examples/*.yaml --format json -o out.json
  prescriber explain examples/fuzhou-vehicle-maker.yaml --service mediation-committee
  prescriber validate --rules rules/ --catalog catalog/
  prescriber test scenarios/
"""


class _Usage(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _Usage(f"{self.prog}: {message}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="prescriber", description="按需开方、依方取药 — rule-based service prescriptions for enterprises.",
                epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"prescriber {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    rx = sub.add_parser("prescribe", help="write the prescription for one or more profiles",
                        description="Prescribe services for enterprise profiles (YAML or JSON; '-' reads stdin).",
                        epilog="example:\n  prescriber prescribe examples/fuzhou-vehicle-maker.yaml --top 5",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    rx.add_argument("profiles", nargs="+", metavar="PROFILE", help="profile file(s), or - for standard input")
    rx.add_argument("--format", choices=sorted(render.FORMATS), default="table")
    rx.add_argument("--top", type=_positive, metavar="N", help="at most N services besides the core ones")
    _common(rx)
    ex = sub.add_parser("explain", help="why a service is (or is not) recommended",
                        description="Explain one service for one profile: every rule about it, evaluated.",
                        epilog="example:\n  prescriber explain examples/jinjiang-footwear-sme.yaml --service job-fair",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("profile", metavar="PROFILE")
    ex.add_argument("--service", required=True, metavar="ID")
    ex.add_argument("--top", type=_positive, metavar="N")
    _common(ex)
    te = sub.add_parser("test", help="run scenario tests written in YAML",
                        description="Run scenario files (YAML) and report each failed expectation with its explanation.",
                        epilog="example:\n  prescriber test scenarios/",
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    te.add_argument("paths", nargs="*", metavar="PATH", help="scenario files or directories (default: scenarios/)")
    te.add_argument("--rules", type=Path, metavar="DIR")
    te.add_argument("--catalog", type=Path, metavar="DIR")
    va = sub.add_parser("validate", help="check the rule base and catalogue; list every problem",
                        description="Check rules and catalogue; every problem, one per line.")
    va.add_argument("--rules", type=Path, metavar="DIR")
    va.add_argument("--catalog", type=Path, metavar="DIR")
    return p


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD", help="prescribe with the rules in force on this date (default today)")
    p.add_argument("--engine", choices=("durable", "python"), default="durable")
    p.add_argument("--rules", type=Path, metavar="DIR", help=f"rule base (default: {shipped('rules')})")
    p.add_argument("--catalog", type=Path, metavar="DIR", help="catalogue (default: the shipped one)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of standard output")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _profile_source(arg: str, stdin: TextIO) -> Any:
    if arg == "-":
        return yamlsrc.loads(stdin.read(), "<stdin>")
    return Path(arg)


def _prescribe(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog, engine=args.engine)
    texts, failed = [], 0
    for arg in args.profiles:
        try:
            p = rx.prescribe(_profile_source(arg, stdin), as_of=args.as_of, top=args.top)
        except InputError as exc:
            err.write(render.problems_text(exc.problems))
            failed += 1
            continue
        texts.append(p.model_dump_json(indent=2) if args.format == "json" else render.render(p, args.format))
    if args.format == "json":
        body = (texts[0] + "\n") if len(texts) == 1 and len(args.profiles) == 1 else (
            "[\n" + ",\n".join(texts) + "\n]\n" if texts else "")
    else:
        body = "\n".join(texts)
    _write(body, args.output, out)
    return EXIT["input"] if failed else EXIT["ok"]


def _explain(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog, engine=args.engine)
    w = rx.why_not(_profile_source(args.profile, stdin), args.service, as_of=args.as_of, top=args.top)
    _write(_why_text(w), args.output, out)
    return EXIT["ok"]


def _why_text(w: WhyNot) -> str:
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


def _validate(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog)  # the default engine: its limits are checked too
    book = rx.book
    out.write(f"ok: {len(book.rules)} rules, {len(book.catalog.services)} services, rule base {book.fingerprint}\n")
    return EXIT["ok"]


def _test(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    rx = Prescriber.from_paths(args.rules, args.catalog)
    paths = args.paths or [Path("scenarios")]
    outcomes = scenarios.run(rx, paths)
    for o in outcomes:
        out.write(f"{'✓' if o.passed else '✗'} {o.name}  ({o.file}:{o.line})\n")
        for failure in o.failures:
            out.write("    " + failure.replace("\n", "\n    ") + "\n")
    failed = sum(1 for o in outcomes if not o.passed)
    out.write(f"\n{len(outcomes) - failed} passed, {failed} failed\n")
    return EXIT["input"] if failed or not outcomes else EXIT["ok"]


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO, TextIO, TextIO], int]] = {
    "prescribe": _prescribe, "explain": _explain, "test": _test, "validate": _validate}


def _write(text: str, path: Path | None, out: TextIO) -> None:
    if path is None:
        out.write(text)
        return
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None,
         stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (see :data:`EXIT`)."""
    out, err, stdin = out or sys.stdout, err or sys.stderr, stdin or sys.stdin
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        args = _parser().parse_args(argv)
        if args.command is None:
            _parser().print_help(out)
            return EXIT["usage"]
        return _COMMANDS[args.command](args, out, err, stdin)
    except _Usage as exc:
        err.write(f"{exc}\nTry 'prescriber --help'.\n")
        return EXIT["usage"]
    except InputError as exc:
        err.write(render.problems_text(exc.problems))
        return EXIT["input"]
    except UnknownServiceError as exc:
        err.write(f"prescriber: {exc}\n")
        return EXIT["input"]
    except (PrescriberError, OSError, ValueError) as exc:
        if debug:
            raise
        err.write(f"prescriber: {exc}\n")
        return EXIT["input"] if not isinstance(exc, PrescriberError) else EXIT["internal"]
    except KeyboardInterrupt:
        err.write("prescriber: interrupted\n")
        return EXIT["interrupted"]
    except Exception as exc:  # a bug: say so plainly, show the traceback only on request
        if debug:
            raise
        err.write(f"prescriber: internal error: {type(exc).__name__}: {exc} (run with --debug for details)\n")
        return EXIT["internal"]


if __name__ == "__main__":
    sys.exit(main())
