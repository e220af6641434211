"""The argument parser: one subcommand per job, each with an example in its help. It declares the
commands and options; their words, in Chinese (the default) or English, and argparse's usage errors put in
the language, come from :mod:`prescriber.render.help` (option names and ids stay as typed)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, NoReturn

from prescriber.api import shipped
from prescriber.cli import cases, service
from prescriber.cli.argtypes import Day, day
from prescriber.render import FORMATS, LANGS
from prescriber.render.help import HELP, TITLES, option, usage_error
from prescriber.render.messages import say
from prescriber.version import __version__

__all__ = ["SCHEMAS", "Usage", "build"]

SCHEMAS = ("profile", "rules", "catalog", "scenarios")


class Usage(Exception):
    """A usage error (exit code 2)."""


class _Formatter(argparse.RawDescriptionHelpFormatter):
    usage = TITLES["zh"]["usage"]

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, self.usage if prefix is None else prefix)


class _FormatterEn(_Formatter):
    usage = TITLES["en"]["usage"]


class _Parser(argparse.ArgumentParser):
    lang = "zh"
    """The language of its usage errors (argparse's own English words are kept for ``en``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = TITLES["zh"]["positionals"]
        self._optionals.title = TITLES["zh"]["optionals"]
        self.add_argument("-h", "--help", action="help", help=TITLES["zh"]["help"])

    def error(self, message: str) -> NoReturn:
        raise Usage(f"{self.prog}: {usage_error(message, self.lang)}")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("usage.integer", value=repr(text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(say("usage.at-least-one"))
    return value


_day = day


def _sub(sub: argparse._SubParsersAction, name: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """A subcommand, listed in its parent's help (argparse lists one only when it has help: :func:`_words`
    gives its words)."""
    parser: argparse.ArgumentParser = sub.add_parser(name, help="")
    return parser


def _rule_base(p: argparse.ArgumentParser, *, edited: bool = False) -> None:
    if edited:  # validate, lint, test: the rule base being edited
        p.add_argument("--rules", type=Path, metavar="DIR")
        p.add_argument("--catalog", type=Path, metavar="DIR")
        return
    p.add_argument("--rules", type=Path, metavar="DIR")
    p.add_argument("--catalog", type=Path, metavar="DIR")


def _prescribing(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    p.add_argument("--top", type=_positive, metavar="N")
    p.add_argument("--engine", choices=("durable", "python"), default="durable")
    _rule_base(p)
    p.add_argument("-o", "--output", type=Path, metavar="FILE")


def build(lang: str = "zh") -> argparse.ArgumentParser:
    """The ``prescriber`` parser; its usage errors in ``lang``."""
    p = _Parser(prog="prescriber")
    p.add_argument("--version", action="version", version=f"prescriber {__version__}")
    p.add_argument("--debug", action="store_true")
    p.add_argument("--lang", choices=LANGS, default="zh")
    sub = p.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, title=TITLES["zh"]["commands"]
    )
    rx = _sub(sub, "prescribe")
    rx.add_argument("profiles", nargs="+", metavar="PROFILE")
    rx.add_argument("--format", choices=sorted(FORMATS), default=None)
    rx.add_argument("--lang", choices=LANGS, default="zh")
    rx.add_argument("--explain", action="store_true")
    _prescribing(rx)
    ex = _sub(sub, "explain")
    ex.add_argument("profile", metavar="PROFILE")
    ex.add_argument("--service", required=True, metavar="ID")
    ex.add_argument("--format", choices=("text", "json"), default=None)
    _prescribing(ex)
    ca = _sub(sub, "catalog")
    ca.add_argument("--category", metavar="ID")
    ca.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    ca.add_argument("--lang", choices=LANGS, default="zh")
    _rule_base(ca)
    va = _sub(sub, "validate")
    va.add_argument("--format", choices=("text", "json"), default="text")
    _rule_base(va, edited=True)
    li = _sub(sub, "lint")
    li.add_argument("--strict", action="store_true")
    li.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    li.add_argument("--format", choices=("text", "json"), default="text")
    _rule_base(li, edited=True)
    te = _sub(sub, "test")
    te.add_argument("paths", nargs="*", metavar="PATH")
    te.add_argument("--coverage", action="store_true")
    te.add_argument("--min-coverage", type=float, metavar="P")
    _rule_base(te, edited=True)
    co = _sub(sub, "coverage")
    co.add_argument("inputs", nargs="+", metavar="INPUT")
    co.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    co.add_argument("--min-coverage", type=float, metavar="P")
    _rule_base(co)
    di = _sub(sub, "diff")
    di.add_argument("old", type=Path, metavar="OLD_RULES")
    di.add_argument("new", type=Path, metavar="NEW_RULES")
    di.add_argument("--profiles", nargs="+", required=True, metavar="FILE")
    di.add_argument("--catalog", type=Path, metavar="DIR")
    di.add_argument("--old-catalog", type=Path, metavar="DIR")
    di.add_argument("--new-catalog", type=Path, metavar="DIR")
    di.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    di.add_argument("--format", choices=("table", "json"), default="table")
    ba = _sub(sub, "batch")
    ba.add_argument("input", type=Path, metavar="INPUT")
    ba.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    ba.add_argument("--wide", type=Path, metavar="FILE")
    ba.add_argument("--errors", type=Path, metavar="FILE")
    ba.add_argument("--top", type=_positive, metavar="N")
    ba.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    ba.add_argument("--chunk", type=_positive, default=None, metavar="ROWS")
    ba.add_argument(
        "--workers", type=_positive, default=max(1, min(4, (os.cpu_count() or 1) - 1)), metavar="N"
    )
    ba.add_argument("--engine", choices=("vector", "dask"), default="vector")
    ba.add_argument("--scheduler", metavar="ADDRESS")
    _rule_base(ba)
    rp = _sub(sub, "report")
    rp.add_argument("input", type=Path, metavar="INPUT")
    rp.add_argument("-o", "--output", type=Path, metavar="FILE")
    rp.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    _rule_base(rp)
    ru = _sub(sub, "rules")
    ru_sub = ru.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    rex = _sub(ru_sub, "export")
    to = rex.add_mutually_exclusive_group(required=True)
    to.add_argument("--xlsx", type=Path, metavar="DIR")
    to.add_argument("--yaml", type=Path, metavar="DIR")
    _rule_base(rex)
    sc = _sub(sub, "schema")
    sc.add_argument("kind", choices=SCHEMAS)
    sc.add_argument("--catalog", type=Path, metavar="DIR")
    sc.add_argument("-o", "--output", type=Path, metavar="PATH")
    service.add_parsers(sub)
    cases.add_parsers(sub)
    _languages(p, lang)
    _words(p, lang)
    return p


def _languages(parser: argparse.ArgumentParser, lang: str) -> None:
    """``--lang`` on every command that has none of its own: what prescriber writes in its own words
    (headings, labels, summaries, the headlines of errors) is then in that language; and every parser's
    usage errors in ``lang``."""
    if isinstance(parser, _Parser):
        parser.lang = lang
    for action in parser._actions:
        if isinstance(action.type, Day):
            action.type = Day(lang)
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    for action in subs:
        for child in dict.fromkeys(action.choices.values()):
            _languages(child, lang)
    if not subs and parser.prog != "prescriber" and not any(a.dest == "lang" for a in parser._actions):
        parser.add_argument("--lang", choices=LANGS, default="zh")


def _words(parser: argparse.ArgumentParser, lang: str, path: str = "") -> None:
    """Every heading, description, example and option of ``parser`` and its subcommands in ``lang``
    (:mod:`prescriber.render.help`, keyed by the command's path and the option)."""
    if lang != "zh":
        parser.formatter_class = _FormatterEn
        titles = {TITLES["zh"][k]: TITLES[lang][k] for k in ("positionals", "optionals", "commands")}
        for group in parser._action_groups:
            group.title = titles.get(group.title or "", group.title)
    parser.description = HELP[lang].get(f"{path}:description")
    parser.epilog = HELP[lang].get(f"{path}:epilog")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = HELP[lang][f"{path} {choice.dest}".strip()]
            for name, sub in {id(v): (k, v) for k, v in action.choices.items()}.values():
                _words(sub, lang, f"{path} {name}".strip())
        elif action.option_strings[-1:] == ["--help"]:
            action.help = TITLES[lang]["help"]
        else:
            name = action.option_strings[-1] if action.option_strings else action.dest
            action.help = option(path, name, action.dest, lang).replace("{rules}", str(shipped("rules")))
