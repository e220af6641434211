"""``prescriber case`` output, in Chinese or English: a case opened, a list of work items, one item with
its history, a change saved, the assessment figures, the yearly cohort. The register sits above render,
so what it hands over is described here by the attributes read (``Protocol``); an item's status is
shown by its id — in Chinese with the register's own labels, passed in as ``labels``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from prescriber.dates import clock
from prescriber.render.messages import MESSAGES, say, separator
from prescriber.render.safe import terminal
from prescriber.render.text import rows

__all__ = [
    "STATUS_EN",
    "action",
    "cohort",
    "figures",
    "group",
    "group_list",
    "item",
    "items",
    "moved",
    "opened",
    "written",
]

STATUS_EN = {
    "pending": "pending",
    "in-progress": "in progress",
    "done": "done",
    "declined": "declined by the enterprise",
    "ineligible": "not eligible",
}
"""An item's status in English (the Chinese labels are the register's, ``register.flow.LABELS``)."""


def action(name: str, lang: str = "zh") -> str:
    """What an item's history records (``create``, ``status``, …) in words, in ``lang``; an action the
    messages do not know is shown by its id. The command line and the case pages both word it here."""
    key = f"case.action.{name}"
    return say(key, lang) if key in MESSAGES["zh"] else name


class Event(Protocol):
    @property
    def at(self) -> datetime: ...
    @property
    def by(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def from_status(self) -> str | None: ...
    @property
    def to_status(self) -> str | None: ...
    @property
    def note(self) -> str: ...
    @property
    def version(self) -> int: ...


class Evidence(Protocol):
    def text(self) -> str: ...


class Item(Protocol):
    """A work item as the register reads it back (``register.ItemView``)."""

    @property
    def id(self) -> int: ...
    @property
    def version(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def review(self) -> bool: ...
    @property
    def due(self) -> date: ...
    @property
    def officer(self) -> str | None: ...
    @property
    def enterprise(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def service(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def delivered_by(self) -> str: ...
    @property
    def satisfaction(self) -> int | None: ...
    @property
    def evidence(self) -> Sequence[Evidence]: ...
    @property
    def history(self) -> Sequence[Event]: ...


class Case(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def enterprise(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def items(self) -> Sequence[Item]: ...


class Plan(Protocol):
    @property
    def added(self) -> Sequence[str]: ...
    @property
    def offered(self) -> Sequence[str]: ...
    @property
    def flagged(self) -> Sequence[str]: ...


class Opened(Protocol):
    @property
    def case(self) -> Case: ...
    @property
    def opened(self) -> bool: ...
    @property
    def plan(self) -> Plan: ...
    @property
    def names(self) -> Mapping[str, str]: ...
    @property
    def names_en(self) -> Mapping[str, str]: ...


class Candidate(Protocol):
    @property
    def record_id(self) -> int: ...
    @property
    def confirmed(self) -> bool: ...
    @property
    def influence(self) -> int: ...
    @property
    def need(self) -> int: ...
    @property
    def enterprise(self) -> str: ...
    @property
    def terms(self) -> Sequence[tuple[str, int, int]]: ...


class Assessment(Protocol):
    @property
    def enterprises(self) -> int: ...
    @property
    def prescribed(self) -> int: ...
    @property
    def delivered(self) -> int: ...


def _status(i: Item, lang: str) -> str:
    return i.label if lang == "zh" else STATUS_EN.get(i.status, i.status)


def _head(key: str, lang: str) -> tuple[str, ...]:
    return tuple(say(key, lang).split("|"))


def opened(r: Opened, lang: str = "zh", city: str | None = None) -> str:
    """A case opened (or brought up to date with a new list): its items, and what changed; ``city`` is
    the name to show for the case's city (its id by default)."""
    c = r.case
    what = say("case.opened" if r.opened else "case.updated-plan", lang)
    out = say(
        "case.head",
        lang,
        what=what,
        case=c.id,
        enterprise=terminal(c.enterprise),
        city=(c.city if city is None else city) or say("case.no-city", lang),
        year=c.year,
        items=len(c.items),
    )
    out += "\n"
    names = r.names if lang == "zh" else r.names_en
    for key, services in (
        ("case.added", r.plan.added),
        ("case.offered", r.plan.offered),
        ("case.flagged", r.plan.flagged),
    ):
        if services:
            out += (
                say(
                    "case.services",
                    lang,
                    label=say(key, lang),
                    services=separator(lang).join(terminal(names.get(s, s)) for s in services),
                )
                + "\n"
            )
    return out + _table(c.items, lang)


def items(found: Sequence[Item], lang: str = "zh") -> str:
    """Work items as a table (or a line saying there are none)."""
    return _table(found, lang) if found else say("case.no-items", lang) + "\n"


def _table(found: Sequence[Item], lang: str) -> str:
    table: list[tuple[str, ...]] = [_head("case.table", lang)]
    for i in found:
        table.append(
            (
                str(i.id),
                str(i.version),
                _status(i, lang) + (say("case.review-mark", lang) if i.review else ""),
                i.due.isoformat(),
                terminal(i.officer or "—"),
                terminal(i.enterprise),
                terminal(i.name),
            )
        )
    return rows(table, (5, 5, 8, 11, 8, 20))


