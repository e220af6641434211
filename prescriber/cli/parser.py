"""The argument parser: one subcommand per job, each with an example in its help. Help and usage
errors are in Chinese, like every other message (option names and ids stay as typed)."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any, NoReturn

from prescriber.api import shipped
from prescriber.cli import cases, service
from prescriber.cli.argtypes import Day, day
from prescriber.render import FORMATS, LANGS
from prescriber.render.help import COMMON, HELP, TITLES
from prescriber.render.messages import MESSAGES, say
from prescriber.version import __version__

__all__ = ["SCHEMAS", "Usage", "build"]

SCHEMAS = ("profile", "rules", "catalog", "scenarios")

_EPILOG = """示例：
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
  prescriber schema rules -o rules/
  prescriber rules export --xlsx 规则表/

退出码：0 成功，1 输入有问题，2 用法错误，3 内部错误（程序的问题），130 被中断
"""


class Usage(Exception):
    """A usage error (exit code 2)."""


# argparse's own words, in the language of the rest of the command line
_ARGPARSE_ZH = (
    (r"^unrecognized arguments: ", "无法识别的参数："),
    (r"^the following arguments are required: ", "缺少必需的参数："),
    (r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$", r"参数 \1：无效的选择 \2（可选：\3）"),
    (r"^argument (\S+): expected one argument$", r"参数 \1 后面需要一个值"),
    (r"^argument (\S+): expected at least one argument$", r"参数 \1 后面至少需要一个值"),
    (r"^argument (\S+): invalid (\S+) value: (.*)$", r"参数 \1：无效的值 \3"),
    (r"^argument (\S+): ", r"参数 \1："),
)


# the command line's own argument types write Chinese (they know no language); in English, their words
_OWN_EN = tuple(
    (
        re.escape(MESSAGES["zh"][key]).replace(re.escape("{value}"), "(.*)"),
        MESSAGES["en"][key].replace("{value}", r"\1"),
    )
    for key in ("usage.integer", "usage.at-least-one")
)


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
        for pattern, zh in _ARGPARSE_ZH if self.lang == "zh" else _OWN_EN:
            message = re.sub(pattern, zh, message)
        raise Usage(f"{self.prog}: {message}")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(say("usage.integer", value=repr(text))) from None
    if value < 1:
        raise argparse.ArgumentTypeError(say("usage.at-least-one"))
    return value


_day = day


def _sub(sub: argparse._SubParsersAction, name: str, help: str, example: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=help + "。", epilog=f"示例：\n  {example}"
    )
    return parser


def _rule_base(p: argparse.ArgumentParser, *, edited: bool = False) -> None:
    if edited:  # validate, lint, test: the rule base being edited
        p.add_argument(
            "--rules",
            type=Path,
            metavar="DIR",
            help="规则库目录（默认：当前目录下有 rules/ 和 catalog/ 时用 ./rules，否则用随程序安装的）",
        )
        p.add_argument(
            "--catalog", type=Path, metavar="DIR", help="服务目录（默认：同上，./catalog 或随程序安装的）"
        )
        return
    p.add_argument("--rules", type=Path, metavar="DIR", help=f"规则库目录（默认：{shipped('rules')}）")
    p.add_argument("--catalog", type=Path, metavar="DIR", help="服务目录（默认：随程序安装的目录）")


def _prescribing(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day, help="按这一天有效的规则开具（默认：今天）")
    p.add_argument("--top", type=_positive, metavar="N", help="核心服务之外最多列出 N 项")
    p.add_argument("--engine", choices=("durable", "python"), default="durable", help="匹配引擎")
    _rule_base(p)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="写入这个文件（默认：标准输出）；后缀 .html/.md/.json/.txt 决定格式",
    )


def build(lang: str = "zh") -> argparse.ArgumentParser:
    """The ``prescriber`` parser; its usage errors in ``lang``."""
    p = _Parser(
        prog="prescriber", description="按需开方、依方取药 — 为企业开具个性化服务清单。", epilog=_EPILOG
    )
    p.add_argument("--version", action="version", version=f"prescriber {__version__}", help="显示版本并退出")
    p.add_argument("--debug", action="store_true", help="内部错误时显示完整的调用栈")
    p.add_argument("--lang", choices=LANGS, default="zh")
    sub = p.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=_Parser, title=TITLES["zh"]["commands"]
    )
    rx = _sub(
        sub,
        "prescribe",
        "为一个或多个企业档案开具服务清单（YAML 或 JSON；- 表示从标准输入读取）",
        "prescriber prescribe examples/fuzhou-vehicle-maker.yaml --top 5 --format markdown",
    )
    rx.add_argument("profiles", nargs="+", metavar="PROFILE", help="企业档案文件")
    rx.add_argument(
        "--format", choices=sorted(FORMATS), default=None, help="输出格式（默认：按 -o 的后缀，否则为表格）"
    )
    rx.add_argument("--lang", choices=LANGS, default="zh", help="清单语言（规则的标题和理由只有中文）")
    rx.add_argument(
        "--explain", action="store_true", help="列出每条命中的规则、依据和所依据的事实（工作人员用）"
    )
    _prescribing(rx)
    ex = _sub(
        sub,
        "explain",
        "说明某项服务为什么推荐或不推荐",
        "prescriber explain examples/jinjiang-footwear-sme.yaml --service job-fair",
    )
    ex.add_argument("profile", metavar="PROFILE", help="企业档案文件")
    ex.add_argument("--service", required=True, metavar="ID", help="服务编号（见 prescriber catalog）")
    ex.add_argument(
        "--format",
        choices=("text", "json"),
        default=None,
        help="输出格式（默认：-o 为 .json 时 JSON，否则文本）",
    )
    _prescribing(ex)
    ca = _sub(sub, "catalog", "列出服务目录中的服务", "prescriber catalog --category skills")
    ca.add_argument("--category", metavar="ID", help="只列这一类（编号或中文名）")
    ca.add_argument("--format", choices=("table", "json", "markdown"), default="table")
    ca.add_argument("--lang", choices=LANGS, default="zh")
    _rule_base(ca)
    va = _sub(
        sub,
        "validate",
        "检查规则库和服务目录，列出全部问题",
        "prescriber validate --rules rules/ --format json",
    )
    va.add_argument("--format", choices=("text", "json"), default="text")
    _rule_base(va, edited=True)
    li = _sub(sub, "lint", "查找永不触发、重复、被否决覆盖的规则和未用到的词表项", "prescriber lint --strict")
    li.add_argument("--strict", action="store_true", help="有警告时退出码也为 1")
    li.add_argument(
        "--as-of", metavar="YYYY-MM-DD", type=_day, help="同时列出到这一天全部政策依据都已到期的服务"
    )
    li.add_argument("--format", choices=("text", "json"), default="text")
    _rule_base(li, edited=True)
    te = _sub(sub, "test", "运行用 YAML 写的场景测试", "prescriber test scenarios/")
    te.add_argument("paths", nargs="*", metavar="PATH", help="场景文件或目录（默认：scenarios/）")
    te.add_argument("--coverage", action="store_true", help="报告场景覆盖了哪些规则和条件")
    te.add_argument("--min-coverage", type=float, metavar="P", help="触发的规则少于 P%% 时失败")
    _rule_base(te, edited=True)
    co = _sub(
        sub,
        "coverage",
        "在一批企业档案上统计哪些规则触发、哪些从不触发",
        "prescriber coverage examples/enterprises.csv --as-of 2026-06-01",
    )
    co.add_argument("inputs", nargs="+", metavar="INPUT", help="企业档案文件或企业表格")
    co.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    co.add_argument("--min-coverage", type=float, metavar="P", help="触发的规则少于 P%% 时失败")
    _rule_base(co)
    di = _sub(
        sub,
        "diff",
        "比较两版规则库：哪些企业的清单有变化、怎样变化",
        "prescriber diff old-rules/ rules/ --profiles examples/enterprises.csv",
    )
    di.add_argument("old", type=Path, metavar="OLD_RULES", help="旧规则库目录")
    di.add_argument("new", type=Path, metavar="NEW_RULES", help="新规则库目录")
    di.add_argument("--profiles", nargs="+", required=True, metavar="FILE", help="企业档案文件或企业表格")
    di.add_argument(
        "--catalog",
        type=Path,
        metavar="DIR",
        help="两边共用的服务目录（默认：当前目录下有 catalog/ 时用它，否则用随程序安装的）",
    )
    di.add_argument("--old-catalog", type=Path, metavar="DIR", help="旧版一侧的服务目录（默认：--catalog）")
    di.add_argument("--new-catalog", type=Path, metavar="DIR", help="新版一侧的服务目录（默认：--catalog）")
    di.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    di.add_argument("--format", choices=("table", "json"), default="table")
    ba = _sub(
        sub,
        "batch",
        "为表格的每一行企业开具清单（CSV、JSON Lines、Parquet、Excel）",
        "prescriber batch examples/enterprises.csv -o out.csv --top 5",
    )
    ba.add_argument("input", type=Path, metavar="INPUT", help="企业表格")
    ba.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE",
        help="长表（每家企业每项服务一行）；后缀决定格式",
    )
    ba.add_argument("--wide", type=Path, metavar="FILE", help="宽表（默认：OUTPUT.wide.<后缀>）")
    ba.add_argument("--errors", type=Path, metavar="FILE", help="错误表（默认：OUTPUT.errors.csv）")
    ba.add_argument("--top", type=_positive, metavar="N", help="核心服务之外最多列出 N 项")
    ba.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    ba.add_argument(
        "--chunk", type=_positive, default=None, metavar="ROWS", help="每块行数，内存随之增长（默认 50,000）"
    )
    ba.add_argument(
        "--workers",
        type=_positive,
        default=max(1, min(4, (os.cpu_count() or 1) - 1)),
        metavar="N",
        help="并行开具的进程数（默认：CPU 数减一，留一个读写，最多 4）",
    )
    ba.add_argument("--engine", choices=("vector", "dask"), default="vector", help="批量引擎")
    ba.add_argument("--scheduler", metavar="ADDRESS", help="dask 调度器地址（默认：本机集群）")
    _rule_base(ba)
    rp = _sub(
        sub,
        "report",
        "群体报告：按设区市、行业、规模统计服务；各市建议名单；未触发的规则",
        "prescriber report examples/enterprises.csv -o 报告.html",
    )
    rp.add_argument("input", type=Path, metavar="INPUT", help="企业表格")
    rp.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help=".md 或 .html（默认：Markdown 输出到标准输出）"
    )
    rp.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day)
    _rule_base(rp)
    ru = _sub(
        sub,
        "rules",
        "转换规则库：导出为 Excel 工作簿（每条规则一行），或导回 YAML",
        "prescriber rules export --xlsx 规则表/",
    )
    ru_sub = ru.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    rex = _sub(
        ru_sub,
        "export",
        "把规则库写成工作簿（写不成一行的规则仍为 YAML），或写回 YAML",
        "prescriber rules export --xlsx 规则表/ && prescriber validate --rules 规则表/",
    )
    to = rex.add_mutually_exclusive_group(required=True)
    to.add_argument(
        "--xlsx", type=Path, metavar="DIR", help="工作簿（每条规则一行），写入一个新的或空的文件夹"
    )
    to.add_argument("--yaml", type=Path, metavar="DIR", help="YAML 文件（工作簿的每一行写成一条 YAML 规则）")
    _rule_base(rex)
    sc = _sub(
        sub,
        "schema",
        "输出某类文件的 JSON Schema（含服务目录中的服务、字段和取值），供编辑器自动补全",
        "prescriber schema rules -o rules/",
    )
    sc.add_argument("kind", choices=SCHEMAS, help="文件类型")
    sc.add_argument(
        "--catalog",
        type=Path,
        metavar="DIR",
        help="列出其取值的服务目录（默认：当前目录下有 catalog/ 时用它，否则用随程序安装的）",
    )
    sc.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="一个文件，或写入 KIND.schema.json 的目录（默认：标准输出）",
    )
    service.add_parsers(sub)
    cases.add_parsers(sub)
    _languages(p, lang)
    _describe(p)
    if lang == "en":
        _english(p)
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


# The options many commands share, described once (a command may give its own, more precise words).
_COMMON_HELP = {
    "format": "输出格式",
    "lang": "语言：zh 中文（默认）或 en 英文",
    "as_of": "按这一天有效的政策开具（默认今天），写作 YYYY-MM-DD",
    "year": "年度，例如 2026",
    "db": "登记库地址（默认 sqlite:///prescriber-register.db，或环境变量 PRESCRIBER_DB_URL）",
    "item": "事项编号（见 prescriber case items）",
    "due": "办理期限，写作 YYYY-MM-DD",
}


def _describe(parser: argparse.ArgumentParser) -> None:
    """Give every option without words of its own the shared description, in every nested command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                _describe(sub)
        elif action.help is None:
            action.help = _COMMON_HELP.get(action.dest)


