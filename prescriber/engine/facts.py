"""A profile's facts as the JSON text each ruleset it must visit is sent, written from memos.

The same text as :func:`prescriber.normal.fact_properties` spelled by :func:`wire.fragments` (under
the engine's short names, :func:`wire.aliases`) and cut to the properties each ruleset reads (the engine
parses every property it is given); the rulesets as :meth:`Router.targets` chooses them. A field's value
is spelled once, with the rulesets it routes to, and then looked up: enterprises share most values (a
region, a yes/no, a set of pain points); a field no ruleset reads nor routes by is not written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from prescriber.engine.route import Router
from prescriber.engine.wire import fragments, json_key
from prescriber.normal import (
    ABSENT,
    DIVISION,
    KIND,
    PAINS,
    SECTION,
    FactEncoding,
    Term,
    num,
    prop_of,
    unknown_division,
)
from prescriber.semantics import Facts, IndustryCode

__all__ = ["HEAD", "FactWriter", "reads"]

HEAD = '{"sid":"1","id":"p"'
_MEMO = 1 << 16  # values remembered; the memo is emptied when full (numbers vary without end)

Entry = tuple[tuple[tuple[str, str], ...], tuple[int, ...]]
"""A value written: its properties (name, ``,"name":value`` text) and the rulesets it routes to."""


def reads(terms: Sequence[tuple[str, Term]]) -> tuple[str, ...]:
    """The properties the rules of a ruleset read, in order: its facts carry only these (the engine
    parses every property of every fact it is given, so a smaller fact is a faster assert)."""
    return tuple(
        sorted({a.prop for _, t in terms for a in t} | ({KIND} if any(not t for _, t in terms) else set()))
    )


def _getter(props: tuple[str, ...]) -> Callable[[dict[str, str]], tuple[str, ...]]:
    """The texts of these properties in one call (``KeyError`` when one is missing)."""
    if len(props) > 1:
        return itemgetter(*props)
    return lambda parts: tuple(parts[p] for p in props)


_EXACT = 2.0**53  # num(): a float with no fraction below this is written as an integer


class FactWriter:
    """Writes the facts of one profile for each ruleset it must visit; thread-safe."""

    def __init__(
        self,
        encoding: FactEncoding,
        router: Router,
        props: Sequence[tuple[str, ...]],
        names: Mapping[str, str] | None = None,
    ) -> None:
        """``props``: the properties each ruleset reads, by ruleset index; ``names``: the name each
        property has in the engine (:func:`wire.aliases`), when not its own."""
        self._encoding = encoding
        self._router = router
        self._props = tuple(props)
        self._getters = tuple(map(_getter, self._props))
        self._names = dict(names or {})
        self._memo: dict[tuple[str, type, Any], Entry] = {}
        self._needed = frozenset(p for read in self._props for p in read) | frozenset(router.by_value)
        self._fields: dict[str, tuple[str, str]] = {}  # field → (property, ``,"name":``)
        self._bools: dict[str, tuple[str, str, str]] = {}  # field → (property, its no, its yes)
        self._always = router.always
        self._kind = self._entry({KIND: "p"})[0][0][1]
        self._no_pains = self._pains(frozenset(), {})  # the pain list is unknown

    def write(self, facts: Facts) -> list[tuple[int, str]]:
        """(ruleset index, fact text) for every ruleset the profile must visit, in ruleset order."""
        memo = self._memo
        fields = self._fields
        parts: dict[str, str] = {KIND: self._kind}
        hits = set(self._always)
        routed = []
        pains = False
        for field, value in facts.values.items():
            t = type(value)
            if t is bool:  # yes/no: never routed
                spelled = self._bools.get(field) or self._bool(field)
                if spelled[0]:
                    parts[spelled[0]] = spelled[2] if value else spelled[1]
            elif t is float:  # numbers: never routed, and they vary
                prop, key = fields.get(field) or self._field(field)
                if not prop:
                    continue
                if value.is_integer() and -_EXACT < value < _EXACT:
                    parts[prop] = key + repr(int(value))
                else:
                    text = repr(value)
                    parts[prop] = (
                        self._entry({prop: value})[0][0][1] if "e" in text or "n" in text else key + text
                    )
            elif t is int:
                prop, key = fields.get(field) or self._field(field)
                if prop:
                    parts[prop] = key + repr(value)
            elif value is not None:
                if t is str and field != "pain_points" and not (fields.get(field) or self._field(field))[0]:
                    continue  # a text no ruleset reads nor routes by (an enterprise's name)
                try:
                    memo_key = (field, t, value)
                    entry = memo.get(memo_key)
                except TypeError:  # an unhashable value: written each time
                    memo_key, entry = None, None
                if entry is None:
                    entry = self._value(field, value)
                    if memo_key is not None:
                        if len(memo) >= _MEMO:
                            memo.clear()
                        memo[memo_key] = entry
                parts.update(entry[0])
                routed.append(entry[1])
                pains = pains or field == "pain_points"
        if not pains:
            parts.update(self._no_pains[0])
            routed.append(self._no_pains[1])
        hits.update(*routed)
        visits = []
        for i in sorted(hits):
            try:  # a full profile knows every property a ruleset reads
                visits.append((i, HEAD + "".join(self._getters[i](parts)) + "}"))
            except KeyError:
                visits.append((i, HEAD + "".join(filter(None, map(parts.get, self._props[i]))) + "}"))
        return visits

    def _field(self, field: str) -> tuple[str, str]:
        """The field's property and its ``,"name":``, or two empty texts when no ruleset reads the
        property nor is routed by it (the field is not written)."""
        prop = prop_of(field)
        if prop not in self._needed:
            self._fields[field] = ("", "")
        else:
            self._fields[field] = (prop, "," + json_key(self._names.get(prop, prop)))
        return self._fields[field]

    def _bool(self, field: str) -> tuple[str, str, str]:
        prop, key = self._fields.get(field) or self._field(field)
        self._bools[field] = spelled = (prop, key + "false", key + "true")
        return spelled

    def _value(self, field: str, value: Any) -> Entry:
        """As :func:`fact_properties` writes one field."""
        props: dict[str, Any]
        if isinstance(value, IndustryCode):
            props = {SECTION: value.section}
            if value.division is not None:
                props[DIVISION] = value.division
            elif field == "industry":
                props[DIVISION] = unknown_division(value.section)
        elif isinstance(value, frozenset):
            props = {PAINS: sorted(value)}
        else:
            props = {prop_of(field): value}
        if field == "pain_points":
            return self._pains(value or frozenset(), props)
        return self._entry(props)

    def _pains(self, reported: Any, props: dict[str, Any]) -> Entry:
        if self._encoding.absent_pains:
            props[ABSENT] = [p for p in self._encoding.absent_pains if p not in reported]
        return self._entry(props)

    def _entry(self, props: dict[str, Any]) -> Entry:
        """Spelled as :func:`fragments` spells them (numbers as :func:`num` writes them), routed as
        :meth:`Router.targets` routes them."""
        props = {k: num(v) for k, v in props.items()}
        texts = fragments(props, self._names)
        return tuple((k, "," + t) for k, t in texts.items()), tuple(self._router.targets(props, always=False))
