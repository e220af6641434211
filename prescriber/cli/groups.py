"""``prescriber case group``: 带动一批 from the command line — open a chain leader's group (its suppliers
prescribed from the profiles given, a case per supplier with a record, the others 待采集), show a group
with each supplier's items and progress, list a city's groups. The register's functions, as the pages."""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prescriber.codes import Code
from prescriber.errors import CaseError, problem
from prescriber.render import cases as shown

if TYPE_CHECKING:
    from prescriber.register import CaseBook
    from prescriber.register.groups import Groups

__all__ = ["add_parsers", "group"]

_PROFILES = (".yaml", ".yml", ".json")


def add_parsers(acts: argparse._SubParsersAction) -> list[argparse.ArgumentParser]:  # type: ignore[type-arg]
    """Add ``group`` and its actions under ``case``; the parsers that need ``--db`` and ``--by``."""
    top = acts.add_parser(
        "group",
        help="带动一批：链主企业的配套企业一并开方、立案、成组跟进",
        description="带动一批：链主企业档案中列出的配套企业（suppliers）一并开具清单、各自立案，成组跟进。"
        "没有当年记录的配套企业列为“待采集”，不会被略去。",
        epilog="示例：\n  prescriber case group open 12 --profiles 配套企业/ --officer 李四\n"
        "  prescriber case group show 1\n  prescriber case group list --city 福州市 --year 2026",
    )
    sub = top.add_subparsers(dest="group_action", metavar="ACTION", required=True, parser_class=type(top))
    op = sub.add_parser("open", help="从链主企业的一条记录开组（再次执行则按最新记录和新采集的档案更新）")
    op.add_argument("record", type=int, metavar="LEADER_RECORD", help="链主企业的记录编号")
    op.add_argument(
        "--profiles",
        nargs="+",
        type=Path,
        default=[],
        metavar="FILE|DIR",
        help="配套企业的档案（YAML/JSON 文件，或放档案的文件夹）：按统一社会信用代码对应，先开具清单并登记",
    )
    op.add_argument("--officer", help="各事项的负责人")
    op.add_argument("--due", type=date.fromisoformat, metavar="YYYY-MM-DD", help="办理期限（默认：30 天后）")
    sh = sub.add_parser("show", help="一个组：链主和每家配套企业的事项与进度")
    sh.add_argument("group", type=int, metavar="GROUP", help="组编号")
    ls = sub.add_parser("list", help="列出组（可按城市、年度）")
    ls.add_argument("--city", help="地区编号或名称，如 fuzhou、福州市")
    ls.add_argument("--year", type=int)
    return [op, sh, ls]


def group(
    book: CaseBook,
    args: argparse.Namespace,
    by: str,
    out: TextIO,
    names: Mapping[str, str],
    city: str | None,
) -> int:
    """Run one ``case group`` action (``names``: region id → name in ``args.lang``)."""
    from prescriber.register.groups import Groups

    groups = Groups(book.register)
    if args.group_action == "open":
        _prescribe(groups, args.record, args.profiles, by)
        out.write(shown.group(groups.open(args.record, by, args.officer, args.due), args.lang, names))
    elif args.group_action == "show":
        found = groups.group(args.group) if 0 < args.group < 2**62 else None
        if found is None:
            raise CaseError([problem(Code.GROUP_UNKNOWN, path="group", group=args.group)])
        out.write(shown.group(found, args.lang, names))
    else:
        out.write(shown.group_list(groups.groups(city, args.year), args.lang, names))
    return 0


def _prescribe(groups: Groups, record_id: int, paths: Sequence[Path], by: str) -> None:
    """Prescribe each given supplier profile as of the leader's record and store it (a 待采集 supplier
    becomes one with a record). A profile of a firm the leader does not list is refused, located."""
    files = _files(paths)
    if not files:
        return
    from prescriber.http import Settings
    from prescriber.http.service import Service
    from prescriber.http.suppliers import prescribe_suppliers

    given = [(str(path), path.read_text(encoding="utf-8")) for path in files]
    groups.suppliers(record_id)  # a leader without suppliers is told before the rule base loads
    settings = Settings.from_env()
    svc = Service(settings.rules, settings.catalog, groups.register, settings.engine)
    try:
        prescribe_suppliers(svc, groups, record_id, given, by)
    finally:  # the register stays open: the caller closes it
        svc.replayer.close()
        svc.rx.close()


def _files(paths: Sequence[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.iterdir() if f.suffix.lower() in _PROFILES and f.is_file())
        elif p.is_file():
            out.append(p)
        else:
            raise CaseError([problem(Code.GROUP_PROFILES, file=str(p), path="profiles", where=str(p))])
    return out
