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
    """Add ``group`` and its actions under ``case`` (their words: :mod:`prescriber.render.help`); the
    parsers that need ``--db`` and ``--by``."""
    top = acts.add_parser("group", help="")
    sub = top.add_subparsers(dest="group_action", metavar="ACTION", required=True, parser_class=type(top))
    op = sub.add_parser("open", help="")
    op.add_argument("record", type=int, metavar="LEADER_RECORD")
    op.add_argument("--profiles", nargs="+", type=Path, default=[], metavar="FILE|DIR")
    op.add_argument("--officer")
    op.add_argument("--due", type=date.fromisoformat, metavar="YYYY-MM-DD")
    sh = sub.add_parser("show", help="")
    sh.add_argument("group", type=int, metavar="GROUP")
    ls = sub.add_parser("list", help="")
    ls.add_argument("--city")
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
