"""``prescriber case``: follow-through from the command line (依方取药) — open a case from a confirmed
record, list one's open items, move an item (with its version), export a city's assessment. The same
register functions as the pages and the API (needs the ``serve`` extra, which brings the register)."""

from __future__ import annotations

import argparse
import getpass
import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from prescriber.cli import groups
from prescriber.cli.argtypes import day
from prescriber.codes import Code, phrases
from prescriber.errors import CaseError, ConflictError, problem
from prescriber.render import cases as shown
from prescriber.render import console

if TYPE_CHECKING:  # the register needs the ``serve`` extra: imported when a case command runs
    from collections.abc import Sequence

    from prescriber.models import Region
    from prescriber.register import CaseBook, Evidence, ItemView

__all__ = ["add_parsers", "case"]

_OK, _INPUT = 0, 1
# A refused change names the option that carries the field, as typed on the command line.
_OPTION = {
    "status": "--status",
    "reason": "--reason",
    "evidence": "--evidence",
    "satisfaction": "--satisfaction",
    "record": "RECORD_ID",
    "records": "--confirm",
    "city": "--city",
    "output": "-o",
}
_EVIDENCE_MAX = 512 * 1024 * 1024


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``case`` and its actions to the subcommands (the CLI's own parser class; their words, and the
    usage errors', from :mod:`prescriber.render.help`; the empty help only lists a command)."""
    top = sub.add_parser("case", help="")
    acts = top.add_subparsers(dest="case_action", metavar="ACTION", required=True, parser_class=type(top))
    op = acts.add_parser("open", help="")
    op.add_argument("record", type=int, metavar="RECORD_ID")
    op.add_argument("--officer")
    op.add_argument("--due", type=day, metavar="YYYY-MM-DD")
    it = acts.add_parser("items", help="")
    it.add_argument("--officer")
    it.add_argument("--open", action="store_true")
    it.add_argument("--city")
    it.add_argument("--year", type=int)
    it.add_argument("--format", choices=("table", "json"), default="table")
    sh = acts.add_parser("show", help="")
    sh.add_argument("item", type=int, metavar="ITEM")
    up = acts.add_parser("update", help="")
    up.add_argument("item", type=int, metavar="ITEM")
    up.add_argument("--version", type=int, required=True, metavar="N")
    up.add_argument("--status")
    up.add_argument("--reason", default="")
    up.add_argument("--note", default="")
    up.add_argument("--evidence", metavar="URL|FILE")
    up.add_argument("--officer")
    up.add_argument("--due", type=day, metavar="YYYY-MM-DD")
    up.add_argument("--satisfaction", type=int, metavar="1-5")
    asx = acts.add_parser("assess", help="")
    asx.add_argument("--city", required=True)
    asx.add_argument("--year", type=int, required=True)
    asx.add_argument("-o", "--output", type=Path, metavar="FILE")
    co = acts.add_parser("cohort", help="")
    co.add_argument("--city", required=True)
    co.add_argument("--year", type=int, required=True)
    co.add_argument("--size", type=int, default=10)
    co.add_argument("--confirm", type=int, nargs="+", metavar="RECORD_ID")
    for p in (op, it, sh, up, asx, co, *groups.add_parsers(acts)):
        p.add_argument("--db", metavar="URL")
        p.add_argument("--by", default=None)


def case(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO) -> int:
    """Run one ``case`` action against the register."""
    from prescriber.http import Settings
    from prescriber.register import CaseBook, Register

    register = Register(Settings.from_env(db_url=args.db).db_url)
    try:
        register.upgrade()
        book = CaseBook(register)
        by = args.by or _login()
        regions = _regions()
        args.names_zh = {r.id: r.name for r in regions}  # JSON keeps the catalogue's own name
        names = {r.id: r.name if args.lang == "zh" else (r.name_en or r.id) for r in regions}
        if getattr(args, "city", None) is not None:
            args.city = _city(args.city, regions)
        if args.case_action == "group":
            return groups.group(
                book, args, by, out, names, args.city if args.group_action == "list" else None
            )
        args.names = names
        return _ACTIONS[args.case_action](book, args, by, out)
    except CaseError as exc:
        raise CaseError(
            [
                p if p.file else replace(p, file=_OPTION.get(p.path, f"prescriber case {args.case_action}"))
                for p in exc.problems
            ]
        ) from None
    except ConflictError as exc:
        err.write(
            console.line(
                "case.no-version" if exc.unknown_version else "case.conflict",
                args.lang,
                detail=exc,
                item=exc.item,
                expected=exc.expected,
                current=exc.current,
            )
        )
        return _INPUT
    except KeyError as exc:
        if exc.args[:1] != (getattr(args, "item", None),):
            raise  # not the item the caseworker named: a bug, reported as one
        err.write(console.line("case.no-item", args.lang, item=exc.args[0]))
        return _INPUT
    finally:
        register.close()


def _regions() -> tuple[Region, ...]:
    """The Fujian divisions of the catalogue in use (``PRESCRIBER_CATALOG``, else the shipped one)."""
    from prescriber.api import shipped
    from prescriber.http import Settings
    from prescriber.loader import load_catalog

    try:
        found = load_catalog(Settings.from_env().catalog or shipped("catalog")).catalog
    except Exception:  # a catalogue that does not load: the ids are still true, just less friendly
        return ()
    return found.regions if found is not None else ()


def _city(given: str, regions: Sequence[Region]) -> str:
    """A city typed as its id, name, English name (any case), alias or division code → its id (as given
    when none matches: the register then says which cities it has)."""
    text = given.strip()
    for r in regions:
        if text in (r.id, r.name, r.code, *r.aliases) or (r.name_en and text.lower() == r.name_en.lower()):
            return r.id
    return text


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no USER variable and no passwd entry (a container): say who with --by
        return "cli"


def _open(book: CaseBook, args: argparse.Namespace, by: str, out: TextIO) -> int:
    r = book.open(args.record, by=by, officer=args.officer, due=args.due)
    out.write(shown.opened(r, args.lang, city=args.names.get(r.case.city, r.case.city)))
    return _OK


def _items(book: CaseBook, args: argparse.Namespace, by: str, out: TextIO) -> int:
    found = book.items(officer=args.officer, open_only=args.open, city=args.city, year=args.year)
    if args.format == "json":
        out.write(json.dumps([_json(i, args.names_zh) for i in found], ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(shown.items(found, args.lang))
    return _OK


def _show(book: CaseBook, args: argparse.Namespace, by: str, out: TextIO) -> int:
    from prescriber.register.flow import LABELS

    i = book.item(args.item)
    if i is None:
        raise KeyError(args.item)
    out.write(shown.item(i, LABELS, args.lang))
    return _OK


def _update(book: CaseBook, args: argparse.Namespace, by: str, out: TextIO) -> int:
    from prescriber.register import Change
    from prescriber.register.flow import parse_status

    status = parse_status(args.status) if args.status is not None else None
    change = Change(
        args.version,
        status,
        args.reason,
        args.note,
        _evidence(args.evidence),
        args.officer,
        args.due,
        args.satisfaction,
    )
    i = book.update(args.item, change, by=by)
    out.write(shown.moved(i, args.lang))
    return _OK


def _evidence(arg: str | None) -> Evidence | None:
    from prescriber.register import Evidence

    if arg is None:
        return None
    if arg.startswith(("http://", "https://")):
        return Evidence(link=arg)
    path = Path(arg)
    if not path.is_file():
        raise CaseError(
            [
                problem(
                    Code.CASE_EVIDENCE,
                    path="evidence",
                    what=phrases.EVIDENCE_MISSING.fill(file=arg),
                    how=phrases.EVIDENCE_GIVE,
                )
            ]
        )
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return Evidence(file_name=path.name, sha256=digest.hexdigest())


def _assess(book: CaseBook, args: argparse.Namespace, by: str, out: TextIO) -> int:
    from prescriber.register import assess, figures, to_csv, to_xlsx

    a = assess(book, args.city, args.year)
    path: Path | None = args.output
    if path is None:
        out.write(shown.figures(figures(a, args.names, args.lang), args.lang))
    elif path.suffix.lower() == ".xlsx":
        to_xlsx(a, path, args.names, args.lang)
    elif path.suffix.lower() == ".csv":
        path.write_text(to_csv(a, args.names, args.lang), encoding="utf-8")
    else:
        raise CaseError([problem(Code.CASE_OUTPUT, path="output", suffix=path.suffix or phrases.NO_SUFFIX)])
    if path is not None:
        out.write(shown.written(path, a, args.lang))
    return _OK


def _json(i: ItemView, names: dict[str, str]) -> dict[str, object]:
    return {
        "id": i.id,
        "case": i.case_id,
        "enterprise": i.enterprise,
        "city": i.city,
        "city_name": names.get(i.city, i.city),
        "year": i.year,
        "service": i.service,
        "name": i.name,
        "delivered_by": i.delivered_by,
        "officer": i.officer,
        "due": i.due.isoformat(),
        "status": i.status,
        "label": i.label,
        "reason": i.reason,
        "review": i.review,
        "indicated": i.indicated,
        "satisfaction": i.satisfaction,
        "version": i.version,
    }


def _cohort(book: CaseBook, args: argparse.Namespace, by: str, out: TextIO) -> int:
    from prescriber.register import Cohorts

    cohorts = Cohorts(book.register)
    if args.confirm:
        cohorts.confirm(args.city, args.year, args.confirm, by=by)
    found = cohorts.propose(args.city, args.year, size=0 if args.confirm else args.size)
    out.write(shown.cohort(found, args.names.get(args.city, args.city), args.year, args.lang))
    return _OK


_ACTIONS = {
    "open": _open,
    "items": _items,
    "show": _show,
    "update": _update,
    "assess": _assess,
    "cohort": _cohort,
}
