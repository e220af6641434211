"""The engine's syntax as JSON text: rules (conditions in network order) and fact properties,
ASCII only and without exponent notation, which the engine's parser rejects."""

from __future__ import annotations

import json
import json.encoder
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache
from itertools import count, product
from string import ascii_lowercase
from typing import Any, assert_never

from prescriber.normal import KIND, Absent, Atom, Cmp, Eq, HasItem, Match, Neq, OneOf, Present, Term

__all__ = [
    "Untakeable",
    "aliases",
    "atom_json",
    "dumps",
    "fragments",
    "json_key",
    "ordered",
    "takes",
    "term_json",
]

_EXPONENT = re.compile(r'(?<![\w"])-?[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]+')
_DIGIT_E = re.compile(r"[0-9][eE]")  # what every match of _EXPONENT holds; four times faster to look for


def dumps(value: Any) -> str:
    """JSON for the engine: ASCII only, no exponent notation (its parser rejects ``1e3``). The C
    encoder writes it; when its text may hold a number in exponent notation (or a string that looks
    like one), the exact encoder below writes it again."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    return _exact(value) if _DIGIT_E.search(text) and _EXPONENT.search(text) else text


def _exact(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text or "E" in text else text
    if isinstance(value, str):
        return _encode_str(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join([_exact(v) for v in value]) + "]"
    if isinstance(value, dict):
        return "{" + ",".join([_encode_str(k) + ":" + _exact(v) for k, v in value.items()]) + "}"
    raise TypeError(f"cannot encode {type(value).__name__}")


_encode_str = json.encoder.encode_basestring_ascii  # what json.dumps(s, ensure_ascii=True) gives, in C


@lru_cache(maxsize=4096)
def json_key(name: str) -> str:
    return _encode_str(name) + ":"


def fragments(props: dict[str, Any], names: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each fact property as its JSON ``"name":value`` text (the same spelling as :func:`dumps`), under
    its name in ``names`` when given."""
    out = {}
    for k, v in props.items():
        t = type(v)
        if t is str:
            text = _encode_str(v)
        elif t is bool:
            text = "true" if v else "false"
        elif t is int:
            text = repr(v)
        elif t is float:
            text = repr(v)  # what json.dumps writes for a finite float; exponents and inf/nan go below
            if "e" in text or "n" in text:
                text = dumps(v)
        elif t is list:
            text = "[" + ",".join(map(_encode_str, v)) + "]"
        else:
            text = dumps(v)
        out[k] = json_key(names.get(k, k) if names else k) + text
    return out


_KEYWORDS = frozenset({"sid", "id", "m", "all", "any", "pri", "count", "cap", "dist", "__prime"})


def aliases(props: Iterable[str], taken: Iterable[int] = ()) -> dict[str, str]:
    """A short name for each property (``a``, ``b``, …, ``aa``, …), in the order given, for the
    engine's rules and facts: a fact is parsed property by property and copied into every action it
    fires, so its text is shorter and faster. None is a key word of the engine's syntax, and no two
    names, nor a name and a hash in ``taken``, share a 32-bit FNV-1a hash (the engine compares
    only hashes)."""
    from prescriber.engine.certify import fnv1a32

    seen = set(taken)
    names = (
        "".join(t)
        for n in count(1)
        for t in product(ascii_lowercase, repeat=n)
        if "".join(t) not in _KEYWORDS
    )
    out = {}
    for prop in props:
        name = next(names)
        while fnv1a32(name) in seen:
            name = next(names)
        seen.add(fnv1a32(name))
        out[prop] = name
    return out


class Untakeable(ValueError):
    """An atom durable_rules cannot test safely (such rules are evaluated by the reference)."""


def takes(a: Atom) -> bool:
    """Whether durable_rules can test ``a``. Not a regular expression: the engine has its own regex
    dialect (``$mt``, whole-string, limited), and it would match the ASCII-escaped JSON text of a
    Chinese name, not the name."""
    match a:
        case Eq() | Neq() | OneOf() | Cmp() | Present() | Absent() | HasItem():
            return True
        case Match():
            return False
        case _:
            assert_never(a)


def atom_json(a: Atom, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """One test in the engine's rule syntax (the property under its name in ``names`` when given)."""
    prop = names[a.prop] if names else a.prop
    match a:
        case Eq(_, value):
            return {prop: value}
        case Neq(_, value):
            return {"$neq": {prop: value}}
        case OneOf(_, values):
            return {"$or": [{prop: v} for v in values]}
        case Cmp(_, op, value):
            return {"$" + op: {prop: value}}
        case Present():
            return {"$ex": {prop: 1}}
        case Absent():
            return {"$nex": {prop: 1}}
        case HasItem(_, item):
            return {"$iany": {prop: {"$i": item}}}
        case Match():
            raise Untakeable(f"durable_rules does not take {a}")
        case _:
            assert_never(a)


_ORDER: dict[type, int] = {Eq: 0, OneOf: 1, Cmp: 2, Neq: 3, Present: 4, Absent: 5, HasItem: 6, Match: 7}


def ordered(term: Term) -> list[Atom]:
    """Atoms in network order: selective equalities first, list tests last; deterministic."""
    if not term:
        return [Eq(KIND, "p")]
    return sorted(term, key=_network_key)


def _network_key(a: Atom) -> tuple[int, str, str]:
    # Equal atoms differ only by a value's type (True == 1); a list of values is normalised by
    # lowering (50.0 → 50) and never holds yes/no, so the type of ``value`` tells them apart.
    return _sort_key(a, type(getattr(a, "value", None)).__name__)


def _parts(a: Atom) -> tuple[Any, ...]:
    """What an atom compares, besides its property."""
    match a:
        case Eq(_, value) | Neq(_, value):
            return (value,)
        case OneOf(_, values):
            return (values,)
        case Cmp(_, op, value):
            return (op, value)
        case Present() | Absent():
            return ()
        case HasItem(_, item):
            return ((item,),)
        case Match(_, pattern, hit):
            return (pattern, hit)
        case _:
            assert_never(a)


@lru_cache(maxsize=1 << 16)
def _sort_key(a: Atom, _: str) -> tuple[int, str, str]:
    """Cached by the atom and the type of its value: ``True == 1`` must not share a key."""
    return _ORDER[type(a)], a.prop, dumps(list(_parts(a)))


def term_json(term: Term, names: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A conjunction as an engine rule body (properties under their names in ``names`` when given)."""
    atoms = [atom_json(a, names) for a in ordered(term)]
    return {"all": [{"m": atoms[0] if len(atoms) == 1 else {"$and": atoms}}]}