def _english(parser: argparse.ArgumentParser, path: str = "") -> None:
    """Every heading, description, example and option of ``parser`` and its subcommands in English
    (:mod:`prescriber.render.help`, keyed by the command's path and the option)."""
    parser.formatter_class = _FormatterEn
    titles = {TITLES["zh"][k]: TITLES["en"][k] for k in ("positionals", "optionals", "commands")}
    for group in parser._action_groups:
        group.title = titles.get(group.title or "", group.title)
    if parser.description is not None:
        parser.description = HELP.get(f"{path}:description", parser.description)
    if parser.epilog is not None:
        parser.epilog = HELP.get(f"{path}:epilog", parser.epilog)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = HELP.get(f"{path} {choice.dest}".strip(), choice.help)
            for name, sub in {id(v): (k, v) for k, v in action.choices.items()}.values():
                _english(sub, f"{path} {name}".strip())
        elif action.help is not None:
            action.help = _english_help(action, path)


def _english_help(action: argparse.Action, path: str) -> str:
    if action.option_strings[-1:] == ["--help"]:
        return TITLES["en"]["help"]
    name = action.option_strings[-1] if action.option_strings else action.dest
    if f"{path} {name}".strip() in HELP:
        text = HELP[f"{path} {name}".strip()]
    elif action.help == _COMMON_HELP.get(action.dest):
        text = COMMON[action.dest]
    else:
        text = HELP.get(name, str(action.help))
    return text.replace("{rules}", str(shipped("rules")))