def item(i: Item, labels: Mapping[str, str], lang: str = "zh") -> str:
    """One item: where it stands, its evidence, and every change made to it."""
    shown = labels if lang == "zh" else STATUS_EN
    reason = say("case.item-reason", lang, reason=terminal(i.reason)) if i.reason else ""
    review = say("case.item-review", lang) if i.review else ""
    officer = terminal(i.officer or say("case.unassigned", lang))
    lines = [
        say(
            "case.item-head",
            lang,
            item=i.id,
            enterprise=terminal(i.enterprise),
            name=terminal(i.name),
            service=i.service,
            version=i.version,
        ),
        say("case.item-status", lang, label=_status(i, lang), reason=reason, review=review),
        say("case.item-by", lang, delivered_by=terminal(i.delivered_by)),
        say("case.item-officer", lang, officer=officer, due=i.due),
    ]
    lines += [say("case.evidence", lang, evidence=terminal(e.text())) for e in i.evidence]
    if i.satisfaction is not None:
        lines.append(say("case.satisfaction", lang, n=i.satisfaction))
    for h in i.history:
        move = (
            f" {shown.get(h.from_status or '', '')} → {shown.get(h.to_status or '', '')}"
            if h.action == "status"
            else ""
        )
        note = say("case.history-note", lang, note=terminal(h.note)) if h.note else ""
        lines.append(
            say(
                "case.history",
                lang,
                at=clock(h.at),
                version=h.version,
                by=terminal(h.by),
                action=action(h.action, lang),
                move=move,
                note=note,
            )
        )
    return "\n".join(lines) + "\n"


def moved(i: Item, lang: str = "zh") -> str:
    return say("case.moved", lang, item=i.id, label=_status(i, lang), version=i.version) + "\n"


def figures(found: Sequence[tuple[str, object]], lang: str = "zh") -> str:
    """The assessment's figures as a two-column table (the figures' names are the register's)."""
    return rows([_head("case.figures", lang), *[(k, terminal(str(v))) for k, v in found]], (24,))


def written(path: Path, a: Assessment, lang: str = "zh") -> str:
    return (
        say(
            "case.written",
            lang,
            path=path,
            enterprises=a.enterprises,
            prescribed=a.prescribed,
            delivered=a.delivered,
        )
        + "\n"
    )


def cohort(found: Sequence[Candidate], city: str, year: int, lang: str = "zh") -> str:
    """The yearly cohort: confirmed and proposed enterprises with their influence and need."""
    if not found:
        return say("case.no-candidates", lang, city=city, year=year) + "\n"
    table: list[tuple[str, ...]] = [_head("case.cohort", lang)]
    table += [
        (
            str(c.record_id),
            say("case.confirmed" if c.confirmed else "case.proposed", lang),
            str(c.influence),
            str(c.need),
            terminal(c.enterprise),
            " ".join(say(f"cohort.{term}", lang, points=got, n=n) for term, got, n in c.terms) or "—",
        )
        for c in found
    ]
    return rows(table, (6, 7, 7, 5, 24))


# --- case group (带动一批) ---------------------------------------------------------------------------------


class _Case(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def items(self) -> Sequence[object]: ...


class Member(Protocol):
    """A supplier of a group (``register.groups.MemberView``); ``state`` is an id of ``group.state.*``."""

    @property
    def name(self) -> str: ...
    @property
    def credit_code(self) -> str: ...
    @property
    def listed(self) -> bool: ...
    @property
    def state(self) -> str: ...
    @property
    def record_id(self) -> int | None: ...
    @property
    def case(self) -> _Case | None: ...
    @property
    def delivered(self) -> int: ...
    @property
    def prescribed(self) -> int: ...


class Group(Protocol):
    """A chain leader's group (``register.groups.GroupView``)."""

    @property
    def id(self) -> int: ...
    @property
    def leader(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def year(self) -> int: ...
    @property
    def record_id(self) -> int: ...
    @property
    def leader_case(self) -> _Case: ...
    @property
    def members(self) -> Sequence[Member]: ...
    def count(self, state: str) -> int: ...


def _state(m: Member, lang: str) -> str:
    return say(f"group.state.{m.state}", lang) + ("" if m.listed else say("group.unlisted", lang))


def group(g: Group, lang: str = "zh", names: Mapping[str, str] | None = None) -> str:
    """One group: the leader, each supplier's state and progress, and what to do for those still to be
    collected or confirmed; ``names`` gives the cities' names in ``lang`` (region id → name)."""
    lead = g.leader_case
    city = (names or {}).get(g.city, g.city) or say("case.no-city", lang)
    head = say(
        "group.head",
        lang,
        group=g.id,
        leader=terminal(g.leader),
        city=city,
        year=g.year,
        record=g.record_id,
        case=lead.id,
        items=len(lead.items),
    )
    table: list[tuple[str, ...]] = [_head("group.members", lang)]
    table += [
        (
            terminal(m.name),
            m.credit_code,
            _state(m, lang),
            str(m.record_id or "—"),
            str(m.case.id) if m.case else "—",
            f"{m.delivered}/{m.prescribed}",
        )
        for m in g.members
    ]
    tail = "".join(
        say(f"group.{state}", lang, n=g.count(state), year=g.year, record=g.record_id) + "\n"
        for state in ("uncollected", "unconfirmed")
        if g.count(state)
    )
    return head + "\n" + rows(table, (20, 19, 10, 6, 5)) + tail


def group_list(found: Sequence[Group], lang: str = "zh", names: Mapping[str, str] | None = None) -> str:
    """A city's (or every) group as a table: its suppliers, those with a case, those still to collect."""
    if not found:
        return say("group.none", lang) + "\n"
    table: list[tuple[str, ...]] = [_head("group.list", lang)]
    table += [
        (
            str(g.id),
            str(g.year),
            (names or {}).get(g.city, g.city),
            terminal(g.leader),
            str(sum(1 for m in g.members if m.listed)),
            str(sum(1 for m in g.members if m.listed and m.case)),
            str(g.count("uncollected")),
        )
        for g in found
    ]
    return rows(table, (5, 6, 8, 24, 5, 7))
