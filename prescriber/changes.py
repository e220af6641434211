"""Which enterprises' prescriptions change between two versions of a rule base (and of the catalogue),
and why: the services added or dropped, each with the rule (or catalogue change) responsible, first;
the knock-on moves in rank second, summarised."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from prescriber.api import Prescriber
from prescriber.dates import in_force
from prescriber.models import Item, Prescription
from prescriber.render import diff

__all__ = ["Cause", "Change", "Entry", "Rescore", "compare", "table"]


@dataclass(frozen=True)
class Cause:
    """Why a service came or went: a rule (``rule`` set) or the catalogue (``rule`` empty)."""

    rule: str
    title: str
    what: str
    """``fires``: now fires; ``stopped``: no longer fires; ``deleted``: no longer in the rule base;
    ``vetoed``: an exclusion rule now vetoes it; ``unvetoed``: the veto no longer holds;
    ``catalog-added`` / ``catalog-dropped``: the service came into / went out of the catalogue;
    ``catalog-valid`` / ``catalog-lapsed``: its validity in the catalogue now covers / no longer covers
    the day; ``top``: no rule about it came or went: scores moved it into or out of the list."""


@dataclass(frozen=True)
class Entry:
    """A service added to or dropped from one enterprise's list."""

    service: str
    name: str
    rank: int
    """Its rank in the list it is in (new when added, old when dropped)."""
    score: float
    causes: tuple[Cause, ...]


@dataclass(frozen=True)
class Rescore:
    """A service in both lists whose score changed, and the rules whose points changed."""

    service: str
    name: str
    old: float
    new: float
    rules: tuple[tuple[str, int, int], ...]
    """(rule, old weight, new weight); 0 where the rule did not fire on that side."""


@dataclass(frozen=True)
class Change:
    """How one enterprise's prescription changed."""

    enterprise: str
    enterprise_id: str | None
    added: tuple[Entry, ...]
    dropped: tuple[Entry, ...]
    moved: tuple[tuple[str, str, int, int], ...]  # (service, name, old rank, new rank)
    rescored: tuple[Rescore, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether anything changed, rank moves included."""
        return bool(self.added or self.dropped or self.moved)

    @property
    def services_changed(self) -> bool:
        """Whether a service was added or dropped."""
        return bool(self.added or self.dropped)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fired(item: Item | None) -> dict[str, str]:
    return {r.id: r.title for r in item.rules} if item is not None else {}


def _causes(
    service: str,
    here: Prescription,
    there: Prescription,
    here_rx: Prescriber,
    there_rx: Prescriber,
    added: bool,
) -> tuple[Cause, ...]:
    """Why ``service`` is in ``here`` (the list it is in) and not in ``there``."""
    mine = _fired(next((i for i in here.items if i.service == service), None))
    theirs = _fired(next((i for i in there.items if i.service == service), None))
    out = [
        Cause(rid, title, "fires" if added else ("stopped" if rid in there_rx.book.by_id else "deleted"))
        for rid, title in mine.items()
        if rid not in theirs
    ]
    veto = next((x for x in there.excluded if x.service == service), None)
    if veto is not None:
        out.insert(0, Cause(veto.rule, veto.title, "unvetoed" if added else "vetoed"))
    entry = there_rx.book.catalog.service_by_id.get(service)
    if entry is None or not in_force((entry.valid_from, entry.valid_until), there.as_of):
        what = (
            ("catalog-added" if added else "catalog-dropped")
            if entry is None
            else ("catalog-valid" if added else "catalog-lapsed")
        )
        # A service that left the catalogue takes its rules with it: they did not stop holding.
        out = [Cause("", "", what), *(out if added else [])]
    return tuple(out) or (Cause("", "", "top"),)


def _diff(old: Prescription, new: Prescription, old_rx: Prescriber, new_rx: Prescriber) -> Change:
    a = {i.service: i for i in old.items}
    b = {i.service: i for i in new.items}
    added = tuple(
        Entry(s, i.name, i.rank, i.score, _causes(s, new, old, new_rx, old_rx, True))
        for s, i in b.items()
        if s not in a
    )
    dropped = tuple(
        Entry(s, i.name, i.rank, i.score, _causes(s, old, new, old_rx, new_rx, False))
        for s, i in a.items()
        if s not in b
    )
    moved = tuple(
        sorted(
            ((s, b[s].name, a[s].rank, b[s].rank) for s in a.keys() & b.keys() if a[s].rank != b[s].rank),
            key=lambda x: x[3],
        )
    )
    rescored = tuple(_rescore(a[s], b[s]) for s in sorted(a.keys() & b.keys()) if a[s].score != b[s].score)
    return Change(new.enterprise, new.enterprise_id, added, dropped, moved, rescored)


def _rescore(old: Item, new: Item) -> Rescore:
    was = {r.id: (r.weight, r.points) for r in old.rules}
    now = {r.id: (r.weight, r.points) for r in new.rules}
    rules = tuple(
        (rid, was.get(rid, (0, 0.0))[0], now.get(rid, (0, 0.0))[0])
        for rid in sorted(was.keys() | now.keys())
        if was.get(rid) != now.get(rid)
    )
    return Rescore(new.service, new.name, old.score, new.score, rules)


def compare(
    old: Prescriber, new: Prescriber, profiles: Iterable[Any], as_of: date | str | None = None
) -> list[Change]:
    """One change per enterprise (unchanged ones included; filter with ``.changed``)."""
    return [_diff(old.prescribe(p, as_of=as_of), new.prescribe(p, as_of=as_of), old, new) for p in profiles]


def table(changes: list[Change], lang: str = "zh", names: Mapping[str, str] | None = None) -> str:
    """What changed and why, as text in ``lang`` (:func:`prescriber.render.diff.table`; ``names``: service id
    → name in ``lang``, the prescription's Chinese name otherwise)."""
    return diff.table(changes, lang, names)
