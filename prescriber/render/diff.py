"""``prescriber diff`` as text, in Chinese or English: per enterprise the services added and dropped with
the rule (or catalogue change) responsible, then the changes of score and rank summarised. What
:mod:`prescriber.changes` hands over is described by the attributes read (``Protocol``: changes sit above
render); a service is named in the language asked for when ``names`` gives it a name there."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Protocol

from prescriber.render import safe
from prescriber.render.messages import say

__all__ = ["table"]


class Cause(Protocol):
    @property
    def rule(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def what(self) -> str: ...


class Entry(Protocol):
    @property
    def service(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def rank(self) -> int: ...
    @property
    def score(self) -> float: ...
    @property
    def causes(self) -> Sequence[Cause]: ...


class Rescore(Protocol):
    @property
    def service(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def old(self) -> float: ...
    @property
    def new(self) -> float: ...
    @property
    def rules(self) -> Sequence[tuple[str, int, int]]: ...


class Change(Protocol):
    """One enterprise's change (``changes.Change``)."""

    @property
    def enterprise(self) -> str: ...
    @property
    def enterprise_id(self) -> str | None: ...
    @property
    def added(self) -> Sequence[Entry]: ...
    @property
    def dropped(self) -> Sequence[Entry]: ...
    @property
    def moved(self) -> Sequence[tuple[str, str, int, int]]: ...
    @property
    def rescored(self) -> Sequence[Rescore]: ...
    @property
    def services_changed(self) -> bool: ...


def table(changes: Sequence[Change], lang: str = "zh", names: Mapping[str, str] | None = None) -> str:
    """What changed and why first (services added and dropped per enterprise, with the rule
    responsible, names and scores), then a summary of the moves in rank."""
    named = names or {}
    lines = [say("diff.part-1", lang), ""]
    for c in changes:
        if not c.services_changed:
            continue
        who = say("diff.enterprise-id", lang, enterprise=c.enterprise, id=c.enterprise_id)
        lines.append(safe.terminal(who if c.enterprise_id else c.enterprise))
        for e in c.added:
            lines += _entry(e, "diff.added", lang, named)
        for e in c.dropped:
            lines += _entry(e, "diff.dropped", lang, named)
    serviced = sum(1 for c in changes if c.services_changed)
    if not serviced:
        lines.append(say("diff.none", lang))
    moved = [c for c in changes if c.moved]
    lines += ["", say("diff.part-2", lang), "", *_rescores(changes, lang, named), *_moves(moved, lang, named)]
    lines += ["", say("diff.summary", lang, serviced=serviced, total=len(changes), moved=len(moved))]
    return "\n".join(lines) + "\n"


def _entry(e: Entry, key: str, lang: str, names: Mapping[str, str]) -> list[str]:
    name = names.get(e.service, e.name)
    head = say(key, lang, name=name, service=e.service, rank=e.rank, score=e.score)
    causes = [say(f"diff.{c.what}", lang, rule=c.rule, title=c.title) for c in e.causes]
    return [head] + [say("diff.because", lang, cause=cause) for cause in causes]


def _rescores(changes: Sequence[Change], lang: str, names: Mapping[str, str]) -> list[str]:
    """Per service whose score changed: how many enterprises, up and down, and the rules responsible."""
    up: Counter[tuple[str, str]] = Counter()
    down: Counter[tuple[str, str]] = Counter()
    rules: dict[tuple[str, str], set[tuple[str, int, int]]] = {}
    for c in changes:
        for r in c.rescored:
            (up if r.new > r.old else down)[r.service, r.name] += 1
            rules.setdefault((r.service, r.name), set()).update(r.rules)
    lines = []
    for key in sorted(rules, key=lambda k: (-(up[k] + down[k]), k[0])):
        why = ("；" if lang == "zh" else "; ").join(
            say(
                "diff.weight" if w0 and w1 else ("diff.now-fires" if w1 else "diff.no-longer"),
                lang,
                rule=rid,
                old=w0,
                new=w1,
            )
            for rid, w0, w1 in sorted(rules[key])[:3]
        )
        more = say("diff.more-rules", lang, n=len(rules[key])) if len(rules[key]) > 3 else ""
        lines.append(
            say(
                "diff.rescored",
                lang,
                name=names.get(key[0], key[1]),
                service=key[0],
                up=up[key],
                down=down[key],
                why=why,
                more=more,
            )
        )
    return lines


def _moves(moved: Sequence[Change], lang: str, names: Mapping[str, str], shown: int = 10) -> list[str]:
    """The moves in rank, summarised: how many enterprises, and the services that moved most often."""
    only = sum(1 for c in moved if not c.services_changed)
    lines = [say("diff.moved", lang, moved=len(moved), only=only)]
    up: Counter[tuple[str, str]] = Counter()
    down: Counter[tuple[str, str]] = Counter()
    for c in moved:
        for s, name, r0, r1 in c.moved:
            (up if r1 < r0 else down)[s, name] += 1
    ranked = sorted(up.keys() | down.keys(), key=lambda k: (-(up[k] + down[k]), k[0]))
    lines += [
        say("diff.moved-service", lang, name=names.get(k[0], k[1]), service=k[0], up=up[k], down=down[k])
        for k in ranked[:shown]
    ]
    if len(ranked) > shown:
        lines.append(say("diff.moved-more", lang, n=len(ranked) - shown))
    return lines
